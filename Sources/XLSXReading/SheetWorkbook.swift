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

extension XLSXWorkbook: SheetWorkbook {
    public func forEachRow(in sheet: SheetInfo, _ body: (_ row: Int, _ cells: [ReadCell]) throws -> Void) throws {
        try forEachRow(in: sheet, formulas: false, body)
    }
}
