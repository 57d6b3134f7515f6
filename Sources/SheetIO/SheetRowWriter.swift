import CSV
import FileOutput
import Foundation
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

/// Writes rows as delimited text, rectangular: every row has as many fields as the widest row.
///
/// Rows are written as they come, padded to the widest row seen so far; when a later row turns out wider
/// than earlier ones, `close()` re-reads the written text once and pads the short rows (so memory stays
/// bounded and the common case — a header as wide as the table — costs one pass). Missing rows become
/// rows of empty fields. Text is subject to the formula guard (`CSVWriteOptions.formulaGuard`); numbers are
/// written in full precision (their stored text when known), dates as their number format shows them,
/// booleans as TRUE/FALSE.
public final class CSVSheetWriter: SheetRowWriter {
    private let path: String?
    private let stagePath: String?
    private let options: CSVWriteOptions
    private let writer: CSVWriter
    // Per-row state without dynamic exclusivity checks: the writer has one owner and never re-enters.
    @exclusivity(unchecked) private var nextRow = 0
    @exclusivity(unchecked) private var width = 0
    @exclusivity(unchecked) private var narrowestWritten = Int.max
    private let dates = DateDisplay.Cache()
    private var output: [UInt8] = []
    /// Dates as ISO 8601 (`2017-02-27`, `2017-02-27T13:05:00`, `12:00:00`, as `sheet dump` shows them)
    /// rather than as their number format shows them.
    public var datesAsISO = false

    public init(path: String, options: CSVWriteOptions = CSVWriteOptions()) throws {
        // A first pass of its own beside the target, named like every temporary file (so a stale one is removed).
        let stage = AtomicFile.temporaryPath(for: path)
        self.path = path
        self.stagePath = stage
        self.options = options
        writer = try CSVWriter(path: stage, options: options)
    }

    /// Writes to memory (see `bytes` after `close()`).
    public init(options: CSVWriteOptions = CSVWriteOptions()) throws {
        path = nil
        stagePath = nil
        self.options = options
        writer = try CSVWriter(options: options)
    }

    /// The output when writing to memory.
    public var bytes: [UInt8] { output }

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
            case .date(let d):
                try writer.write(field: datesAsISO ? d.iso8601 : dates.text(d, formatCode: cell.numberFormat), isText: false)
            default: try writer.write(field: cell.value.text, isText: false)
            }
            column += 1
        }
        while column < width {
            try writer.write(field: "", isText: false)
            column += 1
        }
        try writer.endRecord()
        narrowestWritten = min(narrowestWritten, max(width, 1))
        nextRow = row.row + 1
    }

    /// Copies a record of delimited text as row `row`, field by field as bytes (fields are text, as
    /// `SheetIO.forEachRow` gives them; the same output as writing that row, without making a String per
    /// field): what a CSV → CSV copy does.
    public func write(record: CSVRecord, row: Int) throws {
        width = max(width, record.count)
        while nextRow < row {
            try writeEmptyRow()
        }
        writer.write(fieldsOf: record, padding: max(0, width - record.count))
        try writer.endRecord()
        narrowestWritten = min(narrowestWritten, max(width, 1))
        nextRow = row + 1
    }

    private func writeEmptyRow() throws {
        for _ in 0..<max(width, 1) { try writer.write(field: "", isText: false) }
        try writer.endRecord()
        narrowestWritten = min(narrowestWritten, max(width, 1))
        nextRow += 1
    }

    public func close() throws {
        try writer.close()
        let needsPadding = narrowestWritten < width
        guard let path, let stagePath else {
            output = needsPadding ? try padded(CSVReader(bytes: writer.bytes, options: readOptions)) : writer.bytes
            return
        }
        defer { unlink(stagePath) }
        if needsPadding {
            let final = try CSVWriter(path: path, options: passTwoOptions)
            do {
                try pad(CSVReader(path: stagePath, options: readOptions), into: final)
                try final.close()
            } catch {
                final.discard()
                throw error
            }
        } else if rename(stagePath, path) != 0 {
            throw CSVError(.cannotWrite, file: path, message: "cannot replace the file: \(String(cString: strerror(errno)))")
        }
    }

    public func discard() {
        writer.discard()
        if let stagePath { unlink(stagePath) }
    }

    private var readOptions: CSVReadOptions {
        var read = CSVReadOptions(delimiter: options.delimiter, encoding: options.encoding, flexible: true)
        read.maxFieldBytes = Int.max / 2
        return read
    }

    /// The fields are already guarded and encoded as wanted; the second pass copies them as they are.
    private var passTwoOptions: CSVWriteOptions {
        var second = options
        second.formulaGuard = false
        return second
    }

    private func pad(_ reader: CSVReader, into out: CSVWriter) throws {
        var record = CSVRecord()
        while try reader.readRecord(into: &record) {
            for k in 0..<record.count { try record.withUTF8(ofField: k) { try out.write(utf8: $0, isText: false) } }
            for _ in record.count..<max(width, record.count) { try out.write(field: "", isText: false) }
            try out.endRecord()
        }
    }

    private func padded(_ reader: CSVReader) throws -> [UInt8] {
        let out = try CSVWriter(options: passTwoOptions)
        try pad(reader, into: out)
        try out.close()
        return out.bytes
    }
}
