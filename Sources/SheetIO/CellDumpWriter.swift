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
    private let writer: SheetDump.Writer
    private var closed = false

    /// Writes to a file (atomically, on `close()`); nil writes to standard output.
    public init(path: String?) throws {
        let file = try path.map { try AtomicFile(path: $0) }
        self.file = file
        writer = SheetDump.Writer(chunk: 1 << 18) { bytes in
            if let file {
                try file.write(UnsafeRawBufferPointer(bytes))
            } else {
                FileHandle.standardOutput.write(Data(buffer: bytes))
            }
        }
    }

    public func beginSheet(_ name: String) throws {
        writer.beginSheet(name)
        try writer.checkSink()
    }

    public func write(_ row: SheetRow) throws {
        for cell in row.cells where !cell.value.isEmpty {
            writer.cell(CellReference(row: row.row, column: cell.column), cell.value)
        }
        try writer.checkSink()
    }

    /// Nothing to do: a sheet's cells end where the next sheet or the document begins.
    public func endSheet() throws {}

    public func close() throws {
        guard !closed else { return }
        closed = true
        try writer.finish()
        try file?.commit()
    }

    public func discard() {
        closed = true
        file?.discard()
    }
}
