import DisclosureCatalog
import SheetCore
import WorkCalendar

/// Interpretation of cell values the way offices type them.
public enum CellParsing {
    /// A date from a cell: a date cell, an Excel serial number (when the date format was lost), or text
    /// `2025-03-01`, `2025/3/1`, `2025.3.1`, `2025年3月1日`, `20250301`. Nil when it is no real date.
    public static func date(_ value: CellValue) -> CalendarDate? {
        switch value {
        case .date(let d):
            return CalendarDate(year: d.year, month: d.month, day: d.day)
        case .number(let n, _):
            // Excel 1900 serials for 1955–2100; other numbers are not dates.
            guard n >= 20_000, n < 73_051, n == n.rounded(.down),
                  let d = ExcelDate.dateTime(serial: n, date1904: false, kind: .date) else { return nil }
            return CalendarDate(year: d.year, month: d.month, day: d.day)
        case .string(let s):
            return date(text: s)
        default:
            return nil
        }
    }

    /// A date from text (see `date(_:)`); a time after the date (`2025-03-05 10:00`) is ignored.
    public static func date(text raw: String) -> CalendarDate? {
        if let date = dateOnly(raw) { return date }
        if let first = raw.split(whereSeparator: \.isWhitespace).first, first.count < raw.count {
            return dateOnly(String(first))
        }
        return nil
    }

    private static func dateOnly(_ raw: String) -> CalendarDate? {
        var text = raw.filter { !$0.isWhitespace }
        // A date-time written as text: keep the date part.
        if let t = text.firstIndex(where: { $0 == "T" }) { text = String(text[..<t]) }
        if text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }),
           let y = Int(text.prefix(4)), let m = Int(text.dropFirst(4).prefix(2)), let d = Int(text.suffix(2)) {
            return CalendarDate(year: y, month: m, day: d)
        }
        if text.hasSuffix("日") { text.removeLast() }
        let parts = text.split(whereSeparator: { "-/.年月".contains($0) }).map(String.init)
        guard parts.count == 3, parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// The text a cell shows, trimmed.
    public static func text(_ value: CellValue) -> String {
        switch value {
        case .date(let d):
            return isoDate(d)
        case .string(let s):
            return s.isTrimmed ? s : s.trimmingWhitespace()
        case .empty:
            return ""
        default:
            return value.text.trimmed
        }
    }
}

extension CellParsing {
    /// `d.iso8601`, written straight into a string for a plain date of years 0–9999 (the cells of returns).
    static func isoDate(_ d: DateTimeValue) -> String {
        guard d.kind == .date, (0...9999).contains(d.year), (0...99).contains(d.month), (0...99).contains(d.day) else {
            return d.iso8601
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(d.year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(d.month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(d.day, 2, at: 8)
            return 10
        }
    }
}

/// A text (a header key) with whether bytes alone decide `==` and `hasPrefix` for it.
///
/// String comparison is by canonical equivalence over characters; for a *plain* text — every scalar its own
/// character and unchanged by normalization (ASCII but CR, CJK ideographs and punctuation, full-width forms,
/// general punctuation and symbols without format or canonically decomposing characters) — that is byte
/// comparison, which skips the normalizing slow path. Other texts compare as Strings.
struct TextKey {
    let text: String
    let isPlain: Bool
    /// The text's UTF-8 length and its first eight bytes (little-endian, zero-padded): most keys that differ
    /// differ in these, which are compared before the bytes.
    private let count: Int
    private let head: UInt64

    init(_ text: String) {
        self.init(text: text, isPlain: text.unicodeScalars.allSatisfy(TextKey.isPlainScalar))
    }

    private init(text: String, isPlain: Bool) {
        self.text = text
        self.isPlain = isPlain
        count = text.utf8.count
        var head: UInt64 = 0, shift: UInt64 = 0
        for byte in text.utf8.prefix(8) {
            head |= UInt64(byte) << shift
            shift += 8
        }
        self.head = head
    }

    /// `TextKey(text.headerKey)`: a text that `headerKey` leaves as it is (most cells) is its own key, its
    /// plainness found in the same pass over its scalars.
    static func headerKey(of text: String) -> TextKey {
        var plain = true
        for s in text.unicodeScalars {
            if String.headerKeyTouches(s) { return TextKey(text.headerKey) }
            if plain, !isPlainScalar(s) { plain = false }
        }
        return TextKey(text: text, isPlain: plain)
    }

    var isEmpty: Bool { text.isEmpty }

    /// The key without its trailing colons (`while text.last == ":" { text.removeLast() }`): for a plain key, whose
    /// every scalar is a character, its trailing `:` bytes.
    func droppingTrailingColons() -> TextKey {
        guard isPlain else {
            var key = text
            while let last = key.last, last == ":" { key.removeLast() }
            return TextKey(key)
        }
        var colons = 0
        for byte in text.utf8.reversed() {
            guard byte == UInt8(ascii: ":") else { break }
            colons += 1
        }
        guard colons > 0 else { return self }
        return TextKey(text: String(Substring(text.utf8.dropLast(colons))), isPlain: true)
    }

    /// `text == other.text`.
    func equals(_ other: TextKey) -> Bool {
        // Plain texts are equal exactly when their bytes are.
        if isPlain && other.isPlain {
            return count == other.count && head == other.head && (count <= 8 || text.hasSameBytes(as: other.text))
        }
        return text.hasSameBytes(as: other.text) || text == other.text
    }

    /// `text.hasPrefix(prefix.text)`.
    func hasPrefix(_ prefix: TextKey) -> Bool {
        if isPlain && prefix.isPlain {
            guard prefix.count <= count else { return false }
            let mask: UInt64 = prefix.count >= 8 ? ~0 : (1 << (UInt64(prefix.count) * 8)) - 1
            guard (head ^ prefix.head) & mask == 0 else { return false }
            return prefix.count <= 8 || text.utf8.starts(with: prefix.text.utf8)
        }
        return text.hasPrefix(prefix.text)
    }

    /// A scalar that stands alone (`String.standsAlone`) and that normalization leaves as it is: not CR (it joins
    /// a following LF) nor U+2000/U+2001 (they decompose to U+2002/U+2003).
    static func isPlainScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v != 0x0D && v != 0x2000 && v != 0x2001 && String.standsAlone(s)
    }
}

/// Unicode's White_Space property without the property tables.
enum WhiteSpace {
    /// Exactly `scalar.properties.isWhitespace` (the White_Space list of Unicode 6.3 and later, stable since:
    /// U+0009–000D, 0020, 0085, 00A0, 1680, 2000–200A, 2028, 2029, 202F, 205F, 3000); the test compares it
    /// with the property over every scalar.
    @inline(__always)
    static func contains(_ scalar: Unicode.Scalar) -> Bool { contains(value: scalar.value) }

    /// `contains` of the scalar with value `v`.
    @inline(__always)
    static func contains(value v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        if v < 0x2000 { return v == 0x1680 }
        if v <= 0x205F { return v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F }
        return v == 0x3000
    }
}

extension String {
    /// All white space removed, full-width brackets and colons folded to ASCII — for comparing headers.
    var headerKey: String {
        // Most texts have nothing to drop or fold: return them as they are (exactly what `headerKeyByCharacter` gives,
        // since a character equal to one of the folded ones is that very scalar, and no scalar is white space).
        if !unicodeScalars.contains(where: String.headerKeyTouches) { return self }
        // Scalars that form a character of their own give the same result scalar by scalar (\r\n, the one
        // two-scalar character among them, is white space either way).
        if unicodeScalars.allSatisfy(String.standsAlone) { return headerKeyByScalar }
        return headerKeyByCharacter
    }

    /// `headerKeyByCharacter` over scalars, for texts whose every scalar is a character of its own.
    private var headerKeyByScalar: String {
        var out = String.UnicodeScalarView()
        for s in unicodeScalars where !WhiteSpace.contains(s) {
            switch s.value {
            case 0xFF08: out.append("(")
            case 0xFF09: out.append(")")
            case 0xFF1A: out.append(":")
            case 0x2A, 0xFF0A: continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Whether `s` always makes a character on its own (never extends or joins a neighbour, never decomposes to
    /// one of the folded characters): ASCII, CJK ideographs and punctuation, full-width forms, general
    /// punctuation and symbols without format characters, Latin-1 white space.
    static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return true }
        if v < 0x2000 { return v == 0xA0 || v == 0x85 }
        return (0x3400...0x9FFF).contains(v) || (0xFF01...0xFF5E).contains(v) || (0x3000...0x3029).contains(v)
            || (0x2000...0x200A).contains(v) || (0x2010...0x2029).contains(v) || (0x202F...0x205F).contains(v)
            || (0x25A0...0x27BF).contains(v) || (0x2460...0x24FF).contains(v)
    }

    /// `headerKey` computed character by character (the definition; `headerKey` skips it when nothing changes).
    var headerKeyByCharacter: String {
        var out = ""
        for c in self where !c.isWhitespace {
            switch c {
            case "（": out.append("(")
            case "）": out.append(")")
            case "：": out.append(":")
            case "*", "＊": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// Whether `headerKey` drops or folds this scalar: white space, （ ） ： * ＊.
    static func headerKeyTouches(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || v == 0x2A || (0x09...0x0D).contains(v) }
        if (0x3400...0x9FFF).contains(v) { return false }  // CJK ideographs: never white space
        return v == 0xFF08 || v == 0xFF09 || v == 0xFF1A || v == 0xFF0A || WhiteSpace.contains(s)
    }

    /// `trimmingWhitespace()`, skipped when the text is already trimmed (`isTrimmed`).
    var trimmed: String { isTrimmed ? self : trimmingWhitespace() }

    /// Whether `trimmingWhitespace()` would return the text unchanged, decided from its end scalars alone
    /// (false means "don't know"). The first character is white space exactly when its first scalar is; the
    /// last character ends in an ASCII letter/digit/punctuation or a CJK/full-width form, which starts a
    /// grapheme cluster of its own (or follows a prepend mark), so it is white space exactly when that scalar is.
    var isTrimmed: Bool {
        // The end scalars decoded from the UTF-8 bytes when they are at hand (scalars of one to three bytes).
        if let known = utf8.withContiguousStorageIfAvailable(String.isTrimmed(utf8:)), let known { return known }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return true }
        return String.isTrimmed(first: first.value, last: last.value)
    }

    /// `isTrimmed` from the first and last scalar values.
    private static func isTrimmed(first: UInt32, last v: UInt32) -> Bool {
        if WhiteSpace.contains(value: first) { return false }
        return (v > 0x20 && v < 0x7F) || (0x3400...0x9FFF).contains(v) || (0xFF01...0xFF5E).contains(v)
            || (0x25A0...0x27BF).contains(v)  // geometric shapes, symbols, dingbats: ☑ ☐ □ ■ √ ✓ …
            || (0x3001...0x3029).contains(v)  // CJK punctuation 、。《》「」 (〪–〯 from U+302A are combining marks)
            || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)  // ‘’“”…‰ (no format characters)
            || (0x2460...0x24FF).contains(v)  // ①②③
    }

    /// `isTrimmed` of valid UTF-8 bytes whose end scalars are of one to three bytes; nil otherwise.
    private static func isTrimmed(utf8 b: UnsafeBufferPointer<UInt8>) -> Bool? {
        let n = b.count
        guard n > 0 else { return true }
        let first: UInt32, last: UInt32
        let b0 = UInt32(b[0])
        if b0 < 0x80 {
            first = b0
        } else if b0 & 0xE0 == 0xC0, n >= 2 {
            first = (b0 & 0x1F) << 6 | UInt32(b[1] & 0x3F)
        } else if b0 & 0xF0 == 0xE0, n >= 3 {
            first = (b0 & 0x0F) << 12 | UInt32(b[1] & 0x3F) << 6 | UInt32(b[2] & 0x3F)
        } else {
            return nil
        }
        let z = UInt32(b[n - 1])
        if z < 0x80 {
            last = z
        } else if n >= 2, b[n - 2] & 0xE0 == 0xC0 {
            last = UInt32(b[n - 2] & 0x1F) << 6 | (z & 0x3F)
        } else if n >= 3, b[n - 3] & 0xF0 == 0xE0 {
            last = UInt32(b[n - 3] & 0x0F) << 12 | UInt32(b[n - 2] & 0x3F) << 6 | (z & 0x3F)
        } else {
            return nil
        }
        return isTrimmed(first: first, last: last)
    }
}
