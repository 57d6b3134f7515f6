import SheetCore

/// Number formats: the built-in ids and which format codes show a date, a time or both.
public enum NumberFormat {
    /// The format code of a built-in id, including the zh-CN locale ids 27–36 and 50–58 (as WPS/Excel
    /// in Chinese write them); nil for ids without a built-in code.
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
