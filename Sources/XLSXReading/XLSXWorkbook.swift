import SheetCore
import XMLStream
import ZipArchive

/// A sheet of a workbook as listed in `xl/workbook.xml`.
public struct SheetInfo: Sendable, Hashable {
    public enum Visibility: String, Sendable, Hashable {
        case visible, hidden, veryHidden
    }
    public enum Kind: String, Sendable, Hashable {
        /// An ordinary worksheet with cells.
        case worksheet
        /// A chart sheet: no cells.
        case chartsheet
        /// A dialog or macro sheet (read as a worksheet when its part is a worksheet).
        case other
    }

    public var name: String
    /// 0-based position in tab order.
    public var index: Int
    public var visibility: Visibility
    /// The resolved part name (`xl/worksheets/sheet1.xml`), nil when the relationship is missing.
    public var part: String?
    public var kind: Kind

    public init(name: String, index: Int, visibility: Visibility, part: String?, kind: Kind) {
        self.name = name; self.index = index; self.visibility = visibility; self.part = part; self.kind = kind
    }
}

/// An `.xlsx`/`.xlsm`/`.xltx` workbook opened for reading. Cells are streamed from the zip through libxml2's
/// SAX2 parser; nothing is extracted to disk and no DOM is built.
///
/// Not thread-safe: use one `XLSXWorkbook` per thread (opening is cheap).
public final class XLSXWorkbook {
    public let path: String
    public let limits: XLSXLimits
    /// The sheets in tab order.
    public let sheets: [SheetInfo]
    /// True when the workbook uses the 1904 date system.
    public let uses1904DateSystem: Bool
    /// The defined names, in file order (built-in ones such as `_xlnm.Print_Area` included).
    public let definedNames: [DefinedName]
    /// The workbook part's name (usually `xl/workbook.xml`).
    public let workbookPart: String

    let package: PackageReader
    private let sharedStringsPart: String?
    private let stylesPart: String?
    private var loadedSharedStrings: [String]?
    private var loadedStyles: [CellStyle]?
    /// Worksheet parts at least this big (inflated as declared, or compressed) are parsed on two cores
    /// (`WorksheetSegments.swift`); tests lower it.
    var parallelThreshold = WorksheetParallelParse.threshold
    /// The size of a segment of rows in a parallel parse.
    var parallelSegmentBytes = WorksheetSplitter.segmentBytes
    /// How the last worksheet parse went (for tests): segments parsed alone, or nil when it was sequential
    /// (too small, or fell back).
    private(set) var lastParallelSegments: Int?

    /// Opens a workbook: checks the magic bytes, follows `_rels/.rels` → officeDocument → workbook relationships.
    /// - Throws: `XLSXError` — `.cannotOpen`, `.notASpreadsheet`, `.encrypted`, `.legacyXLS`, `.corruptPackage`,
    ///   `.missingPart`, `.malformedXML`, `.limitExceeded`.
    public init(path: String, limits: XLSXLimits = .default) throws {
        self.path = path
        self.limits = limits
        let package = try Self.openPackage(path: path, limits: limits)
        self.package = package

        let rootRelationships = try Relationships.read(for: "", in: package)
        var workbookPart = rootRelationships.first { $0.type == "officeDocument" && !$0.isExternal }?.target
        if workbookPart == nil || !package.has(workbookPart!) {
            workbookPart = ["xl/workbook.xml", "xl/workbook.bin"].first { package.has($0) }
        }
        guard let workbookPart, package.has(workbookPart) else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: "xl/workbook.xml"),
                            "no workbook part: _rels/.rels names no officeDocument and xl/workbook.xml is absent (not an .xlsx package?)",
                            zh: "没有工作簿部件：_rels/.rels 未指明 officeDocument，也没有 xl/workbook.xml（不是 .xlsx 文件？）")
        }
        if workbookPart.lowercased().hasSuffix(".bin") {
            throw XLSXError(.unsupported, SourceLocation(file: path, part: workbookPart),
                            "this is a binary .xlsb workbook: save it as .xlsx",
                            zh: "这是二进制 .xlsb 工作簿：请另存为 .xlsx")
        }
        let storedWorkbookPart = package.storedName(workbookPart) ?? workbookPart
        self.workbookPart = storedWorkbookPart
        let relationships = try Relationships.read(for: storedWorkbookPart, in: package)
        var byID: [String: Relationship] = [:]
        for relationship in relationships where byID[relationship.id] == nil { byID[relationship.id] = relationship }
        let workbook = try WorkbookPart.read(part: storedWorkbookPart, in: package)
        uses1904DateSystem = workbook.date1904
        definedNames = workbook.definedNames
        sharedStringsPart = relationships.first { $0.type == "sharedStrings" && package.has($0.target) }?.target
            ?? ["xl/sharedStrings.xml"].first { package.has($0) }
        stylesPart = relationships.first { $0.type == "styles" && package.has($0.target) }?.target
            ?? ["xl/styles.xml"].first { package.has($0) }
        sheets = workbook.sheets.enumerated().map { index, entry in
            let relationship = byID[entry.relationshipID]
            let visibility: SheetInfo.Visibility = switch entry.state {
            case "hidden": .hidden
            case "veryHidden": .veryHidden
            default: .visible
            }
            let kind: SheetInfo.Kind = switch relationship?.type {
            case "worksheet": .worksheet
            case "chartsheet": .chartsheet
            case nil: .worksheet
            default: .other
            }
            return SheetInfo(name: entry.name, index: index, visibility: visibility,
                             part: relationship.map { $0.isExternal ? nil : $0.target } ?? nil, kind: kind)
        }
    }

    /// Opens the zip package, reading the file once: the format is told by the magic bytes the zip reader
    /// read. A file that does not start like a zip, or that libzip cannot open, gets the full detection
    /// (`SpreadsheetFormat.detect`) so that encrypted, legacy and other files get their precise error.
    private static func openPackage(path: String, limits: XLSXLimits) throws -> PackageReader {
        let package: PackageReader
        do {
            package = try PackageReader(path: path, limits: limits)
        } catch {
            if let formatError = try SpreadsheetFormat.detect(path: path).unreadableError(path: path) { throw formatError }
            throw error
        }
        // libzip also opens files with data before the archive (a self-extractor); those are not workbooks.
        if !SpreadsheetFormat.startsLikeZip(package.leadingBytes),
           let formatError = try SpreadsheetFormat.detect(path: path).unreadableError(path: path) {
            throw formatError
        }
        return package
    }

    /// The sheet called `name` (exact match first, then case-insensitive as Excel compares sheet names).
    /// - Throws: `XLSXError.Kind.noSuchSheet`.
    public func sheet(named name: String) throws -> SheetInfo {
        if let sheet = sheets.first(where: { $0.name == name }) { return sheet }
        if let sheet = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) { return sheet }
        throw XLSXError(.noSuchSheet, SourceLocation(file: path),
                        "no sheet named \"\(name)\" (sheets: \(sheets.map(\.name).joined(separator: ", ")))",
                        zh: "没有名为“\(name)”的工作表（现有工作表：\(sheets.map(\.name).joined(separator: "、"))）")
    }

    /// The shared-string table, read on first use.
    public func sharedStrings() throws -> [String] {
        if let loadedSharedStrings { return loadedSharedStrings }
        let strings = try sharedStringsPart.map { try SharedStrings.read(part: $0, in: package) } ?? []
        loadedSharedStrings = strings
        return strings
    }

    /// The cell styles (`cellXfs`) cells refer to with `ReadCell.styleIndex`, read on first use.
    public func cellStyles() throws -> [CellStyle] {
        if let loadedStyles { return loadedStyles }
        let styles = try stylesPart.map { try Styles.readMemoized(part: $0, in: package) } ?? []
        loadedStyles = styles
        return styles
    }

    /// Streams the non-empty cells of a sheet row by row, in file order, in bounded memory.
    ///
    /// `body` gets the 0-based row and that row's cells (column order as in the file); the array is reused
    /// between calls, so copy it to keep it. Rows without cells are skipped. Chart sheets have no rows.
    /// - Parameter formulas: also collect formula text (`ReadCell.formula`); off by default for speed.
    /// - Throws: `XLSXError` (located at the part's line:column or at sheet!cell), or what `body` throws.
    public func forEachRow(in sheet: SheetInfo, formulas: Bool = false,
                           _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws {
        _ = try parseSheet(sheet, formulas: formulas) { row, cells in try body(row, cells) }
    }

    /// What parsing a worksheet takes: its part and entry, the shared strings and the cell styles.
    /// - Throws: `XLSXError.Kind.missingPart` when the relationships do not name the sheet's part.
    private func worksheetInputs(_ sheet: SheetInfo) throws -> (part: String, entry: ZipEntry, strings: [String], styles: [CellStyle]) {
        guard let part = sheet.part else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: workbookPart, sheet: sheet.name),
                            "the workbook's relationships do not say where this sheet's part is",
                            zh: "工作簿的关系部件未指明此工作表的位置")
        }
        let strings = try sharedStrings()
        let styles = try cellStyles()
        return (part, try package.entry(part, sheet: sheet.name), strings, styles)
    }

    /// Streams a sheet's rows to `body`, which may move values out of the cells it gets (they are dropped
    /// after the call).
    func parseSheet(_ sheet: SheetInfo, formulas: Bool,
                    _ body: (_ row: Int, _ cells: inout [ReadCell]) throws -> Void) throws -> SheetExtras {
        guard sheet.kind != .chartsheet else { return SheetExtras() }
        let (part, entry, strings, styles) = try worksheetInputs(sheet)
        func parse(_ body: (_ row: Int, _ cells: inout [ReadCell]) throws -> Void,
                   _ feed: (WorksheetParser) throws -> Void) throws -> SheetExtras {
            try withoutActuallyEscaping(body) { body in
                let parser = WorksheetParser(file: path, part: entry.name, sheet: sheet.name,
                                             sharedStrings: strings, styles: styles, date1904: uses1904DateSystem,
                                             collectFormulas: formulas, maxAnnotations: limits.maxSheetAnnotations, onRow: body)
                try feed(parser)
                return parser.extras
            }
        }
        // A small sheet of a workbook without shared strings: its parse may be one another workbook made.
        if strings.isEmpty {
            let context = SheetParseContext(styles: styles, date1904: uses1904DateSystem, formulas: formulas, limits: limits)
            let memoized = try package.memoized(entry, kind: .worksheet, in: PartMemos.sheets, context: context) { bytes, record in
                var rows: [(row: Int, cells: [ReadCell])] = []
                let recordingBody: (Int, inout [ReadCell]) throws -> Void = { row, cells in
                    if record { rows.append((row, cells)) }
                    try body(row, &cells)
                }
                let extras = try parse(recordingBody) { parser in
                    try package.parse(entry, bytes: bytes, names: WorksheetParser.names, handler: parser)
                }
                return SheetRecording(rows: rows, grid: nil, extras: extras)
            }
            if let memoized {
                if memoized.hit {
                    for (row, cells) in memoized.value.rows {
                        var cells = cells
                        try body(row, &cells)
                    }
                }
                return memoized.value.extras
            }
        }
        lastParallelSegments = nil
        if max(entry.declaredSize, entry.compressedSize) >= parallelThreshold {
            // On two cores; whatever goes wrong there, the sequential parse gives the answer (or the located
            // error), not repeating the rows already delivered.
            var delivered = 0
            do {
                var segments = 0
                let extras = try parse({ row, cells in
                    do { try body(row, &cells) } catch { throw SinkFailure(error: error) }
                    delivered += 1
                }) { parser in
                    segments = try WorksheetParallelParse.parse(package: package, entry: entry, master: parser, segmentBytes: parallelSegmentBytes)
                }
                lastParallelSegments = segments
                return extras
            } catch let failure as SinkFailure {
                throw failure.error
            } catch {
                var skip = delivered
                return try parse({ row, cells in
                    if skip > 0 { skip -= 1; return }
                    try body(row, &cells)
                }) { parser in
                    try package.parse(part, kind: .worksheet, names: WorksheetParser.names, handler: parser, sheet: sheet.name)
                }
            }
        }
        return try parse(body) { parser in
            try package.parse(part, kind: .worksheet, names: WorksheetParser.names, handler: parser, sheet: sheet.name)
        }
    }

    /// Reads a whole sheet into a `Grid`: values, formulas, number formats, font names, merged ranges, list
    /// validations, hyperlinks, comments, column widths, hidden rows and columns.
    ///
    /// For the small sheets of catalogs and returns; stream big sheets with `forEachRow`.
    /// - Throws: `XLSXError` (`.limitExceeded` past `limits.maxGridCells`).
    public func grid(_ sheet: SheetInfo) throws -> Grid {
        let (parsed, extras) = try parseGrid(sheet)
        var grid = parsed
        if let part = sheet.part, sheet.kind != .chartsheet {
            let relationships = try Relationships.read(for: package.storedName(part) ?? part, in: package)
            var byID: [String: Relationship] = [:]
            for relationship in relationships where byID[relationship.id] == nil { byID[relationship.id] = relationship }
            for link in extras.hyperlinks {
                var target = link.relationshipID.flatMap { byID[$0]?.target } ?? ""
                if let location = link.location, !location.isEmpty { target += "#" + location }
                guard !target.isEmpty else { continue }
                if link.range.rowCount * link.range.columnCount <= 10_000 {
                    for r in link.range.start.row...link.range.end.row {
                        for c in link.range.start.column...link.range.end.column {
                            grid.hyperlinks[CellReference(row: r, column: c)] = target
                        }
                    }
                } else {
                    grid.hyperlinks[link.range.start] = target
                }
            }
            for relationship in relationships where relationship.type == "comments" && !relationship.isExternal && package.has(relationship.target) {
                for (cell, text) in try Comments.read(part: relationship.target, in: package) {
                    grid.comments[cell] = text
                }
            }
        }
        return grid
    }

    /// A sheet's cells and extras read into a grid (hyperlinks and comments not yet resolved): from the part
    /// memo when another workbook had the same part bytes, else parsed straight into the grid.
    private func parseGrid(_ sheet: SheetInfo) throws -> (Grid, SheetExtras) {
        guard sheet.kind != .chartsheet else { return (Grid(name: sheet.name), SheetExtras()) }
        let (part, entry, strings, styles) = try worksheetInputs(sheet)
        func parse(_ feed: (WorksheetParser) throws -> Void) throws -> (Grid, SheetExtras) {
            let builder = GridBuilder(sheet: sheet.name, file: path, styles: styles, maxCells: limits.maxGridCells)
            let parser = WorksheetParser(file: path, part: entry.name, sheet: sheet.name, sharedStrings: strings,
                                         styles: styles, date1904: uses1904DateSystem, collectFormulas: true,
                                         maxAnnotations: limits.maxSheetAnnotations, grid: builder)
            try feed(parser)
            let extras = parser.extras
            return (builder.finish(extras), extras)
        }
        // A small sheet of a workbook without shared strings: its grid may be one another workbook made.
        if strings.isEmpty {
            let context = SheetParseContext(styles: styles, date1904: uses1904DateSystem, formulas: true, limits: limits, grid: true)
            let memoized = try package.memoized(entry, kind: .worksheet, in: PartMemos.sheets, context: context) { bytes, _ in
                let (grid, extras) = try parse { parser in
                    try package.parse(entry, bytes: bytes, names: WorksheetParser.names, handler: parser)
                }
                return SheetRecording(rows: [], grid: grid, extras: extras)
            }
            if let memoized, var grid = memoized.value.grid {
                grid.name = sheet.name
                return (grid, memoized.value.extras)
            }
        }
        lastParallelSegments = nil
        if max(entry.declaredSize, entry.compressedSize) >= parallelThreshold {
            // On two cores; whatever goes wrong there, a fresh sequential parse gives the grid or the error.
            var segments = 0
            if let result = try? parse({ parser in
                segments = try WorksheetParallelParse.parse(package: package, entry: entry, master: parser, segmentBytes: parallelSegmentBytes)
            }) {
                lastParallelSegments = segments
                return result
            }
        }
        return try parse { parser in
            try package.parse(part, kind: .worksheet, names: WorksheetParser.names, handler: parser, sheet: sheet.name)
        }
    }

    /// Reads the sheet called `name` into a `Grid`.
    public func grid(named name: String) throws -> Grid {
        try grid(sheet(named: name))
    }
}
