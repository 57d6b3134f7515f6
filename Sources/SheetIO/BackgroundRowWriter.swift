import Foundation

/// Runs another row writer on a thread of its own, so formatting and writing the output overlaps with
/// reading the input (the reader keeps the calling thread busy; this one formats CSV or XML meanwhile).
///
/// Rows are handed over in batches of `batchSize`; at most `maxBatches` wait in between, so memory stays
/// bounded whatever the row count. An error from the wrapped writer is thrown by the next `write` (or by
/// `close`). `close()` and `discard()` run the wrapped writer's `close`/`discard` on the calling thread,
/// after the background thread is done.
public final class BackgroundRowWriter: SheetRowWriter {
    private let inner: SheetRowWriter
    private let pipeline: BatchPipeline<SheetRow>

    /// - Parameters:
    ///   - batchSize: rows per hand-over (a few hundred rows keep the locking cost negligible).
    ///   - maxBatches: batches that may wait for the writer thread before `write` blocks.
    public init(_ inner: SheetRowWriter, batchSize: Int = 512, maxBatches: Int = 4) {
        self.inner = inner
        let writer = UncheckedSendable(inner)
        pipeline = BatchPipeline(batchSize: batchSize, maxBatches: maxBatches) { batch in
            for row in batch { try writer.value.write(row) }
        }
    }

    public func write(_ row: SheetRow) throws {
        try pipeline.add(row)
    }

    public func close() throws {
        try finishWriting()
        try inner.close()
    }

    /// Waits until every row is written, without closing the wrapped writer.
    func finishWriting() throws {
        try pipeline.finish()
    }

    /// Stops the thread without touching the wrapped writer.
    func stop() {
        pipeline.cancel()
    }

    public func discard() {
        pipeline.cancel()
        inner.discard()
    }
}

/// A value handed to another thread that is used by one thread at a time (the hand-over is synchronized
/// by `BatchPipeline`'s lock and its final wait).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Hands elements in batches to `consume`, which runs on a thread of its own; bounded (at most
/// `maxBatches` full batches wait), so memory stays bounded whatever the element count.
///
/// The first error `consume` throws stops it; `add` and `finish` then throw that error.
/// Use from one thread; call `finish()` (or `cancel()`) before letting it go.
final class BatchPipeline<Element: Sendable> {
    private let batchSize: Int
    private let queue: BatchQueue<Element>
    private let done = DispatchSemaphore(value: 0)
    private var batch: [Element] = []
    private var stopped = false

    init(batchSize: Int, maxBatches: Int, consume: @escaping @Sendable ([Element]) throws -> Void) {
        self.batchSize = max(1, batchSize)
        let queue = BatchQueue<Element>(capacity: max(1, maxBatches))
        self.queue = queue
        batch.reserveCapacity(self.batchSize)
        let done = self.done
        Thread.detachNewThread {
            while let batch = queue.take() {
                do {
                    try consume(batch)
                } catch {
                    queue.fail(error)
                    break
                }
            }
            done.signal()
        }
    }

    deinit {
        // Never leave the thread blocked on the queue.
        cancel()
    }

    func add(_ element: Element) throws {
        batch.append(element)
        if batch.count >= batchSize { try handOver() }
    }

    private func handOver() throws {
        let full = batch
        batch = []
        batch.reserveCapacity(batchSize)
        do {
            try queue.put(full)
        } catch {
            cancel()
            throw error
        }
    }

    /// Hands over what is left, waits for `consume` to finish everything, rethrows its error.
    func finish() throws {
        guard !stopped else {
            if let error = queue.consumerError { throw error }
            return
        }
        if !batch.isEmpty { try handOver() }
        queue.end()
        done.wait()
        stopped = true
        if let error = queue.consumerError { throw error }
    }

    /// Drops what waits, stops the thread and waits for it.
    func cancel() {
        guard !stopped else { return }
        queue.cancel()
        done.wait()
        stopped = true
    }
}

/// A small blocking FIFO of batches between the producing thread and the consuming thread.
private final class BatchQueue<Element: Sendable>: @unchecked Sendable {
    let capacity: Int
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private var ended = false
    private var cancelled = false
    private var error: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// The consumer's error, once it has stopped on one.
    var consumerError: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }

    private struct Cancelled: Error {}

    /// Blocks while the queue is full; throws the consumer's error once it has failed.
    func put(_ batch: [Element]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, error == nil, !cancelled { condition.wait() }
        if let error { throw error }
        if cancelled { throw Cancelled() }
        batches.append(batch)
        condition.broadcast()
    }

    /// No more batches will come.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drop what waits and make the consumer stop.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    func fail(_ error: any Error) {
        condition.lock()
        if self.error == nil { self.error = error }
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil once the queue has ended (and is empty) or was cancelled.
    func take() -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !ended, !cancelled { condition.wait() }
        if cancelled || batches.isEmpty { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }
}
