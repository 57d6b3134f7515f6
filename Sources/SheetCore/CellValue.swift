/// The value of one spreadsheet cell, as read from a file or to be written to one.
public enum CellValue: Hashable, Sendable {
    case empty
    /// Text. Never interpreted as a formula when written.
    case string(String)
    /// A number. `raw` keeps the text as stored in the file (so `0101`-like or 18-digit values can be
    /// recovered exactly); it is nil for numbers made in code.
    case number(Double, raw: String? = nil)
    case bool(Bool)
    /// A date, time or date-time (a number formatted as a date in XLSX).
    case date(DateTimeValue)
    /// An error value such as `#DIV/0!`.
    case error(String)

    public var isEmpty: Bool {
        if case .empty = self { return true }
        if case .string(let s) = self, s.isEmpty { return true }
        return false
    }

    /// The text a person would read in the cell (numbers without a trailing `.0`, dates in ISO 8601).
    public var text: String {
        switch self {
        case .empty: return ""
        case .string(let s): return s
        case .number(let d, let raw): return raw ?? CellValue.format(number: d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .date(let d): return d.iso8601
        case .error(let e): return e
        }
    }

    /// Shortest round-tripping decimal text for a number, `1` rather than `1.0`.
    public static func format(number d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            return String(Int64(d))
        }
        return "\(d)"
    }
}

/// A calendar date and/or a time of day, without a time zone (spreadsheets have none).
public struct DateTimeValue: Hashable, Sendable, CustomStringConvertible {
    /// `duration` is an elapsed time (number formats `[h]:mm:ss`, `[mm]:ss`, built-in 46): not a date. Its
    /// `hour` holds every hour (it may pass 23) and its year, month and day are 0.
    public enum Kind: String, Sendable, Codable { case date, dateTime, time, duration }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Fractional seconds in milliseconds, 0...999.
    public var millisecond: Int
    public var kind: Kind

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                millisecond: Int = 0, kind: Kind = .date) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.millisecond = millisecond; self.kind = kind
    }

    /// The duration of `total` milliseconds (minutes and seconds below 60, every hour in `hour`).
    public static func duration(milliseconds total: Int64) -> DateTimeValue {
        let ms = Int(total % 1000), seconds = total / 1000
        return DateTimeValue(year: 0, month: 0, day: 0, hour: Int(seconds / 3600), minute: Int(seconds / 60 % 60),
                             second: Int(seconds % 60), millisecond: ms, kind: .duration)
    }

    /// The length of a duration (or of a time of day) in milliseconds.
    public var elapsedMilliseconds: Int64 {
        ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * 1000 + Int64(millisecond)
    }

    /// `2017-02-27`, `2017-02-27T13:05:00`, or `13:05:00` depending on `kind`; a duration as `[h]:mm:ss`
    /// shows it, hours unpadded and past 23 (`1392:00:00`, `0:30:00`).
    public var iso8601: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        var time = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if millisecond != 0 { time += "." + pad(millisecond, 3) }
        switch kind {
        case .date: return date
        case .time: return time
        case .dateTime: return date + "T" + time
        case .duration:
            var elapsed = "\(hour):\(pad(minute, 2)):\(pad(second, 2))"
            if millisecond != 0 { elapsed += "." + pad(millisecond, 3) }
            return elapsed
        }
    }

    public var description: String { iso8601 }
}
