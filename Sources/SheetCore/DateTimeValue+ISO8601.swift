extension DateTimeValue {
    /// Parses an ISO 8601 date, date-time or time (`2025-03-01`, `2025-03-01T08:30:00.5`, `08:30`) as
    /// spreadsheet files store them (XLSX `t="d"` cells); nil for anything else.
    public init?(iso8601 text: String) {
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
            guard i < bytes.count else { self = value; return }
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
        self = value
    }
}
