import Foundation
import SheetCore
import XMLStream

/// One non-empty cell of a streamed row.
public struct ReadCell: Sendable, Hashable {
    /// 0-based column.
    public var column: Int
    /// The value; for a formula, its cached value (`.empty` when the file has none).
    public var value: CellValue
    /// Index into the workbook's cell styles (`XLSXWorkbook.cellStyles`), 0 by default.
    public var styleIndex: Int
    /// The formula text without `=`, when formulas were asked for and the cell has one (a cell sharing a
    /// formula gets the first cell's formula with its relative references moved; array formulas are
    /// reported on their anchor cell only).
    public var formula: String?

    public init(column: Int, value: CellValue, styleIndex: Int = 0, formula: String? = nil) {
        self.column = column; self.value = value; self.styleIndex = styleIndex; self.formula = formula
    }
}

/// A hyperlink as written in the sheet; its target is resolved through the sheet's relationships.
struct SheetHyperlink {
    var range: CellRange
    var relationshipID: String?
    var location: String?
}

/// Everything in a worksheet besides the cell values.
struct SheetExtras {
    var mergedRanges: [CellRange] = []
    var listValidations: [ListValidation] = []
    var hyperlinks: [SheetHyperlink] = []
    var columnWidths: [Int: Double] = [:]
    var hiddenColumns: Set<Int> = []
    var hiddenRows: Set<Int> = []
    /// The declared `<dimension ref>`, not trusted.
    var declaredDimension: CellRange?
}

/// The SAX handler of a worksheet part: streams rows of cells to a callback and collects the extras.
///
/// The state lives in one struct (`WorksheetState`) behind one property without dynamic exclusivity checks:
/// per-field checks on a class cost more than the parsing itself. The parser never calls the handler
/// re-entrantly and nothing else touches the state while a parse runs.
final class WorksheetParser: XMLStreamHandler {
    static let names = WorksheetState.names
    @exclusivity(unchecked) private var core: WorksheetState

    var extras: SheetExtras { core.extras }

    deinit {
        TextInterner.pool.give(core.interner)
    }

    init(file: String, part: String, sheet: String, sharedStrings: [String], styles: [CellStyle], date1904: Bool,
         collectFormulas: Bool, maxAnnotations: Int, onRow: @escaping (Int, inout [ReadCell]) throws -> Void) {
        core = WorksheetState(file: file, part: part, sheet: sheet, sharedStrings: sharedStrings, styles: styles,
                    date1904: date1904, collectFormulas: collectFormulas, maxAnnotations: maxAnnotations,
                    onRow: onRow, grid: nil)
    }

    /// A parser whose cells go straight into `grid` (no rows are collected).
    init(file: String, part: String, sheet: String, sharedStrings: [String], styles: [CellStyle], date1904: Bool,
         collectFormulas: Bool, maxAnnotations: Int, grid: GridBuilder) {
        core = WorksheetState(file: file, part: part, sheet: sheet, sharedStrings: sharedStrings, styles: styles,
                    date1904: date1904, collectFormulas: collectFormulas, maxAnnotations: maxAnnotations,
                    onRow: nil, grid: grid)
    }

    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        try core.startElement(name, attributes: attributes, parser: parser)
    }

    func endElement(_ name: Int, parser: XMLPushParser) throws {
        try core.endElement(name, parser: parser)
    }

    static func parseReference(_ v: XMLBytes) -> (Int, Int)? { WorksheetState.parseReference(v) }

    // MARK: Parallel parsing (WorksheetSegments.swift)

    /// A parser of one segment of rows, recording into `output`, with `factory`'s read-only inputs.
    fileprivate init(segmentOf factory: WorksheetSegmentParserFactory, output: WorksheetSegment) {
        core = WorksheetState(file: factory.file, part: factory.part, sheet: factory.sheet, sharedStrings: factory.sharedStrings,
                              dateKinds: factory.dateKinds, date1904: factory.date1904, collectFormulas: factory.collectFormulas,
                              maxAnnotations: factory.maxAnnotations, onRow: nil, grid: nil)
        core.beginSegment(output)
    }

    /// What a segment's parser needs of this one (read-only inputs).
    func segmentParserFactory() -> WorksheetSegmentParserFactory { core.segmentParserFactory() }

    /// This parser becomes a parallel parse's master: it takes segments at their markers.
    func beginMaster(_ source: SegmentSource) { core.segments = source }

    /// Ends the master's part; the segments it took.
    func endMaster() -> SegmentSource {
        let source = core.segments ?? SegmentSource(nonce: "", workers: SegmentWorkers(maxInFlight: 1))
        core.segments = nil
        return source
    }

    fileprivate func endSegment() { core.endSegment() }
}

/// The read-only inputs of a worksheet parse, to make segment parsers on worker threads.
struct WorksheetSegmentParserFactory: Sendable {
    let file: String
    let part: String
    let sheet: String
    let sharedStrings: [String]
    let dateKinds: [DateTimeValue.Kind?]
    let date1904: Bool
    let collectFormulas: Bool
    let maxAnnotations: Int

    /// Parses one segment (wrapped: `pieces` are header, segment, footer) on this thread.
    func parse(_ pieces: [[UInt8]], documentName: String, limits: XMLStreamLimits) -> WorksheetSegment {
        let output = WorksheetSegment()
        let handler = WorksheetParser(segmentOf: self, output: output)
        let parser = XMLPushParser(names: WorksheetParser.names, handler: handler, documentName: documentName, limits: limits)
        var reader = PieceReader(pieces)
        do {
            try withExtendedLifetime(handler) {
                try parser.parse(prechecked: true) { buffer, capacity in reader.read(buffer, capacity) }
            }
            handler.endSegment()
        } catch {
            output.failed = true
            output.rows = []
        }
        return output
    }
}

extension CellValue {
    /// True for `.empty` itself (not for an empty string), without copying a payload.
    fileprivate var isEmptyCase: Bool {
        if case .empty = self { return true }
        return false
    }
}

/// The state and logic of `WorksheetParser`.
struct WorksheetState {
    static let names = [
        "sheetData", "row", "c", "v", "f", "is", "t", "rPh", "r", "s",              // 0-9
        "hidden", "mergeCell", "ref", "dataValidation", "type", "sqref", "formula1", "hyperlink", "id", "location", // 10-19
        "col", "min", "max", "width", "dimension", "space", "si",                     // 20-26
        WorksheetSplitter.markerName, "nonce",                                        // 27-28
    ]
    private enum N {
        static let sheetData = 0, row = 1, c = 2, v = 3, f = 4, inlineString = 5, t = 6, rPh = 7, r = 8, s = 9
        static let hidden = 10, mergeCell = 11, ref = 12, dataValidation = 13, type = 14, sqref = 15, formula1 = 16
        static let hyperlink = 17, id = 18, location = 19, col = 20, min = 21, max = 22, width = 23, dimension = 24, space = 25, si = 26
        static let marker = 27, nonce = 28
    }

    private enum CellType: UInt8 { case number, shared, inlineString, formulaString, bool, error, isoDate }
    private enum TextTarget: UInt8 { case none, value, formula, inlineText, validationFormula, validationSqref }

    let file: String
    let part: String
    let sheet: String
    private let sharedStrings: [String]
    private let dateKinds: [DateTimeValue.Kind?]
    private let date1904: Bool
    private let collectFormulas: Bool
    /// Gets each row's cells; it may move values out of them (they are dropped right after). Unused with `grid`.
    private let onRow: ((Int, inout [ReadCell]) throws -> Void)?
    /// Where the cells go when the sheet is read into a grid (then no rows are collected).
    private let grid: GridBuilder?
    /// Shares the Strings of repeated cell texts (taken from the pool; the parser gives it back).
    let interner = TextInterner.pool.take()

    var extras = SheetExtras()

    private var cells: [ReadCell] = []
    private var currentRow = -1
    private var inSheetData = false
    // The cell being read.
    private var column = 0
    private var cellRow = 0
    private var type = CellType.number
    private var style = 0
    private var value = CellValue.empty
    private var formula: String?
    private var inCell = false
    private var inInlineString = false
    private var phoneticDepth = 0
    private var trimmer = TextRunTrimmer()
    private var target = TextTarget.none
    // A list validation being read.
    private var validationRanges: [CellRange]?
    private var validationFormula: String?
    // Shared formulas: the master's text and cell by `si`, and the `si` of the formula being read.
    private var sharedFormulas: [Int: SharedFormulaAnchor] = [:]
    private var sharedIndex: Int?
    private var annotations = 0
    private let maxAnnotations: Int

    // Parallel parsing (WorksheetSegments.swift): the master takes segments from `segments`; a segment's
    // parse records into `segment`, its rows (and cell rows) counting from the row before the segment while
    // `rowRelative` (`cellRelative`), until a row or cell reference gives a row number.
    var segments: SegmentSource?
    private var segment: WorksheetSegment?
    private var rowRelative = false
    private var cellRelative = false
    /// The current cell shares a formula whose first cell the segment does not hold: the master resolves it.
    private var pendingFormula = false
    /// The current cell's value is a shared string the master fills in.
    private var pendingShared = false

    init(file: String, part: String, sheet: String, sharedStrings: [String], styles: [CellStyle], date1904: Bool,
         collectFormulas: Bool, maxAnnotations: Int, onRow: ((Int, inout [ReadCell]) throws -> Void)?, grid: GridBuilder?) {
        self.init(file: file, part: part, sheet: sheet, sharedStrings: sharedStrings, dateKinds: styles.map(\.numberFormat.dateKind),
                  date1904: date1904, collectFormulas: collectFormulas, maxAnnotations: maxAnnotations, onRow: onRow, grid: grid)
    }

    init(file: String, part: String, sheet: String, sharedStrings: [String], dateKinds: [DateTimeValue.Kind?], date1904: Bool,
         collectFormulas: Bool, maxAnnotations: Int, onRow: ((Int, inout [ReadCell]) throws -> Void)?, grid: GridBuilder?) {
        self.maxAnnotations = maxAnnotations
        self.grid = grid
        self.file = file; self.part = part; self.sheet = sheet
        self.sharedStrings = sharedStrings
        self.dateKinds = dateKinds
        self.date1904 = date1904
        self.collectFormulas = collectFormulas
        self.onRow = onRow
        // Small: a consumer that keeps a row (a writing thread) makes the next row get a fresh array this size.
        cells.reserveCapacity(16)
    }

    func error(_ kind: XLSXError.Kind, _ message: String, cell: String? = nil, parser: XMLPushParser) -> XLSXError {
        if let cell {
            return XLSXError(kind, SourceLocation(file: file, part: nil, sheet: sheet, cell: cell), message)
        }
        return XLSXError(kind, SourceLocation(file: file, part: part, line: parser.line, column: parser.column), message)
    }

    private var cellName: String { CellReference(row: cellRow, column: column).description }

    mutating func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        switch name {
        case N.c:
            guard inSheetData else { return }
            try startCell(attributes, parser)
        case N.v:
            if inCell { target = .value; parser.beginText() }
        case N.f:
            if inCell {
                if collectFormulas {
                    target = .formula
                    parser.beginText()
                    sharedIndex = attributes.value(N.t)?.equals("shared") == true ? attributes.value(N.si)?.int() : nil
                }
            } else if validationRanges != nil {
                target = .validationFormula; parser.beginText()
            }
        case N.inlineString:
            if inCell { inInlineString = true; parser.clearText() }
        case N.t:
            if inInlineString, phoneticDepth == 0 {
                target = .inlineText
                trimmer.begin(attributes, spaceName: N.space, parser: parser)
                parser.beginText(clear: false)
            }
        case N.rPh:
            phoneticDepth += 1
        case N.row:
            guard inSheetData else { return }
            try startRow(attributes, parser)
        case N.sheetData:
            if segment != nil, inSheetData { throw SegmentDiverged() }
            inSheetData = true
        case N.mergeCell:
            if segment != nil { throw SegmentDiverged() }
            if let ref = attributes.string(N.ref), let range = CellRange(ref) {
                try countAnnotation(parser)
                extras.mergedRanges.append(range)
            }
        case N.dataValidation:
            if segment != nil { throw SegmentDiverged() }
            if attributes.value(N.type)?.equals("list") == true {
                validationRanges = Self.ranges(attributes.string(N.sqref) ?? "")
                validationFormula = nil
            }
        case N.formula1:
            if validationRanges != nil { target = .validationFormula; parser.beginText() }
        case N.sqref:
            if validationRanges != nil { target = .validationSqref; parser.beginText() }
        case N.hyperlink:
            if segment != nil { throw SegmentDiverged() }
            if let ref = attributes.string(N.ref), let range = CellRange(ref) {
                try countAnnotation(parser)
                extras.hyperlinks.append(SheetHyperlink(range: range, relationshipID: attributes.string(N.id),
                                                        location: attributes.string(N.location)))
            }
        case N.col:
            if segment != nil { throw SegmentDiverged() }
            try readColumn(attributes, parser)
        case N.dimension:
            if segment != nil { throw SegmentDiverged() }
            extras.declaredDimension = attributes.string(N.ref).flatMap { CellRange($0) }
            if let grid, let dimension = extras.declaredDimension { grid.reserve(for: dimension) }
        case N.marker:
            if let segments, let nonce = attributes.value(N.nonce), nonce.array == segments.nonce {
                try takeSegment(segments)
            }
        default:
            break
        }
    }

    mutating func endElement(_ name: Int, parser: XMLPushParser) throws {
        switch name {
        case N.v:
            guard target == .value else { return }
            parser.endText()
            target = .none
            try readValue(parser.text, parser)
        case N.c:
            guard inCell else { return }
            inCell = false
            if pendingShared {
                // Another value came after the shared string's (only in an odd cell): let the sequential parse say.
                if !value.isEmptyCase { throw SegmentDiverged() }
            }
            if !value.isEmpty || formula != nil || pendingFormula || pendingShared {
                // Move the value out (no retain/release of its string) and leave .empty for the next cell.
                var moved = CellValue.empty
                swap(&moved, &value)
                if let grid {
                    var text: String? = nil
                    swap(&text, &formula)
                    try grid.add(row: cellRow, column: column, value: consume moved, styleIndex: style, formula: consume text)
                } else {
                    cells.append(ReadCell(column: column, value: moved, styleIndex: style, formula: formula))
                }
            }
        case N.f:
            switch target {
            case .formula:
                parser.endText()
                target = .none
                if parser.text.count > 0 {
                    let text = parser.text.string
                    formula = text
                    if let sharedIndex {
                        sharedFormulas[sharedIndex] = SharedFormulaAnchor(text: text, row: cellRow, relative: cellRelative, column: column)
                    }
                } else if let sharedIndex {
                    if let master = sharedFormulas[sharedIndex] {
                        // Rows counted from different places (only in a segment's parse): let the sequential parse do it.
                        if master.relative != cellRelative { throw SegmentDiverged() }
                        // A cell sharing the master's formula: the master's text moved by the offset between them.
                        formula = SharedFormula.translate(master.text, rows: cellRow - master.row, columns: column - master.column)
                    } else if let segment {
                        segment.pendingFormulas.append(WorksheetSegment.PendingFormula(
                            rowIndex: segment.rows.count, cell: cells.count, index: sharedIndex, row: cellRow, relative: cellRelative, column: column))
                        pendingFormula = true
                    }
                }
                sharedIndex = nil
            case .validationFormula:
                parser.endText(); target = .none
                validationFormula = parser.text.string
            default: break
            }
        case N.t:
            if target == .inlineText {
                parser.endText()
                trimmer.end(parser: parser)
                target = .none
            }
        case N.inlineString:
            if inInlineString {
                inInlineString = false
                value = .string(OOXMLText.decode(text: parser.text, interner: interner))
                parser.clearText()
            }
        case N.rPh:
            phoneticDepth -= 1
        case N.row:
            try flushRow()
        case N.sheetData:
            try flushRow()
            inSheetData = false
        case N.formula1:
            if target == .validationFormula {
                parser.endText(); target = .none
                validationFormula = parser.text.string
            }
        case N.sqref:
            if target == .validationSqref {
                parser.endText(); target = .none
                validationRanges = Self.ranges(parser.text.string)
            }
        case N.dataValidation:
            if let ranges = validationRanges {
                try countAnnotation(parser)
                extras.listValidations.append(Self.listValidation(ranges: ranges, formula: validationFormula ?? ""))
            }
            validationRanges = nil
            validationFormula = nil
        default:
            break
        }
    }

    /// Columns the `<col>` elements of a sheet may span in all (a sheet has 16,384; overlaps are allowed).
    static let maxColumnDefinitions = 1 << 20
    private var columnDefinitions = 0

    private mutating func countAnnotation(_ parser: XMLPushParser) throws {
        annotations += 1
        if annotations > maxAnnotations {
            throw error(.limitExceeded, "more than \(maxAnnotations) merged ranges, validations and hyperlinks", parser: parser)
        }
    }

    private mutating func flushRow() throws {
        guard !cells.isEmpty else { return }
        if let segment {
            try segment.record(row: currentRow, relative: rowRelative, cells: &cells)
            return
        }
        guard let onRow else { return }
        try onRow(currentRow, &cells)
        cells.removeAll(keepingCapacity: true)
    }

    private mutating func startRow(_ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        try flushRow()
        var row = currentRow + 1
        var hidden = false
        var relative = rowRelative
        for i in 0..<attributes.count {
            switch attributes.name(at: i) {
            case N.r:
                guard let r = attributes.value(at: i).int(), r >= 1, r <= CellReference.maxRows else {
                    throw error(.invalidContent, "invalid row number \"\(attributes.value(at: i).string)\"", parser: parser)
                }
                row = r - 1
                relative = false
            case N.hidden:
                let v = attributes.value(at: i)
                hidden = v.equals("1") || v.equals("true")
            default: break
            }
        }
        if relative, let segment {
            // Checked against the sheet's last row when the master knows where the segment starts.
            segment.maxRelativeRow = max(segment.maxRelativeRow, row)
        } else if row >= CellReference.maxRows {
            throw error(.invalidContent, "more rows than a sheet can hold (\(CellReference.maxRows))", parser: parser)
        }
        currentRow = row
        rowRelative = relative
        column = -1
        if hidden {
            if let segment { segment.hiddenRows.append((row, relative)) } else { extras.hiddenRows.insert(row) }
        }
    }

    private mutating func startCell(_ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        inCell = true
        type = .number
        style = 0
        if !value.isEmptyCase { value = .empty }
        if formula != nil { formula = nil }
        pendingFormula = false
        pendingShared = false
        if currentRow < 0, !rowRelative { currentRow = 0 }
        var nextColumn = column + 1
        var row = currentRow
        var referenced = false
        for i in 0..<attributes.count {
            let v = attributes.value(at: i)
            switch attributes.name(at: i) {
            case N.r:
                guard let (r, c) = Self.parseReference(v) else {
                    throw error(.invalidContent, "invalid cell reference \"\(v.string)\"", parser: parser)
                }
                row = r; nextColumn = c; referenced = true
            case N.t:
                type = Self.cellType(v)
            case N.s:
                style = v.int() ?? 0
            default: break
            }
        }
        guard nextColumn < CellReference.maxColumns else {
            throw error(.invalidContent, "more columns than a sheet can hold (\(CellReference.maxColumns))", parser: parser)
        }
        if rowRelative {
            // A segment's parse before any row number: a cell reference gives one, unless the row already
            // has cells (whether they are the same row is not known here).
            if referenced {
                if !cells.isEmpty { throw SegmentDiverged() }
                currentRow = row
                rowRelative = false
            }
        } else if row != currentRow {
            try flushRow()
            currentRow = row
        }
        cellRow = row
        cellRelative = rowRelative
        column = nextColumn
    }

    private static func cellType(_ v: XMLBytes) -> CellType {
        guard v.count > 0 else { return .number }
        switch v[0] {
        case UInt8(ascii: "s"): return v.count == 1 ? .shared : .formulaString   // "s" / "str"
        case UInt8(ascii: "n"): return .number
        case UInt8(ascii: "b"): return .bool
        case UInt8(ascii: "e"): return .error
        case UInt8(ascii: "i"): return .inlineString
        case UInt8(ascii: "d"): return .isoDate
        default: return .number
        }
    }

    /// Parses `AB12` into a 0-based (row, column).
    @inline(__always)
    static func parseReference(_ v: XMLBytes) -> (Int, Int)? {
        v.withUnsafeBufferPointer { parseReference($0) }
    }

    @inline(__always)
    private static func parseReference(_ v: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var i = 0
        var col = 0
        let n = v.count
        while i < n {
            let b = v[i] | 0x20
            guard b >= UInt8(ascii: "a"), b <= UInt8(ascii: "z") else { break }
            col = col * 26 + Int(b - UInt8(ascii: "a")) + 1
            i += 1
            if i > 3 { return nil }
        }
        guard col > 0, i < n, n - i <= 7 else { return nil }
        var row = 0
        while i < n {
            let d = v[i] &- 48
            guard d < 10 else { return nil }
            row = row * 10 + Int(d)
            i += 1
        }
        guard row >= 1, row <= CellReference.maxRows, col <= CellReference.maxColumns else { return nil }
        return (row - 1, col - 1)
    }

    private mutating func readValue(_ text: XMLBytes, _ parser: XMLPushParser) throws {
        switch type {
        case .shared:
            guard let index = text.int() else {
                if text.isEmpty { return }
                throw error(.invalidContent, "invalid shared-string index \"\(text.string)\"", cell: cellName, parser: parser)
            }
            guard index >= 0, index < sharedStrings.count else {
                throw error(.invalidContent, "shared-string index \(index) is out of range (the table has \(sharedStrings.count))",
                            cell: cellName, parser: parser)
            }
            if let segment, !sharedStrings[index].isEmpty {
                // A segment's parse leaves the String to the master: its reference count is then only ever
                // touched by one thread (counting from two cores at once costs more than the parse gains).
                segment.sharedCells.append(WorksheetSegment.SharedCell(rowIndex: segment.rows.count, cell: cells.count, index: index))
                if !value.isEmptyCase { value = .empty }
                pendingShared = true
                return
            }
            value = .string(sharedStrings[index])
        case .number:
            guard !text.isEmpty else { return }
            guard let d = text.double() else {
                throw error(.invalidContent, "expected a number, found \"\(text.string)\"", cell: cellName, parser: parser)
            }
            if style > 0, style < dateKinds.count, let kind = dateKinds[style],
               let date = ExcelDate.dateTime(serial: d, date1904: date1904, kind: kind) {
                value = .date(date)
            } else {
                value = .number(d, raw: text.string)
            }
        case .bool:
            value = .bool(text.count > 0 && (text[0] == UInt8(ascii: "1") || text[0] == UInt8(ascii: "t") || text[0] == UInt8(ascii: "T")))
        case .error:
            value = .error(text.string)
        case .formulaString, .inlineString:
            value = .string(OOXMLText.decode(text: text, interner: interner))
        case .isoDate:
            let s = text.string
            value = DateTimeValue(iso8601: s).map { .date($0) } ?? .string(s)
        }
    }

    // MARK: Parallel parsing

    func segmentParserFactory() -> WorksheetSegmentParserFactory {
        WorksheetSegmentParserFactory(file: file, part: part, sheet: sheet, sharedStrings: sharedStrings, dateKinds: dateKinds,
                                      date1904: date1904, collectFormulas: collectFormulas, maxAnnotations: maxAnnotations)
    }

    /// This state becomes a segment's: rows relative to the row before the segment, recorded into `output`.
    mutating func beginSegment(_ output: WorksheetSegment) {
        segment = output
        rowRelative = true
        cellRelative = true
        currentRow = 0
        cellRow = 0
    }

    /// Hands the state after a segment's parse to its output.
    func endSegment() {
        guard let segment else { return }
        segment.finalRow = currentRow
        segment.finalRelative = rowRelative
        segment.finalColumn = column
        segment.finalCellRow = cellRow
        segment.finalCellRelative = cellRelative
        segment.sharedFormulas = sharedFormulas
    }

    /// The master met the marker of the next segment: takes its parse (waiting for it) and delivers its rows
    /// as the sequential parse would have. Throws `SegmentDiverged` (fall back) when the parse failed, when
    /// the master is not between rows of `<sheetData>`, or when the rows pass the sheet's last row.
    private mutating func takeSegment(_ source: SegmentSource) throws {
        guard inSheetData, !inCell, target == .none, !inInlineString, phoneticDepth == 0, validationRanges == nil,
              segment == nil, !rowRelative else {
            throw SegmentDiverged()
        }
        try flushRow()
        guard let output = source.workers.takeOldest(), !output.failed else { throw SegmentDiverged() }
        source.taken += 1
        let base = currentRow
        guard base + output.maxRelativeRow < CellReference.maxRows else { throw SegmentDiverged() }
        @inline(__always) func resolve(_ row: Int, _ relative: Bool) -> Int { relative ? base + row : row }
        for (row, relative) in output.hiddenRows { extras.hiddenRows.insert(resolve(row, relative)) }
        for shared in output.sharedCells {
            output.rows[shared.rowIndex].cells[shared.cell].value = .string(sharedStrings[shared.index])
        }
        for pending in output.pendingFormulas {
            guard let anchor = sharedFormulas[pending.index], !anchor.relative else { throw SegmentDiverged() }
            output.rows[pending.rowIndex].cells[pending.cell].formula = SharedFormula.translate(anchor.text, rows: resolve(pending.row, pending.relative) - anchor.row,
                                                                         columns: pending.column - anchor.column)
        }
        for (index, anchor) in output.sharedFormulas {
            sharedFormulas[index] = SharedFormulaAnchor(text: anchor.text, row: resolve(anchor.row, anchor.relative), relative: false,
                                                        column: anchor.column)
        }
        if let grid {
            for k in output.rows.indices {
                let index = resolve(output.rows[k].row, output.rows[k].relative)
                for j in output.rows[k].cells.indices {
                    var moved = CellValue.empty
                    swap(&moved, &output.rows[k].cells[j].value)
                    var text: String? = nil
                    swap(&text, &output.rows[k].cells[j].formula)
                    let cell = output.rows[k].cells[j]
                    try grid.add(row: index, column: cell.column, value: consume moved, styleIndex: cell.styleIndex, formula: consume text)
                }
            }
        } else if let onRow {
            for k in output.rows.indices {
                try onRow(resolve(output.rows[k].row, output.rows[k].relative), &output.rows[k].cells)
                output.rows[k].cells = []
            }
        }
        currentRow = resolve(output.finalRow, output.finalRelative)
        column = output.finalColumn
        cellRow = resolve(output.finalCellRow, output.finalCellRelative)
    }

    private mutating func readColumn(_ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        guard let min = attributes.value(N.min)?.int(), let max = attributes.value(N.max)?.int(),
              min >= 1, max >= min, max <= CellReference.maxColumns else { return }
        // Each `<col>` expands to one entry per column: bounded work however many `<col>` elements repeat.
        columnDefinitions += max - min + 1
        if columnDefinitions > Self.maxColumnDefinitions {
            throw error(.limitExceeded, "column definitions (<col>) span more than \(Self.maxColumnDefinitions) columns in all", parser: parser)
        }
        let width = attributes.value(N.width)?.double()
        let hidden = attributes.value(N.hidden).map { $0.equals("1") || $0.equals("true") } ?? false
        for c in (min - 1)..<max {
            if let width { extras.columnWidths[c] = width }
            if hidden { extras.hiddenColumns.insert(c) }
        }
    }

    static func ranges(_ sqref: String) -> [CellRange] {
        // ASCII without CR (every real sqref): separators are single bytes there, as they are single Characters.
        var utf8 = sqref
        if let fast = utf8.withUTF8({ bytes -> [CellRange]? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            var result: [CellRange] = []
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 {
                if i > start, let range = CellRange(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) {
                    result.append(range)
                }
                start = i + 1
            }
            return result
        }) {
            return fast
        }
        return rangesByCharacters(sqref)
    }

    /// The definition `ranges` must agree with.
    static func rangesByCharacters(_ sqref: String) -> [CellRange] {
        sqref.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).compactMap { CellRange($0) }
    }

    /// `"a,b,c"` (inline options; `""` is a quote) or a range reference.
    static func listValidation(ranges: [CellRange], formula: String) -> ListValidation {
        if let fast = ListFormula.split(formula) {
            return ListValidation(ranges: ranges, options: fast.options ?? [], sourceFormula: fast.source)
        }
        return listValidationByCharacters(ranges: ranges, formula: formula)
    }

    /// The definition `ListFormula.split` must agree with (Characters, Foundation trimming).
    static func listValidationByCharacters(ranges: [CellRange], formula: String) -> ListValidation {
        let trimmed = formula.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            let inner = String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            return ListValidation(ranges: ranges, options: inner.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        return ListValidation(ranges: ranges, options: [], sourceFormula: trimmed.isEmpty ? nil : trimmed)
    }
}

/// `listValidation`'s work on Unicode scalars, for the formulas where that gives the same result as working
/// on Characters: every scalar next to a `"` or `,` (and at the ends) is one that never joins a grapheme
/// cluster with its neighbour. Anything else returns nil and takes the Character path.
enum ListFormula {
    /// `options` for an inline list (nil otherwise), `source` for a range reference (nil when empty).
    static func split(_ formula: String) -> (options: [String]?, source: String?)? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(formula.utf8.count)
        scalars.append(contentsOf: formula.unicodeScalars)
        var lo = 0, hi = scalars.count
        while lo < hi, scalars[lo] == " " || scalars[lo] == "\t" { lo += 1 }
        while hi > lo, scalars[hi - 1] == " " || scalars[hi - 1] == "\t" { hi -= 1 }
        if lo == hi { return (nil, nil) }
        // The ends must be neither other whitespace (Foundation would trim it) nor able to join a neighbour.
        guard isStandalone(scalars[lo]), isStandalone(scalars[hi - 1]),
              !isWhitespace(scalars[lo]), !isWhitespace(scalars[hi - 1]) else { return nil }
        let quoted = hi - lo >= 2 && scalars[lo] == "\"" && scalars[hi - 1] == "\""
        guard quoted else {
            return (nil, String(String.UnicodeScalarView(scalars[lo..<hi])))
        }
        for i in lo..<hi where scalars[i] == "\"" || scalars[i] == "," {
            if i > lo, !isStandalone(scalars[i - 1]) { return nil }
            if i + 1 < hi, !isStandalone(scalars[i + 1]) { return nil }
        }
        var options: [String] = []
        var current = String.UnicodeScalarView()
        var i = lo + 1
        let end = hi - 1
        while i < end {
            let scalar = scalars[i]
            if scalar == "\"", i + 1 < end, scalars[i + 1] == "\"" {
                current.append("\"")
                i += 2
                continue
            }
            if scalar == "," {
                options.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
            i += 1
        }
        options.append(String(current))
        return (options, nil)
    }

    /// Scalars that start and end their own grapheme cluster next to ASCII punctuation: printable ASCII and
    /// tab, CJK ideographs and punctuation, general punctuation, symbols and fullwidth forms (no marks,
    /// joiners, prepended concatenation marks or format characters among them).
    static func isStandalone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20...0x7E: return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        case 0x3000...0x3029: return true
        case 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x2100...0x2BFF: return true
        case 0xFF01...0xFF5E: return true
        default: return false
        }
    }

    /// `CharacterSet.whitespaces` among the standalone scalars.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0x3000, 0x202F, 0x205F: return true
        default: return false
        }
    }
}
