import CSV
import DisclosureCatalog
import Foundation
import SheetCore
import XLSXReading

extension Roster {
    /// Reads a roster file: XLSX (every sheet tried in order) or CSV (any encoding the CSV reader detects).
    /// The format is told by the file's magic bytes.
    /// - Throws: `MergeError` `.roster` with the file (and the reader's located message) when it cannot be read.
    public init(contentsOf url: URL) throws(MergeError) {
        let path = url.path
        func fail(_ detail: String) -> MergeError {
            MergeError(.roster, location: SourceLocation(file: path),
                       message: LocalizedText(zh: "无法读取名单：\(detail)", en: "cannot read the roster: \(detail)"))
        }
        var grids: [Grid] = []
        do {
            if try SpreadsheetFormat.detect(path: path) == .zip {
                let workbook = try XLSXWorkbook(path: path)
                for sheet in workbook.sheets where sheet.kind == .worksheet {
                    grids.append(try workbook.grid(sheet))
                }
            } else {
                let rows = try CSVReader(path: path).readAll()
                var grid = Grid(name: url.lastPathComponent)
                for (r, row) in rows.enumerated() {
                    for (c, text) in row.enumerated() where !text.isEmpty { grid[r, c] = GridCell(value: .string(text)) }
                }
                grids.append(grid)
            }
        } catch {
            throw fail("\(error)")
        }
        try self.init(grids: grids, file: path)
    }
}
