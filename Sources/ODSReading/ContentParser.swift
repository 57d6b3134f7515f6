import SheetCore
import XLSXReading
import XMLStream

/// A table (sheet) of `content.xml` as the parser meets it.
public struct ODSSheet: Sendable, Hashable {
    public var name: String
    /// 0-based position in the document (tab order).
    public var index: Int
    /// True when the table's style says `table:display="false"` (a hidden sheet).
    public var isHidden: Bool
}

/// One non-empty cell of a streamed row.
public struct ODSCell: Sendable, Hashable {
    /// 0-based column.
    public var column: Int
    public var value: CellValue
    /// The font family of the cell's style (only when the parse collects styles, as `grid` does).
    public var fontName: String?
    /// The formula as written (OpenFormula, `of:=` removed: `SUM([.A1:.A3])`), when formulas are collected.
    public var formula: String?
}

/// What a table holds besides its cells.
struct ODSSheetExtras {
    var mergedRanges: [CellRange] = []
    var hyperlinks: [CellReference: String] = [:]
    var comments: [CellReference: String] = [:]
    /// Hidden rows and columns as runs (first, count): a trailing run may cover a million rows.
    var hiddenRowRuns: [(Int, Int)] = []
    var hiddenColumnRuns: [(Int, Int)] = []
    /// Column widths as runs (first, count, width in Excel character units).
    var columnWidthRuns: [(Int, Int, Double)] = []
}

/// Where the parser's tables go.
protocol ODSSink: AnyObject {
    /// A table begins; false skips its rows (they are parsed but not converted).
    func beginSheet(_ sheet: ODSSheet) throws -> Bool
    /// A row with at least one non-empty cell (rows repeated by `table:number-rows-repeated` come once per
    /// row). The sink may move values out of `cells`.
    func row(_ index: Int, _ cells: inout [ODSCell]) throws
    /// The table ended (only for tables `beginSheet` accepted).
    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws
}

/// Thrown by a sink to stop the parse once it has what it wants.
struct ODSStopParsing: Error {}

/// The SAX handler of `content.xml` (and, with no sink, of `styles.xml`): styles, then the tables of
/// `office:spreadsheet`, streamed row by row. No DOM: a row's cells are the only thing held.
final class ContentParser: XMLStreamHandler {
    @exclusivity(unchecked) var core: ContentState

    init(file: String, part: String, styles: ODSStyles, limits: XLSXLimits, collectDetails: Bool, sink: (any ODSSink)?) {
        core = ContentState(file: file, part: part, styles: styles, limits: limits, collectDetails: collectDetails, sink: sink)
    }

    /// A parser of one segment of rows (see `ODSParallel.swift`), starting from the master's state at the
    /// segment's place, recording rows into `output`. Takes its own interner.
    init(segmentOf master: ContentState, output: SegmentOutput) {
        core = master
        core.interner = TextInterner.pool.take()
        core.beginSegment(output)
    }

    deinit { TextInterner.pool.give(core.interner) }

    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        try core.startElement(name, attributes: attributes, parser: parser)
    }

    func endElement(_ name: Int, parser: XMLPushParser) throws {
        try core.endElement(name, parser: parser)
    }
}

struct ContentState {
    static let names = [
        "font-face", "style", "table-properties", "text-properties", "table", "table-column", "table-row",  // 0-6
        "table-cell", "covered-table-cell", "p", "h", "s", "tab", "line-break", "a", "annotation",       // 7-15
        "name", "family", "parent-style-name", "display", "font-name", "font-family", "style-name",        // 16-22
        "number-columns-repeated", "number-rows-repeated", "number-columns-spanned", "number-rows-spanned", // 23-26
        "value-type", "value", "date-value", "time-value", "boolean-value", "string-value", "formula",    // 27-33
        "visibility", "default-cell-style-name", "c", "href",                                            // 34-37
        "frame", "custom-shape", "note", "shapes", "rect", "line", "ellipse", "g", "connector", "control", // 38-47
        "ruby-text", "image", "object", "automatic-styles", "styles", "master-styles",                    // 48-53
        "boolean-style", "data-style-name", "table-column-properties", "column-width",                  // 54-57
        ContentSplitter.markerName, "nonce",                                                           // 58-59
    ]
    private enum N {
        static let fontFace = 0, style = 1, tableProperties = 2, textProperties = 3, table = 4, tableColumn = 5
        static let tableRow = 6, tableCell = 7, coveredCell = 8, p = 9, h = 10, s = 11, tab = 12, lineBreak = 13
        static let a = 14, annotation = 15, name = 16, family = 17, parentStyleName = 18, display = 19, fontName = 20
        static let fontFamily = 21, styleName = 22, columnsRepeated = 23, rowsRepeated = 24, columnsSpanned = 25
        static let rowsSpanned = 26, valueType = 27, value = 28, dateValue = 29, timeValue = 30, booleanValue = 31
        static let stringValue = 32, formula = 33, visibility = 34, defaultCellStyleName = 35, c = 36, href = 37
        static let masterStyles = 53, booleanStyle = 54, dataStyleName = 55
        static let columnProperties = 56, columnWidth = 57, marker = 58, nonce = 59
        /// Elements inside a cell whose text is not the cell's (drawings, notes) — skipped whole.
        static let skipped: ClosedRange<Int> = 38...50
    }

    private enum ValueType: UInt8 { case none, float, date, time, boolean, string, error, void }
    private enum TextTarget: UInt8 { case cell, annotation }

    let file: String
    let part: String
    private let limits: XLSXLimits
    /// Fonts, formulas, merges, links and comments too (for grids); streaming wants values only.
    private let collectDetails: Bool
    private var sink: (any ODSSink)?
    var styles: ODSStyles
    var interner = TextInterner.pool.take()

    // Parallel parsing (ODSParallel.swift): the master has a coordinator, a segment's parser an output.
    var coordinator: ParallelCoordinator?
    private var segment: SegmentOutput?
    /// A cell of the current row (segment parse) that the sequential parse checks against the last row.
    private var segmentRowChecked = false

    // Styles being read.
    private var pendingStyle: (name: String, style: ODSStyles.Style)?
    private var masterDepth = 0

    // The table being read.
    private(set) var sheetCount = 0
    private var sheet: ODSSheet?
    private var converting = false
    private var extras = ODSSheetExtras()
    private var rowIndex = 0
    private var rowRepeat = 1
    private var inRow = false
    private var columnIndex = 0
    private var cells: [ODSCell] = []
    /// Default cell styles of column runs (first column, count, style name), for cells without a style.
    private var columnStyles: [(Int, Int, String)] = []
    private var declaredColumns = 0
    /// Cells made by repeats beyond those written, in the whole file (the bomb guard).
    private var repeatedCells = 0
    private var annotations = 0

    // The cell being read.
    private var inCell = false
    private var cellRepeat = 1
    private var cellSpan = (columns: 1, rows: 1)
    private var valueType = ValueType.none
    private var numberValue: Double?
    private var rawValue: String?
    private var dateValue: DateTimeValue?
    private var durationValue: Double?
    private var boolValue: Bool?
    private var stringValue: String?
    private var formula: String?
    private var cellStyleName: String?
    private var badValue: (attribute: String, text: String)?
    private var cellLink: String?
    // The cell's text: paragraphs collapsed per ODF white-space rules into `text`.
    private var text: [UInt8] = []
    private var annotationText: [UInt8] = []
    private var target = TextTarget.cell
    private var paragraphs = 0
    private var paragraphOpen = false
    private var annotationDepth = 0
    private var annotationParagraphs = 0
    private var skipDepth = 0
    /// Whether the cell's paragraphs are collected: not for typed values (their text is only how they show).
    private var wantText = false
    private var lastSpace = true
    private var pendingSpace = false

    init(file: String, part: String, styles: ODSStyles, limits: XLSXLimits, collectDetails: Bool, sink: (any ODSSink)?) {
        self.file = file; self.part = part; self.styles = styles; self.limits = limits
        self.collectDetails = collectDetails; self.sink = sink
        cells.reserveCapacity(16)
        text.reserveCapacity(256)
    }

    // MARK: Errors

    private func partError(_ kind: XLSXError.Kind, _ message: String, _ parser: XMLPushParser) -> XLSXError {
        XLSXError(kind, SourceLocation(file: file, part: part, line: parser.line, column: parser.column), message)
    }

    private func cellError(_ kind: XLSXError.Kind, _ message: String, row: Int, column: Int) -> XLSXError {
        XLSXError(kind, SourceLocation(file: file, sheet: sheet?.name, cell: CellReference(row: row, column: column).description), message)
    }

    /// A count attribute (`table:number-*-repeated` / `-spanned`): 1 when absent, at least 1.
    private func count(_ attributes: XMLAttributes, _ index: Int, _ name: String, _ parser: XMLPushParser) throws -> Int {
        let v = attributes.value(at: index)
        guard let n = v.int(), n >= 0 else {
            throw partError(.invalidContent, "table:\(name)=\"\(v.string.prefix(40))\" is not a count", parser)
        }
        return max(n, 1)
    }

    // MARK: Events

    mutating func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        if name == N.marker, let coordinator, let nonce = attributes.value(N.nonce), nonce.string == coordinator.nonce {
            try reachSegment(coordinator)
            return
        }
        if skipDepth > 0 { skipDepth += 1; return }
        if annotationDepth > 0 {
            annotationDepth += 1
            if name == N.p || name == N.h { startParagraph(parser, annotation: true) }
            else if name == N.s || name == N.tab || name == N.lineBreak { try special(name, attributes, parser) }
            return
        }
        if inCell {
            switch name {
            case N.p, N.h: startParagraph(parser, annotation: false)
            case N.s, N.tab, N.lineBreak: try special(name, attributes, parser)
            case N.a:
                if collectDetails, cellLink == nil {
                    for i in 0..<attributes.count where attributes.name(at: i) == N.href { cellLink = attributes.value(at: i).string }
                }
            case N.annotation:
                if paragraphOpen { try flush(parser); parser.endText() }
                annotationDepth = 1
                target = .annotation
                annotationParagraphs = 0
                annotationText.removeAll(keepingCapacity: true)
            case N.skipped, N.table:
                // Drawings, notes and sub-tables in a cell: not the cell's text (a sub-table is no sheet).
                if paragraphOpen { try flush(parser); parser.endText() }
                skipDepth = 1
            default: break
            }
            return
        }
        if segment != nil, Self.changesSheetState(name) { throw SegmentDiverged() }
        switch name {
        case N.tableCell, N.coveredCell:
            if inRow { try startCell(name == N.coveredCell, attributes, parser) }
        case N.tableRow:
            guard sheet != nil else { return }
            inRow = true
            rowRepeat = 1
            columnIndex = 0
            cells.removeAll(keepingCapacity: true)
            var hidden = false
            for i in 0..<attributes.count {
                switch attributes.name(at: i) {
                case N.rowsRepeated: rowRepeat = try count(attributes, i, "number-rows-repeated", parser)
                case N.visibility: hidden = !attributes.value(at: i).equals("visible")
                default: break
                }
            }
            if hidden, collectDetails, converting, rowIndex < CellReference.maxRows {
                extras.hiddenRowRuns.append((rowIndex, min(rowRepeat, CellReference.maxRows - rowIndex)))
            }
        case N.tableColumn:
            guard sheet != nil, converting else { return }
            var repeats = 1
            var style: String?, columnStyle: String?
            var hidden = false
            for i in 0..<attributes.count {
                switch attributes.name(at: i) {
                case N.columnsRepeated: repeats = try count(attributes, i, "number-columns-repeated", parser)
                case N.styleName: columnStyle = attributes.value(at: i).string
                case N.defaultCellStyleName: style = attributes.value(at: i).string
                case N.visibility: hidden = !attributes.value(at: i).equals("visible")
                default: break
                }
            }
            let first = declaredColumns
            declaredColumns = min(declaredColumns + repeats, 1 << 40)
            guard first < CellReference.maxColumns else { return }
            let span = min(repeats, CellReference.maxColumns - first)
            if let style, style != "Default", columnStyles.count < CellReference.maxColumns { columnStyles.append((first, span, style)) }
            if hidden, collectDetails { extras.hiddenColumnRuns.append((first, span)) }
            if collectDetails, let columnStyle, let width = styles.styles[columnStyle]?.columnWidth {
                extras.columnWidthRuns.append((first, span, width))
            }
        case N.table:
            if sheet != nil { skipDepth = 1; return }   // a table inside a table: not a sheet
            try startTable(attributes, parser)
        case N.style:
            guard masterDepth == 0 else { return }
            var name: String?, family = "", parent: String?, data: String?
            for i in 0..<attributes.count {
                switch attributes.name(at: i) {
                case N.name: name = attributes.value(at: i).string
                case N.family: family = attributes.value(at: i).string
                case N.parentStyleName: parent = attributes.value(at: i).string
                case N.dataStyleName: data = attributes.value(at: i).string
                default: break
                }
            }
            if let name, family == "table-cell" || family == "table" || family == "table-column" {
                pendingStyle = (name, ODSStyles.Style(family: family, parent: parent, dataStyle: data))
            }
        case N.booleanStyle:
            if let name = attributes.string(N.name), styles.booleanStyles.count < ODSStyles.maxStyles {
                styles.booleanStyles.insert(name)
            }
        case N.tableProperties:
            if pendingStyle != nil, let display = attributes.value(N.display) {
                pendingStyle?.style.display = !display.equals("false")
            }
        case N.columnProperties:
            if pendingStyle != nil, let width = attributes.string(N.columnWidth) {
                pendingStyle?.style.columnWidth = ODSStyles.characterWidth(width)
            }
        case N.textProperties:
            if pendingStyle != nil, let font = attributes.value(N.fontName) {
                pendingStyle?.style.fontName = font.string
            }
        case N.fontFace:
            if let name = attributes.string(N.name), let family = attributes.string(N.fontFamily) {
                if styles.fontFaces.count < ODSStyles.maxStyles { styles.fontFaces[name] = ODSStyles.unquote(family) }
            }
        case N.masterStyles:
            masterDepth += 1
        default:
            break
        }
    }

    mutating func endElement(_ name: Int, parser: XMLPushParser) throws {
        if skipDepth > 0 {
            skipDepth -= 1
            if skipDepth == 0, paragraphOpen, wantText { parser.beginText() }
            return
        }
        if annotationDepth > 0 {
            if name == N.p || name == N.h { try endParagraph(parser) }
            annotationDepth -= 1
            if annotationDepth == 0 {
                target = .cell
                if paragraphOpen, wantText { lastSpace = true; parser.beginText() }
            }
            return
        }
        if inCell {
            switch name {
            case N.p, N.h: try endParagraph(parser)
            case N.tableCell, N.coveredCell: try endCell(parser)
            default: break
            }
            return
        }
        switch name {
        case N.tableRow:
            guard inRow else { return }
            try endRow(parser)
        case N.table:
            guard let current = sheet else { return }
            if segment != nil { throw SegmentDiverged() }   // a segment never holds its table's end
            if coordinator != nil { try joinSegments(all: true) }
            sheet = nil
            if converting { try sink?.endSheet(current, extras: extras) }
        case N.style:
            if let pending = pendingStyle { styles.add(name: pending.name, style: pending.style) }
            pendingStyle = nil
        case N.masterStyles:
            masterDepth -= 1
        default:
            break
        }
    }

    // MARK: Parallel parsing (ODSParallel.swift)

    /// Elements that change what later rows mean (columns, styles, tables): a segment holding one outside a
    /// cell is given up (the parse falls back to sequential), as its effect could not reach the master.
    private static func changesSheetState(_ name: Int) -> Bool {
        switch name {
        case N.tableColumn, N.style, N.booleanStyle, N.tableProperties, N.columnProperties, N.textProperties,
             N.fontFace, N.masterStyles:
            return true
        default:
            return false
        }
    }

    /// Hands what the master needs of a finished segment's parse to its output.
    func endSegment() {
        segment?.advance = rowIndex
        segment?.columnRepeatedCells = repeatedCells
    }

    /// This state becomes a segment's: rows relative to the segment's start, recorded into `output`.
    mutating func beginSegment(_ output: SegmentOutput) {
        segment = output
        coordinator = nil
        sink = nil
        rowIndex = 0
        repeatedCells = 0
        segmentRowChecked = false
        output.converting = converting
    }

    /// The master met the marker of the next segment: the segment is parsed on another thread from this
    /// state (which must be between rows of a table).
    private mutating func reachSegment(_ coordinator: ParallelCoordinator) throws {
        guard sheet != nil, !inRow, !inCell, skipDepth == 0, annotationDepth == 0, pendingStyle == nil, masterDepth == 0,
              segment == nil else {
            throw SegmentDiverged()
        }
        while coordinator.inFlight >= ParallelCoordinator.maxInFlight { try joinSegments(all: false) }
        var snapshot = self
        snapshot.sink = nil          // the caller's sink (and closures it holds) stays on this thread
        snapshot.coordinator = nil
        try coordinator.dispatch(snapshot)
    }

    /// Takes the parsed segments in order (the oldest only, or all) and delivers their rows as the
    /// sequential parse would have; throws `SegmentDiverged` (fall back) when one failed or when the rows
    /// would pass a limit (the sequential parse then reports it, located).
    mutating func joinSegments(all: Bool) throws {
        guard let coordinator else { return }
        while let result = try coordinator.takeOldest() {
            let base = rowIndex
            if let last = result.lastCheckedStart, base.addingReportingOverflow(last).partialValue >= CellReference.maxRows || base + last < 0 {
                throw SegmentDiverged()
            }
            let bound = repeatedCells.addingReportingOverflow(result.repeatedCellsBound)
            if bound.overflow || bound.partialValue > limits.maxGridCells { throw SegmentDiverged() }
            repeatedCells += result.columnRepeatedCells
            if converting {
                for k in result.rows.indices {
                    let index = base + result.rows[k].start
                    let rows = min(result.rows[k].repeats, CellReference.maxRows - index)
                    if rows > 1 {
                        repeatedCells += result.rows[k].cells.count * (rows - 1)
                        for j in 0..<(rows - 1) {
                            var copy = result.rows[k].cells
                            try sink?.row(index + j, &copy)
                        }
                    }
                    try sink?.row(index + rows - 1, &result.rows[k].cells)
                }
            }
            rowIndex = min(base + result.advance, 1 << 40)
            if !all { return }
        }
    }

    // MARK: Tables and rows

    private mutating func startTable(_ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        if segment != nil { throw SegmentDiverged() }
        if coordinator != nil { try joinSegments(all: true) }
        var name = "", styleName: String?
        for i in 0..<attributes.count {
            switch attributes.name(at: i) {
            case N.name: name = attributes.value(at: i).string
            case N.styleName: styleName = attributes.value(at: i).string
            default: break
            }
        }
        let hidden = styleName.map { !styles.isDisplayed(tableStyle: $0) } ?? false
        let table = ODSSheet(name: name, index: sheetCount, isHidden: hidden)
        sheetCount += 1
        sheet = table
        extras = ODSSheetExtras()
        rowIndex = 0
        declaredColumns = 0
        columnStyles.removeAll()
        annotations = 0
        converting = try sink?.beginSheet(table) ?? false
    }

    private mutating func endRow(_ parser: XMLPushParser) throws {
        inRow = false
        defer { rowIndex = min(rowIndex + rowRepeat, 1 << 40) }
        if let segment {
            try segment.record(start: rowIndex, repeats: rowRepeat, cells: &cells, checked: segmentRowChecked)
            segmentRowChecked = false
            return
        }
        guard converting, !cells.isEmpty else { return }
        if coordinator != nil { try joinSegments(all: true) }
        guard rowIndex < CellReference.maxRows else {
            throw partError(.limitExceeded, "a row with values past row \(CellReference.maxRows) of table \"\(sheet?.name ?? "")\"", parser)
        }
        let rows = min(rowRepeat, CellReference.maxRows - rowIndex)
        if rows > 1 {
            let added = cells.count.multipliedReportingOverflow(by: rows - 1)
            repeatedCells = added.overflow ? Int.max : repeatedCells.addingReportingOverflow(added.partialValue).partialValue
            if added.overflow || repeatedCells > limits.maxGridCells || repeatedCells < 0 {
                throw partError(.limitExceeded, "table:number-rows-repeated=\"\(rowRepeat)\" would repeat \(cells.count) non-empty cells \(rowRepeat) times, past the limit of \(limits.maxGridCells) repeated cells", parser)
            }
            for k in 0..<(rows - 1) {
                var copy = cells
                try sink?.row(rowIndex + k, &copy)
            }
        }
        try sink?.row(rowIndex + rows - 1, &cells)
    }

    // MARK: Cells

    private mutating func startCell(_ covered: Bool, _ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        inCell = true
        cellRepeat = 1
        cellSpan = (1, 1)
        valueType = .none
        numberValue = nil; dateValue = nil; durationValue = nil; boolValue = nil
        // Strings only when set (most cells set none, and clearing one is a release call).
        if rawValue != nil { rawValue = nil }
        if stringValue != nil { stringValue = nil }
        if formula != nil { formula = nil }
        if cellStyleName != nil { cellStyleName = nil }
        if badValue != nil { badValue = nil }
        if cellLink != nil { cellLink = nil }
        text.removeAll(keepingCapacity: true)
        paragraphs = 0
        paragraphOpen = false
        annotationParagraphs = 0
        target = .cell
        wantText = false
        guard converting else {
            for i in 0..<attributes.count where attributes.name(at: i) == N.columnsRepeated {
                cellRepeat = try count(attributes, i, "number-columns-repeated", parser)
            }
            return
        }
        var dateText: XMLBytes?, timeText: XMLBytes?, numberText: XMLBytes?, boolText: XMLBytes?, styleText: XMLBytes?
        var constantFormula: Bool?
        for i in 0..<attributes.count {
            let v = attributes.value(at: i)
            switch attributes.name(at: i) {
            case N.valueType:
                // office:value-type, and calcext:value-type (LibreOffice's: "error" for error cells): the first
                // type given, unless a later one says error.
                if valueType == .none { valueType = Self.valueType(v) } else if v.equals("error") { valueType = .error }
            case N.value: numberText = v
            case N.dateValue: dateText = v
            case N.timeValue: timeText = v
            case N.booleanValue: boolText = v
            case N.stringValue: stringValue = v.string
            case N.columnsRepeated: cellRepeat = try count(attributes, i, "number-columns-repeated", parser)
            case N.columnsSpanned: if !covered { cellSpan.columns = try count(attributes, i, "number-columns-spanned", parser) }
            case N.rowsSpanned: if !covered { cellSpan.rows = try count(attributes, i, "number-rows-spanned", parser) }
            case N.formula:
                if collectDetails { formula = Self.formulaText(v) }
                constantFormula = v.equals("of:=TRUE()") ? true : v.equals("of:=FALSE()") ? false : nil
            case N.styleName: styleText = v
            default: break
            }
        }
        switch valueType {
        case .string: wantText = stringValue == nil
        case .none, .void, .error: wantText = true
        case .float, .date, .time, .boolean: wantText = false
        }
        if let styleText, collectDetails || (valueType == .float && !styles.booleanStyles.isEmpty) { cellStyleName = styleText.string }
        switch valueType {
        case .float:
            if let numberText, let d = numberText.double(), d.isFinite {
                numberValue = d
                // A number shown as TRUE/FALSE (LibreOffice has no boolean cells: its booleans are numbers
                // with a boolean format, which is what it writes into .ods).
                // A boolean constant: LibreOffice turns an .xlsx TRUE/FALSE cell into the formula =TRUE()
                // with a number result.
                if let constantFormula {
                    valueType = .boolean
                    boolValue = constantFormula
                } else if !styles.booleanStyles.isEmpty, let style = cellStyleName ?? columnStyle(columnIndex), styles.isBoolean(cellStyle: style) {
                    valueType = .boolean
                    boolValue = d != 0
                } else {
                    // A number's text has no `&` to decode (`double()` takes none).
                    rawValue = numberText.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                }
            } else {
                badValue = ("office:value", numberText?.string ?? "")
            }
        case .date:
            if let dateText, let d = ODSValues.date(dateText) { dateValue = d } else { badValue = ("office:date-value", dateText?.string ?? "") }
        case .time:
            if let timeText, let d = ODSValues.durationDays(timeText) { durationValue = d } else { badValue = ("office:time-value", timeText?.string ?? "") }
        case .boolean:
            if let boolText, boolText.equals("true") || boolText.equals("1") { boolValue = true }
            else if let boolText, boolText.equals("false") || boolText.equals("0") { boolValue = false }
            else { badValue = ("office:boolean-value", boolText?.string ?? "") }
        default:
            break
        }
    }

    /// An `office:value-type` (or `calcext:value-type`) value.
    private static func valueType(_ v: XMLBytes) -> ValueType {
        guard v.count >= 4 else { return .none }
        switch v[0] {
        case 0x73: return v.equals("string") ? .string : .none       // s
        case 0x66: return v.equals("float") ? .float : .none         // f
        case 0x64: return v.equals("date") ? .date : .none           // d
        case 0x70: return v.equals("percentage") ? .float : .none    // p
        case 0x63: return v.equals("currency") ? .float : .none      // c
        case 0x74: return v.equals("time") ? .time : .none           // t
        case 0x62: return v.equals("boolean") ? .boolean : .none     // b
        case 0x65: return v.equals("error") ? .error : .none         // e
        case 0x76: return v.equals("void") ? .void : .none           // v
        default: return .none
        }
    }

    /// `of:=SUM([.A1:.A3])` → `SUM([.A1:.A3])` (OpenFormula; other namespaces keep their prefix).
    private static func formulaText(_ v: XMLBytes) -> String {
        var s = Substring(v.string)
        if s.hasPrefix("of:") { s = s.dropFirst(3) }
        if s.hasPrefix("=") { s = s.dropFirst() }
        return String(s)
    }

    private mutating func endCell(_ parser: XMLPushParser) throws {
        inCell = false
        let column = columnIndex
        columnIndex = min(columnIndex + cellRepeat, 1 << 40)
        guard converting else { return }
        let value: CellValue
        if let badValue {
            throw cellError(.invalidContent, "\(badValue.attribute)=\"\(badValue.text.prefix(60))\" is not a valid value for its office:value-type",
                            row: min(rowIndex, CellReference.maxRows - 1), column: min(column, CellReference.maxColumns - 1))
        }
        switch valueType {
        case .float: value = .number(numberValue ?? 0, raw: rawValue)
        case .date: value = dateValue.map { .date($0) } ?? .empty
        case .time: value = ODSValues.duration(durationValue ?? 0)
        case .boolean: value = .bool(boolValue ?? false)
        case .error: value = text.isEmpty ? .empty : .error(makeString(text))
        case .string:
            if let stringValue { value = .string(stringValue) } else { value = text.isEmpty ? .empty : .string(makeString(text)) }
        case .none, .void: value = text.isEmpty ? .empty : .string(makeString(text))
        }
        let hasValue = !value.isEmpty || formula != nil
        let merged = cellSpan.columns > 1 || cellSpan.rows > 1
        let comment = collectDetails && annotationParagraphs > 0 && !annotationText.isEmpty
        annotationParagraphs = 0
        guard hasValue || merged || comment || cellLink != nil else { return }
        if segment != nil { segmentRowChecked = true }   // its row is checked against the last row when joined
        guard column < CellReference.maxColumns, segment != nil || rowIndex < CellReference.maxRows else {
            throw partError(.limitExceeded, "a cell with content past column XFD or row \(CellReference.maxRows) of table \"\(sheet?.name ?? "")\"", parser)
        }
        let ref = CellReference(row: rowIndex, column: column)
        if collectDetails {
            if merged {
                annotations += 1
                let end = CellReference(row: min(rowIndex + cellSpan.rows, CellReference.maxRows) - 1,
                                        column: min(column + cellSpan.columns, CellReference.maxColumns) - 1)
                extras.mergedRanges.append(CellRange(start: ref, end: end))
            }
            if comment {
                annotations += 1
                extras.comments[ref] = String(decoding: annotationText, as: UTF8.self)
            }
            if let cellLink {
                annotations += 1
                extras.hyperlinks[ref] = cellLink
            }
            if annotations > limits.maxSheetAnnotations {
                throw partError(.limitExceeded, "more than \(limits.maxSheetAnnotations) merged ranges, comments and links in table \"\(sheet?.name ?? "")\"", parser)
            }
        }
        guard hasValue else { return }
        let repeats = min(cellRepeat, CellReference.maxColumns - column)
        if repeats > 1 {
            repeatedCells += repeats - 1
            if repeatedCells > limits.maxGridCells {
                throw partError(.limitExceeded, "table:number-columns-repeated=\"\(cellRepeat)\" repeats a non-empty cell past the limit of \(limits.maxGridCells) repeated cells", parser)
            }
        }
        var font: String?
        if collectDetails, let style = cellStyleName ?? columnStyle(column) { font = styles.fontFamily(ofCellStyle: style) }
        for k in 0..<repeats {
            cells.append(ODSCell(column: column + k, value: value, fontName: font, formula: formula))
        }
    }

    private func columnStyle(_ column: Int) -> String? {
        for (first, count, style) in columnStyles where column >= first && column < first + count { return style }
        return nil
    }

    private func makeString(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { interner.string($0) }
    }

    // MARK: Text

    private mutating func startParagraph(_ parser: XMLPushParser, annotation: Bool) {
        if annotation {
            if annotationParagraphs > 0 { annotationText.append(0x0A) }
            annotationParagraphs += 1
        } else {
            paragraphs += 1
            paragraphOpen = true
            guard wantText else { return }
            if paragraphs > 1 { text.append(0x0A) }
        }
        lastSpace = true
        pendingSpace = false
        parser.beginText()
    }

    private mutating func endParagraph(_ parser: XMLPushParser) throws {
        try flush(parser)
        parser.endText()
        // A trailing space is kept (LibreOffice writes one trailing space literally, not as text:s).
        if pendingSpace { append(0x20) }
        pendingSpace = false
        if target == .cell { paragraphOpen = false }
    }

    /// `text:s` (`text:c` spaces), `text:tab`, `text:line-break`.
    private mutating func special(_ name: Int, _ attributes: XMLAttributes, _ parser: XMLPushParser) throws {
        guard parser.isCollectingText else { return }
        try flush(parser)
        if pendingSpace { append(0x20); pendingSpace = false }
        switch name {
        case N.s:
            var n = 1
            if let c = attributes.value(N.c) {
                guard let k = c.int(), k >= 0 else { throw partError(.invalidContent, "text:c=\"\(c.string.prefix(40))\" is not a count", parser) }
                n = k
            }
            guard n <= limits.maxTextBytes - currentCount else {
                throw partError(.limitExceeded, "text:c=\"\(n)\" makes a text longer than \(limits.maxTextBytes) bytes", parser)
            }
            let buffer = target == .cell ? \ContentState.text : \ContentState.annotationText
            self[keyPath: buffer].append(contentsOf: repeatElement(0x20, count: n))
        case N.tab: append(0x09)
        default: append(0x0A)
        }
        lastSpace = true
    }

    private var currentCount: Int { target == .cell ? text.count : annotationText.count }

    @inline(__always) private mutating func append(_ byte: UInt8) {
        if target == .cell { text.append(byte) } else { annotationText.append(byte) }
    }

    /// Moves the text collected so far into the cell's (or annotation's) text, collapsing white space as ODF
    /// says (§6.1.2): runs of space, tab, CR, LF become one space, none at a paragraph's start. Unlike the
    /// letter of §6.1.2 one space at a paragraph's end is kept: LibreOffice writes a trailing space that way
    /// (and reads it back).
    /// Appends `bytes` to `out` with white space collapsed (see `flush`): `last` says the text so far ends in
    /// white space (or a paragraph starts), `pending` that one space is owed before the next other byte.
    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], last: inout Bool, pending: inout Bool) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        if !pending {
            // Fast path: nothing to collapse (single spaces between other bytes, none first after white space,
            // none last, no tab or line end): the bytes go over as they are, in one copy.
            var plain = true
            var space = last
            for k in 0..<n {
                let b = base[k]
                if b == 0x20 {
                    if space { plain = false; break }
                    space = true
                } else if b == 0x09 || b == 0x0A || b == 0x0D {
                    plain = false; break
                } else {
                    space = false
                }
            }
            if plain, !space {
                out.append(contentsOf: bytes)
                last = false
                return
            }
        }
        for k in 0..<n {
            let b = base[k]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                if !last { pending = true; last = true }
            } else {
                if pending { out.append(0x20); pending = false }
                out.append(b)
                last = false
            }
        }
    }

    private mutating func flush(_ parser: XMLPushParser) throws {
        let collected = parser.text
        guard collected.count > 0 else { return }
        guard currentCount + collected.count <= limits.maxTextBytes else {
            throw partError(.limitExceeded, "a cell text longer than \(limits.maxTextBytes) bytes", parser)
        }
        var last = lastSpace, pending = pendingSpace
        collected.withUnsafeBufferPointer { bytes in
            if target == .cell { Self.collapse(bytes, into: &text, last: &last, pending: &pending) }
            else { Self.collapse(bytes, into: &annotationText, last: &last, pending: &pending) }
        }
        lastSpace = last
        pendingSpace = pending
        parser.clearText()
    }
}
