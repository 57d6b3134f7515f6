import Foundation
import SheetCore
import XLSXReading
import XMLStream
import ZipArchive

// Parsing a big content.xml on two cores.
//
// One thread inflates content.xml and cuts it (ContentSplitter) into the bytes the master parser sees and
// segments: runs of whole rows of a table, about a megabyte each, cut where a `<table:table-row` tag begins.
// In the master's stream each segment is replaced by a marker element carrying a per-parse nonce. When the
// master's handler meets a marker it hands the segment, with a copy of its state at that place (table,
// styles, column styles), to a worker that parses it alone: the segment is wrapped in the document's XML
// declaration and root start tag (so every namespace of the root is declared) and its rows are recorded,
// numbered from the segment's start. The master joins the recorded rows in order (before any event of its
// own), numbering them, expanding `number-rows-repeated` and applying the repeat-bomb limit as the
// sequential parse does.
//
// Anything unusual — an error anywhere (malformed XML, a limit, a zip error), a segment holding a column or
// style element, a cut that is not between rows — makes the whole parse fall back to the sequential one,
// which skips the events already delivered: the answer and the located error (line:column in content.xml)
// are exactly the sequential parse's. Only streaming parses (values, no grid details) go this way.

// `SegmentDiverged` (fall back) and `SinkFailure` (the caller's sink threw) are XLSXReading's (RowSegments.swift).

/// One recorded row of a segment: `start` counts from the segment's first row.
struct SegmentRow {
    var start: Int
    var repeats: Int
    var cells: [ODSCell]
}

/// What a segment's parse gives the master.
final class SegmentOutput: @unchecked Sendable {
    /// Cells a segment may hold before the parse falls back (memory stays bounded with row repeats).
    static let maxCells = 1 << 18
    var converting = false
    var rows: [SegmentRow] = []
    /// Rows the segment covers (repeats included): where the master's row number goes next.
    var advance = 0
    /// Cells made by `number-columns-repeated` in the segment.
    var columnRepeatedCells = 0
    /// The start of the last row holding a cell with content (checked against the sheet's last row).
    var lastCheckedStart: Int?
    private var rowRepeatBound = 0
    private var cellCount = 0
    var error: (any Error)?

    /// At least the repeated cells the sequential parse would count for this segment.
    var repeatedCellsBound: Int {
        let sum = rowRepeatBound.addingReportingOverflow(columnRepeatedCells)
        return sum.overflow ? Int.max : sum.partialValue
    }

    func record(start: Int, repeats: Int, cells: inout [ODSCell], checked: Bool) throws {
        if checked { lastCheckedStart = start }
        guard converting, !cells.isEmpty else { return }
        cellCount += cells.count
        if cellCount > Self.maxCells { throw SegmentDiverged() }
        let added = cells.count.multipliedReportingOverflow(by: max(repeats - 1, 0))
        let sum = rowRepeatBound.addingReportingOverflow(added.partialValue)
        rowRepeatBound = added.overflow || sum.overflow ? Int.max : sum.partialValue
        rows.append(SegmentRow(start: start, repeats: repeats, cells: cells))
        cells = []
        cells.reserveCapacity(16)
    }
}

/// A flag set by one thread and read by others.
final class SharedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

/// Segment buffers handed back by the workers once parsed, for the splitter's next segments: a fresh
/// megabyte per segment would be faulted in page by page (about a twentieth of the CPU time of a big read).
final class SegmentBufferPool: @unchecked Sendable {
    /// Buffers kept (more are freed): enough for the segments in the pipe, awaiting and in flight.
    static let maxCount = 12
    private let lock = NSLock()
    private var buffers: [[UInt8]] = []
    private let maxCapacity: Int

    init(segmentBytes: Int) {
        maxCapacity = 2 * (segmentBytes + ContentSplitter.segmentSlack)
    }

    /// An empty buffer, with the capacity of a recycled one when there is one.
    func take() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return buffers.popLast() ?? []
    }

    /// Keeps `buffer`'s storage for a later segment (not an oversized one).
    func give(_ buffer: inout [UInt8]) {
        guard buffer.capacity > 0, buffer.capacity <= maxCapacity else { buffer = []; return }
        buffer.removeAll(keepingCapacity: true)
        lock.lock()
        if buffers.count < Self.maxCount { buffers.append(buffer) }
        lock.unlock()
        buffer = []
    }
}

/// The master's side: segments waiting for their marker, segments being parsed (in order).
final class ParallelCoordinator {
    /// Segments parsed or being parsed ahead of the master's rows.
    static let maxInFlight = 4
    let nonce: String
    let xmlLimits: XMLStreamLimits
    let documentName: String
    var header: [UInt8] = []
    var footer: [UInt8] = []
    /// Segments whose marker the master has been given but not yet met.
    var awaiting: [[UInt8]] = []
    /// The segment parses, on worker threads of their own (not Dispatch's shared pool, which parses started
    /// from pool threads, as a merge's, could exhaust while their masters wait).
    private let workers = SegmentWorkers<SegmentOutput>(maxInFlight: maxInFlight)
    let cancelled = SharedFlag()
    /// Where parsed segments' buffers go back to the splitter.
    var pool: SegmentBufferPool?
    private(set) var dispatched = 0

    var inFlight: Int { workers.waiting }

    init(nonce: String, xmlLimits: XMLStreamLimits, documentName: String) {
        self.nonce = nonce
        self.xmlLimits = xmlLimits
        self.documentName = documentName
    }

    /// Starts the parse of the next awaiting segment from `state` (the master's, at the marker).
    func dispatch(_ state: ContentState) throws {
        guard !awaiting.isEmpty, !header.isEmpty else { throw SegmentDiverged() }
        let job = SegmentJob(state: state, bytes: awaiting.removeFirst(), header: header, footer: footer,
                             limits: xmlLimits, documentName: documentName, cancelled: cancelled, pool: pool)
        // The master joins before it dispatches past `maxInFlight`, so this never waits; it throws only
        // after a cancel.
        do { try workers.start { job.run() } } catch { throw SegmentDiverged() }
        dispatched += 1
    }

    /// The oldest segment's output once parsed, nil when none is in flight.
    /// - Throws: `SegmentDiverged` when its parse failed.
    func takeOldest() throws -> SegmentOutput? {
        guard workers.waiting > 0 else { return nil }
        let output = workers.takeOldest() ?? SegmentOutput()
        if output.error != nil { throw SegmentDiverged() }
        return output
    }

    /// Stops segments not yet started and waits for those running.
    func cancelAndWait() {
        cancelled.set()
        workers.cancelAndWait()
    }
}

/// One segment's parse, on a worker thread.
private final class SegmentJob: @unchecked Sendable {
    let state: ContentState
    var bytes: [UInt8]
    let header: [UInt8]
    let footer: [UInt8]
    let limits: XMLStreamLimits
    let documentName: String
    let cancelled: SharedFlag
    let pool: SegmentBufferPool?

    init(state: ContentState, bytes: [UInt8], header: [UInt8], footer: [UInt8], limits: XMLStreamLimits,
         documentName: String, cancelled: SharedFlag, pool: SegmentBufferPool?) {
        self.state = state; self.bytes = bytes; self.header = header; self.footer = footer
        self.limits = limits; self.documentName = documentName; self.cancelled = cancelled; self.pool = pool
    }

    func run() -> SegmentOutput {
        let output = SegmentOutput()
        if !cancelled.isSet { parse(into: output) } else { output.error = SegmentDiverged() }
        pool?.give(&bytes)
        return output
    }

    private func parse(into output: SegmentOutput) {
        let handler = ContentParser(segmentOf: state, output: output)
        let parser = XMLPushParser(names: ContentState.names, handler: handler, documentName: documentName, limits: limits)
        var piece = 0, offset = 0
        do {
            // The splitter's thread ran the attribute-count check over the whole document (`SplitJob`); the
            // header is the document's own start and the footer one end tag.
            try parser.parse(prechecked: true) { [self] buffer, capacity in
                while piece < 3, offset == self.piece(piece).count { piece += 1; offset = 0 }
                guard piece < 3 else { return 0 }
                let bytes = self.piece(piece)
                let count = min(capacity, bytes.count - offset)
                bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress.unsafelyUnwrapped + offset, count: count) }
                offset += count
                return count
            }
            handler.core.endSegment()
        } catch {
            output.error = error
            output.rows = []
        }
    }

    /// The document's start (declaration and root tag), the segment, the root's end tag.
    @inline(__always) private func piece(_ k: Int) -> [UInt8] {
        k == 0 ? header : k == 1 ? bytes : footer
    }
}

// MARK: Splitting the stream

/// Cuts the inflated bytes of content.xml into master bytes and segments of whole rows.
///
/// It looks at every `<` (a `<` is markup outside comments, CDATA sections and processing instructions: it
/// cannot appear in text or attribute values), counting open `table:table` elements; a segment starts at a
/// `<table:table-row` of the outermost table and ends before the first `<table:table-row` past the segment
/// size, or before any other `table:table-*` tag at that level (row groups, header rows, columns) or the
/// table's end. A DOCTYPE, an odd prefix or an empty root element leaves everything to the master.
final class ContentSplitter {
    static let markerName = "disclosurekit-row-segment"
    static let segmentBytes = 1 << 20
    /// Room reserved past `segmentBytes` (a segment ends at the first row past its size).
    static let segmentSlack = 64 << 10
    private let segmentBytes: Int
    private let pool: SegmentBufferPool?
    /// Bytes held while looking for the end of a comment or the root tag, and the most a segment may grow
    /// to without a cut (then its bytes go to the master).
    static let maxHeld = 8 << 20

    enum Item {
        case bytes([UInt8])
        case segment([UInt8])
        /// The XML declaration and root start tag, and the root end tag, to wrap segments in.
        case header([UInt8], [UInt8])
    }

    private enum Mode { case prolog, scanning, passthrough }
    private let emit: (Item) throws -> Void
    private var mode = Mode.prolog
    /// Bytes not yet looked at (a chunk, after the tail of the previous one), and the buffer they are
    /// looked at in: two buffers swapped, never reallocated.
    private var held: [UInt8] = []
    private var work: [UInt8] = []
    private var master: [UInt8] = []
    private var segment: [UInt8] = []
    private var inSegment = false
    private var nesting = 0
    private(set) var segmentCount = 0

    init(segmentBytes: Int = ContentSplitter.segmentBytes, pool: SegmentBufferPool? = nil, emit: @escaping (Item) throws -> Void) {
        self.segmentBytes = segmentBytes
        self.pool = pool
        self.emit = emit
    }

    func consume(_ chunk: ArraySlice<UInt8>) throws {
        held.append(contentsOf: chunk)
        try process(eof: false)
    }

    func finish() throws {
        try process(eof: true)
        demote()
        master.append(contentsOf: held)
        held = []
        if !master.isEmpty { try emit(.bytes(master)); master = [] }
    }

    /// The current segment's bytes go to the master instead.
    private func demote() {
        guard inSegment else { return }
        master.append(contentsOf: segment)
        segment = []
        inSegment = false
    }

    private func process(eof: Bool) throws {
        swap(&work, &held)
        held.removeAll(keepingCapacity: true)
        defer { work.removeAll(keepingCapacity: true) }
        let n = work.count
        guard n > 0 else { return }
        var copied = 0
        var keep = n
        try work.withUnsafeBufferPointer { whole in
            guard let b = whole.baseAddress else { return }
            func put(upTo end: Int) {
                guard end > copied else { return }
                let bytes = UnsafeBufferPointer(start: b + copied, count: end - copied)
                if inSegment { segment.append(contentsOf: bytes) } else { master.append(contentsOf: bytes) }
                copied = end
            }
            func startSegment(at p: Int) throws {
                put(upTo: p)
                if !master.isEmpty { try emit(.bytes(master)); master = [] }
                inSegment = true
                if let pool, segment.capacity == 0 { segment = pool.take() }
                segment.reserveCapacity(segmentBytes + Self.segmentSlack)
            }
            func endSegment(at p: Int) throws {
                put(upTo: p)
                try emit(.segment(segment))
                segmentCount += 1
                segment = []
                inSegment = false
            }
            let bytes = SplitterBytes(b, n)

            var i = 0
            if mode == .prolog {
                switch XMLProlog.scan(b, n) {
                case .needMore:
                    if eof || n > Self.maxHeld { mode = .passthrough } else { keep = 0; return }
                case .giveUp:
                    mode = .passthrough
                case .found(let header, let footer, let after):
                    try emit(.header(header, footer))
                    mode = .scanning
                    i = after
                }
            }
            scan: while mode == .scanning, i < n {
                guard let hit = memchr(b + i, 0x3C, n - i) else { i = n; break }
                let p = UnsafeRawPointer(hit) - UnsafeRawPointer(b)
                if n - p < 48, !eof { keep = p; break }
                let c1 = bytes.at(p + 1)
                if c1 == 0x21 || c1 == 0x3F {   // <! <?
                    let end: (StaticString, Int)
                    if c1 == 0x3F { end = ("?>", 2) }
                    else if bytes.matches(p, "<!--") { end = ("-->", 4) }
                    else if bytes.matches(p, "<![CDATA[") { end = ("]]>", 9) }
                    else { put(upTo: p); demote(); mode = .passthrough; break scan }
                    guard let q = bytes.find(end.0, from: p + end.1) else {
                        if eof || n - p > Self.maxHeld { put(upTo: p); demote(); mode = .passthrough; break scan }
                        keep = p
                        break scan
                    }
                    i = q + end.0.utf8CodeUnitCount
                    continue
                }
                if c1 == 0x2F {   // </
                    if bytes.matches(p, "</table:table") {
                        let c = bytes.at(p + 13)
                        if c == 0x3E {
                            if nesting == 1, inSegment { try endSegment(at: p) }
                            if nesting > 0 { nesting -= 1 }
                        } else if c == 0x2D, nesting == 1, inSegment,
                                  !bytes.matches(p, "</table:table-row>"), !bytes.matches(p, "</table:table-cell>") {
                            try endSegment(at: p)
                        }
                    }
                    i = p + 2
                    continue
                }
                if c1 == 0x74, bytes.matches(p, "<table:table") {   // <t
                    let c = bytes.at(p + 12)
                    if SplitterBytes.isDelimiter(c) {
                        nesting += 1
                    } else if c == 0x2D {
                        if bytes.matches(p, "<table:table-row"), SplitterBytes.isDelimiter(bytes.at(p + 16)) {
                            if nesting == 1 {
                                if !inSegment {
                                    try startSegment(at: p)
                                } else if segment.count + (p - copied) >= segmentBytes {
                                    try endSegment(at: p)
                                    try startSegment(at: p)
                                }
                            }
                        } else if bytes.matches(p, "<table:table-cell"), SplitterBytes.isDelimiter(bytes.at(p + 17)) {
                            // a cell
                        } else if nesting == 1, inSegment {
                            try endSegment(at: p)
                        }
                    }
                    i = p + 12
                    continue
                }
                i = p + 1
            }
            put(upTo: keep)
        }
        if keep < n { held.append(contentsOf: work[keep..<n]) }
        if inSegment, segment.count > Self.maxHeld { demote() }
        if !inSegment, !master.isEmpty { try emit(.bytes(master)); master = [] }
    }
}

// MARK: The pipe between the inflating thread and the master

/// The splitter's items wait in a `BlockingPipe` (XLSXReading) of `splitPipeCapacity` items.
let splitPipeCapacity = 4

/// The inflating thread's work.
private final class SplitJob: @unchecked Sendable {
    let package: PackageReader
    let entry: ZipEntry
    let pipe: BlockingPipe<ContentSplitter.Item>
    let segmentBytes: Int
    let pool: SegmentBufferPool

    init(package: PackageReader, entry: ZipEntry, pipe: BlockingPipe<ContentSplitter.Item>, segmentBytes: Int, pool: SegmentBufferPool) {
        self.package = package; self.entry = entry; self.pipe = pipe; self.segmentBytes = segmentBytes; self.pool = pool
    }

    func run() {
        let pipe = self.pipe
        let splitter = ContentSplitter(segmentBytes: segmentBytes, pool: pool) { item in try pipe.put(item) }
        // The attribute-count check of the sequential parse, over the same bytes in the same order: segment
        // parsers skip theirs. A tag past the limit ends the split (the fallback reports it, located).
        var check = XMLAttributeCheck(limits: package.xmlLimits)
        do {
            try package.inflate(entry, kind: .worksheet) { chunk in
                try check.check(chunk)
                try splitter.consume(chunk)
            }
            try splitter.finish()
            pipe.finish(nil)
        } catch {
            pipe.finish(error)
        }
    }
}

// MARK: Sinks around the caller's

/// Passes events to the caller's sink, counting them (and what `beginSheet` answered) for a fallback;
/// wraps what the sink throws in `SinkFailure`.
final class RecordingSink: ODSSink {
    let inner: any ODSSink
    private(set) var delivered = 0
    private(set) var begins: [Bool] = []

    init(_ inner: any ODSSink) { self.inner = inner }

    func beginSheet(_ sheet: ODSSheet) throws -> Bool {
        let answer: Bool
        do { answer = try inner.beginSheet(sheet) } catch { throw SinkFailure(error: error) }
        begins.append(answer)
        delivered += 1
        return answer
    }

    func row(_ index: Int, _ cells: inout [ODSCell]) throws {
        do { try inner.row(index, &cells) } catch { throw SinkFailure(error: error) }
        delivered += 1
    }

    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws {
        do { try inner.endSheet(sheet, extras: extras) } catch { throw SinkFailure(error: error) }
        delivered += 1
    }
}

/// The fallback's sink: drops the events a parallel parse already delivered (answering `beginSheet` as the
/// caller's sink did), then passes the rest on.
final class SkippingSink: ODSSink {
    let inner: any ODSSink
    private var remaining: Int
    private var begins: ArraySlice<Bool>

    init(_ inner: any ODSSink, after recorder: RecordingSink) {
        self.inner = inner
        remaining = recorder.delivered
        begins = recorder.begins[...]
    }

    func beginSheet(_ sheet: ODSSheet) throws -> Bool {
        if remaining > 0, let answer = begins.first {
            remaining -= 1
            begins = begins.dropFirst()
            return answer
        }
        return try inner.beginSheet(sheet)
    }

    func row(_ index: Int, _ cells: inout [ODSCell]) throws {
        if remaining > 0 { remaining -= 1; return }
        try inner.row(index, &cells)
    }

    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws {
        if remaining > 0 { remaining -= 1; return }
        try inner.endSheet(sheet, extras: extras)
    }
}

// MARK: The parallel parse

enum ODSParallelParse {
    /// content.xml parts at least this big (inflated, as declared) are parsed on two cores.
    static let threshold: Int64 = 8 << 20
    /// White space the master's reads may add after one marker (see `parse`).
    static let maxFiller = 64 << 10

    /// Parses `entry` (content.xml) into `sink` on two cores; the sheet count (as the sequential parse), how
    /// many segments were parsed alone, and the most that waited for their marker at once.
    /// - Throws: `SinkFailure` (from the sink), anything else means: fall back.
    static func parse(package: PackageReader, entry: ZipEntry, file: String, styles: ODSStyles, limits: XLSXLimits,
                      segmentBytes: Int, into sink: RecordingSink) throws -> (sheets: Int, segments: Int, maxAwaiting: Int) {
        let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 36)
        let coordinator = ParallelCoordinator(nonce: nonce, xmlLimits: package.xmlLimits, documentName: entry.name)
        let pipe = BlockingPipe<ContentSplitter.Item>(capacity: splitPipeCapacity)
        let pool = SegmentBufferPool(segmentBytes: segmentBytes)
        coordinator.pool = pool
        let job = SplitJob(package: package, entry: entry, pipe: pipe, segmentBytes: segmentBytes, pool: pool)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            job.run()
            done.signal()
        }
        defer {
            pipe.cancel()
            done.wait()
            coordinator.cancelAndWait()
        }
        let parser = ContentParser(file: file, part: entry.name, styles: styles, limits: limits, collectDetails: false, sink: sink)
        parser.core.coordinator = coordinator
        let marker = Array("<\(ContentSplitter.markerName) nonce=\"\(nonce)\"/>".utf8)
        var current: [UInt8] = []
        var offset = 0
        var filler = 0, maxAwaiting = 0
        try package.parse(entry, names: ContentState.names, handler: parser) { buffer, capacity in
            while offset == current.count {
                // A marker libxml2 has not reached yet: white space (nothing to the parser between rows) fills
                // the rest of its read, so that it meets the marker, and the segment goes to a worker, before
                // the next segment is taken. Otherwise one read of a few kilobytes would take dozens of
                // segments (a marker each), holding their bytes and running the splitter far ahead. Bounded,
                // should the marker not be an element to libxml2.
                if !coordinator.awaiting.isEmpty, filler < Self.maxFiller {
                    let count = min(capacity, 4096)
                    buffer.update(repeating: 0x20, count: count)
                    filler += count
                    return count
                }
                guard let item = try pipe.take() else { return 0 }
                switch item {
                case .bytes(let bytes): current = bytes
                case .segment(let bytes):
                    coordinator.awaiting.append(bytes)
                    maxAwaiting = max(maxAwaiting, coordinator.awaiting.count)
                    current = marker
                    filler = 0
                case .header(let header, let footer): coordinator.header = header; coordinator.footer = footer; current = []
                }
                offset = 0
            }
            let count = min(capacity, current.count - offset)
            current.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress.unsafelyUnwrapped + offset, count: count) }
            offset += count
            return count
        }
        try parser.core.joinSegments(all: true)
        guard coordinator.awaiting.isEmpty, coordinator.inFlight == 0 else { throw SegmentDiverged() }
        return (parser.core.sheetCount, coordinator.dispatched, maxAwaiting)
    }
}
