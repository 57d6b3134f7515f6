import SheetCore

/// A workbook whose sheets can be listed, streamed row by row and read into grids, whatever its file format
/// (`XLSXWorkbook` for .xlsx, `XLSWorkbook` for .xls). Errors are `XLSXError`s, located alike.
public protocol SheetWorkbook: AnyObject {
    /// The file as given.
    var path: String { get }
    /// The sheets in tab order.
    var sheets: [SheetInfo] { get }
    /// The sheet called `name` (exact match first, then case-insensitive). Throws `.noSuchSheet`.
    func sheet(named name: String) throws -> SheetInfo
    /// The cell styles `ReadCell.styleIndex` refers to.
    func cellStyles() throws -> [CellStyle]
    /// Streams the cells of a sheet row by row in file order (rows without cells skipped; the array is reused).
    func forEachRow(in sheet: SheetInfo, _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws
    /// The range spanning every non-empty cell of a sheet, nil when it has none.
    func usedRange(_ sheet: SheetInfo) throws -> CellRange?
    /// Reads a whole sheet into a `Grid`.
    func grid(_ sheet: SheetInfo) throws -> Grid
}

extension SheetWorkbook {
    /// The range spanning every non-empty cell of a sheet (a `<dimension>` or DIMENSIONS record is not
    /// trusted), nil for an empty sheet.
    public func usedRange(_ sheet: SheetInfo) throws -> CellRange? {
        var minRow = Int.max, minColumn = Int.max, maxRow = -1, maxColumn = -1
        try forEachRow(in: sheet) { row, cells in
            for cell in cells where !cell.value.isEmpty {
                minRow = min(minRow, row); maxRow = max(maxRow, row)
                minColumn = min(minColumn, cell.column); maxColumn = max(maxColumn, cell.column)
            }
        }
        guard maxRow >= 0 else { return nil }
        return CellRange(start: CellReference(row: minRow, column: minColumn), end: CellReference(row: maxRow, column: maxColumn))
    }
}

extension XLSXWorkbook: SheetWorkbook {
    public func forEachRow(in sheet: SheetInfo, _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws {
        try forEachRow(in: sheet, formulas: false, body)
    }
}
