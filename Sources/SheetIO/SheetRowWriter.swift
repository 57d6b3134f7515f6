import CSV
import SheetCore

/// Writes a sheet row by row in bounded memory, to any output format.
///
/// Rows must come in increasing `row` order; gaps become empty rows. Nothing is visible at the target path
/// before `close()` (atomic write); `discard()` abandons the output.
public protocol SheetRowWriter: AnyObject {
    func write(_ row: SheetRow) throws
    func close() throws
    func discard()
}

/// Writes rows as delimited text.
///
/// Rows are padded with empty fields to the widest row seen so far (so a table whose first row is its
/// widest comes out rectangular); missing rows become rows of empty fields. Text is subject to the
/// formula guard (`CSVWriteOptions.formulaGuard`); numbers are written in full precision (their stored
/// text when known), dates as their number format shows them, booleans as TRUE/FALSE.
public final class CSVSheetWriter: SheetRowWriter {
    private let writer: CSVWriter
    private var nextRow = 0
    private var width = 0
    private let dates = DateDisplay.Cache()

    public init(path: String, options: CSVWriteOptions = CSVWriteOptions()) throws {
        writer = try CSVWriter(path: path, options: options)
    }

    /// Writes to memory (see `bytes` after `close()`).
    public init(options: CSVWriteOptions = CSVWriteOptions()) throws {
        writer = try CSVWriter(options: options)
    }

    /// The output when writing to memory.
    public var bytes: [UInt8] { writer.bytes }

    public func write(_ row: SheetRow) throws {
        width = max(width, row.width, (row.cells.last?.column ?? -1) + 1)
        while nextRow < row.row {
            try writeEmptyRow()
        }
        var column = 0
        for cell in row.cells where cell.column >= column {
            while column < cell.column {
                try writer.write(field: "", isText: false)
                column += 1
            }
            switch cell.value {
            case .string(let s): try writer.write(field: s)
            case .date(let d): try writer.write(field: dates.text(d, formatCode: cell.numberFormat), isText: false)
            default: try writer.write(field: cell.value.text, isText: false)
            }
            column += 1
        }
        while column < width {
            try writer.write(field: "", isText: false)
            column += 1
        }
        try writer.endRecord()
        nextRow = row.row + 1
    }

    private func writeEmptyRow() throws {
        for _ in 0..<max(width, 1) { try writer.write(field: "", isText: false) }
        try writer.endRecord()
        nextRow += 1
    }

    public func close() throws { try writer.close() }
    public func discard() { writer.discard() }
}
