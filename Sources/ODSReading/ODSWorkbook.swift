import SheetCore
import XLSXReading
import XMLStream
import ZipArchive

/// An OpenDocument spreadsheet (`.ods`, LibreOffice's default format) opened for reading.
///
/// The package is the same zip as an `.xlsx` (read by libzip, with the same zip-bomb limits) and its parts
/// are streamed through libxml2's SAX2 parser, DTDs refused: `mimetype` says what the package is,
/// `META-INF/manifest.xml` whether it is encrypted, `styles.xml` and the automatic styles of `content.xml`
/// give fonts and hidden tables, and every table of `content.xml` is streamed row by row. All sheets live in
/// the one part `content.xml`, so a read of any sheet parses the part from its start (and stops after the
/// sheet); `grids()` reads every sheet in one pass.
///
/// Errors are `XLSXError`s, located as for XLSX: `book.ods[content.xml]:12:5: …` or `book.ods!Sheet1!C14: …`.
/// Not thread-safe: one `ODSWorkbook` per thread.
public final class ODSWorkbook {
    public let path: String
    public let limits: XLSXLimits
    let package: PackageReader
    static let contentPart = "content.xml"
    private let commonStyles: ODSStyles
    private var knownSheets: [ODSSheet]?
    /// content.xml parts at least this big (inflated as declared, or compressed) are streamed on two cores.
    var parallelThreshold = ODSParallelParse.threshold
    /// The size of a segment of rows in a parallel parse.
    var parallelSegmentBytes = ContentSplitter.segmentBytes
    /// How the last streaming parse went (for tests): segments parsed alone, or nil when it was sequential
    /// (too small, or fell back).
    private(set) var lastParallelSegments: Int?
    /// The most segments the last parallel parse held before dispatching them (tests: stays small).
    private(set) var lastParallelMaxAwaiting: Int?

    /// Opens the package: checks `mimetype` (and the manifest's media type), refuses encrypted packages,
    /// reads the common styles. No sheet is parsed yet.
    /// - Throws: `XLSXError` — `.cannotOpen`, `.notASpreadsheet` (another OpenDocument type, or no
    ///   OpenDocument package), `.encrypted`, `.corruptPackage`, `.missingPart`, `.malformedXML`, `.limitExceeded`.
    public init(path: String, limits: XLSXLimits = .default) throws {
        self.path = path
        self.limits = limits
        let package: PackageReader
        do {
            package = try PackageReader(path: path, limits: limits)
        } catch {
            if let formatError = try SpreadsheetFormat.detect(path: path).unreadableErrorForODS(path: path) { throw formatError }
            throw error
        }
        self.package = package
        let manifest = try Self.readManifest(package)
        var kind: OpenDocumentKind?
        if package.has("mimetype") {
            let entry = try package.entry("mimetype")
            if let bytes = try package.bytes(of: entry, kind: .relationships, maxBytes: 256) {
                kind = OpenDocumentKind(mimetype: String(decoding: bytes, as: UTF8.self))
            }
        }
        if kind == nil, let rootType = manifest?.rootMediaType { kind = OpenDocumentKind(mimetype: rootType) }
        switch kind {
        case .spreadsheet?: break
        case .other(let type)?:
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path, part: "mimetype"),
                            "not a spreadsheet: an OpenDocument package of type \(type)",
                            zh: "不是电子表格：这是 OpenDocument 的其他类型（\(type)）", format: .ods)
        case nil:
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path, part: "mimetype"),
                            "not an OpenDocument spreadsheet: the package has no mimetype entry",
                            zh: "不是 OpenDocument 电子表格（缺少 mimetype）", format: .ods)
        }
        if let manifest, !manifest.encryptedParts.isEmpty {
            throw XLSXError(.encrypted, SourceLocation(file: path, part: "META-INF/manifest.xml"),
                            "the spreadsheet is password protected (encrypted): remove the password in LibreOffice and save it again",
                            zh: "此电子表格设有密码（已加密）：请在 LibreOffice 中取消密码后重新保存", format: .ods)
        }
        guard package.has(Self.contentPart) else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: Self.contentPart), "the package has no content.xml")
        }
        var styles = ODSStyles()
        if package.has("styles.xml") {
            let parser = ContentParser(file: path, part: "styles.xml", styles: styles, limits: limits, collectDetails: false, sink: nil)
            try package.parse("styles.xml", kind: .styles, names: ContentState.names, handler: parser)
            styles = parser.core.styles
        }
        commonStyles = styles
    }

    // MARK: Manifest

    private struct Manifest {
        var rootMediaType: String?
        var encryptedParts: [String] = []
    }

    private final class ManifestHandler: XMLStreamHandler {
        static let names = ["file-entry", "full-path", "media-type", "encryption-data"]
        var manifest = Manifest()
        var currentPath: String?
        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                currentPath = attributes.string(1)
                if currentPath == "/" { manifest.rootMediaType = attributes.string(2) }
            case 3:
                if manifest.encryptedParts.count < 1000 { manifest.encryptedParts.append(currentPath ?? "?") }
            default: break
            }
        }
        func endElement(_ name: Int, parser: XMLPushParser) throws {
            if name == 0 { currentPath = nil }
        }
    }

    private static func readManifest(_ package: PackageReader) throws -> Manifest? {
        let part = "META-INF/manifest.xml"
        guard package.has(part) else { return nil }
        let handler = ManifestHandler()
        try package.parse(part, kind: .relationships, names: ManifestHandler.names, handler: handler)
        return handler.manifest
    }

    // MARK: Parsing content.xml

    /// Runs one parse of `content.xml` into `sink`; a sink's `ODSStopParsing` ends it early.
    ///
    /// A big part streamed for values is parsed on two cores (`ODSParallel.swift`); whatever goes wrong
    /// there, the sequential parse gives the answer (or the located error), not repeating delivered rows.
    private func parseContent(collectDetails: Bool, into sink: any ODSSink) throws -> Int {
        lastParallelSegments = nil
        if !collectDetails, let entry = try? package.entry(Self.contentPart),
           max(entry.declaredSize, entry.compressedSize) >= parallelThreshold {
            let recorder = RecordingSink(sink)
            do {
                let (sheets, segments, awaiting) = try ODSParallelParse.parse(package: package, entry: entry, file: path, styles: commonStyles,
                                                                    limits: limits, segmentBytes: parallelSegmentBytes, into: recorder)
                lastParallelSegments = segments
                lastParallelMaxAwaiting = awaiting
                return sheets
            } catch let failure as SinkFailure {
                if failure.error is ODSStopParsing { return -1 }
                throw failure.error
            } catch {
                return try parseSequentially(collectDetails: false, into: SkippingSink(sink, after: recorder))
            }
        }
        return try parseSequentially(collectDetails: collectDetails, into: sink)
    }

    private func parseSequentially(collectDetails: Bool, into sink: any ODSSink) throws -> Int {
        let parser = ContentParser(file: path, part: Self.contentPart, styles: commonStyles, limits: limits,
                                   collectDetails: collectDetails, sink: sink)
        do {
            try package.parse(Self.contentPart, kind: .worksheet, names: ContentState.names, handler: parser)
        } catch is ODSStopParsing {
            return -1
        }
        return parser.core.sheetCount
    }

    /// The sheets (tables) in tab order (one pass over `content.xml` that converts no cell; remembered).
    public func tables() throws -> [ODSSheet] {
        if let knownSheets { return knownSheets }
        let sink = ListingSink()
        _ = try parseContent(collectDetails: false, into: sink)
        knownSheets = sink.sheets
        return sink.sheets
    }

    /// Streams the non-empty cells of one sheet (by name, or the first) row by row, in bounded memory.
    ///
    /// `body` gets the 0-based row and its cells in column order (values only: no fonts or formulas);
    /// rows without values are skipped, repeated rows come once per row. The parse stops after the sheet.
    /// - Throws: `XLSXError` (`.noSuchSheet`, located parse errors), or what `body` throws.
    public func forEachRow(in sheet: String? = nil, _ body: (_ row: Int, _ cells: [ODSCell]) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let sink = RowSink(wanted: sheet, body: body)
            _ = try parseContent(collectDetails: false, into: sink)
            if sink.found { return }
            if let candidate = sink.caseInsensitiveMatch {
                let second = RowSink(wanted: candidate, body: body)
                _ = try parseContent(collectDetails: false, into: second)
                if second.found { return }
            }
            throw noSuchSheet(sheet ?? "", sink.seen)
        }
    }

    /// Streams every sheet's rows in one pass: `begin` says whether to read a sheet's rows.
    public func forEachSheet(_ begin: (ODSSheet) throws -> Bool,
                             row body: (_ sheet: ODSSheet, _ row: Int, _ cells: [ODSCell]) throws -> Void) throws {
        try withoutActuallyEscaping(begin) { begin in
            try withoutActuallyEscaping(body) { body in
                let sink = AllRowsSink(begin: begin, body: body)
                let count = try parseContent(collectDetails: false, into: sink)
                if count >= 0, knownSheets == nil { knownSheets = sink.sheets }
            }
        }
    }

    /// Reads every sheet into a `Grid` in one pass: values, formulas, fonts, merged ranges (from
    /// `number-columns-spanned`/`-rows-spanned`), hyperlinks, comments (annotations), hidden rows and columns,
    /// column widths (within the used columns).
    /// - Throws: `XLSXError` (`.limitExceeded` past `limits.maxGridCells` cells in a sheet).
    public func grids() throws -> [Grid] {
        let sink = GridSink(file: path, wanted: nil, maxCells: limits.maxGridCells)
        _ = try parseContent(collectDetails: true, into: sink)
        if knownSheets == nil { knownSheets = sink.sheets }
        return sink.grids
    }

    /// Reads the first sheet into a `Grid` (the parse stops after it).
    /// - Throws: `XLSXError.Kind.missingPart` when the document has no table, and as `grids()`.
    public func firstGrid() throws -> Grid {
        let sink = GridSink(file: path, wanted: nil, maxCells: limits.maxGridCells, stopAfterFirst: true)
        _ = try parseContent(collectDetails: true, into: sink)
        guard let grid = sink.grids.first else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: Self.contentPart), "the spreadsheet has no table (sheet)")
        }
        return grid
    }

    /// Reads one sheet into a `Grid` (the parse stops after it).
    /// - Throws: `XLSXError.Kind.noSuchSheet`, and as `grids()`.
    public func grid(named name: String) throws -> Grid {
        let sink = GridSink(file: path, wanted: name, maxCells: limits.maxGridCells)
        _ = try parseContent(collectDetails: true, into: sink)
        if let grid = sink.grids.first { return grid }
        if let candidate = sink.caseInsensitiveMatch {
            let second = GridSink(file: path, wanted: candidate, maxCells: limits.maxGridCells)
            _ = try parseContent(collectDetails: true, into: second)
            if let grid = second.grids.first { return grid }
        }
        throw noSuchSheet(name, sink.seen)
    }

    /// The range spanning every non-empty cell of each sheet (nil for an empty sheet), in one pass.
    public func usedRanges() throws -> [(sheet: ODSSheet, range: CellRange?)] {
        var result: [(sheet: ODSSheet, range: CellRange?)] = []
        var bounds = (minRow: Int.max, minColumn: Int.max, maxRow: -1, maxColumn: -1)
        func close() {
            guard let last = result.last, last.range == nil, bounds.maxRow >= 0 else { return }
            result[result.count - 1].range = CellRange(start: CellReference(row: bounds.minRow, column: bounds.minColumn),
                                                       end: CellReference(row: bounds.maxRow, column: bounds.maxColumn))
        }
        try forEachSheet({ sheet in
            close()
            result.append((sheet, nil))
            bounds = (Int.max, Int.max, -1, -1)
            return true
        }, row: { _, row, cells in
            guard let first = cells.first, let last = cells.last else { return }
            bounds.minRow = min(bounds.minRow, row); bounds.maxRow = max(bounds.maxRow, row)
            bounds.minColumn = min(bounds.minColumn, first.column); bounds.maxColumn = max(bounds.maxColumn, last.column)
        })
        close()
        return result
    }

    fileprivate func noSuchSheet(_ name: String, _ seen: [String]) -> XLSXError {
        XLSXError(.noSuchSheet, SourceLocation(file: path),
                  "no sheet named \"\(name)\" (sheets: \(seen.joined(separator: ", ")))")
    }
}

// MARK: SheetWorkbook

extension ODSSheet {
    /// The sheet as the format-independent `SheetInfo` (part `content.xml`, where every table lives).
    public var info: SheetInfo {
        SheetInfo(name: name, index: index, visibility: isHidden ? .hidden : .visible, part: ODSWorkbook.contentPart, kind: .worksheet)
    }
}

/// An .ods reads through the same protocol as .xlsx and .xls. Each call is a pass over `content.xml` (all
/// sheets live in it): for every sheet in one pass, use `forEachSheet` or `grids()`.
extension ODSWorkbook: SheetWorkbook {
    /// The sheets in tab order, listed by one pass over `content.xml` on first use (then remembered). A
    /// listing that fails gives no sheets here; `tables()`, `sheet(named:)` and the reads throw its error.
    public var sheets: [SheetInfo] { ((try? tables()) ?? []).map(\.info) }

    /// The sheet called `name` (exact match first, then case-insensitive).
    /// - Throws: `XLSXError` `.noSuchSheet`, or the listing's error.
    public func sheet(named name: String) throws -> SheetInfo {
        let all = try tables()
        if let sheet = all.first(where: { $0.name == name }) ?? all.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return sheet.info
        }
        throw noSuchSheet(name, all.map(\.name))
    }

    /// One default style: ODS cells carry no style index (`ReadCell.styleIndex` is 0).
    public func cellStyles() throws -> [CellStyle] { [CellStyle()] }

    /// Streams a sheet's non-empty cells row by row (values only), as `forEachRow(in:_:)` with its name.
    public func forEachRow(in sheet: SheetInfo, _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws {
        var cells: [ReadCell] = []
        try forEachRow(in: sheet.name) { row, odsCells in
            cells.removeAll(keepingCapacity: true)
            for cell in odsCells { cells.append(ReadCell(column: cell.column, value: cell.value)) }
            try body(row, cells)
        }
    }

    /// Reads a sheet into a `Grid` (the parse stops after it).
    public func grid(_ sheet: SheetInfo) throws -> Grid {
        try grid(named: sheet.name)
    }
}

extension SpreadsheetFormat {
    /// The error for a file that is not a zip package at all (the zip reader refused it).
    fileprivate func unreadableErrorForODS(path: String) -> XLSXError? {
        switch self {
        case .zip: return nil
        default:
            return XLSXError(.notASpreadsheet, SourceLocation(file: path),
                             "not an .ods spreadsheet: the file does not start like a zip package",
                             zh: "不是 .ods 电子表格（文件头不是 zip）", format: .ods)
        }
    }
}

// MARK: Sinks

private final class ListingSink: ODSSink {
    var sheets: [ODSSheet] = []
    func beginSheet(_ sheet: ODSSheet) throws -> Bool { sheets.append(sheet); return false }
    func row(_ index: Int, _ cells: inout [ODSCell]) throws {}
    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws {}
}

private final class RowSink: ODSSink {
    let wanted: String?
    let body: (Int, [ODSCell]) throws -> Void
    var found = false
    var seen: [String] = []
    var caseInsensitiveMatch: String?

    init(wanted: String?, body: @escaping (Int, [ODSCell]) throws -> Void) {
        self.wanted = wanted
        self.body = body
    }

    func beginSheet(_ sheet: ODSSheet) throws -> Bool {
        seen.append(sheet.name)
        guard let wanted else { found = true; return true }
        if sheet.name == wanted { found = true; return true }
        if caseInsensitiveMatch == nil, sheet.name.lowercased() == wanted.lowercased() { caseInsensitiveMatch = sheet.name }
        return false
    }

    func row(_ index: Int, _ cells: inout [ODSCell]) throws { try body(index, cells) }

    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws { throw ODSStopParsing() }
}

private final class AllRowsSink: ODSSink {
    let begin: (ODSSheet) throws -> Bool
    let body: (ODSSheet, Int, [ODSCell]) throws -> Void
    var sheets: [ODSSheet] = []
    var current: ODSSheet?

    init(begin: @escaping (ODSSheet) throws -> Bool, body: @escaping (ODSSheet, Int, [ODSCell]) throws -> Void) {
        self.begin = begin
        self.body = body
    }

    func beginSheet(_ sheet: ODSSheet) throws -> Bool {
        sheets.append(sheet)
        current = sheet
        return try begin(sheet)
    }

    func row(_ index: Int, _ cells: inout [ODSCell]) throws {
        if let current { try body(current, index, cells) }
    }

    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws {}
}

/// Builds grids straight from the parsed rows.
private final class GridSink: ODSSink {
    let file: String
    let wanted: String?
    let maxCells: Int
    var grids: [Grid] = []
    var sheets: [ODSSheet] = []
    var seen: [String] = []
    var caseInsensitiveMatch: String?
    private var grid = Grid(name: "")
    private var count = 0

    let stopAfterFirst: Bool

    init(file: String, wanted: String?, maxCells: Int, stopAfterFirst: Bool = false) {
        self.stopAfterFirst = stopAfterFirst
        self.file = file
        self.wanted = wanted
        self.maxCells = maxCells
    }

    func beginSheet(_ sheet: ODSSheet) throws -> Bool {
        sheets.append(sheet)
        seen.append(sheet.name)
        if let wanted, sheet.name != wanted {
            if caseInsensitiveMatch == nil, sheet.name.lowercased() == wanted.lowercased() { caseInsensitiveMatch = sheet.name }
            return false
        }
        grid = Grid(name: sheet.name)
        count = 0
        return true
    }

    func row(_ index: Int, _ cells: inout [ODSCell]) throws {
        count += cells.count
        if count > maxCells {
            throw XLSXError(.limitExceeded, SourceLocation(file: file, sheet: grid.name),
                            "the sheet has more than \(maxCells) cells; stream it with forEachRow instead")
        }
        for k in cells.indices {
            grid.set(GridCell(value: cells[k].value, fontName: cells[k].fontName, formula: cells[k].formula),
                     row: index, column: cells[k].column)
        }
    }

    func endSheet(_ sheet: ODSSheet, extras: ODSSheetExtras) throws {
        var result = grid
        grid = Grid(name: "")
        result.mergedRanges = extras.mergedRanges
        result.hyperlinks = extras.hyperlinks
        result.comments = extras.comments
        // Hidden runs only within the used part of the sheet (a trailing run may span a million rows).
        for (first, count) in extras.hiddenRowRuns where first < result.rowCount {
            for r in first..<min(first + count, result.rowCount) { result.hiddenRows.insert(r) }
        }
        for (first, count) in extras.hiddenColumnRuns where first < result.columnCount {
            for c in first..<min(first + count, result.columnCount) { result.hiddenColumns.insert(c) }
        }
        for (first, count, width) in extras.columnWidthRuns where first < result.columnCount {
            for c in first..<min(first + count, result.columnCount) { result.columnWidths[c] = width }
        }
        grids.append(result)
        if wanted != nil || stopAfterFirst { throw ODSStopParsing() }
    }
}
