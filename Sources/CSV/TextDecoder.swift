/// Bytes that are not valid text in the file's encoding, with where they are in the source.
public struct TextDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A byte sequence that is not valid in the encoding.
        case invalidBytes
        /// The input ends in the middle of a character.
        case truncated
        /// The C library cannot convert this encoding here.
        case unsupported
    }

    public var kind: Kind
    public var encoding: TextEncoding
    /// 0-based offset of the first offending byte in the source.
    public var byteOffset: Int
    /// The offending bytes (at most four).
    public var bytes: [UInt8]

    public var description: String {
        let hex = bytes.map { byte -> String in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        switch kind {
        case .invalidBytes:
            return "bytes \(hex) are not valid \(encoding) (byte offset \(byteOffset))"
        case .truncated:
            return "the text ends inside a \(encoding) character (bytes \(hex) at byte offset \(byteOffset))"
        case .unsupported:
            return "\(encoding) is not supported by the C library's iconv on this system"
        }
    }
}

/// Streaming decoder from a file's bytes to UTF-8, fed in chunks that may split characters anywhere.
///
/// Detection when no encoding is given: a byte order mark (UTF-8, UTF-16LE, UTF-16BE); else a NUL in the
/// first two bytes means BOM-less UTF-16; else the text stays undecided while it is ASCII, and at the first
/// non-ASCII byte the next 4 KiB decide: strict UTF-8 if they are valid UTF-8, GB18030 otherwise. The
/// decision depends only on the bytes, never on how they were split into chunks.
///
/// Invalid bytes are an error with their exact source offset, never U+FFFD.
public final class TextDecoder {
    /// How many bytes after the first non-ASCII byte decide between UTF-8 and GB18030.
    public static let detectionWindow = 4096

    /// The encoding asked for, or nil to detect.
    public let requestedEncoding: TextEncoding?
    /// The encoding in use; nil while the text so far is ASCII and no decision was needed.
    public private(set) var encoding: TextEncoding?
    /// The length of the byte order mark that was skipped (0 when none).
    public private(set) var byteOrderMarkLength = 0

    private var pending: [UInt8] = []
    /// Source offset of the next byte not yet decoded.
    private var nextOffset = 0
    private var checkedBOM = false
    private var converter: Iconv?
    private var scratch: [UInt8] = []
    private var failure: TextDecodingError?

    public init(encoding: TextEncoding? = nil) {
        requestedEncoding = encoding
    }

    /// True when offsets in the decoded text plus `byteOrderMarkLength` are offsets in the source
    /// (UTF-8 input, or ASCII so far).
    public var preservesByteOffsets: Bool { encoding == nil || encoding == .utf8 }

    /// Decodes the next chunk, appending UTF-8 to `output`.
    /// - Parameters:
    ///   - isFinal: true for the last chunk (it may be empty); a character cut off at the end is then an error.
    /// - Returns: nil, or the first error (the text before it is in `output`); once failed, always that error.
    public func decode(_ chunk: UnsafeBufferPointer<UInt8>, isFinal: Bool, into output: inout [UInt8]) -> TextDecodingError? {
        if let failure { return failure }
        if pending.isEmpty {
            let used = process(chunk, isFinal: isFinal, into: &output)
            if failure == nil, used < chunk.count {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[used...]))
            }
        } else {
            pending.append(contentsOf: chunk)
            let used = pending.withUnsafeBufferPointer { process($0, isFinal: isFinal, into: &output) }
            pending.removeFirst(used)
        }
        if failure == nil, isFinal, !pending.isEmpty {
            fail(.truncated, at: 0, in: pending, base: nextOffset)
        }
        return failure
    }

    /// Decodes a whole buffer (a convenience for small inputs).
    public func decodeAll(_ bytes: [UInt8]) -> Result<[UInt8], TextDecodingError> {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let error = bytes.withUnsafeBufferPointer { decode($0, isFinal: true, into: &out) }
        if let error { return .failure(error) }
        return .success(out)
    }

    private func fail(_ kind: TextDecodingError.Kind, at index: Int, in buffer: UnsafeBufferPointer<UInt8>, base: Int) {
        let end = min(buffer.count, index + 4)
        let bytes = index < end ? Array(buffer[index..<end]) : []
        failure = TextDecodingError(kind: kind, encoding: encoding ?? requestedEncoding ?? .utf8,
                                    byteOffset: base + index, bytes: bytes)
    }

    private func fail(_ kind: TextDecodingError.Kind, at index: Int, in array: [UInt8], base: Int) {
        array.withUnsafeBufferPointer { fail(kind, at: index, in: $0, base: base) }
    }

    /// Decodes what it can of `buffer`; returns how many bytes it consumed. Sets `failure` on an error.
    private func process(_ buffer: UnsafeBufferPointer<UInt8>, isFinal: Bool, into output: inout [UInt8]) -> Int {
        let base = nextOffset
        var i = 0
        defer { nextOffset = base + i }
        let n = buffer.count
        if !checkedBOM {
            if n < 3 && !isFinal { return 0 }
            checkedBOM = true
            var bom: TextEncoding?
            if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                bom = .utf8
            } else if n >= 2, buffer[0] == 0xFF, buffer[1] == 0xFE {
                bom = .utf16LE
            } else if n >= 2, buffer[0] == 0xFE, buffer[1] == 0xFF {
                bom = .utf16BE
            }
            if let requested = requestedEncoding {
                encoding = requested
                if bom == requested { byteOrderMarkLength = requested.byteOrderMark.count }
            } else if let bom {
                encoding = bom
                byteOrderMarkLength = bom.byteOrderMark.count
            } else if n >= 2, buffer[0] != 0, buffer[1] == 0 {
                encoding = .utf16LE
            } else if n >= 2, buffer[0] == 0, buffer[1] != 0 {
                encoding = .utf16BE
            }
            i = byteOrderMarkLength
        }
        while i < n, failure == nil {
            switch encoding {
            case nil:
                let k = firstNonASCII(buffer, from: i)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<k]))
                i = k
                if k == n { return i }
                let windowEnd = k + Self.detectionWindow
                if n < windowEnd && !isFinal { return i }
                let window = UnsafeBufferPointer(rebasing: buffer[k..<min(n, windowEnd)])
                switch UTF8Validation.validate(window) {
                case .valid, .incomplete: encoding = .utf8
                case .invalid: encoding = .gb18030
                }
            case .utf8?:
                switch UTF8Validation.validate(buffer, from: i) {
                case .valid:
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
                    i = n
                case .incomplete(let valid):
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<valid]))
                    i = valid
                    if isFinal { fail(.truncated, at: i, in: buffer, base: base) }
                    return i
                case .invalid(let valid):
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<valid]))
                    i = valid
                    fail(.invalidBytes, at: i, in: buffer, base: base)
                }
            case .utf16LE?, .utf16BE?:
                i = decodeUTF16(buffer, from: i, bigEndian: encoding == .utf16BE, isFinal: isFinal,
                                base: base, into: &output)
                return i
            case .gb18030?:
                i = decodeIconv(buffer, from: i, isFinal: isFinal, base: base, into: &output)
                return i
            }
        }
        return i
    }

    private func firstNonASCII(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let p = buffer.baseAddress else { return start }
        let n = buffer.count
        var i = start
        while i + 8 <= n {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n, p[i] < 0x80 { i += 1 }
        return i
    }

    private func decodeUTF16(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool, isFinal: Bool,
                             base: Int, into output: inout [UInt8]) -> Int {
        let n = buffer.count
        var i = start
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(buffer[at]) << 8 | UInt32(buffer[at + 1])
                      : UInt32(buffer[at + 1]) << 8 | UInt32(buffer[at])
        }
        output.reserveCapacity(output.count + (n - i) * 3 / 2)
        while i + 1 < n {
            let u = unit(i)
            var scalar = u
            var width = 2
            if u >= 0xD800 && u <= 0xDBFF {
                guard i + 3 < n else { break }
                let low = unit(i + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    fail(.invalidBytes, at: i, in: buffer, base: base)
                    return i
                }
                scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                width = 4
            } else if u >= 0xDC00 && u <= 0xDFFF {
                fail(.invalidBytes, at: i, in: buffer, base: base)
                return i
            }
            appendUTF8(scalar, to: &output)
            i += width
        }
        if isFinal && i < n { fail(.truncated, at: i, in: buffer, base: base) }
        return i
    }

    private func decodeIconv(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool,
                             base: Int, into output: inout [UInt8]) -> Int {
        if converter == nil {
            converter = Iconv(from: "GB18030", to: "UTF-8")
            if converter == nil {
                fail(.unsupported, at: start, in: buffer, base: base)
                return start
            }
        }
        guard let converter else { return start }
        var i = start
        while i < buffer.count {
            let needed = (buffer.count - i) * 2 + 16
            if scratch.count < needed { scratch = [UInt8](repeating: 0, count: needed) }
            let input = UnsafeBufferPointer(rebasing: buffer[i...])
            let (status, consumed, produced) = scratch.withUnsafeMutableBufferPointer { converter.convert(input, into: $0) }
            output.append(contentsOf: scratch[0..<produced])
            i += consumed
            switch status {
            case .ok: continue
            case .outputFull: scratch = [UInt8](repeating: 0, count: scratch.count * 2)
            case .incomplete:
                if isFinal { fail(.truncated, at: i, in: buffer, base: base) }
                return i
            case .invalid:
                fail(.invalidBytes, at: i, in: buffer, base: base)
                return i
            }
        }
        return i
    }
}

/// Appends a Unicode scalar value as UTF-8.
@inline(__always)
func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        output.append(UInt8(scalar))
    case 0x80..<0x800:
        output.append(UInt8(0xC0 | (scalar >> 6)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        output.append(UInt8(0xE0 | (scalar >> 12)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        output.append(UInt8(0xF0 | (scalar >> 18)))
        output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
