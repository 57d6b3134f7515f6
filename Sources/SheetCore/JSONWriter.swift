/// The package's one JSON text writer: keys in the order written, UTF-8 as is (only `"`, `\` and control
/// characters escaped), shortest round-tripping numbers, `null` for nil; laid out either indented (two
/// spaces, the merge document) or with line breaks only before the members of chosen depths (the
/// one-cell-per-line `sheet dump`).
///
/// Much faster than `JSONEncoder` for the merge document (hundreds of thousands of values) and
/// byte-stable across platforms. The text goes into one buffer of its own (no copy-on-write checks per
/// byte); a writer made with a `sink` hands that buffer over whenever it fills up and reuses it, so a
/// document of tens of MB streams out through one small buffer instead of being held (and page-faulted in)
/// whole.
public final class JSONWriter {
    /// How the text is laid out.
    public enum Layout: Sendable {
        /// A line break and two spaces per level before every member and before a non-empty container's
        /// closing bracket; `"key": value`.
        case indented
        /// No spaces; a line break (without indentation) before each member of the containers at the given
        /// depths (the outermost container's members are at depth 1); `"key":value`.
        case lineBreaks(atDepths: Set<Int>)
    }

    // The writer has one owner and never re-enters itself: no dynamic exclusivity checks on the per-value
    // state (they cost more than writing a small value).
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var depth = 0
    /// Whether the container at each depth already holds a member (a comma is due before the next).
    @exclusivity(unchecked) private var hasMember: [Bool] = [false]
    /// Receives the buffered bytes when the buffer is full and at `flush()`; nil keeps everything in memory.
    private let sink: ((UnsafeBufferPointer<UInt8>) throws -> Void)?
    /// The sink's first failure: later output is dropped and `finish()` (or `checkSink()`) rethrows it.
    private var failure: (any Error)?
    private let indented: Bool
    /// For `.lineBreaks`: bit d set when members at depth d start on a new line.
    private let breakDepths: UInt64

    /// A writer that keeps the text in memory (read it with `finished()`).
    public init(capacity: Int = 1 << 16, layout: Layout = .indented) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        sink = nil
        (indented, breakDepths) = Self.settings(layout)
    }

    /// A writer that hands its bytes to `sink` in chunks of up to `chunk` bytes (more for a longer string).
    public init(chunk: Int, layout: Layout = .indented, sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) {
        capacity = max(chunk, 1)
        base = .allocate(capacity: capacity)
        self.sink = sink
        (indented, breakDepths) = Self.settings(layout)
    }

    private static func settings(_ layout: Layout) -> (Bool, UInt64) {
        switch layout {
        case .indented: return (true, 0)
        case .lineBreaks(let depths): return (false, depths.reduce(0) { $1 >= 0 && $1 < 64 ? $0 | (1 << UInt64($1)) : $0 })
        }
    }

    /// Rethrows the sink's first failure, so a long producer can stop early.
    public func checkSink() throws {
        if let failure { throw failure }
    }

    deinit { base.deallocate() }

    /// The document with a final line break (for a writer without a sink).
    public func finished() -> [UInt8] {
        byte(0x0A)
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// Writes the final line break and hands everything still buffered to the sink.
    /// - Throws: the sink's first error.
    public func finish() throws {
        byte(0x0A)
        drain()
        if let failure { throw failure }
    }

    // MARK: Buffer

    /// Makes room for `n` more bytes: drains to the sink, or grows without one.
    @inline(__always) private func reserve(_ n: Int) {
        if count + n > capacity { makeRoom(n) }
    }

    private func makeRoom(_ n: Int) {
        if sink != nil {
            drain()
            if n <= capacity { return }
        }
        var grown = capacity * 2
        while count + n > grown { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }

    private func drain() {
        guard let sink, count > 0 else { return }
        if failure == nil {
            do { try sink(UnsafeBufferPointer(start: base, count: count)) } catch { failure = error }
        }
        count = 0
    }

    @inline(__always) private func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) private func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    // MARK: Values

    /// Starts an object member by member, for producers that cannot write it in one closure (`object` is
    /// the same); end it with `endObject()`.
    public func beginObject() { open(UInt8(ascii: "{")) }
    public func endObject() { close(UInt8(ascii: "}")) }
    /// Starts an array element by element; write each with `element()` first, end with `endArray()`.
    public func beginArray() { open(UInt8(ascii: "[")) }
    public func endArray() { close(UInt8(ascii: "]")) }
    /// Starts the next element of an array begun with `beginArray()`.
    public func element() { separate() }

    public func object(_ body: (JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(self)
        close(UInt8(ascii: "}"))
    }

    /// The elements are handed to `body` by index (borrowed): a `for … in` loop would copy each element, and
    /// with it retain and release every string it holds.
    public func array<E>(_ elements: [E], _ body: (JSONWriter, E) -> Void) {
        open(UInt8(ascii: "["))
        for i in elements.indices {
            separate()
            body(self, elements[i])
        }
        close(UInt8(ascii: "]"))
    }

    /// An array of `count` elements written by `body(index)` (for elements that are not stored as an array).
    public func array(count: Int, _ body: (JSONWriter, Int) -> Void) {
        open(UInt8(ascii: "["))
        for i in 0..<count {
            separate()
            body(self, i)
        }
        close(UInt8(ascii: "]"))
    }

    /// Starts a member `"key": ` of the current object; write its value next. The name is a literal the
    /// code spells (plain ASCII, nothing to escape), copied as is.
    public func key(_ name: StaticString) {
        separate()
        name.withUTF8Buffer { name in
            reserve(name.count + 4)
            base[count] = UInt8(ascii: "\"")
            if let start = name.baseAddress { (base + count + 1).update(from: start, count: name.count) }
            count += name.count + 1
            base[count] = UInt8(ascii: "\"")
            base[count + 1] = UInt8(ascii: ":")
            base[count + 2] = UInt8(ascii: " ")
            count += indented ? 3 : 2
        }
    }

    /// Starts a member whose name is data (escaped like any string).
    public func key(named name: String) {
        separate()
        string(name)
        if indented { append(": ") } else { byte(UInt8(ascii: ":")) }
    }

    public func string(_ s: String) {
        byte(UInt8(ascii: "\""))
        stringBody(s)
        byte(UInt8(ascii: "\""))
    }

    /// A string's text without the quotes: its UTF-8 copied whole unless something needs escaping.
    private func stringBody(_ s: String) {
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            if Self.needsEscaping(utf8) { return false }
            append(utf8)
            return true
        }
        if copied != true { escape(s) }
    }

    /// Whether any byte is a control character, `"` or `\`: eight bytes at a time (SWAR), then byte by byte.
    public static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
            // A byte below 0x20; a zero byte in `quote` or `backslash` (exact "any" tests).
            let below = (x &- ones &* 0x20) & ~x
            let zeros = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            if (below | zeros) & highs != 0 { return true }
            i += 8
        }
        while i < n {
            let byte = base[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// The body of a string that has characters to escape, byte by byte.
    private func escape(_ s: String) {
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                append("\\u00")
                hex.withUTF8Buffer { hex in
                    self.byte(hex[Int(byte >> 4)])
                    self.byte(hex[Int(byte & 0xF)])
                }
            default: self.byte(byte)
            }
        }
    }

    public func string(_ s: String?) { if let s { string(s) } else { null() } }

    /// A string the code spells (plain ASCII without quotes, backslashes or control characters), copied as is.
    public func string(literal s: StaticString) {
        s.withUTF8Buffer { text in
            reserve(text.count + 2)
            base[count] = UInt8(ascii: "\"")
            if let start = text.baseAddress { (base + count + 1).update(from: start, count: text.count) }
            count += text.count + 1
            base[count] = UInt8(ascii: "\"")
            count += 1
        }
    }

    /// A cell reference as the string `CellReference.description` spells (`"AB12"`), written directly.
    public func string(_ ref: CellReference) {
        guard ref.row >= 0, ref.row < 999_999_999, ref.column >= 0, ref.column < 18_278 else { return string(ref.description) }
        reserve(16)
        let p = base + count
        p[0] = UInt8(ascii: "\"")
        var k = 1
        // Column letters: bijective base 26 (A…Z, AA…ZZ, AAA…ZZZ for columns below 18,278).
        let c = ref.column
        if c >= 702 {
            let d = c - 702
            p[k] = UInt8(truncatingIfNeeded: d / 676) &+ 65
            p[k + 1] = UInt8(truncatingIfNeeded: d / 26 % 26) &+ 65
            p[k + 2] = UInt8(truncatingIfNeeded: d % 26) &+ 65
            k += 3
        } else if c >= 26 {
            p[k] = UInt8(truncatingIfNeeded: c / 26 - 1) &+ 65
            p[k + 1] = UInt8(truncatingIfNeeded: c % 26) &+ 65
            k += 2
        } else {
            p[k] = UInt8(truncatingIfNeeded: c) &+ 65
            k += 1
        }
        var n = ref.row + 1
        var digits = 1
        var m = n
        while m >= 10 { m /= 10; digits += 1 }
        for i in stride(from: k + digits - 1, through: k, by: -1) {
            p[i] = UInt8(truncatingIfNeeded: n % 10) &+ 48
            n /= 10
        }
        k += digits
        p[k] = UInt8(ascii: "\"")
        count += k + 1
    }

    /// A location as the string `SourceLocation.description` spells, written piece by piece.
    public func string(_ location: SourceLocation) {
        byte(UInt8(ascii: "\""))
        stringBody(location.file)
        if let part = location.part { byte(UInt8(ascii: "[")); stringBody(part); byte(UInt8(ascii: "]")) }
        if let sheet = location.sheet { byte(UInt8(ascii: "!")); stringBody(sheet) }
        if let cell = location.cell { byte(UInt8(ascii: "!")); stringBody(cell) }
        if let line = location.line {
            byte(UInt8(ascii: ":")); int(line)
            if let column = location.column { byte(UInt8(ascii: ":")); int(column) }
        }
        byte(UInt8(ascii: "\""))
    }

    /// A date as the string `DateTimeValue.iso8601` spells (digits written directly for plain dates), or null.
    public func date(_ d: DateTimeValue?) {
        guard let d else { return null() }
        guard d.kind == .date, (0...9999).contains(d.year), (0...99).contains(d.month), (0...99).contains(d.day) else {
            return string(d.iso8601)
        }
        reserve(12)
        let p = base + count
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(truncatingIfNeeded: d.year / 1000) &+ 48
        p[2] = UInt8(truncatingIfNeeded: d.year / 100 % 10) &+ 48
        p[3] = UInt8(truncatingIfNeeded: d.year / 10 % 10) &+ 48
        p[4] = UInt8(truncatingIfNeeded: d.year % 10) &+ 48
        p[5] = UInt8(ascii: "-")
        p[6] = UInt8(truncatingIfNeeded: d.month / 10) &+ 48
        p[7] = UInt8(truncatingIfNeeded: d.month % 10) &+ 48
        p[8] = UInt8(ascii: "-")
        p[9] = UInt8(truncatingIfNeeded: d.day / 10) &+ 48
        p[10] = UInt8(truncatingIfNeeded: d.day % 10) &+ 48
        p[11] = UInt8(ascii: "\"")
        count += 12
    }

    /// Decimal digits written straight into the buffer (no intermediate string).
    public func int(_ v: Int) {
        if v < 0 || v >= 1_000_000_000 {
            var text = String(v)
            return text.withUTF8 { append($0) }
        }
        if v < 10 { return byte(UInt8(truncatingIfNeeded: v) &+ 48) }
        var digits = 1
        var m = v
        while m >= 10 { m /= 10; digits += 1 }
        reserve(digits)
        var n = v
        for i in stride(from: digits - 1, through: 0, by: -1) {
            base[count + i] = UInt8(truncatingIfNeeded: n % 10) &+ 48
            n /= 10
        }
        count += digits
    }
    public func int(_ v: Int?) { if let v { int(v) } else { null() } }
    public func bool(_ v: Bool) { v ? append("true") : append("false") }
    public func bool(_ v: Bool?) { if let v { bool(v) } else { null() } }
    public func null() { append("null") }

    /// A finite number in its shortest round-tripping form (`0.5`, `1`); nil and non-finite values as `null`.
    public func number(_ v: Double?) {
        guard let v, v.isFinite else { return null() }
        if v == v.rounded(), abs(v) < 1e15 { return int(Int(v)) }
        var text = String(v)
        text.withUTF8 { append($0) }
    }

    public func stringArray(_ values: [String]) { array(values) { $0.string($1) } }

    // MARK: Layout

    private func open(_ bracket: UInt8) {
        byte(bracket)
        depth += 1
        if hasMember.count <= depth { hasMember.append(false) } else { hasMember[depth] = false }
    }

    private func close(_ bracket: UInt8) {
        let hadMembers = hasMember[depth]
        depth -= 1
        if hadMembers && indented { newline() }
        byte(bracket)
    }

    @inline(__always) private func separate() {
        if hasMember[depth] { byte(UInt8(ascii: ",")) } else { hasMember[depth] = true }
        if indented {
            newline()
        } else if depth < 64, breakDepths & (1 << UInt64(depth)) != 0 {
            byte(0x0A)
        }
    }

    /// A line break and the indentation of up to 64 levels, appended as one slice.
    private static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: UInt8(ascii: " "), count: 128)

    @inline(__always) private func newline() {
        let count = 1 + depth * 2
        if count <= Self.indentation.count {
            Self.indentation.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[..<count])) }
        } else {
            byte(0x0A)
            for _ in 0..<depth * 2 { byte(UInt8(ascii: " ")) }
        }
    }
}
