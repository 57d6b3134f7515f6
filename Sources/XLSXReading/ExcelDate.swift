import SheetCore

/// Converting Excel serial numbers to calendar dates and times.
public enum ExcelDate {
    /// The date/time for serial `serial`, or nil when Excel could not show it as a date (negative, past 9999).
    ///
    /// In the 1900 system serial 60 is Excel's fictitious 1900-02-29 (kept, as Excel shows it) and 1 is
    /// 1900-01-01. Serials below 1 are no date there (Excel shows the day 1900-01-00): under a date format 0
    /// stays the number 0 (nil here), and a fraction of a day is its time of day. In the 1904 system 0 is
    /// 1904-01-01. Times are rounded to the millisecond. A `.duration` (`[h]:mm:ss`) is the elapsed time, hours
    /// past 23 kept. A time-only `kind` with a serial of a day or more becomes a date-time so no information is
    /// lost; so does a date-only `kind` with a time of day other than midnight.
    public static func dateTime(serial: Double, date1904: Bool, kind: DateTimeValue.Kind) -> DateTimeValue? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let totalMilliseconds = Int64((serial * 86_400_000).rounded())
        if kind == .duration { return .duration(milliseconds: totalMilliseconds) }
        var kind = kind
        if !date1904, totalMilliseconds < 86_400_000, kind != .time {
            // Day 0 of the 1900 system does not exist: a time of day, or (exactly 0 under a date format) no date.
            if totalMilliseconds == 0, kind == .date { return nil }
            kind = .time
        }
        var days = Int(totalMilliseconds / 86_400_000)
        var ms = Int(totalMilliseconds % 86_400_000)
        let year: Int, month: Int, day: Int
        if date1904 {
            (year, month, day) = civil(fromDays: days + daysFrom1970(1904, 1, 1))
        } else if days == 60 {
            (year, month, day) = (1900, 2, 29)
        } else {
            if days > 60 { days -= 1 }
            (year, month, day) = civil(fromDays: days + daysFrom1970(1899, 12, 31))
        }
        let hour = ms / 3_600_000; ms %= 3_600_000
        let minute = ms / 60_000; ms %= 60_000
        let second = ms / 1000; ms %= 1000
        if kind == .time, totalMilliseconds >= 86_400_000 { kind = .dateTime }
        if kind == .date, totalMilliseconds % 86_400_000 != 0 { kind = .dateTime }
        return DateTimeValue(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                             millisecond: ms, kind: kind)
    }

    /// The serial number of a date/time in the given system (the inverse of `dateTime`).
    public static func serial(_ value: DateTimeValue, date1904: Bool) -> Double {
        var days: Int
        if date1904 {
            days = daysFrom1970(value.year, value.month, value.day) - daysFrom1970(1904, 1, 1)
        } else if value.year == 1900, value.month == 2, value.day == 29 {
            days = 60
        } else {
            days = daysFrom1970(value.year, value.month, value.day) - daysFrom1970(1899, 12, 31)
            if days >= 60 { days += 1 }
        }
        if value.kind == .duration { return Double(value.elapsedMilliseconds) / 86_400_000 }
        if value.kind == .time { days = 0 }
        let ms = ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.millisecond
        return Double(days) + Double(ms) / 86_400_000
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFrom1970(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (civil_from_days).
    static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Parses an ISO 8601 date, date-time or time as stored in `t="d"` cells.
    static func parseISO(_ text: String) -> DateTimeValue? {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= bytes.count else { return nil }
            var v = 0
            for k in i..<(i + width) {
                let d = bytes[k] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += width
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        var value = DateTimeValue(year: 1899, month: 12, day: 30, kind: .date)
        var hasDate = false
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-") {
            guard let y = number(4), expect("-"), let m = number(2), expect("-"), let d = number(2) else { return nil }
            value.year = y; value.month = m; value.day = d
            hasDate = true
            guard i < bytes.count else { return value }
            guard expect("T") || expect(" ") else { return nil }
        }
        guard let h = number(2), expect(":"), let mi = number(2) else { return nil }
        value.hour = h; value.minute = mi
        if expect(":"), let s = number(2) { value.second = s }
        if expect(".") {
            var ms = 0, digits = 0
            while i < bytes.count, bytes[i] &- 48 < 10 {
                if digits < 3 { ms = ms * 10 + Int(bytes[i] - 48) }
                digits += 1; i += 1
            }
            while digits < 3 { ms *= 10; digits += 1 }
            value.millisecond = ms
        }
        value.kind = hasDate ? .dateTime : .time
        return value
    }
}
