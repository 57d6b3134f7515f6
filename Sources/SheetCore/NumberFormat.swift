/// A number format: one of Excel's built-in formats (by id) or a custom format code.
///
/// The one number-format model of the package: the reader makes one per cell style from `numFmtId` and the
/// `numFmts` table, the writer writes the built-in id or the custom code back. Two formats are equal when they
/// are the same built-in (whatever text stands for it) or, both custom, when their codes are equal.
///
/// Code given as text is mapped to a built-in id only for Excel's locale-independent built-ins (`"0.00"`,
/// `"@"`, `"mm-dd-yy"` is 14); `yyyy-mm-dd` stays custom so every locale shows it the same.
public struct NumberFormat: Hashable, Sendable {
    /// The format code, e.g. `yyyy-mm-dd` or `#,##0.00`. For a built-in id, the code as a zh-CN Excel shows it
    /// (14 is `yyyy-mm-dd`); `General` for a built-in id without a known code.
    public let code: String
    /// The built-in id when the format is one of Excel's built-ins, else nil (a custom code).
    public let builtinID: Int?

    /// A format code, recognising Excel's locale-independent built-in codes.
    public init(_ code: String) {
        builtinID = NumberFormat.builtinIDs[code]
        self.code = code
    }

    /// A built-in format by id (0 General, 1 `0`, 2 `0.00`, 3 `#,##0`, 4 `#,##0.00`, 9 `0%`, 10 `0.00%`,
    /// 14 short date (locale-dependent), 22 date-time, 49 text `@`, the zh-CN ids 27–36 and 50–58, …).
    public init(builtinID: Int) {
        self.builtinID = builtinID
        code = NumberFormat.builtinCode(builtinID) ?? "General"
    }

    /// The format of a `cellXfs` entry as a file states it: `numFmtId` and, when the `numFmts` table has one,
    /// its code. A code that is one of the built-ins keeps the built-in id; ids without a code are built-ins, and id 0 is General whatever code a file gives it.
    public init(id: Int, code: String?) {
        if id != 0, let code {
            self.init(code)
        } else {
            self.init(builtinID: id)
        }
    }

    public var isGeneral: Bool { builtinID == 0 || (builtinID == nil && code == "General") }

    /// The code as a reader reports it: nil for General (and built-in ids without a known code).
    public var shownCode: String? {
        isGeneral || code == "General" ? nil : code
    }

    /// Whether the format shows its number as a date, a time or a date-time (nil: as a number or text).
    public var dateKind: DateTimeValue.Kind? { shownCode.flatMap(NumberFormat.dateKind) }

    public static func == (a: NumberFormat, b: NumberFormat) -> Bool {
        if let x = a.builtinID, let y = b.builtinID { return x == y }
        return a.builtinID == nil && b.builtinID == nil && a.code == b.code
    }

    public func hash(into hasher: inout Hasher) {
        if let builtinID { hasher.combine(builtinID) } else { hasher.combine(-1); hasher.combine(code) }
    }

    public static let general = NumberFormat(builtinID: 0)
    public static let integer = NumberFormat("0")
    public static let decimal2 = NumberFormat("0.00")
    public static let thousands = NumberFormat("#,##0")
    public static let thousands2 = NumberFormat("#,##0.00")
    public static let percent = NumberFormat("0%")
    public static let percent2 = NumberFormat("0.00%")
    /// Text (`@`): what a cell typed by a person keeps as typed (e.g. 关区代码 `0101`).
    public static let text = NumberFormat("@")
    /// ISO date, the default for `.date` values.
    public static let isoDate = NumberFormat("yyyy-mm-dd")
    /// ISO date and time, the default for `.dateTime` values.
    public static let isoDateTime = NumberFormat("yyyy-mm-dd hh:mm:ss")
    /// Elapsed hours, minutes and seconds (built-in 46), the default for `.duration` values.
    public static let elapsedTime = NumberFormat("[h]:mm:ss")
    /// Time of day, the default for `.time` values.
    public static let time = NumberFormat("hh:mm:ss")
    /// 2025年1月1日.
    public static let chineseDate = NumberFormat("yyyy\"年\"m\"月\"d\"日\"")

    /// Excel's locale-independent built-in format codes, as text maps to an id when writing.
    static let builtinIDs: [String: Int] = [
        "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4,
        "0%": 9, "0.00%": 10, "0.00E+00": 11, "# ?/?": 12, "# ??/??": 13,
        "mm-dd-yy": 14, "d-mmm-yy": 15, "d-mmm": 16, "mmm-yy": 17, "h:mm AM/PM": 18, "h:mm:ss AM/PM": 19,
        "h:mm": 20, "h:mm:ss": 21, "m/d/yy h:mm": 22,
        "#,##0 ;(#,##0)": 37, "#,##0 ;[Red](#,##0)": 38, "#,##0.00;(#,##0.00)": 39, "#,##0.00;[Red](#,##0.00)": 40,
        "mm:ss": 45, "[h]:mm:ss": 46, "mmss.0": 47, "##0.0E+0": 48, "@": 49,
    ]

    /// The format code of a built-in id as a zh-CN Excel shows it, including the zh-CN locale ids 27–36 and
    /// 50–58 (as WPS/Excel in Chinese write them); nil for ids without a built-in code.
    public static func builtinCode(_ id: Int) -> String? {
        switch id {
        case 0: "General"
        case 1: "0"
        case 2: "0.00"
        case 3: "#,##0"
        case 4: "#,##0.00"
        case 9: "0%"
        case 10: "0.00%"
        case 11: "0.00E+00"
        case 12: "# ?/?"
        case 13: "# ??/??"
        case 14: "yyyy-mm-dd"
        case 15: "d-mmm-yy"
        case 16: "d-mmm"
        case 17: "mmm-yy"
        case 18: "h:mm AM/PM"
        case 19: "h:mm:ss AM/PM"
        case 20: "h:mm"
        case 21: "h:mm:ss"
        case 22: "yyyy-mm-dd h:mm"
        case 37: "#,##0 ;(#,##0)"
        case 38: "#,##0 ;[Red](#,##0)"
        case 39: "#,##0.00;(#,##0.00)"
        case 40: "#,##0.00;[Red](#,##0.00)"
        case 45: "mm:ss"
        case 46: "[h]:mm:ss"
        case 47: "mmss.0"
        case 48: "##0.0E+0"
        case 49: "@"
        // zh-CN locale built-ins.
        case 27, 36, 50, 57: #"yyyy"年"m"月""#
        case 28, 29, 51, 54, 58: #"m"月"d"日""#
        case 30: "m-d-yy"
        case 31: #"yyyy"年"m"月"d"日""#
        case 32: #"h"时"mm"分""#
        case 33: #"h"时"mm"分"ss"秒""#
        case 34, 55: #"上午/下午h"时"mm"分""#
        case 35, 56: #"上午/下午h"时"mm"分"ss"秒""#
        case 52: #"yyyy"年"m"月""#
        case 53: #"m"月"d"日""#
        default: nil
        }
    }
    /// Whether a format code shows its number as a date, a time or a date-time (nil: as a number or text).
    ///
    /// Looks at the first section only; quoted literals, `\x` escapes, `_x`/`*x` padding and bracketed
    /// parts (`[$-409]`, `[Red]`) are skipped, but `[h]`, `[mm]`, `[ss]` elapsed-time parts count: without a date
    /// part they make a `.duration` (`[h]:mm:ss`, built-in 46), never a date.
    public static func dateKind(_ code: String) -> DateTimeValue.Kind? {
        var hasY = false, hasD = false, hasM = false, hasH = false, hasS = false, elapsed = false
        var bytes = Array(code.utf8).makeIterator()
        var sawDigitPlaceholder = false
        while let b = bytes.next() {
            switch b {
            case UInt8(ascii: "\""):
                while let c = bytes.next(), c != UInt8(ascii: "\"") {}
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                _ = bytes.next()
            case UInt8(ascii: "["):
                var inner: [UInt8] = []
                while let c = bytes.next(), c != UInt8(ascii: "]") { inner.append(c | 0x20) }
                if !inner.isEmpty, inner.allSatisfy({ $0 == UInt8(ascii: "h") }) { hasH = true; elapsed = true }
                if !inner.isEmpty, inner.allSatisfy({ $0 == UInt8(ascii: "m") }) { hasM = true; hasH = true; elapsed = true }
                if !inner.isEmpty, inner.allSatisfy({ $0 == UInt8(ascii: "s") }) { hasS = true; elapsed = true }
            case UInt8(ascii: ";"):
                return kind(hasY, hasD, hasM, hasH, hasS, sawDigitPlaceholder, elapsed)
            case UInt8(ascii: "y"), UInt8(ascii: "Y"): hasY = true
            case UInt8(ascii: "d"), UInt8(ascii: "D"): hasD = true
            case UInt8(ascii: "m"), UInt8(ascii: "M"): hasM = true
            case UInt8(ascii: "h"), UInt8(ascii: "H"): hasH = true
            case UInt8(ascii: "s"), UInt8(ascii: "S"): hasS = true
            case UInt8(ascii: "0"), UInt8(ascii: "#"), UInt8(ascii: "?"): sawDigitPlaceholder = true
            case UInt8(ascii: "@"): return nil
            default: break
            }
        }
        return kind(hasY, hasD, hasM, hasH, hasS, sawDigitPlaceholder, elapsed)
    }

    private static func kind(_ y: Bool, _ d: Bool, _ m: Bool, _ h: Bool, _ s: Bool, _ digits: Bool, _ elapsed: Bool) -> DateTimeValue.Kind? {
        let hasTime = h || s
        let hasDate = y || d || (m && !hasTime)
        // An elapsed part ([h], [mm], [ss]) without a date part is a duration, not a date or a time of day.
        if elapsed && !hasDate { return .duration }
        // "0.00" with stray letters is not a date; "mmss.0" is (seconds with a fraction).
        if digits && !hasTime && !hasDate { return nil }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return nil
        }
    }
}
