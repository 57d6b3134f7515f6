import CSV
import SheetCore
import XLSXWriting

extension SheetIO {
    /// A row writer for an output path, by its extension: `.xlsx` → XLSX, `.tsv` → tab-separated, anything
    /// else → delimited text with `csv` options.
    /// - Parameter background: format and write on a thread of its own (`BackgroundRowWriter`), so a big
    ///   conversion uses a second core while the caller's thread reads; for streaming many rows.
    public static func makeRowWriter(path: String, sheetName: String, csv: CSVWriteOptions = CSVWriteOptions(),
                                     background: Bool = false) throws -> SheetRowWriter {
        let writer: SheetRowWriter
        switch SheetFileFormat.forOutput(path: path) {
        case .xlsx, .xls:  // (.xls is never an output format: `forOutput` gives .xlsx or delimited text)
            writer = try XLSXSheetWriter(path: path, sheetName: sheetName)
        case .delimitedText, .ods:   // forOutput never says .ods: we do not write OpenDocument
            writer = try CSVSheetWriter(path: path, options: csv)
        }
        return background ? BackgroundRowWriter(writer) : writer
    }

    /// Writes a grid's values to a file (`.xlsx` or delimited text by extension), atomically.
    /// Only values are written (merges, styles and the like are the XLSX writer's business).
    public static func write(_ grid: Grid, to path: String, csv: CSVWriteOptions = CSVWriteOptions()) throws {
        let writer = try makeRowWriter(path: path, sheetName: grid.name, csv: csv)
        do {
            for row in rows(of: grid) { try writer.write(row) }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A grid's cells as rows in order (rows without cells left out).
    public static func rows(of grid: Grid) -> [SheetRow] {
        var rows: [SheetRow] = []
        for (ref, cell) in grid.sortedCells where !cell.value.isEmpty {
            if rows.last?.row != ref.row {
                rows.append(SheetRow(row: ref.row, cells: [], width: grid.columnCount))
            }
            rows[rows.count - 1].cells.append(SheetCell(column: ref.column, value: cell.value, numberFormat: cell.numberFormat))
        }
        return rows
    }
}
