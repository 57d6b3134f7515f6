import CSV
import SheetCore
import XLSXReading

/// One BIFF record of the workbook stream: its type and where its data lies in the stream.
struct BIFFRecord {
    var type: UInt16
    /// Byte offset of the record header in the stream (for messages).
    var offset: Int
    /// Where the record's data lies in the stream (always inside it).
    var data: Range<Int>
    var length: Int { data.count }
}

/// BIFF record types we read ([MS-XLS] 2.3).
enum RecordType {
    static let formula: UInt16 = 0x0006
    static let eof: UInt16 = 0x000A
    static let filePass: UInt16 = 0x002F
    static let codePage: UInt16 = 0x0042
    static let dateMode: UInt16 = 0x0022
    static let font: UInt16 = 0x0031
    static let `continue`: UInt16 = 0x003C
    static let colInfo: UInt16 = 0x007D
    static let boundSheet: UInt16 = 0x0085
    static let mulRK: UInt16 = 0x00BD
    static let rString: UInt16 = 0x00D6
    static let xf: UInt16 = 0x00E0
    static let mergeCells: UInt16 = 0x00E5
    static let sst: UInt16 = 0x00FC
    static let labelSST: UInt16 = 0x00FD
    static let dimensions: UInt16 = 0x0200
    static let number: UInt16 = 0x0203
    static let label: UInt16 = 0x0204
    static let boolErr: UInt16 = 0x0205
    static let string: UInt16 = 0x0207
    static let row: UInt16 = 0x0208
    static let rk: UInt16 = 0x027E
    static let format: UInt16 = 0x041E
    static let bof: UInt16 = 0x0809
    /// BOF records of BIFF2–4 (not inside compound files, but named when met).
    static let oldBOFs: Set<UInt16> = [0x0009, 0x0209, 0x0409]
}

/// The workbook stream with what is needed to read it: the bytes, BIFF version, code page, and the file for
/// located errors.
struct BIFFStream {
    let bytes: [UInt8]
    let path: String
    /// `Workbook` (BIFF8) or `Book` (BIFF5).
    let streamName: String
    var isBIFF8 = true
    var codePage = CodePage(1252)

    /// The record starting at `offset`, or nil at the end of the stream.
    /// - Throws: `.corruptPackage` when the record's declared length runs past the stream.
    @inline(__always)
    func record(at offset: Int) throws -> BIFFRecord? {
        guard offset + 4 <= bytes.count else { return nil }
        let type = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        let length = Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8
        guard offset + 4 + length <= bytes.count else {
            throw error(.corruptPackage, at: offset, type: type,
                        "the record declares \(length) bytes but the stream ends after \(bytes.count - offset - 4)")
        }
        return BIFFRecord(type: type, offset: offset, data: (offset + 4)..<(offset + 4 + length))
    }

    /// An error located at a record of the stream (and optionally a sheet and cell).
    func error(_ kind: XLSXError.Kind, at offset: Int, type: UInt16, sheet: String? = nil, cell: String? = nil,
               _ message: String) -> XLSXError {
        let name = String(type, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - name.count)) + name
        return XLSXError(kind, SourceLocation(file: path, part: streamName, sheet: sheet, cell: cell),
                         "record 0x\(padded) at byte offset \(offset): \(message)")
    }

    func tooShort(_ record: BIFFRecord, sheet: String? = nil) -> XLSXError {
        error(.corruptPackage, at: record.offset, type: record.type, sheet: sheet,
              "the record is too short (\(record.length) bytes)")
    }

    @inline(__always) func u8(_ at: Int) -> UInt8 { bytes[at] }
    @inline(__always) func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    @inline(__always) func u32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    @inline(__always) func f64(_ at: Int) -> Double {
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        return Double(bitPattern: bits)
    }

    /// Text stored as characters of 1 byte (Latin-1, "compressed") or 2 bytes (UTF-16LE), all within `range`.
    ///
    /// Transcoded to UTF-8 here (the standard library's UTF-8 initializer is its fast path); an unpaired
    /// surrogate becomes U+FFFD, as `String(decoding:as:)` would make it.
    func characters(_ range: Range<Int>, highByte: Bool) -> String {
        var utf8: [UInt8] = []
        if highByte {
            utf8.reserveCapacity(range.count + range.count / 2)
            var i = range.lowerBound
            let end = range.upperBound - 1
            while i < end {
                let unit = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8
                i += 2
                if unit < 0x80 {
                    utf8.append(UInt8(unit))
                } else if unit < 0x800 {
                    utf8.append(UInt8(0xC0 | unit >> 6)); utf8.append(UInt8(0x80 | unit & 0x3F))
                } else if unit & 0xF800 != 0xD800 {
                    utf8.append(UInt8(0xE0 | unit >> 12)); utf8.append(UInt8(0x80 | (unit >> 6) & 0x3F))
                    utf8.append(UInt8(0x80 | unit & 0x3F))
                } else if unit < 0xDC00, i < end, case let low = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8,
                          low & 0xFC00 == 0xDC00 {
                    i += 2
                    let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    utf8.append(UInt8(0xF0 | scalar >> 18)); utf8.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
                    utf8.append(UInt8(0x80 | (scalar >> 6) & 0x3F)); utf8.append(UInt8(0x80 | scalar & 0x3F))
                } else {
                    utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
                }
            }
            return String(decoding: utf8, as: UTF8.self)
        }
        var ascii = true
        for i in range where bytes[i] >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes[range], as: UTF8.self) }
        utf8.reserveCapacity(range.count * 2)
        for i in range {
            let b = bytes[i]
            if b < 0x80 { utf8.append(b) } else { utf8.append(0xC0 | b >> 6); utf8.append(0x80 | b & 0x3F) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// 8-bit text of a BIFF5 file in the workbook's code page.
    /// - Throws: `.invalidContent` when the bytes are not valid in the code page or it is unknown.
    func codePageText(_ range: Range<Int>, record: BIFFRecord, sheet: String? = nil) throws -> String {
        guard let text = codePage.decode(bytes[range]) else {
            throw error(.invalidContent, at: record.offset, type: record.type, sheet: sheet,
                        "text that is not valid in the workbook's code page \(codePage)")
        }
        return text
    }

    /// A string within one record at `at`: BIFF8 `XLUnicodeString` (length of `lengthBytes` bytes, flags,
    /// optional rich-text and phonetic headers, characters) or BIFF5 (length, then bytes in the code page).
    /// - Returns: the text and the offset after its characters (rich runs and phonetic data are skipped).
    func inlineString(at: Int, lengthBytes: Int, in record: BIFFRecord, sheet: String? = nil) throws -> (String, Int) {
        let end = record.data.upperBound
        guard at + lengthBytes <= end else { throw tooShort(record, sheet: sheet) }
        let count = lengthBytes == 1 ? Int(bytes[at]) : u16(at)
        var p = at + lengthBytes
        if !isBIFF8 {
            guard p + count <= end else { throw tooShort(record, sheet: sheet) }
            return (try codePageText(p..<(p + count), record: record, sheet: sheet), p + count)
        }
        guard p < end else {
            if count == 0 { return ("", p) }
            throw tooShort(record, sheet: sheet)
        }
        let flags = bytes[p]
        p += 1
        var runs = 0, phonetic = 0
        if flags & 0x08 != 0 {
            guard p + 2 <= end else { throw tooShort(record, sheet: sheet) }
            runs = u16(p); p += 2
        }
        if flags & 0x04 != 0 {
            guard p + 4 <= end else { throw tooShort(record, sheet: sheet) }
            phonetic = Int(u32(p)); p += 4
        }
        let width = flags & 0x01 != 0 ? 2 : 1
        guard p + count * width <= end else { throw tooShort(record, sheet: sheet) }
        let text = characters(p..<(p + count * width), highByte: width == 2)
        return (text, min(end, p + count * width + runs * 4 + phonetic))
    }
}

/// Reads data that a record continues in the CONTINUE records after it (SST, STRING): bytes flow from one
/// record into the next, except that characters of a string split at a record boundary resume after a new
/// flags byte that says whether they are 1 or 2 bytes wide ([MS-XLS] 2.5.293 XLUnicodeRichExtendedString).
struct ContinuedReader {
    let stream: BIFFStream
    /// The data ranges of the record and its CONTINUE records, in order.
    let fragments: [Range<Int>]
    let first: BIFFRecord
    private(set) var index = 0
    private(set) var position: Int

    init(stream: BIFFStream, first: BIFFRecord, fragments: [Range<Int>]) {
        self.stream = stream
        self.first = first
        self.fragments = fragments
        position = fragments[0].lowerBound
    }

    /// The offset in the stream (for messages).
    var offset: Int { position }

    /// True when no byte is left in any fragment.
    var atEnd: Bool {
        var i = index, p = position
        while i < fragments.count {
            if p < fragments[i].upperBound { return false }
            i += 1
            if i < fragments.count { p = fragments[i].lowerBound }
        }
        return true
    }

    private func truncated(_ what: String) -> XLSXError {
        stream.error(.corruptPackage, at: position, type: first.type, "the data ends inside \(what)")
    }

    /// Moves to the next fragment when the current one is used up; false when there is none.
    private mutating func advance() -> Bool {
        while position >= fragments[index].upperBound {
            guard index + 1 < fragments.count else { return false }
            index += 1
            position = fragments[index].lowerBound
        }
        return true
    }

    mutating func byte(_ what: String) throws -> UInt8 {
        guard advance() else { throw truncated(what) }
        defer { position += 1 }
        return stream.bytes[position]
    }

    mutating func u16(_ what: String) throws -> Int {
        if position + 2 <= fragments[index].upperBound {
            defer { position += 2 }
            return stream.u16(position)
        }
        return Int(try byte(what)) | Int(try byte(what)) << 8
    }

    mutating func u32(_ what: String) throws -> Int {
        Int(try u16(what)) | Int(try u16(what)) << 16
    }

    /// Skips `count` bytes across fragments.
    mutating func skip(_ count: Int, _ what: String) throws {
        var left = count
        while left > 0 {
            guard advance() else { throw truncated(what) }
            let take = min(left, fragments[index].upperBound - position)
            position += take
            left -= take
        }
    }

    /// `count` characters starting `highByte` wide; at a fragment boundary the next fragment starts with a
    /// flags byte giving the width of the rest.
    mutating func characters(_ count: Int, highByte: Bool, _ what: String) throws -> String {
        guard count > 0 else { return "" }
        var high = highByte
        let width = high ? 2 : 1
        if position + count * width <= fragments[index].upperBound {
            defer { position += count * width }
            return stream.characters(position..<(position + count * width), highByte: high)
        }
        var units: [UInt16] = []
        units.reserveCapacity(count)
        var left = count
        while left > 0 {
            if position >= fragments[index].upperBound {
                guard index + 1 < fragments.count else { throw truncated(what) }
                index += 1
                position = fragments[index].lowerBound
                guard position < fragments[index].upperBound else { throw truncated(what) }
                high = stream.bytes[position] & 0x01 != 0
                position += 1
                continue
            }
            let w = high ? 2 : 1
            let take = min(left, (fragments[index].upperBound - position) / w)
            guard take > 0 else { throw truncated(what) }
            for k in 0..<take {
                let at = position + k * w
                units.append(high ? UInt16(stream.bytes[at]) | UInt16(stream.bytes[at + 1]) << 8 : UInt16(stream.bytes[at]))
            }
            position += take * w
            left -= take
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// One `XLUnicodeRichExtendedString` (SST entry, BIFF8 STRING): rich-text runs and phonetic data skipped.
    mutating func unicodeString(_ what: String) throws -> String {
        let count = try u16(what)
        let flags = try byte(what)
        let runs = flags & 0x08 != 0 ? try u16(what) : 0
        let phonetic = flags & 0x04 != 0 ? try u32(what) : 0
        let text = try characters(count, highByte: flags & 0x01 != 0, what)
        if runs > 0 { try skip(runs * 4, what) }
        if phonetic > 0 { try skip(phonetic, what) }
        return text
    }
}
