import CSV
import Foundation

extension MergeResult {
    /// File names of the CSV export, one per sheet, in sheet order.
    public static let csvFileNames = ["summary.csv", "details.csv", "channels.csv", "deadlines.csv", "findings.csv",
                                      "missing.csv", "conflicts.csv", "inputs.csv"]

    /// Each sheet as UTF-8 CSV (with BOM, CRLF, formula guard on text), keyed by `csvFileNames`.
    public func csvFiles() throws -> [(name: String, bytes: [UInt8])] {
        try zip(Self.csvFileNames, sheets).map { name, sheet in
            let writer = try CSVWriter()
            try writer.writeRecord(sheet.columns.map(\.header))
            for row in sheet.rows { try writer.writeRow(row) }
            try writer.close()
            return (name, writer.bytes)
        }
    }
}
