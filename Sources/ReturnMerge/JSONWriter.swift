/// A small deterministic JSON writer: keys in the order written, two-space indentation, UTF-8 as is
/// (only `"`, `\` and control characters escaped), shortest round-tripping numbers, `null` for nil.
///
/// Much faster than `JSONEncoder` for the merge document (hundreds of thousands of values) and
/// byte-stable across platforms.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Whether the current container already holds a member (a comma is due before the next).
    private var hasMember: [Bool] = [false]

    /// Takes the bytes written so far (and empties `bytes`) once they pass `spillSize`: a document then streams
    /// out in chunks instead of being held whole. Nil keeps everything in `bytes`.
    private var spill: ((inout [UInt8]) -> Void)?
    private var spillSize = 1 << 20

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// A writer that hands its bytes to `spill` in chunks of about `chunk` bytes, between values.
    init(chunk: Int, spill: @escaping (inout [UInt8]) -> Void) {
        bytes.reserveCapacity(chunk + (1 << 16))
        spillSize = chunk
        self.spill = spill
    }

    /// The document with a final line break, handed over without a copy.
    consuming func finished() -> [UInt8] {
        bytes.append(0x0A)
        return bytes
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// The elements are handed to `body` by index (borrowed): a `for … in` loop would copy each element, and
    /// with it retain and release every string it holds.
    mutating func array<E>(_ elements: [E], _ body: (inout JSONWriter, E) -> Void) {
        open(UInt8(ascii: "["))
        for i in elements.indices {
            separate()
            body(&self, elements[i])
        }
        close(UInt8(ascii: "]"))
    }

    /// Starts a member `"key": ` of the current object; write its value next. The name is a literal the
    /// code spells (plain ASCII, nothing to escape), copied as is.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// Starts a member whose name is data (escaped like any string).
    mutating func key(named name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escaping: copy their UTF-8 whole (native strings are contiguous).
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied != true { escape(s) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The body of a string that has characters to escape, byte by byte.
    private mutating func escape(_ s: String) {
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
    }

    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    /// Decimal digits written straight into the buffer (no intermediate string).
    mutating func int(_ v: Int) {
        if v < 0 || v >= 1_000_000_000 { return bytes.append(contentsOf: String(v).utf8) }
        if v < 10 { return bytes.append(UInt8(truncatingIfNeeded: v) &+ 48) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = v
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[count] = UInt8(truncatingIfNeeded: n % 10) &+ 48
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }
    mutating func int(_ v: Int?) { if let v { int(v) } else { null() } }
    mutating func bool(_ v: Bool) { bytes.append(contentsOf: (v ? "true" : "false").utf8) }
    mutating func bool(_ v: Bool?) { if let v { bool(v) } else { null() } }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// A finite number in its shortest round-tripping form (`0.5`, `1`); nil and non-finite values as `null`.
    mutating func number(_ v: Double?) {
        guard let v, v.isFinite else { return null() }
        if v == v.rounded(), abs(v) < 1e15 { return int(Int(v)) }
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func stringArray(_ values: [String]) { array(values) { $0.string($1) } }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        hasMember.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = hasMember.removeLast()
        depth -= 1
        if hadMembers { newline() }
        bytes.append(bracket)
    }

    private mutating func separate() {
        if let spill, bytes.count >= spillSize { spill(&bytes) }
        if hasMember[hasMember.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasMember[hasMember.count - 1] = true
        newline()
    }

    /// A line break and the indentation of up to 64 levels, appended as one slice.
    private static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: UInt8(ascii: " "), count: 128)

    private mutating func newline() {
        let count = 1 + depth * 2
        if count <= Self.indentation.count {
            Self.indentation.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
        } else {
            bytes.append(0x0A)
            bytes += repeatElement(UInt8(ascii: " "), count: depth * 2)
        }
    }
}
