import Foundation

/// A streaming reader of delimited text (CSV, TSV, semicolon or pipe separated), over `CSVCore`.
///
/// Adds what the core leaves out: reading in chunks, decoding (`TextDecoder`), delimiter sniffing
/// (`DelimiterSniffer`), positions, and errors — invalid bytes, ragged records (unless `flexible`), fields
/// over the size limit, a quote never closed. Memory stays bounded by the chunk size and the longest record.
///
/// ```swift
/// let reader = try CSVReader(path: "return.csv")
/// var record = CSVRecord()
/// while try reader.readRecord(into: &record) { print(record.fields) }
/// ```
public final class CSVReader {
    /// The file path, or the name given to in-memory input; used in error messages.
    public let name: String
    public let options: CSVReadOptions
    /// The delimiter in use (given or sniffed).
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")

    private enum Source {
        case file(FileHandle)
        case memory([UInt8], Int)
    }

    private var source: Source
    private let decoder: TextDecoder
    private var text: [UInt8] = []
    private var textPosition = 0
    private var sourceFinished = false
    private var decodeError: TextDecodingError?
    private var core: CSVCore
    private var expectedFieldCount: Int?
    private var expectedFieldLine = 0
    private var nextIndex = 0
    private var failure: CSVError?

    /// Opens a file.
    /// - Throws: `CSVError` (`.cannotOpen`, `.cannotRead`, or a decoding error in the first 64 KiB).
    public convenience init(path: String, options: CSVReadOptions = CSVReadOptions()) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw CSVError(.cannotOpen, file: path, message: "cannot open the file: \(error.localizedDescription)")
        }
        var options = options
        if options.delimiter == nil, path.lowercased().hasSuffix(".tsv") {
            options.fallbackDelimiter = UInt8(ascii: "\t")
        }
        try self.init(source: .file(handle), name: path, options: options)
    }

    /// Reads bytes held in memory.
    public convenience init(bytes: [UInt8], name: String = "<input>", options: CSVReadOptions = CSVReadOptions()) throws {
        try self.init(source: .memory(bytes, 0), name: name, options: options)
    }

    private init(source: Source, name: String, options: CSVReadOptions) throws {
        self.source = source
        self.name = name
        self.options = options
        self.decoder = TextDecoder(encoding: options.encoding)
        self.core = CSVCore(delimiter: options.delimiter ?? UInt8(ascii: ","), quote: options.quote)
        if let delimiter = options.delimiter {
            self.delimiter = delimiter
        } else {
            // Decode the sniffing window first; the core then starts on that same text.
            while text.count < DelimiterSniffer.window, !sourceFinished, decodeError == nil {
                try fill()
            }
            let sniffed = text.withUnsafeBufferPointer {
                DelimiterSniffer.sniff($0, isComplete: sourceFinished && decodeError == nil, quote: options.quote)
            }
            delimiter = sniffed ?? options.fallbackDelimiter
            core = CSVCore(delimiter: delimiter, quote: options.quote)
        }
    }

    deinit {
        if case .file(let handle) = source { try? handle.close() }
    }

    /// The encoding in use: given, detected, or nil while everything read so far is ASCII.
    public var encoding: TextEncoding? { decoder.encoding }

    /// True when the file began with a byte order mark.
    public var hasByteOrderMark: Bool { decoder.byteOrderMarkLength > 0 }

    /// Reads the next record into `record`, reusing its storage.
    /// - Returns: false at the end of the input.
    /// - Throws: `CSVError`; after an error every later call throws it again.
    public func readRecord(into record: inout CSVRecord) throws -> Bool {
        if let failure { throw failure }
        do {
            while true {
                guard try readRawRecord(into: &record) else { return false }
                if record.fieldCount == 0 {
                    if options.skipsEmptyLines { continue }
                } else if !options.flexible {
                    if let expected = expectedFieldCount {
                        if record.fieldCount != expected {
                            throw error(.raggedRecord(expected: expected, found: record.fieldCount), at: record.position,
                                        "this record has \(record.fieldCount) fields, the first record (line \(expectedFieldLine)) has \(expected); use the flexible mode to accept ragged rows")
                        }
                    } else {
                        expectedFieldCount = record.fieldCount
                        expectedFieldLine = record.position.line
                    }
                }
                record.index = nextIndex
                nextIndex += 1
                return true
            }
        } catch let error as CSVError {
            failure = error
            throw error
        }
    }

    /// Reads the next record, or nil at the end.
    public func next() throws -> CSVRecord? {
        var record = CSVRecord()
        return try readRecord(into: &record) ? record : nil
    }

    /// Reads every remaining record as strings (for small inputs).
    public func readAll() throws -> [[String]] {
        var rows: [[String]] = []
        var record = CSVRecord()
        while try readRecord(into: &record) { rows.append(record.fields) }
        return rows
    }

    /// Calls `body` for every remaining record; the record's storage is reused between calls.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        var record = CSVRecord()
        while try readRecord(into: &record) { try body(record) }
    }

    // MARK: - Internals

    private func error(_ kind: CSVError.Kind, at position: CSVPosition, _ message: String) -> CSVError {
        let offset = decoder.preservesByteOffsets ? position.byteOffset + decoder.byteOrderMarkLength : nil
        return CSVError(kind, file: name, line: position.line, column: position.column, byteOffset: offset,
                        message: message + (offset.map { " (byte offset \($0))" } ?? ""))
    }

    /// Reads one more chunk from the source and decodes it onto `text`.
    private func fill() throws {
        if textPosition == text.count {
            text.removeAll(keepingCapacity: true)
            textPosition = 0
        }
        var newError: TextDecodingError?
        switch source {
        case .file(let handle):
            let data: Data?
            do {
                data = try handle.read(upToCount: options.chunkSize)
            } catch {
                throw CSVError(.cannotRead, file: name, message: "cannot read the file: \(error.localizedDescription)")
            }
            let chunk = data ?? Data()
            if chunk.isEmpty { sourceFinished = true }
            newError = chunk.withUnsafeBytes { raw in
                decoder.decode(raw.bindMemory(to: UInt8.self), isFinal: chunk.isEmpty, into: &text)
            }
        case .memory(let bytes, let position):
            let end = min(bytes.count, position + max(1, options.chunkSize))
            if end == position { sourceFinished = true }
            newError = bytes.withUnsafeBufferPointer {
                decoder.decode(UnsafeBufferPointer(rebasing: $0[position..<end]), isFinal: end == position, into: &text)
            }
            source = .memory(bytes, end)
        }
        if let newError {
            decodeError = newError
            sourceFinished = true
        }
    }

    private func readRawRecord(into record: inout CSVRecord) throws -> Bool {
        record.reset()
        if record.bytes.count < 4096 { record.bytes = [UInt8](repeating: 0, count: 4096) }
        if record.ends.count < 64 {
            record.ends = [Int](repeating: 0, count: 64)
            record.starts = [CSVPosition](repeating: CSVPosition(), count: 64)
        }
        var core = self.core
        defer { self.core = core }
        while true {
            if textPosition == text.count, !sourceFinished {
                try fill()
                continue
            }
            if textPosition == text.count, let decodeError {
                let kind: CSVError.Kind
                switch decodeError.kind {
                case .invalidBytes: kind = .invalidEncoding
                case .truncated: kind = .truncatedCharacter
                case .unsupported: kind = .unsupportedEncoding
                }
                let position = core.position
                throw CSVError(kind, file: name, line: position.line, column: position.column,
                               byteOffset: decodeError.byteOffset, message: decodeError.description)
            }
            let byteCount = record.byteCount, fieldCount = record.fieldCount
            let result = text.withUnsafeBufferPointer { input in
                record.bytes.withUnsafeMutableBufferPointer { output in
                    record.ends.withUnsafeMutableBufferPointer { ends in
                        record.starts.withUnsafeMutableBufferPointer { starts in
                            core.readRecord(UnsafeBufferPointer(rebasing: input[textPosition...]),
                                            output: UnsafeMutableBufferPointer(rebasing: output[byteCount...]),
                                            ends: UnsafeMutableBufferPointer(rebasing: ends[fieldCount...]),
                                            starts: UnsafeMutableBufferPointer(rebasing: starts[fieldCount...]))
                        }
                    }
                }
            }
            textPosition += result.consumed
            if result.fields > 0, byteCount > 0 {
                for k in fieldCount..<(fieldCount + result.fields) { record.ends[k] += byteCount }
            }
            record.byteCount += result.written
            record.fieldCount += result.fields
            switch result.step {
            case .inputEmpty:
                try checkOpenField(record, core)
            case .outputFull:
                try checkOpenField(record, core)
                record.bytes.append(contentsOf: repeatElement(0, count: record.bytes.count))
            case .fieldsFull:
                if record.fieldCount >= options.maxFieldsPerRecord {
                    throw error(.tooManyFields(limit: options.maxFieldsPerRecord), at: core.recordStart,
                                "this record has more than \(options.maxFieldsPerRecord) fields")
                }
                record.ends.append(contentsOf: repeatElement(0, count: record.ends.count))
                record.starts.append(contentsOf: repeatElement(CSVPosition(), count: record.starts.count))
            case .record:
                record.position = core.recordStart
                if record.byteCount > options.maxFieldBytes {
                    for k in 0..<record.fieldCount where record.byteCount(ofField: k) > options.maxFieldBytes {
                        throw fieldTooLarge(at: record.starts[k])
                    }
                }
                if core.endedInsideQuotes, record.fieldCount > 0 {
                    throw error(.unterminatedQuote, at: record.starts[record.fieldCount - 1],
                                "the quoted field starting here is not closed before the end of the file")
                }
                if record.fieldCount > options.maxFieldsPerRecord {
                    throw error(.tooManyFields(limit: options.maxFieldsPerRecord), at: core.recordStart,
                                "this record has more than \(options.maxFieldsPerRecord) fields")
                }
                return true
            case .end:
                return false
            }
        }
    }

    private func checkOpenField(_ record: CSVRecord, _ core: CSVCore) throws {
        let start = record.fieldCount > 0 ? record.ends[record.fieldCount - 1] : 0
        if record.byteCount - start > options.maxFieldBytes {
            throw fieldTooLarge(at: core.currentFieldStart)
        }
    }

    private func fieldTooLarge(at position: CSVPosition) -> CSVError {
        error(.fieldTooLarge(limit: options.maxFieldBytes), at: position,
              "the field starting here is longer than \(options.maxFieldBytes) bytes (a quote that is never closed?)")
    }
}
