import CSV
import FileOutput
import Foundation
import SheetCore
import XLSXReading

/// Streams the sparse JSON cell dump of `disclosure sheet dump` (see `SheetDump`), sheet by sheet and row by
/// row, in bounded memory: `{"sheets":[{"name":"…","cells":[["A1","s","text"],["B1","n",1.5],…]}]}`.
///
/// Cells are written in the order given (rows in file order, cells in column order); the output is the
/// same text `SheetDump.json` makes for the same cells.
public final class CellDumpWriter {
    private let file: AtomicFile?
    private var buffer = ""
    private var sheetCount = 0
    private var cellCount = 0
    private var inSheet = false
    private var closed = false

    /// Writes to a file (atomically, on `close()`); nil writes to standard output.
    public init(path: String?) throws {
        file = try path.map { try AtomicFile(path: $0) }
        buffer = "{\"sheets\":["
    }

    public func beginSheet(_ name: String) throws {
        if inSheet { try endSheet() }
        if sheetCount > 0 { buffer += "," }
        buffer += "\n{\"name\":" + SheetDump.quote(name) + ",\"cells\":["
        sheetCount += 1
        cellCount = 0
        inSheet = true
    }

    public func write(_ row: SheetRow) throws {
        for cell in row.cells where !cell.value.isEmpty {
            buffer += cellCount == 0 ? "\n" : ",\n"
            cellCount += 1
            let value = cell.value
            buffer += "[\"\(CellReference(row: row.row, column: cell.column))\",\"\(SheetDump.typeCode(value))\","
            switch value {
            case .empty: buffer += "null"
            case .string(let s), .error(let s): buffer += SheetDump.quote(s)
            case .number(let d, _): buffer += d.isFinite ? CellValue.format(number: d) : "null"
            case .bool(let b): buffer += b ? "true" : "false"
            case .date(let d): buffer += SheetDump.quote(d.iso8601)
            }
            buffer += "]"
        }
        if buffer.utf8.count > 1 << 18 { try flush() }
    }

    public func endSheet() throws {
        guard inSheet else { return }
        buffer += "]}"
        inSheet = false
    }

    public func close() throws {
        guard !closed else { return }
        try endSheet()
        buffer += "]}\n"
        try flush()
        closed = true
        try file?.commit()
    }

    public func discard() {
        closed = true
        file?.discard()
    }

    private func flush() throws {
        let data = Data(buffer.utf8)
        if let file {
            try data.withUnsafeBytes { try file.write($0) }
        } else {
            FileHandle.standardOutput.write(data)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
