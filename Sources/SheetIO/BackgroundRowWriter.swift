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
    private let batchSize: Int
    private let queue: RowBatchQueue
    private let done = DispatchSemaphore(value: 0)
    private var batch: [SheetRow] = []
    private var finished = false

    /// - Parameters:
    ///   - batchSize: rows per hand-over (a few hundred rows keep the locking cost negligible).
    ///   - maxBatches: batches that may wait for the writer thread before `write` blocks.
    public init(_ inner: SheetRowWriter, batchSize: Int = 512, maxBatches: Int = 4) {
        self.inner = inner
        self.batchSize = max(1, batchSize)
        queue = RowBatchQueue(capacity: max(1, maxBatches))
        batch.reserveCapacity(self.batchSize)
        let job = RowWriterJob(writer: inner, queue: queue)
        let done = self.done
        Thread.detachNewThread {
            job.run()
            done.signal()
        }
    }

    deinit {
        // Never leave the thread blocked on the queue.
        if !finished {
            queue.cancel()
            done.wait()
        }
    }

    public func write(_ row: SheetRow) throws {
        batch.append(row)
        if batch.count >= batchSize { try handOver() }
    }

    private func handOver() throws {
        let full = batch
        batch = []
        batch.reserveCapacity(batchSize)
        try queue.put(full)
    }

    public func close() throws {
        guard !finished else { return }
        do {
            if !batch.isEmpty { try handOver() }
        } catch {
            stopThread()
            throw error
        }
        queue.finish()
        done.wait()
        finished = true
        if let error = queue.writerError { throw error }
        try inner.close()
    }

    public func discard() {
        stopThread()
        inner.discard()
    }

    private func stopThread() {
        guard !finished else { return }
        queue.cancel()
        done.wait()
        finished = true
    }
}

/// The background thread's work: write every batch from the queue until it ends or is cancelled.
private final class RowWriterJob: @unchecked Sendable {
    let writer: SheetRowWriter
    let queue: RowBatchQueue

    init(writer: SheetRowWriter, queue: RowBatchQueue) {
        self.writer = writer
        self.queue = queue
    }

    func run() {
        while let batch = queue.take() {
            do {
                for row in batch { try writer.write(row) }
            } catch {
                queue.fail(error)
                return
            }
        }
    }
}

/// A small blocking FIFO of row batches between the reading thread and the writing thread.
private final class RowBatchQueue: @unchecked Sendable {
    let capacity: Int
    private let condition = NSCondition()
    private var batches: [[SheetRow]] = []
    private var ended = false
    private var cancelled = false
    private var error: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// The writer's error, once it has stopped on one.
    var writerError: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }

    private struct Cancelled: Error {}

    /// Blocks while the queue is full; throws the writer's error once it has failed.
    func put(_ batch: [SheetRow]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, error == nil, !cancelled { condition.wait() }
        if let error { throw error }
        if cancelled { throw Cancelled() }
        batches.append(batch)
        condition.broadcast()
    }

    /// No more batches will come.
    func finish() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drop what waits and make the writer thread stop.
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
    func take() -> [SheetRow]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !ended, !cancelled { condition.wait() }
        if cancelled || batches.isEmpty { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }
}
