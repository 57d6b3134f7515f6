/// The byte-level CSV state machine: feed it bytes, get field and record boundaries out.
///
/// Modelled on BurntSushi's rust-csv `csv-core`: it never fails, allocates nothing and works on buffers the
/// caller owns. Any input is accepted the way spreadsheet programs accept it (RFC 4180 plus reality):
/// quoted fields with doubled quotes, CR, LF and CRLF inside quotes, CR / LF / CRLF line ends, a quote
/// inside an unquoted field is literal, text after a closing quote is kept (`"ab"c` is `abc`), an empty
/// line is a record with no fields. Problems a reader must report (a quote never closed) are exposed as
/// flags, not failures.
///
/// The core is resumable at every byte: input may be split anywhere, and the results (fields, records and
/// positions) are the same however it is split.
public struct CSVCore: Sendable {
    /// Why `readRecord` returned.
    public enum Step: Sendable, Equatable {
        /// All input was consumed; call again with more input (an empty buffer means end of input).
        case inputEmpty
        /// `output` is full; call again with more room (the current field continues).
        case outputFull
        /// `ends` (and `starts`) are full; call again with more room.
        case fieldsFull
        /// A record ended; its fields are those reported since the previous record.
        case record
        /// The end of input was reached and every record has been reported.
        case end
    }

    /// What one call did.
    public struct Result: Sendable, Equatable {
        public var step: Step
        /// Input bytes consumed.
        public var consumed: Int
        /// Bytes written to `output`.
        public var written: Int
        /// Fields completed: their end offsets (relative to the `output` passed to this call) are in `ends`,
        /// their start positions in `starts`.
        public var fields: Int
    }

    enum State: UInt8, Sendable {
        case startRecord, startField, unquoted, quoted, quoteInQuoted, ended
    }

    public let delimiter: UInt8
    public let quote: UInt8

    var state: State = .startRecord
    var line = 1
    var column = 1
    var offset = 0
    /// The last consumed byte was a CR ending a line (a following LF belongs to it).
    var afterCR = false
    var fieldStart = CSVPosition()
    /// Where the current (or last) record began.
    public private(set) var recordStart = CSVPosition()
    /// The last field of the last record ended at the end of input inside quotes (a quote never closed).
    public private(set) var endedInsideQuotes = false

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// The position of the next byte to be consumed.
    public var position: CSVPosition { CSVPosition(line: line, column: column, byteOffset: offset) }

    /// The current field began with a quote that has not been closed yet.
    public var isInsideQuotes: Bool { state == .quoted }

    /// Where the field being read began.
    public var currentFieldStart: CSVPosition { fieldStart }

    /// Consumes input until a record ends or a buffer runs out.
    ///
    /// - Parameters:
    ///   - input: the next bytes of the text (UTF-8 or another ASCII-compatible encoding); empty at the end.
    ///   - output: where field bytes go, unescaped and concatenated.
    ///   - ends: receives each completed field's end offset in `output`.
    ///   - starts: receives each completed field's start position; must be as large as `ends`.
    /// - Complexity: O(consumed bytes).
    public mutating func readRecord(_ input: UnsafeBufferPointer<UInt8>,
                                    output: UnsafeMutableBufferPointer<UInt8>,
                                    ends: UnsafeMutableBufferPointer<Int>,
                                    starts: UnsafeMutableBufferPointer<CSVPosition>) -> Result {
        let cr: UInt8 = 13, lf: UInt8 = 10
        let delimiter = self.delimiter, quote = self.quote
        let delimiterPattern = UInt64(delimiter) &* 0x0101_0101_0101_0101
        let quotePattern = UInt64(quote) &* 0x0101_0101_0101_0101
        let n = input.count
        let outCapacity = output.count
        let fieldCapacity = min(ends.count, starts.count)
        var i = 0, o = 0, e = 0
        var state = self.state
        var line = self.line, column = self.column
        var afterCR = self.afterCR
        var fieldStart = self.fieldStart
        let base = self.offset

        @inline(__always) func here() -> CSVPosition {
            CSVPosition(line: line, column: column, byteOffset: base + i)
        }
        func finish(_ step: Step) -> Result {
            self.state = state
            self.line = line
            self.column = column
            self.afterCR = afterCR
            self.fieldStart = fieldStart
            self.offset = base + i
            return Result(step: step, consumed: i, written: o, fields: e)
        }

        guard n > 0, let inp = input.baseAddress else {
            // End of input.
            switch state {
            case .startRecord, .ended:
                state = .ended
                return finish(.end)
            case .startField, .unquoted, .quoted, .quoteInQuoted:
                guard e < fieldCapacity else { return finish(.fieldsFull) }
                endedInsideQuotes = state == .quoted
                ends[e] = o
                starts[e] = fieldStart
                e += 1
                state = .startRecord
                return finish(.record)
            }
        }
        let out = output.baseAddress

        /// Ends the current field at the delimiter or line end `b` (the caller checked `ends` has room).
        /// - Returns: true when `b` ended the record.
        @inline(__always) func endField(at b: UInt8) -> Bool {
            ends[e] = o
            starts[e] = fieldStart
            e += 1
            i += 1
            if b == delimiter {
                column += 1
                fieldStart = here()
                state = .startField
                return false
            }
            afterCR = b == cr
            line += 1
            column = 1
            state = .startRecord
            return true
        }
        /// Copies the bytes from `i` up to the first `stop` byte, CR or LF (eight bytes at a time).
        /// - Returns: false when `output` filled up first.
        @inline(__always) func copyRun(stop: UInt8, pattern: UInt64) -> Bool {
            var j = i
            // Continuation bytes (10xxxxxx) seen on the way: scalars = bytes - continuation bytes.
            var continuation = 0
            var found = false
            while j + 8 <= n {
                let w = UnsafeRawPointer(inp + j).loadUnaligned(as: UInt64.self)
                let hits = Self.matches(w, pattern) | Self.matches(w, Self.lfPattern) | Self.matches(w, Self.crPattern)
                if hits != 0 {
                    // The lowest flagged byte is always a true match (false flags only follow a true one).
                    let k = hits.trailingZeroBitCount &>> 3
                    continuation &+= Self.continuationCount(w & ((1 &<< UInt64(k &<< 3)) &- 1))
                    j &+= k
                    found = true
                    break
                }
                continuation &+= Self.continuationCount(w)
                j &+= 8
            }
            while !found && j < n {
                let c = inp[j]
                if c == stop || c == lf || c == cr { break }
                if c & 0xC0 == 0x80 { continuation &+= 1 }
                j &+= 1
            }
            guard j > i else { return true }
            let run = j - i
            let take = min(run, outCapacity - o)
            if take > 0, let out {
                if take <= 16, o + 16 <= outCapacity, i + 16 <= n {
                    // A short field: two word copies instead of a memcpy call (bytes past `take` are scratch).
                    let raw = UnsafeRawPointer(inp + i), dest = UnsafeMutableRawPointer(out + o)
                    dest.storeBytes(of: raw.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    (dest + 8).storeBytes(of: (raw + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
                } else {
                    (out + o).update(from: inp + i, count: take)
                }
                column += take == run ? run - continuation : Self.scalarCount(inp + i, take)
                o += take
                i += take
                afterCR = false
            }
            return take == run
        }

        while i < n {
            switch state {
            case .ended:
                // Input after the end: start over as a new stream of records.
                state = .startRecord
            case .startRecord:
                let b = inp[i]
                if b == lf && afterCR {
                    afterCR = false
                    i += 1
                    continue
                }
                afterCR = false
                endedInsideQuotes = false
                recordStart = here()
                if b == cr || b == lf {
                    // An empty line: a record without fields.
                    if b == cr { afterCR = true }
                    line += 1
                    column = 1
                    i += 1
                    return finish(.record)
                }
                fieldStart = recordStart
                state = .startField
            case .startField:
                let b = inp[i]
                if b == quote {
                    state = .quoted
                    column += 1
                    i += 1
                } else if b == delimiter || b == cr || b == lf {
                    guard e < fieldCapacity else { return finish(.fieldsFull) }
                    if endField(at: b) { return finish(.record) }
                } else {
                    state = .unquoted
                    fallthrough
                }
            case .unquoted:
                // Copy the run up to the next delimiter or line end in one go.
                guard copyRun(stop: delimiter, pattern: delimiterPattern) else { return finish(.outputFull) }
                if i == n { break }
                guard e < fieldCapacity else { return finish(.fieldsFull) }
                if endField(at: inp[i]) { return finish(.record) }
            case .quoted:
                guard copyRun(stop: quote, pattern: quotePattern) else { return finish(.outputFull) }
                if i == n { break }
                let b = inp[i]
                if b == quote {
                    column += 1
                    i += 1
                    state = .quoteInQuoted
                } else {
                    // A line end inside quotes is part of the field.
                    guard o < outCapacity, let out else { return finish(.outputFull) }
                    out[o] = b
                    o += 1
                    i += 1
                    if b == cr {
                        line += 1
                        column = 1
                        afterCR = true
                    } else {
                        if !afterCR {
                            line += 1
                            column = 1
                        }
                        afterCR = false
                    }
                }
            case .quoteInQuoted:
                let b = inp[i]
                afterCR = false
                if b == quote {
                    // A doubled quote stands for one quote.
                    guard o < outCapacity, let out else { return finish(.outputFull) }
                    out[o] = quote
                    o += 1
                    column += 1
                    i += 1
                    state = .quoted
                } else if b == delimiter || b == cr || b == lf {
                    guard e < fieldCapacity else { return finish(.fieldsFull) }
                    if endField(at: b) { return finish(.record) }
                } else {
                    // Text after the closing quote is kept as it is, like Excel and Python's csv do.
                    state = .unquoted
                }
            }
        }
        return finish(.inputEmpty)
    }

    /// The number of Unicode scalars in valid UTF-8 bytes: bytes that are not continuation bytes
    /// (`10xxxxxx`), counted eight at a time.
    @inline(__always)
    static func scalarCount(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var continuation = 0
        var k = 0
        while k + 8 <= count {
            let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
            continuation &+= continuationCount(w)
            k &+= 8
        }
        while k < count {
            if p[k] & 0xC0 == 0x80 { continuation += 1 }
            k += 1
        }
        return count - continuation
    }

    /// How many bytes of `word` are UTF-8 continuation bytes (`10xxxxxx`): their high bits, summed with a
    /// multiply (cheaper than a software popcount on baseline x86-64).
    @inline(__always)
    static func continuationCount(_ word: UInt64) -> Int {
        let marks = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
        return Int(truncatingIfNeeded: (marks &* 0x0101_0101_0101_0101) >> 56)
    }

    static let lfPattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    static let crPattern: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    /// Non-zero when some byte of `word` equals the byte repeated in `pattern` (may also flag bytes after a
    /// true match, never misses one; callers rescan byte by byte).
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
}
