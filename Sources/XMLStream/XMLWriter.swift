// A small escaping XML byte writer in pure Swift (no libxml2): the XLSX writer's parts are built with it.

/// Appends XML to a growable byte buffer, escaping text and attribute values.
///
/// It does not check well-formedness (element nesting is the caller's business); it only guarantees that
/// every character written through `text(_:)` and attribute values is legal, escaped XML 1.0.
/// Callers stream large documents by draining `bytes` to a file now and then (`removeAll(keepingCapacity:)`).
public struct XMLWriter: Sendable {
    /// What to do with characters XML 1.0 cannot carry (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF).
    public enum InvalidCharacterPolicy: Sendable {
        /// Replace them with U+FFFD.
        case replace
        /// Office Open XML's escape: `_xHHHH_` (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and a literal
        /// `_xHHHH_` in the text is protected as `_x005F_xHHHH_` so readers give back the original text.
        case ooxml
    }

    /// The bytes written so far (UTF-8).
    public var bytes: [UInt8]
    public var policy: InvalidCharacterPolicy

    public init(capacity: Int = 4096, policy: InvalidCharacterPolicy = .ooxml) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.policy = policy
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and a newline.
    public mutating func declaration() {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
    }

    // MARK: Raw output (the caller guarantees it is valid XML)

    @inlinable public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inlinable public mutating func raw(bytes other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    @inlinable public mutating func byte(_ b: UInt8) {
        bytes.append(b)
    }

    /// Decimal digits of an integer.
    @inlinable public mutating func integer(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        var v = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
                count += 1
            } while v > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// The shortest text that reads back as the same `Double` (`1`, `1.25`, `1e-07`); integers without `.0`.
    /// NaN and infinities have no XML Schema form a spreadsheet accepts: callers must reject them first.
    @inlinable public mutating func double(_ value: Double) {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            integer(Int(value))
        } else {
            raw(value.description)
        }
    }

    // MARK: Elements

    /// `<name a="v" …>`.
    public mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        attributeList(attributes)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `<name a="v" …/>`.
    public mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        attributeList(attributes)
        raw("/>")
    }

    /// `</name>`.
    public mutating func end(_ name: String) {
        raw("</")
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `<name a="v">text</name>`, text escaped.
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        start(name, attributes)
        self.text(text)
        end(name)
    }

    /// ` name="value"`, value escaped.
    public mutating func attribute(_ name: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        raw(name)
        raw("=\"")
        escape(value, inAttribute: true)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func attributeList(_ attributes: [(String, String)]) {
        for (name, value) in attributes { attribute(name, value) }
    }

    /// Escaped character data.
    @inlinable public mutating func text(_ value: String) {
        escape(value, inAttribute: false)
    }

    // MARK: Escaping

    /// Appends `value` escaped for element content or an attribute value.
    ///
    /// Fast path: text with nothing to escape is copied in one go.
    @inlinable public mutating func escape(_ value: String, inAttribute: Bool) {
        var value = value
        value.withUTF8 { utf8 in
            if !Self.needsEscaping(utf8, policy: policy) {
                bytes.append(contentsOf: utf8)
            } else {
                escapeSlow(utf8, inAttribute: inAttribute)
            }
        }
    }

    /// Whether `escapeSlow` would write anything but `utf8` itself. Non-ASCII text (Chinese, full-width
    /// punctuation: lead byte 0xEF) stays on the fast path unless it holds U+FFFE or U+FFFF (EF BF BE/BF);
    /// `_` only matters when it starts `_xHHHH_` under the OOXML policy.
    @inlinable static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>, policy: InvalidCharacterPolicy) -> Bool {
        let n = utf8.count
        var i = 0
        while i < n {
            let b = utf8[i]
            if b >= 0x80 {
                if b == 0xEF && i + 2 < n && utf8[i + 1] == 0xBF && (utf8[i + 2] == 0xBE || utf8[i + 2] == 0xBF) { return true }
            } else if b < 0x20 || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&") || b == UInt8(ascii: "\"") {
                return true
            } else if b == UInt8(ascii: "_") && policy == .ooxml && isEscapeSequence(utf8, at: i) {
                return true
            }
            i += 1
        }
        return false
    }

    @usableFromInline mutating func escapeSlow(_ utf8: UnsafeBufferPointer<UInt8>, inAttribute: Bool) {
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "\""): if inAttribute { raw("&quot;") } else { bytes.append(b) }
            case 0x09, 0x0A:
                if inAttribute { raw(b == 0x09 ? "&#9;" : "&#10;") } else { bytes.append(b) }
            case 0x0D:
                // A bare CR is turned into LF by every XML parser; a character reference survives.
                raw("&#13;")
            case 0..<0x20:
                invalid(UInt32(b))
            case 0xEF where i + 2 < n && utf8[i + 1] == 0xBF && (utf8[i + 2] == 0xBE || utf8[i + 2] == 0xBF):
                invalid(utf8[i + 2] == 0xBE ? 0xFFFE : 0xFFFF)
                i += 3
                continue
            case UInt8(ascii: "_") where policy == .ooxml && Self.isEscapeSequence(utf8, at: i):
                raw("_x005F_")
            default:
                bytes.append(b)
            }
            i += 1
        }
    }

    private mutating func invalid(_ scalar: UInt32) {
        switch policy {
        case .replace:
            bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
        case .ooxml:
            raw("_x")
            let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
            for shift in stride(from: 12, through: 0, by: -4) {
                bytes.append(hex[Int((scalar >> UInt32(shift)) & 0xF)])
            }
            bytes.append(UInt8(ascii: "_"))
        }
    }

    /// Whether `_xHHHH_` starts at `i`.
    @usableFromInline static func isEscapeSequence(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 6 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"), utf8[i + 6] == UInt8(ascii: "_") else { return false }
        for k in 2...5 {
            switch utf8[i + k] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
