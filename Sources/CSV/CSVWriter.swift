import FileOutput
import SheetCore

/// How to write delimited text.
public struct CSVWriteOptions: Sendable {
    public enum LineEnding: String, Sendable {
        case crlf, lf
        var bytes: [UInt8] { self == .crlf ? [13, 10] : [10] }
    }

    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// CRLF by default, as Excel writes.
    public var lineEnding: LineEnding = .crlf
    public var encoding: TextEncoding = .utf8
    /// Start UTF-8 with a byte order mark (on by default, so Excel shows Chinese correctly). UTF-16 always has
    /// one; GB18030 never does.
    public var byteOrderMark = true
    /// Formula-injection guard: text fields starting with `=` `+` `-` `@` tab or CR get a leading `'` so a
    /// spreadsheet program opening the file does not run them as formulas. On by default; numbers (fields
    /// written with `isText: false`) are never changed. Turn it off for files meant for programs, not people.
    public var formulaGuard = true

    public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8, byteOrderMark: Bool = true,
                formulaGuard: Bool = true, lineEnding: LineEnding = .crlf) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.formulaGuard = formulaGuard
        self.lineEnding = lineEnding
    }
}

/// Writes delimited text, quoting only where needed (a field holding the delimiter, a quote, CR or LF).
///
/// To a file, the write is atomic: the text goes to a temporary file beside the target, renamed over it by
/// `close()`. Memory stays bounded by the buffer (256 KiB) whatever the number of rows.
///
/// Not thread-safe (one owner at a time). The per-field state is declared without dynamic exclusivity
/// checks: nothing in this class accesses it re-entrantly, and the checks cost more than appending a field.
public final class CSVWriter {
    public let options: CSVWriteOptions
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private var file: AtomicFile?
    private var converter: Iconv?
    private var scratch: [UInt8] = []
    private var encoded: [UInt8] = []
    @exclusivity(unchecked) private var fieldsInRecord = 0
    @exclusivity(unchecked) private var lastFieldWasEmpty = false
    private var closed = false
    private let flushThreshold = 1 << 18

    /// Writes to a file (atomically, on `close()`).
    public convenience init(path: String, options: CSVWriteOptions = CSVWriteOptions()) throws {
        let file: AtomicFile
        do { file = try AtomicFile(path: path) } catch { throw CSVError(error) }
        try self.init(file: file, options: options)
    }

    /// Writes to memory; read the result from `bytes` after `close()`.
    public convenience init(options: CSVWriteOptions = CSVWriteOptions()) throws {
        try self.init(file: nil, options: options)
    }

    private init(file: AtomicFile?, options: CSVWriteOptions) throws {
        self.file = file
        self.options = options
        if options.encoding == .gb18030 {
            guard let converter = Iconv(from: "UTF-8", to: "GB18030") else {
                throw CSVError(.unsupportedEncoding, file: file?.path, message: "GB18030 is not supported by iconv here")
            }
            self.converter = converter
        }
        buffer.reserveCapacity(flushThreshold + 4096)
        switch options.encoding {
        case .utf8 where options.byteOrderMark: encoded = options.encoding.byteOrderMark
        case .utf16LE, .utf16BE: encoded = options.encoding.byteOrderMark
        default: break
        }
    }

    /// The encoded output when writing to memory (complete after `close()`).
    public private(set) var bytes: [UInt8] = []

    /// Appends one field to the current record.
    /// - Parameter isText: text is subject to the formula guard; numbers and other values are written as given.
    public func write(field: String, isText: Bool = true) throws {
        var field = field
        field.withUTF8 { append(field: $0, isText: isText) }
    }

    /// Appends one field given as UTF-8 bytes.
    public func write(utf8 field: UnsafeBufferPointer<UInt8>, isText: Bool = true) throws {
        append(field: field, isText: isText)
    }

    /// Appends every field of `record`, then `padding` empty fields (not ending the record): the fields of a
    /// record read from delimited text, copied as bytes in one pass over the record's storage.
    public func write(fieldsOf record: CSVRecord, isText: Bool = true, padding: Int = 0) {
        record.bytes.withUnsafeBufferPointer { bytes in
            record.ends.withUnsafeBufferPointer { ends in
                var start = 0
                for k in 0..<record.fieldCount {
                    let end = ends[k]
                    let field = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    append(field: field, isText: isText && field.count > 0)
                    start = end
                }
            }
        }
        if padding > 0 {
            let delimiter = options.delimiter
            // Empty fields: only delimiters (the first one too when the record has no field yet).
            buffer.append(contentsOf: repeatElement(delimiter, count: fieldsInRecord > 0 ? padding : padding - 1))
            fieldsInRecord += padding
            lastFieldWasEmpty = true
        }
    }

    /// Whether any byte of `field` is the delimiter, the quote, CR or LF: eight bytes at a time (SWAR), then
    /// byte by byte.
    @inline(__always) private func needsQuoting(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = field.baseAddress else { return false }
        let n = field.count
        let delimiter = options.delimiter, quote = options.quote
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let d = ones &* UInt64(delimiter), q = ones &* UInt64(quote), lf = ones &* 10, cr = ones &* 13
        while i + 8 <= n {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let a = x ^ d, b = x ^ q, c = x ^ lf, e = x ^ cr
            // A zero byte in any of them (exact test: no false positives across bytes).
            let zeros = ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c) | ((e &- ones) & ~e)
            if zeros & highs != 0 { return true }
            i += 8
        }
        while i < n {
            let b = p[i]
            if b == delimiter || b == quote || b == 10 || b == 13 { return true }
            i += 1
        }
        return false
    }

    private func append(field: UnsafeBufferPointer<UInt8>, isText: Bool) {
        if fieldsInRecord > 0 { buffer.append(options.delimiter) }
        fieldsInRecord += 1
        lastFieldWasEmpty = field.isEmpty
        let guarded = isText && options.formulaGuard && Self.needsFormulaGuard(field.first)
        if !needsQuoting(field) {
            if guarded { buffer.append(UInt8(ascii: "'")) }
            buffer.append(contentsOf: field)
            return
        }
        let quote = options.quote
        var quotes = 0
        for b in field where b == quote { quotes += 1 }
        buffer.reserveCapacity(buffer.count + field.count + quotes + 3)
        buffer.append(quote)
        if guarded { buffer.append(UInt8(ascii: "'")) }
        for b in field {
            if b == quote { buffer.append(quote) }
            buffer.append(b)
        }
        buffer.append(quote)
    }

    /// Ends the current record.
    public func endRecord() throws {
        if fieldsInRecord == 1 && lastFieldWasEmpty {
            // One empty field: write `""` so the line is not read back as an empty line.
            buffer.append(options.quote)
            buffer.append(options.quote)
        }
        buffer.append(contentsOf: options.lineEnding.bytes)
        fieldsInRecord = 0
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes a record of text fields.
    public func writeRecord(_ fields: [String]) throws {
        for field in fields { try write(field: field) }
        try endRecord()
    }

    /// Writes a record of cell values: text guarded, numbers in full precision (their raw text when known),
    /// booleans as TRUE/FALSE, dates in ISO 8601, errors as their code.
    public func writeRow(_ values: [CellValue]) throws {
        for value in values {
            if case .string(let s) = value {
                try write(field: s)
            } else {
                try write(field: value.text, isText: false)
            }
        }
        try endRecord()
    }

    /// Flushes and, for a file, renames it into place.
    public func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        do { try file?.commit() } catch { throw CSVError(error) }
    }

    /// Abandons a file being written (the target is left as it was).
    public func discard() {
        closed = true
        file?.discard()
    }

    /// Whether `text` would be taken for a formula by a spreadsheet program.
    public static func needsFormulaGuard(_ text: String) -> Bool {
        needsFormulaGuard(text.utf8.first)
    }

    static func needsFormulaGuard(_ first: UInt8?) -> Bool {
        guard let first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: return true
        default: return false
        }
    }

    private func flush() throws {
        switch options.encoding {
        case .utf8:
            encoded.append(contentsOf: buffer)
        case .gb18030:
            guard let converter else { break }
            var start = 0
            while start < buffer.count {
                let needed = (buffer.count - start) * 2 + 16
                if scratch.count < needed { scratch = [UInt8](repeating: 0, count: needed) }
                let (status, consumed, produced) = buffer.withUnsafeBufferPointer { input in
                    scratch.withUnsafeMutableBufferPointer {
                        converter.convert(UnsafeBufferPointer(rebasing: input[start...]), into: $0)
                    }
                }
                encoded.append(contentsOf: scratch[0..<produced])
                start += consumed
                if status == .invalid || status == .incomplete {
                    throw CSVError(.cannotWrite, file: file?.path, message: "text cannot be encoded as GB18030")
                }
            }
        case .utf16LE, .utf16BE:
            let bigEndian = options.encoding == .utf16BE
            for unit in String(decoding: buffer, as: UTF8.self).utf16 {
                if bigEndian {
                    encoded.append(UInt8(unit >> 8)); encoded.append(UInt8(unit & 0xFF))
                } else {
                    encoded.append(UInt8(unit & 0xFF)); encoded.append(UInt8(unit >> 8))
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if let file {
            do { try file.write(encoded) } catch { throw CSVError(error) }
            encoded.removeAll(keepingCapacity: true)
        } else {
            bytes.append(contentsOf: encoded)
            encoded.removeAll(keepingCapacity: true)
        }
    }
}
