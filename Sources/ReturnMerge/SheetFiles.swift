import CSV
import Foundation
import SheetCore
import XLSXReading

/// Loads a small spreadsheet file (a return or a roster) as grids: every worksheet of an XLSX, or the one
/// table of a CSV (encoding detected by the CSV reader). The format is told by magic bytes.
enum SheetFiles {
    enum Failure: Error {
        /// The file cannot be read as a spreadsheet; the text says why (located by the reader).
        case unreadable(String)
    }

    struct Loaded {
        var grids: [Grid]
        var isCSV: Bool
    }

    static func load(path: String, displayPath: String) throws(Failure) -> Loaded {
        let format: SpreadsheetFormat
        do { format = try SpreadsheetFormat.detect(path: path) } catch { throw .unreadable("\(error)") }
        switch format {
        case .zip:
            do {
                let workbook = try XLSXWorkbook(path: path)
                var grids: [Grid] = []
                for sheet in workbook.sheets where sheet.kind == .worksheet { grids.append(try workbook.grid(sheet)) }
                return Loaded(grids: grids, isCSV: false)
            } catch {
                throw .unreadable("\(error)")
            }
        case .legacyXLS:
            throw .unreadable("legacy .xls workbook; save it as .xlsx")
        case .encryptedOOXML:
            throw .unreadable("password-protected workbook")
        case .otherCFB:
            throw .unreadable("an OLE document, not a spreadsheet")
        case .other:
            guard path.lowercased().hasSuffix(".csv") else { throw .unreadable("not an XLSX package (no zip signature)") }
            do {
                let rows = try CSVReader(path: path).readAll()
                var grid = Grid(name: (displayPath as NSString).lastPathComponent)
                for (r, row) in rows.enumerated() {
                    for (c, text) in row.enumerated() where !text.isEmpty { grid[r, c] = GridCell(value: .string(text)) }
                }
                return Loaded(grids: [grid], isCSV: true)
            } catch {
                throw .unreadable("\(error)")
            }
        }
    }
}
