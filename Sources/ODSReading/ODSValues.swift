import SheetCore
import XLSXReading
import XMLStream

/// Parsing the typed attribute values of `table:table-cell` (ODF 1.2 part 1, §19.385–19.389).
enum ODSValues {
    /// `office:date-value`: `2017-02-27` or `2017-02-27T13:05:00[.fff]` (a zone suffix is ignored: cells have
    /// none). Nil for what is not a 4-digit-year date.
    static func date(_ v: XMLBytes) -> DateTimeValue? {
        v.withUnsafeBufferPointer { b -> DateTimeValue? in
            var i = 0
            func number(_ width: Int) -> Int? {
                guard i + width <= b.count else { return nil }
                var n = 0
                for k in i..<(i + width) {
                    let d = b[k] &- 48
                    guard d < 10 else { return nil }
                    n = n * 10 + Int(d)
                }
                i += width
                return n
            }
            func expect(_ c: UInt8) -> Bool {
                guard i < b.count, b[i] == c else { return false }
                i += 1
                return true
            }
            guard let y = number(4), expect(0x2D), let m = number(2), expect(0x2D), let d = number(2),
                  (1...12).contains(m), (1...31).contains(d) else { return nil }
            var value = DateTimeValue(year: y, month: m, day: d, kind: .date)
            guard expect(0x54) else { return i == b.count ? value : nil }   // 'T'
            guard let h = number(2), expect(0x3A), let mi = number(2), h < 24, mi < 60 else { return nil }
            var s = 0
            if expect(0x3A) { guard let sec = number(2), sec < 61 else { return nil }; s = sec }
            var ms = 0
            if expect(0x2E) {
                var digits = 0, fraction = 0
                while i < b.count, b[i] &- 48 < 10 {
                    if digits < 4 { fraction = fraction * 10 + Int(b[i] - 48) }
                    digits += 1; i += 1
                }
                while digits < 4 { fraction *= 10; digits += 1 }
                ms = (fraction + 5) / 10
            }
            value.hour = h; value.minute = mi; value.second = min(s, 59)
            if ms >= 1000 { ms = 999 }
            value.millisecond = ms
            // A date-time at midnight is what LibreOffice writes for a date with a time format.
            value.kind = .dateTime
            return value
        }
    }

    /// `office:time-value`, an ISO 8601 duration such as `PT12H30M00S`, `PT36H`, `-PT1H`, `P1DT2H`: its
    /// length in days (the spreadsheet serial), nil when it is not one.
    static func durationDays(_ v: XMLBytes) -> Double? {
        v.withUnsafeBufferPointer { b -> Double? in
            var i = 0
            var negative = false
            if i < b.count, b[i] == 0x2D { negative = true; i += 1 }
            guard i < b.count, b[i] == 0x50 else { return nil }  // 'P'
            i += 1
            var seconds = 0.0
            var inTime = false
            var sawComponent = false
            while i < b.count {
                if b[i] == 0x54 { inTime = true; i += 1; continue }   // 'T'
                var whole = 0.0, fraction = 0.0, scale = 1.0, digits = 0
                while i < b.count, b[i] &- 48 < 10 {
                    whole = whole * 10 + Double(b[i] - 48); i += 1; digits += 1
                    guard digits <= 15 else { return nil }
                }
                if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                    i += 1
                    while i < b.count, b[i] &- 48 < 10 {
                        if scale < 1e12 { scale *= 10; fraction = fraction * 10 + Double(b[i] - 48) }
                        i += 1
                    }
                }
                guard digits > 0, i < b.count else { return nil }
                let amount = whole + fraction / scale
                switch (b[i], inTime) {
                case (0x44, false): seconds += amount * 86_400   // D
                case (0x57, false): seconds += amount * 604_800  // W
                case (0x48, true): seconds += amount * 3_600     // H
                case (0x4D, true): seconds += amount * 60        // M (minutes)
                case (0x53, true): seconds += amount             // S
                default: return nil                              // years and months have no fixed length
                }
                sawComponent = true
                i += 1
            }
            guard sawComponent, seconds.isFinite else { return nil }
            return (negative ? -seconds : seconds) / 86_400
        }
    }

    /// A duration as the XLSX path shows a time-formatted number: a time of day under 24 hours, a date-time
    /// from Excel's day 0 (1899-12-31) for longer ones (as `[h]:mm` cells read), the plain number of days
    /// when negative (Excel cannot show those as times either).
    static func duration(_ days: Double) -> CellValue {
        if let time = ExcelDate.dateTime(serial: days, date1904: false, kind: .time) { return .date(time) }
        return .number(days)
    }
}
