import SheetCore
import XLSXReading

/// An Excel 97–2003 workbook (`.xls`, BIFF8; also Excel 5/95's BIFF5 and WPS `.et` files that hold a BIFF
/// workbook stream) opened for reading, in pure Swift: the compound file ([MS-CFB]) and the BIFF records
/// ([MS-XLS]) are read by our own code.
///
/// Opening reads the compound file's tables and the `Workbook` (or `Book`) stream into memory (an .xls is
/// at most some tens of MB), then the workbook globals: sheets, date system, code page, fonts, number
/// formats and shared strings. A sheet's records are read when it is asked for. Errors are `XLSXError`s
/// located at the file, the stream and the record's byte offset (and sheet!cell where there is one).
///
/// Not thread-safe: use one `XLSWorkbook` per thread.
public final class XLSWorkbook: SheetWorkbook {
    public let path: String
    public let limits: XLSXLimits
    /// The sheets in tab order (worksheets, plus chart and macro sheets as the workbook lists them).
    public let sheets: [SheetInfo]
    /// True when the workbook uses the 1904 date system (DATEMODE).
    public let uses1904DateSystem: Bool
    /// True for BIFF8 (Excel 97–2003), false for BIFF5 (Excel 5/95).
    public let isBIFF8: Bool

    private let stream: BIFFStream
    private let globals: WorkbookGlobals
    private let styles: [CellStyle]
    private let dateKinds: [DateTimeValue.Kind?]

    /// The largest workbook stream read (the .xls format itself stays far below).
    public static let maxStreamBytes: UInt64 = 1 << 30

    /// Opens an .xls workbook.
    /// - Throws: `XLSXError` — `.cannotOpen`, `.notASpreadsheet` (no CFB signature, or no workbook stream),
    ///   `.encrypted` (FILEPASS), `.unsupported` (BIFF2–4), `.corruptPackage`, `.limitExceeded`.
    public init(path: String, limits: XLSXLimits = .default) throws {
        self.path = path
        self.limits = limits
        let container = try CompoundFile(path: path)
        if container.stream(named: ["EncryptedPackage", "EncryptionInfo"]) != nil {
            throw XLSXError(.encrypted, SourceLocation(file: path),
                            "the workbook is password protected (encrypted): remove the password in Excel/WPS and save it again",
                            zh: "此工作簿设有密码（已加密）：请在 Excel/WPS 中取消密码后重新保存")
        }
        guard let entry = container.stream(named: ["Workbook", "Book"]) else {
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path),
                            "not a spreadsheet: a CFB/OLE file without a workbook stream",
                            zh: "不是电子表格（OLE 复合文档，但不含工作簿）", format: .xls)
        }
        var stream = BIFFStream(bytes: try container.read(entry, maxBytes: Self.maxStreamBytes), path: path, streamName: entry.name)
        let globals = try WorkbookGlobals.read(&stream)
        self.stream = stream
        self.globals = globals
        isBIFF8 = stream.isBIFF8
        uses1904DateSystem = globals.date1904
        sheets = globals.sheets.enumerated().map { index, sheet in
            let kind: SheetInfo.Kind = switch sheet.type {
            case 0: .worksheet
            case 2: .chartsheet
            default: .other
            }
            return SheetInfo(name: sheet.name, index: index, visibility: sheet.visibility, part: nil, kind: kind)
        }
        styles = globals.xfs.map { xf in
            XLSNumberFormat.cellStyle(formatID: xf.format, customFormats: globals.formats, fontName: globals.fontName(xf.font))
        }
        dateKinds = styles.map(\.numberFormat.dateKind)
    }

    /// The sheet called `name` (exact match first, then case-insensitive as Excel compares sheet names).
    /// - Throws: `XLSXError.Kind.noSuchSheet`.
    public func sheet(named name: String) throws -> SheetInfo {
        if let sheet = sheets.first(where: { $0.name == name }) { return sheet }
        if let sheet = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) { return sheet }
        throw XLSXError(.noSuchSheet, SourceLocation(file: path),
                        "no sheet named \"\(name)\" (sheets: \(sheets.map(\.name).joined(separator: ", ")))")
    }

    /// The shared-string table (SST).
    public var sharedStrings: [String] { globals.sharedStrings }

    /// The cell formats (XF records) cells refer to with `ReadCell.styleIndex`: number format and font name
    /// (fills, borders and alignment are not read from .xls).
    public func cellStyles() throws -> [CellStyle] { styles }

    /// Streams the non-empty cells of a sheet row by row, in file order; the array is reused between calls.
    /// Chart sheets have no rows.
    /// - Throws: `XLSXError` located at the record, or what `body` throws.
    public func forEachRow(in sheet: SheetInfo, _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws {
        guard sheet.kind != .chartsheet else { return }
        var currentRow = -1
        var cells: [ReadCell] = []
        _ = try records(sheet).parse(from: globals.sheets[sheet.index].offset) { row, column, value, xf in
            if row != currentRow {
                if !cells.isEmpty { try body(currentRow, cells) }
                cells.removeAll(keepingCapacity: true)
                currentRow = row
            }
            cells.append(ReadCell(column: column, value: value, styleIndex: xf))
        }
        if !cells.isEmpty { try body(currentRow, cells) }
    }

    /// Reads a whole sheet into a `Grid`: values (dates by the cell's number format), number formats, font
    /// names, merged ranges, hidden rows and columns, column widths. A chart sheet gives an empty grid.
    /// - Throws: `XLSXError` (`.limitExceeded` past `limits.maxGridCells`).
    public func grid(_ sheet: SheetInfo) throws -> Grid {
        var grid = Grid(name: sheet.name)
        guard sheet.kind != .chartsheet else { return grid }
        var count = 0
        let maxCells = limits.maxGridCells
        let styles = self.styles.map { (fontName: $0.font.name, numberFormat: $0.numberFormat.shownCode) }
        let extras = try records(sheet).parse(from: globals.sheets[sheet.index].offset) { row, column, value, xf in
            count += 1
            if count > maxCells {
                throw XLSXError(.limitExceeded, SourceLocation(file: path, part: stream.streamName, sheet: sheet.name),
                                "the sheet has more than \(maxCells) cells; stream it with forEachRow instead")
            }
            if xf < styles.count {
                grid.set(GridCell(value: value, fontName: styles[xf].fontName, numberFormat: styles[xf].numberFormat), row: row, column: column)
            } else {
                grid.set(GridCell(value: value), row: row, column: column)
            }
        }
        grid.mergedRanges = extras.mergedRanges
        grid.hiddenRows = extras.hiddenRows
        grid.hiddenColumns = extras.hiddenColumns
        grid.columnWidths = extras.columnWidths
        return grid
    }

    /// Reads the sheet called `name` into a `Grid`.
    public func grid(named name: String) throws -> Grid {
        try grid(sheet(named: name))
    }

    private func records(_ sheet: SheetInfo) -> SheetRecords {
        SheetRecords(stream: stream, sheetName: sheet.name, sharedStrings: globals.sharedStrings, dateKinds: dateKinds,
                     date1904: uses1904DateSystem, maxAnnotations: limits.maxSheetAnnotations)
    }
}
