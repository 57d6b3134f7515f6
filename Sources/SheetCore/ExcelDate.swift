/// Excel serial numbers ↔ calendar dates and times, in both date systems: the one home of the 1900/1904
/// systems and of the 1900 leap-year quirk.
///
/// A serial counts days: in the 1900 system 1 is 1900-01-01 and 0 is Excel's non-date "1900-01-00";
/// serial 60 is Excel's fictitious 1900-02-29 (Lotus 1-2-3 thought 1900 a leap year), so from 1900-03-01 (61)
/// on a serial is one more than the days since 1899-12-31. In the 1904 system 0 is 1904-01-01 and there is no
/// quirk. The fraction is the time of day.
public enum ExcelDate {
    /// The largest serial Excel shows as a date: 9999-12-31 ends before 2,958,466 (1900 system).
    static let serialLimit = 2_958_466.0

    /// The date/time for serial `serial`, or nil when Excel could not show it as a date (negative, past 9999).
    ///
    /// Serials below 1 are no date in the 1900 system (Excel shows the day 1900-01-00): under a date format 0
    /// stays the number 0 (nil here), and a fraction of a day is its time of day. Times are rounded to the
    /// millisecond. A `.duration` (`[h]:mm:ss`) is the elapsed time, hours past 23 kept. A time-only `kind` with a
    /// serial of a day or more becomes a date-time so no information is lost; so does a date-only `kind` with a
    /// time of day other than midnight.
    public static func dateTime(serial: Double, date1904: Bool, kind: DateTimeValue.Kind) -> DateTimeValue? {
        guard serial.isFinite, serial >= 0, serial < serialLimit else { return nil }
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

    /// The serial number of a date/time in the given system (the inverse of `dateTime`), or nil for a date
    /// Excel cannot store: not a real calendar date, before the system's first day (1900-01-01, or 1904-01-01),
    /// or after 9999-12-31. 1900-02-29 is serial 60 in the 1900 system. A `.time` value is its fraction of a
    /// day alone, a `.duration` its length in days; a `.date` value ignores its time fields.
    @inlinable
    public static func serial(_ value: DateTimeValue, date1904: Bool = false) -> Double? {
        let ms = ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.millisecond
        let time = Double(ms) / 86_400_000
        if value.kind == .duration { return Double(value.elapsedMilliseconds) / 86_400_000 }
        if value.kind == .time { return time }
        var days: Int
        if date1904 {
            guard value.year >= 1904, isCalendarDate(value) else { return nil }
            days = daysFrom1970(value.year, value.month, value.day) + 24_107  // 1904-01-01 is day -24,107
        } else if value.year == 1900, value.month == 2, value.day == 29 {
            days = 60
        } else {
            guard value.year >= 1900, isCalendarDate(value) else { return nil }
            days = daysFrom1970(value.year, value.month, value.day) + 25_568  // 1899-12-31 is day -25,568
            if days >= 60 { days += 1 }
        }
        return Double(days) + (value.kind == .dateTime ? time : 0)
    }

    /// Whether year 1…9999, month and day name a real day of the proleptic Gregorian calendar.
    @inlinable @usableFromInline
    static func isCalendarDate(_ d: DateTimeValue) -> Bool {
        guard d.year >= 1, d.year <= 9999, d.month >= 1, d.month <= 12, d.day >= 1 else { return false }
        let length: Int
        switch d.month {
        case 2: length = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: length = 30
        default: length = 31
        }
        return d.day <= length
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inlinable @usableFromInline
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
}
