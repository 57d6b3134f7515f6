import SheetCore

/// Turns delimited-text fields into typed cell values for XLSX output, never losing information.
///
/// A field becomes a number only when it is plainly one: `-?digits[.digits]`, no leading zeros
/// (`0101` — a 关区代码 — stays text), at most 15 significant digits (18-digit IDs stay text), no plus sign,
/// no spaces, no thousands separators, no exponent (`1E5` is as likely a code as a number). The number
/// keeps its text as `raw` (XLSX stores the value: `12.50` comes back as `12.5`). Dates stay text unless `dates` is on: then `yyyy-mm-dd`, `yyyy/m/d` (optionally with
/// ` hh:mm[:ss]`) become dates.
public enum ValueInference {
    public static func value(_ text: String, dates: Bool = false) -> CellValue {
        if text.isEmpty { return .empty }
        if let number = number(text) { return number }
        if dates, let date = date(text) { return .date(date) }
        return .string(text)
    }

    /// The number a field plainly is, or nil.
    public static func number(_ text: String) -> CellValue? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 40 else { return nil }
        var i = 0
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0 else { return nil }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { return nil }
        var fracDigits = 0
        var fracStart = i
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fracStart = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            fracDigits = i - fracStart
            guard fracDigits > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        // Significant digits: from the first non-zero digit to the last digit of the mantissa.
        let mantissa = Array(bytes[intStart..<(intStart + intDigits)]) + Array(bytes[fracStart..<(fracStart + fracDigits)])
        guard let first = mantissa.firstIndex(where: { $0 != UInt8(ascii: "0") }) else {
            return .number(0, raw: text)
        }
        guard mantissa.count - first <= 15 else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return .number(value, raw: text)
    }

    /// A plain date or date-time, or nil.
    public static func date(_ text: String) -> DateTimeValue? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let dateParts = parts[0].split(separator: parts[0].contains("/") ? "/" : "-", omittingEmptySubsequences: false)
        guard dateParts.count == 3, dateParts[0].count == 4,
              dateParts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(dateParts[0]), let m = Int(dateParts[1]), let d = Int(dateParts[2]),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y), y >= 1900
        else { return nil }
        guard parts.count == 2 else { return DateTimeValue(year: y, month: m, day: d) }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2 || time.count == 3,
              time.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let h = Int(time[0]), let mi = Int(time[1]), h < 24, mi < 60
        else { return nil }
        let s = time.count == 3 ? Int(time[2]) ?? 99 : 0
        guard s < 60 else { return nil }
        return DateTimeValue(year: y, month: m, day: d, hour: h, minute: mi, second: s, kind: .dateTime)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
