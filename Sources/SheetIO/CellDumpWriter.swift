import CSV
import Foundation
import SheetCore
import XLSXReading

/// Streams the sparse JSON cell dump of `disclosure sheet dump` and `convert … .json` (see `SheetDump`),
/// sheet by sheet and cell by cell, in bounded memory:
/// `{"sheets":[{"name":"…","cells":[["A1","s","text"],["B1","n",1.5],…]}]}`.
///
/// Cells are written in the order given; the output is the same text `SheetDump.json` makes for the same
/// cells. The text is built as bytes (no intermediate strings for references, type codes and plain text),
/// which is what keeps a 1.2-million-cell dump fast.
public final class CellDumpWriter: SheetRowWriter {
    private let file: AtomicFile?
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var sheetCount = 0
    private var cellCount = 0
    private var inSheet = false
    private var closed = false
    private static let flushSize = 1 << 20

    /// Writes to a file (atomically, on `close()`); nil writes to standard output.
    public init(path: String?) throws {
        file = try path.map { try AtomicFile(path: $0) }
        descriptor = STDOUT_FILENO
        buffer.reserveCapacity(Self.flushSize + 4096)
        append("{\"sheets\":[")
    }

    public func beginSheet(_ name: String) throws {
        if inSheet { try endSheet() }
        if sheetCount > 0 { buffer.append(UInt8(ascii: ",")) }
        append("\n{\"name\":")
        appendQuoted(name)
        append(",\"cells\":[")
        sheetCount += 1
        cellCount = 0
        inSheet = true
    }

    /// The non-empty cells of a row, in the row's order.
    public func write(_ row: SheetRow) throws {
        for cell in row.cells where !cell.value.isEmpty {
            appendCell(row: row.row, column: cell.column, cell.value)
        }
        if buffer.count > Self.flushSize { try flush() }
    }

    /// One non-empty cell (empty ones are skipped).
    public func write(_ ref: CellReference, _ value: CellValue) throws {
        guard !value.isEmpty else { return }
        appendCell(row: ref.row, column: ref.column, value)
        if buffer.count > Self.flushSize { try flush() }
    }

    public func endSheet() throws {
        guard inSheet else { return }
        append("]}")
        inSheet = false
    }

    public func close() throws {
        guard !closed else { return }
        try endSheet()
        append("]}\n")
        try flush()
        closed = true
        try file?.commit()
    }

    public func discard() {
        closed = true
        file?.discard()
    }

    // MARK: - Bytes

    private func appendCell(row: Int, column: Int, _ value: CellValue) {
        if cellCount == 0 { append("\n[\"") } else { append(",\n[\"") }
        cellCount += 1
        appendReference(row: row, column: column)
        let code: UInt8
        switch value {
        case .empty: code = 0
        case .string: code = UInt8(ascii: "s")
        case .number: code = UInt8(ascii: "n")
        case .bool: code = UInt8(ascii: "b")
        case .date: code = UInt8(ascii: "d")
        case .error: code = UInt8(ascii: "e")
        }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ","))
        buffer.append(UInt8(ascii: "\""))
        if code != 0 { buffer.append(code) }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ","))
        switch value {
        case .empty: append("null")
        case .string(let s), .error(let s): appendQuoted(s)
        case .number(let d, _): append(d.isFinite ? CellValue.format(number: d) : "null")
        case .bool(let b): append(b ? "true" : "false")
        case .date(let d): appendQuoted(d.iso8601)
        }
        buffer.append(UInt8(ascii: "]"))
    }

    /// `A1`, `XFD1048576`: column letters then the 1-based row.
    private func appendReference(row: Int, column: Int) {
        var letters: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var count = 0
        var n = column + 1
        withUnsafeMutableBytes(of: &letters) { raw in
            while n > 0, count < 4 {
                n -= 1
                raw[count] = UInt8(ascii: "A") + UInt8(n % 26)
                n /= 26
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[k]) }
        }
        appendDecimal(row + 1)
    }

    private func appendDecimal(_ value: Int) {
        guard value > 0 else { buffer.append(UInt8(ascii: "0")); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var v = value, count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0, count < 24 {
                raw[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[k]) }
        }
    }

    private func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// A JSON string: `"` `\` and control characters escaped as `SheetDump.quote` does.
    private func appendQuoted(_ text: String) {
        var text = text
        buffer.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                buffer.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
                case 0x0A: buffer.append(UInt8(ascii: "n"))
                case 0x0D: buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if let file {
            try buffer.withUnsafeBytes { try file.write($0) }
            return
        }
        try buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(.cannotWrite, file: "<stdout>", message: "cannot write: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
    }
}

extension SheetIO {
    /// The JSON cell dump of `sheets` of a workbook (`disclosure sheet dump`): the cells in row-major order as
    /// `SheetDump.forEachCell` gives them, formatted and written by `dump` on a second thread while this one
    /// parses. The caller closes (or discards) `dump`.
    public static func writeCellDump(_ workbook: XLSXWorkbook, sheets: [SheetInfo], to dump: CellDumpWriter) throws {
        let target = UncheckedSendable(dump)
        for info in sheets {
            try dump.beginSheet(info.name)
            let pipeline = BatchPipeline<DumpCell>(batchSize: 2048, maxBatches: 4) { batch in
                for cell in batch { try target.value.write(cell.ref, cell.value) }
            }
            do {
                try SheetDump.forEachCell(info, of: workbook) { try pipeline.add(DumpCell(ref: $0, value: $1)) }
                try pipeline.finish()
            } catch {
                pipeline.cancel()
                throw error
            }
        }
    }

    private struct DumpCell: Sendable {
        var ref: CellReference
        var value: CellValue
    }
}
