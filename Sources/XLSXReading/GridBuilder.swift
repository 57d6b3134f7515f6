import SheetCore

/// Where `XLSXWorkbook.grid` has a worksheet's cells go: straight into a `Grid` as the parser ends each
/// cell, without collecting rows of `ReadCell`s first (one copy of each value instead of four).
final class GridBuilder {
    /// Unchecked: only the parse that owns this builder touches it, one cell at a time.
    @exclusivity(unchecked) private var grid: Grid
    /// Font name and number format by style index.
    private let styles: [(fontName: String?, numberFormat: String?)]
    private let maxCells: Int
    private let file: String
    private let sheet: String
    private var count = 0

    init(sheet: String, file: String, styles: [CellStyle], maxCells: Int) {
        grid = Grid(name: sheet)
        self.styles = styles.map { (fontName: $0.font.name, numberFormat: $0.numberFormat.shownCode) }
        self.maxCells = maxCells
        self.file = file
        self.sheet = sheet
    }

    /// Stores one cell (a later cell at the same position replaces an earlier one).
    /// - Throws: `XLSXError.Kind.limitExceeded` past `maxCells` cells.
    @inline(__always)
    func add(row: Int, column: Int, value: consuming CellValue, styleIndex: Int, formula: consuming String?) throws {
        count += 1
        if count > maxCells {
            throw XLSXError(.limitExceeded, SourceLocation(file: file, sheet: sheet),
                            "the sheet has more than \(maxCells) cells; stream it with forEachRow instead")
        }
        if styleIndex >= 0 && styleIndex < styles.count {
            grid.set(GridCell(value: consume value, fontName: styles[styleIndex].fontName, formula: consume formula,
                              numberFormat: styles[styleIndex].numberFormat), row: row, column: column)
        } else {
            grid.set(GridCell(value: consume value, formula: consume formula), row: row, column: column)
        }
    }

    /// Makes room for the cells of the `<dimension>` the sheet declares (a hint only: not trusted).
    func reserve(for dimension: CellRange) {
        grid.reserveCapacity(rows: dimension.end.row + 1, columns: dimension.end.column + 1)
    }

    /// The grid with the sheet's extras applied (merged ranges, list validations, hidden rows and columns,
    /// widths); hyperlinks and comments are resolved by the caller.
    func finish(_ extras: SheetExtras) -> Grid {
        var result = grid
        grid = Grid(name: sheet)
        result.mergedRanges = extras.mergedRanges
        result.listValidations = extras.listValidations
        result.hiddenRows = extras.hiddenRows
        result.hiddenColumns = extras.hiddenColumns
        result.columnWidths = extras.columnWidths
        return result
    }
}
