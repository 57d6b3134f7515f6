import Foundation

/// A small blocking FIFO between one producing thread and one consuming thread: `put` waits while `capacity`
/// items are queued, `take` waits for the next item, `finish` ends the stream (with the producer's error, if
/// any) and `cancel` lets a producer blocked in `put` give up once the consumer has gone away.
/// Used by the package reader (inflated chunks → XML parser) and the .ods splitter (row segments → master).
package final class BlockingPipe<Element>: @unchecked Sendable {
    private let capacity: Int
    private let condition = NSCondition()
    private var items: [Element] = []
    private var finished = false
    private var cancelled = false
    private var error: (any Error)?

    private struct Cancelled: Error {}

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// Blocks while the pipe is full; throws once the consumer has cancelled.
    package func put(_ item: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        items.append(item)
        condition.broadcast()
    }

    package func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil at the end; rethrows the producer's error.
    package func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !finished { condition.wait() }
        if !items.isEmpty {
            condition.broadcast()
            return items.removeFirst()
        }
        if let error { throw error }
        return nil
    }

    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
