import Foundation
import SheetCore
import XMLStream
import ZipArchive

// Parsing a big worksheet part on two cores.
//
// The inflating thread (which also runs the attribute-count check over every byte) cuts the part
// (`WorksheetSplitter`) into the bytes the master parser sees and segments: runs of whole rows inside
// `<sheetData>`, about `segmentBytes` each, cut where a `<row` tag begins. Each segment's parse starts on a
// worker thread at once (it needs nothing of the master's state) and the master's stream gets a marker
// element with a per-parse nonce in its place. A worker parses its segment wrapped in the document's XML
// declaration and root start tag (so the encoding and every namespace of the root are declared),
// `<sheetData>`, and the matching end tags; it records rows (cells in one flat array), hidden rows, shared
// formulas it defines and the shared-formula cells it could not resolve. Rows before the segment's first
// row number are numbered relative to the row before the segment. When the master meets a marker it takes
// that segment's output (waiting for it) and delivers its rows to the caller (row callback or grid) as the
// sequential parse would have, resolving relative rows and pending shared formulas from its own state.
//
// Anything unusual — an error anywhere (malformed XML, a limit, a zip error), an element in a segment that
// is not row content (merged cells, columns, …), a cut that is not between rows, a shared formula whose
// first cell the master does not know — makes the whole parse fall back to the sequential one, which skips
// the rows already delivered: answers and located errors (part line:column, sheet!cell) are exactly the
// sequential parse's.

/// One segment's parse, as the master needs it.
final class WorksheetSegment: @unchecked Sendable {
    /// Cells a segment may record before the parse falls back (a huge segment's memory stays bounded).
    static let maxCells = 1 << 18

    struct Row {
        /// The row number, relative to the row before the segment when `relative`.
        var row: Int
        var relative: Bool
        var cells: [ReadCell]
    }
    struct PendingFormula {
        /// Where the cell is: `rows[row].cells[cell]`.
        var rowIndex: Int
        var cell: Int
        var index: Int
        var row: Int
        var relative: Bool
        var column: Int
    }

    var rows: [Row] = []
    private var cellCount = 0
    var hiddenRows: [(row: Int, relative: Bool)] = []
    var pendingFormulas: [PendingFormula] = []
    /// Cells whose value is a (non-empty) shared string, filled in by the master.
    struct SharedCell {
        /// Where the cell is: `rows[rowIndex].cells[cell]`.
        var rowIndex: Int
        var cell: Int
        var index: Int
    }
    var sharedCells: [SharedCell] = []
    var sharedFormulas: [Int: SharedFormulaAnchor] = [:]
    /// The largest relative row number the segment reached (checked against the sheet's last row).
    var maxRelativeRow = 0
    /// The state after the segment: the current row (relative or not), the column and the cell's row.
    var finalRow = 0
    var finalRelative = true
    var finalColumn = -1
    var finalCellRow = 0
    var finalCellRelative = true
    var failed = false

    /// Keeps a row's cells (handed over whole: the master passes the array on without copying it).
    func record(row: Int, relative: Bool, cells rowCells: inout [ReadCell]) throws {
        cellCount += rowCells.count
        if cellCount > Self.maxCells { throw SegmentDiverged() }
        let capacity = max(rowCells.count, 16)
        rows.append(Row(row: row, relative: relative, cells: rowCells))
        rowCells = []
        rowCells.reserveCapacity(capacity)
    }
}

/// The first cell of a shared formula: its text and place (the row relative to the row before the segment
/// when `relative`, in a segment's parse).
struct SharedFormulaAnchor {
    var text: String
    var row: Int
    var relative: Bool
    var column: Int
}

// MARK: Splitting the stream

/// Cuts the inflated bytes of a worksheet part into master bytes and segments of whole rows (about 512 KB:
/// W1's peak memory is about 55 MB with them, 62 MB with 1 MB segments).
///
/// It looks at every `<` (outside comments, CDATA sections and processing instructions, a `<` is markup: it
/// cannot appear in text or attribute values); a segment starts at a `<row` inside `<sheetData>` and ends
/// before the first `<row` past the segment size, or before `</sheetData>`. Only unprefixed element names
/// are recognised; a DOCTYPE or an empty root leaves everything to the master.
final class WorksheetSplitter {
    static let markerName = "disclosurekit-row-segment"
    static let segmentBytes = 512 << 10
    /// Bytes held while looking for the end of a comment or the root tag, and the most a segment may grow
    /// to without a cut (then its bytes go to the master).
    static let maxHeld = 4 << 20

    enum Item {
        case bytes([UInt8])
        case segment([UInt8])
        /// The XML declaration and root start tag, and the root end tag, to wrap segments in.
        case header([UInt8], [UInt8])
    }

    private enum Mode { case prolog, scanning, passthrough }
    private let segmentBytes: Int
    private let emit: (Item) throws -> Void
    private var mode = Mode.prolog
    private var held: [UInt8] = []
    private var master: [UInt8] = []
    private var segment: [UInt8] = []
    private var inSegment = false
    private var inSheetData = false

    init(segmentBytes: Int = WorksheetSplitter.segmentBytes, emit: @escaping (Item) throws -> Void) {
        self.segmentBytes = max(segmentBytes, 1)
        self.emit = emit
    }

    func consume(_ chunk: ArraySlice<UInt8>) throws {
        if held.isEmpty {
            try chunk.withUnsafeBufferPointer { try process($0, eof: false) }
        } else {
            held.append(contentsOf: chunk)
            let buffer = held
            held = []
            try buffer.withUnsafeBufferPointer { try process($0, eof: false) }
        }
    }

    func finish() throws {
        let buffer = held
        held = []
        try buffer.withUnsafeBufferPointer { try process($0, eof: true) }
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

    private func process(_ whole: UnsafeBufferPointer<UInt8>, eof: Bool) throws {
        let n = whole.count
        guard n > 0, let b = whole.baseAddress else { return }
        var copied = 0
        var keep = n
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
            segment.reserveCapacity(segmentBytes + (64 << 10))
        }
        func endSegment(at p: Int) throws {
            put(upTo: p)
            try emit(.segment(segment))
            segment = []
            inSegment = false
        }
        let bytes = SplitterBytes(b, n)

        var i = 0
        if mode == .prolog {
            switch XMLProlog.scan(b, n) {
            case .needMore:
                if eof || n > Self.maxHeld { mode = .passthrough } else { keep = 0 }
            case .giveUp:
                mode = .passthrough
            case .found(let header, let footer, let after):
                try emit(.header(header, footer))
                mode = .scanning
                i = after
            }
        }
        scan: while mode == .scanning, i < n {
            // The next `<`: a plain loop (tags are a few bytes apart, shorter than memchr's set-up pays for).
            var p = i
            while p < n, b[p] != 0x3C { p += 1 }
            if p == n { i = n; break }
            if n - p < 48, !eof { keep = p; break }
            let c1 = bytes.at(p + 1)
            switch c1 {
            case 0x21, 0x3F:   // <! <?
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
                continue scan
            case 0x2F:   // </
                if bytes.at(p + 2) == 0x73, bytes.matches(p, "</sheetData"), SplitterBytes.isDelimiter(bytes.at(p + 11)) {
                    if inSegment { try endSegment(at: p) }
                    inSheetData = false
                }
                i = p + 2
            case 0x72:   // <r
                if inSheetData, bytes.at(p + 2) == 0x6F, bytes.at(p + 3) == 0x77, SplitterBytes.isDelimiter(bytes.at(p + 4)) {
                    if !inSegment {
                        try startSegment(at: p)
                    } else if segment.count + (p - copied) >= segmentBytes {
                        try endSegment(at: p)
                        try startSegment(at: p)
                    }
                }
                i = p + 4
            case 0x73:   // <s
                if bytes.matches(p, "<sheetData"), SplitterBytes.isDelimiter(bytes.at(p + 10)) {
                    if inSegment { try endSegment(at: p) }
                    // `<sheetData/>` holds no rows.
                    var k = p + 10
                    while k < n, b[k] != 0x3E { k += 1 }
                    if k == n {
                        if !eof { keep = p; break scan }
                        i = n
                        break scan
                    }
                    inSheetData = b[k - 1] != 0x2F
                    i = k + 1
                } else {
                    i = p + 2
                }
            default:
                i = p + 1
            }
        }
        put(upTo: keep)
        if keep < n { held = Array(UnsafeBufferPointer(start: b + keep, count: n - keep)) }
        if inSegment, segment.count > Self.maxHeld { demote() }
        if !inSegment, !master.isEmpty { try emit(.bytes(master)); master = [] }
    }
}

// MARK: The parallel parse

enum WorksheetParallelParse {
    /// Worksheet parts at least this big (inflated as declared, or compressed) are parsed on two cores.
    static let threshold: Int64 = 4 << 20
    /// Segments parsed or being parsed ahead of the master.
    static let maxInFlight = 3
    /// Master items waiting between the inflating thread and the master.
    static let pipeCapacity = 8

    enum MasterItem {
        case bytes([UInt8])
        case marker
    }

    /// Parses `entry` on two cores with `master` (a parser made for the sequential parse, given the
    /// coordinator here); returns how many segments were parsed alone.
    /// - Throws: `SinkFailure` (from the caller's callback), anything else means: fall back.
    static func parse(package: PackageReader, entry: ZipEntry, master: WorksheetParser, segmentBytes: Int) throws -> Int {
        let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 36)
        let workers = SegmentWorkers<WorksheetSegment>(maxInFlight: maxInFlight)
        let pipe = BlockingPipe<MasterItem>(capacity: pipeCapacity)
        let limits = package.xmlLimits
        let job = SplitJob(package: package, entry: entry, check: XMLAttributeCheck(limits: limits), pipe: pipe, workers: workers,
                           segmentBytes: segmentBytes, parserFactory: master.segmentParserFactory(), limits: limits)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            job.run()
            done.signal()
        }
        defer {
            pipe.cancel()
            workers.cancelAndWait()
            done.wait()
            workers.cancelAndWait()
        }
        master.beginMaster(SegmentSource(nonce: nonce, workers: workers))
        let marker = Array("<\(WorksheetSplitter.markerName) nonce=\"\(nonce)\"/>".utf8)
        // The push parser handles each marker as it is fed (the pull parser would read on past it, for
        // segments the splitter may not start before the master took this one).
        try package.pushParse(entry, names: WorksheetParser.names, handler: master) { parser in
            while let item = try pipe.take() {
                switch item {
                case .bytes(let bytes): try parser.feed(bytes)
                case .marker: try parser.feed(marker)
                }
            }
            try parser.finish()
        }
        let source = master.endMaster()
        guard source.taken == job.started, workers.waiting == 0 else { throw SegmentDiverged() }
        return source.taken
    }
}

/// What the master's handler needs to take segments: the nonce of its markers and the workers.
final class SegmentSource {
    let nonce: [UInt8]
    let workers: SegmentWorkers<WorksheetSegment>
    var taken = 0

    init(nonce: String, workers: SegmentWorkers<WorksheetSegment>) {
        self.nonce = Array(nonce.utf8)
        self.workers = workers
    }
}

/// The inflating thread's work: inflate, check, cut, start segment parses, hand the master its bytes.
private final class SplitJob: @unchecked Sendable {
    let package: PackageReader
    let entry: ZipEntry
    var check: XMLAttributeCheck
    let pipe: BlockingPipe<WorksheetParallelParse.MasterItem>
    let workers: SegmentWorkers<WorksheetSegment>
    let segmentBytes: Int
    let parserFactory: WorksheetSegmentParserFactory
    let limits: XMLStreamLimits
    private(set) var started = 0

    init(package: PackageReader, entry: ZipEntry, check: XMLAttributeCheck, pipe: BlockingPipe<WorksheetParallelParse.MasterItem>,
         workers: SegmentWorkers<WorksheetSegment>, segmentBytes: Int, parserFactory: WorksheetSegmentParserFactory, limits: XMLStreamLimits) {
        self.package = package; self.entry = entry; self.check = check; self.pipe = pipe; self.workers = workers
        self.segmentBytes = segmentBytes; self.parserFactory = parserFactory; self.limits = limits
    }

    func run() {
        let pipe = self.pipe, workers = self.workers, factory = parserFactory, limits = self.limits, name = entry.name
        var header: [UInt8] = []
        var footer: [UInt8] = []
        let splitter = WorksheetSplitter(segmentBytes: segmentBytes) { [self] item in
            switch item {
            case .bytes(let bytes):
                try pipe.put(.bytes(bytes))
            case .header(let h, let f):
                header = h + Array("<sheetData>".utf8)
                footer = Array("</sheetData>".utf8) + f
            case .segment(let bytes):
                let pieces = [header, bytes, footer]
                try workers.start { factory.parse(pieces, documentName: name, limits: limits) }
                started += 1
                try pipe.put(.marker)
            }
        }
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
