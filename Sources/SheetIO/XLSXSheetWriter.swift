import SheetCore
import XLSXWriting

/// Writes rows as a one-sheet XLSX workbook through `XLSXWriting`'s streaming sheet, in bounded memory
/// (inline strings by default; shared strings on request keep the distinct texts in memory).
///
/// Text is always written as text, never as a formula. The file appears at `path` on `close()` (atomic).
public final class XLSXSheetWriter: SheetRowWriter {
    public let path: String
    private var book: XLSXWriter?
    private let sheet: StreamingWorksheet
    private var values: [CellValue] = []

    /// - Parameter sheetName: made valid for Excel (`[]:*?/\` replaced, at most 31 characters).
    public init(path: String, sheetName: String, strings: StringStorage = .inline) throws {
        self.path = path
        let book = XLSXWriter(options: XLSXWriter.Options(strings: strings))
        sheet = try book.addStreamingSheet(named: Self.validSheetName(sheetName))
        self.book = book
    }

    public func write(_ row: SheetRow) throws {
        if row.row > sheet.nextRow { try sheet.skipRows(row.row - sheet.nextRow) }
        values.removeAll(keepingCapacity: true)
        for cell in row.cells where cell.column >= values.count {
            while values.count < cell.column { values.append(.empty) }
            values.append(cell.value)
        }
        try sheet.appendRow(values)
    }

    public func close() throws {
        guard let book else { return }
        self.book = nil
        try book.write(to: path)
    }

    public func discard() {
        // Dropping the workbook deletes its spool files; nothing was written at `path`.
        book = nil
    }

    /// A sheet name Excel accepts, made from any text (a file's base name).
    public static func validSheetName(_ name: String) -> String {
        var cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        if cleaned.count > 31 { cleaned = String(cleaned.prefix(31)) }
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }
}
