import Foundation
import XMLStream

// Generic parts of parsing one big XML part on two cores, cut into segments of whole rows (see
// `WorksheetSegments.swift` for .xlsx worksheets; the .ods reader's `ODSParallel.swift` follows the same
// design): finding the prolog to wrap segments in, running segment parses on worker threads and handing
// their outputs to the master in order, and feeding a segment's wrapped bytes to a parser.

/// A parallel parse cannot go on: fall back to the sequential parse.
package struct SegmentDiverged: Error {
    package init() {}
}

/// An error the caller's callback threw during a parallel parse: rethrown as it is, never a reason to fall back.
package struct SinkFailure: Error {
    package let error: any Error
    package init(error: any Error) { self.error = error }
}

/// The XML declaration and root start tag of a document, to wrap a segment of it in (so the segment's parse
/// sees the same encoding and namespace declarations), and the root's end tag.
package enum XMLProlog {
    package enum Scan {
        /// The bytes so far end inside the prolog.
        case needMore
        /// No prolog to wrap segments in (a DOCTYPE, a BOM other than UTF-8's, an empty root…).
        case giveUp
        /// `header` (declaration + root start tag), `footer` (root end tag), and the offset after the root start tag.
        case found(header: [UInt8], footer: [UInt8], after: Int)
    }

    /// Finds the XML declaration and the root element's start tag (quote-aware: `>` may sit in a value).
    package static func scan(_ b: UnsafePointer<UInt8>, _ n: Int) -> Scan {
        var p = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { p = 3 }
        var declaration: [UInt8] = []
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        func find(_ a: UInt8, _ c: UInt8, from start: Int) -> Int? {
            var k = start
            while k + 1 < n { if b[k] == a, b[k + 1] == c { return k }; k += 1 }
            return nil
        }
        while true {
            while p < n, isSpace(b[p]) { p += 1 }
            guard p + 4 <= n else { return .needMore }
            guard b[p] == 0x3C else { return .giveUp }
            if b[p + 1] == 0x3F {
                guard let q = find(0x3F, 0x3E, from: p + 2) else { return .needMore }
                if declaration.isEmpty, b[p + 2] == 0x78, b[p + 3] == 0x6D { declaration = Array(UnsafeBufferPointer(start: b + p, count: q + 2 - p)) }
                p = q + 2
                continue
            }
            if b[p + 1] == 0x21 {
                guard b[p + 2] == 0x2D, b[p + 3] == 0x2D else { return .giveUp }   // a DOCTYPE: leave it to the parser
                var k = p + 4
                while true {
                    guard let q = find(0x2D, 0x2D, from: k) else { return .needMore }
                    if q + 2 < n, b[q + 2] == 0x3E { p = q + 3; break }
                    if q + 2 >= n { return .needMore }
                    k = q + 1
                }
                continue
            }
            var k = p + 1
            while k < n, !isSpace(b[k]), b[k] != 0x3E, b[k] != 0x2F { k += 1 }
            guard k < n else { return .needMore }
            let name = Array(UnsafeBufferPointer(start: b + p + 1, count: k - p - 1))
            guard !name.isEmpty else { return .giveUp }
            var quote: UInt8 = 0
            while k < n {
                let c = b[k]
                if quote != 0 { if c == quote { quote = 0 } }
                else if c == 0x22 || c == 0x27 { quote = c }
                else if c == 0x3E { break }
                k += 1
            }
            guard k < n else { return .needMore }
            guard b[k - 1] != 0x2F else { return .giveUp }   // an empty root: nothing to split
            let header = declaration + Array(UnsafeBufferPointer(start: b + p, count: k + 1 - p))
            return .found(header: header, footer: Array("</".utf8) + name + [0x3E], after: k + 1)
        }
    }
}

/// Segment parses started by the splitting thread on worker threads, taken by the master thread in the
/// order they were started. At most `maxInFlight` segments are started and not yet taken (`start` waits):
/// memory stays bounded however far the splitter runs ahead.
///
/// The workers are threads of their own (one per core, at most `maxInFlight`, started with the first
/// segment), not Dispatch's shared pool: a master blocked on its segment never waits for a pool that other
/// blocked masters (parses started from pool threads) could have exhausted.
package final class SegmentWorkers<Output>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var output: Output?
    }

    private let maxInFlight: Int
    private let threadLimit: Int
    private let condition = NSCondition()
    /// Segments started and not yet taken (`slots[next...]`), and the parses not yet begun.
    private var slots: [Slot] = []
    private var next = 0
    private var queue: [(slot: Slot, work: () -> Output)] = []
    private var threads = 0
    private var cancelled = false
    private struct Cancelled: Error {}

    package init(maxInFlight: Int) {
        self.maxInFlight = max(maxInFlight, 1)
        threadLimit = max(1, min(ProcessInfo.processInfo.activeProcessorCount, self.maxInFlight))
    }

    /// True once the master gave up: parses not yet begun are skipped.
    package var isCancelled: Bool {
        condition.lock(); defer { condition.unlock() }
        return cancelled
    }

    /// Queues `work` for a worker thread once fewer than `maxInFlight` segments wait to be taken.
    /// - Throws: when the master has cancelled.
    package func start(_ work: @escaping () -> Output) throws {
        let slot = Slot()
        condition.lock()
        while slots.count - next >= maxInFlight, !cancelled { condition.wait() }
        if cancelled { condition.unlock(); throw Cancelled() }
        slots.append(slot)
        queue.append((slot, work))
        let spawn = threads < threadLimit
        if spawn { threads += 1 }
        condition.broadcast()
        condition.unlock()
        if spawn { Thread.detachNewThread { [self] in runWorker() } }
    }

    private func runWorker() {
        condition.lock()
        while true {
            while queue.isEmpty, !cancelled { condition.wait() }
            guard !queue.isEmpty else { break }
            let (slot, work) = queue.removeFirst()
            let skip = cancelled
            condition.unlock()
            if !skip { slot.output = work() }
            slot.done.signal()
            condition.lock()
        }
        threads -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Segments started and not yet taken.
    package var waiting: Int {
        condition.lock(); defer { condition.unlock() }
        return slots.count - next
    }

    /// The oldest started segment's output once its parse is done; nil when none was started (or its parse
    /// was skipped after a cancel).
    package func takeOldest() -> Output? {
        condition.lock()
        guard next < slots.count else { condition.unlock(); return nil }
        let slot = slots[next]
        condition.unlock()
        slot.done.wait()
        let output = slot.output
        slot.output = nil
        condition.lock()
        next += 1
        if next == slots.count { slots.removeAll(); next = 0 }
        condition.broadcast()
        condition.unlock()
        return output
    }

    /// Stops: `start` throws from now on, parses not yet begun are skipped; returns once every worker
    /// thread has ended. Call it once the parse is over, whatever its outcome.
    package func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while threads > 0 { condition.wait() }
        slots.removeAll()
        next = 0
        condition.unlock()
    }
}

/// The bytes of a segment's parse: `pieces` one after the other, handed to libxml2's pull parser.
package struct PieceReader {
    private let pieces: [[UInt8]]
    private var piece = 0
    private var offset = 0

    package init(_ pieces: [[UInt8]]) { self.pieces = pieces }

    package mutating func read(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> Int {
        while piece < pieces.count, offset == pieces[piece].count { piece += 1; offset = 0 }
        guard piece < pieces.count else { return 0 }
        let count = min(capacity, pieces[piece].count - offset)
        pieces[piece].withUnsafeBufferPointer { buffer.update(from: $0.baseAddress.unsafelyUnwrapped + offset, count: count) }
        offset += count
        return count
    }
}

/// The bytes a row splitter (.xlsx `<row`, .ods `<table:table-row`) is cutting, with the lookups both make.
package struct SplitterBytes {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int

    @inlinable package init(_ base: UnsafePointer<UInt8>, _ count: Int) {
        self.base = base; self.count = count
    }

    /// The byte at `k`, 0 past the end.
    @inlinable @inline(__always) package func at(_ k: Int) -> UInt8 { k < count ? base[k] : 0 }

    /// Whether `literal` starts at `p`.
    @inlinable package func matches(_ p: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard p + length <= count else { return false }
        return memcmp(base + p, literal.utf8Start, length) == 0
    }

    /// Where `literal` next starts at or after `start`.
    @inlinable package func find(_ literal: StaticString, from start: Int) -> Int? {
        let length = literal.utf8CodeUnitCount
        let first = literal.utf8Start.pointee
        var k = start
        while k + length <= count {
            guard let hit = memchr(base + k, Int32(first), count - k) else { return nil }
            let q = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if q + length > count { return nil }
            if memcmp(base + q, literal.utf8Start, length) == 0 { return q }
            k = q + 1
        }
        return nil
    }

    /// A byte that may end a tag's name: white space, `>` or `/`.
    @inlinable @inline(__always) package static func isDelimiter(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x3E || c == 0x2F
    }
}
