import SheetCore

/// Renders a date, time or date-time the way a number format code shows it (`yyyy-mm-dd`,
/// `yyyy"年"m"月"d"日"`, `h:mm AM/PM`, `m/d/yy h:mm`, …): what Excel would show in the cell.
///
/// Only the first section of the code is used. Bracketed parts (`[$-409]`, `[Red]`, `[DBNum1]`) are skipped,
/// except elapsed `[h]`/`[mm]`/`[ss]`, shown as plain hours/minutes/seconds; a `.duration` value shows its
/// whole length in the largest unit the code has (`[h]:mm:ss` → 1392:00:00, `[mm]:ss` → 83520:00). Codes that
/// show no date or time part (`General`, `@`) give ISO 8601 (a duration: `[h]:mm:ss`).
public enum DateDisplay {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    enum Token: Equatable {
        case literal(String)
        case year(Int), month(Int), minute(Int), day(Int), hour(Int), second(Int), fraction(Int)
        case ampm(String, String)
    }

    public static func text(_ value: DateTimeValue, formatCode code: String?) -> String {
        guard let code, let tokens = tokenize(code) else { return value.iso8601 }
        return text(value, tokens: tokens)
    }

    /// Renders with tokens made once per format code (see `Cache`).
    static func text(_ value: DateTimeValue, tokens: [Token]) -> String {
        guard tokens.contains(where: { if case .literal = $0 { return false } else { return true } })
        else { return value.iso8601 }
        let twelveHour = tokens.contains { if case .ampm = $0 { return true } else { return false } }
        // A duration shows its whole length in the largest unit the format has ([mm]:ss: every minute).
        var elapsedMinutes: Int?, elapsedSeconds: Int?
        if value.kind == .duration {
            let hasHour = tokens.contains { if case .hour = $0 { return true } else { return false } }
            let hasMinute = tokens.contains { if case .minute = $0 { return true } else { return false } }
            if !hasHour, hasMinute {
                elapsedMinutes = value.hour * 60 + value.minute
            } else if !hasHour {
                elapsedSeconds = (value.hour * 60 + value.minute) * 60 + value.second
            }
        }
        var out = ""
        for token in tokens {
            switch token {
            case .literal(let s): out += s
            case .year(let n): out += n <= 2 ? pad(value.year % 100, 2) : pad(value.year, 4)
            case .month(let n):
                switch n {
                case 1: out += String(value.month)
                case 2: out += pad(value.month, 2)
                case 3: out += String(monthNames[(value.month - 1) % 12].prefix(3))
                case 4: out += monthNames[(value.month - 1) % 12]
                default: out += String(monthNames[(value.month - 1) % 12].prefix(1))
                }
            case .day(let n):
                switch n {
                case 1: out += String(value.day)
                case 2: out += pad(value.day, 2)
                case 3: out += String(dayNames[weekday(value)].prefix(3))
                default: out += dayNames[weekday(value)]
                }
            case .hour(let n):
                var hour = value.hour
                if twelveHour, value.kind != .duration { hour = hour % 12 == 0 ? 12 : hour % 12 }
                out += n >= 2 ? pad(hour, 2) : String(hour)
            case .minute(let n):
                let minute = elapsedMinutes ?? value.minute
                out += n >= 2 ? pad(minute, 2) : String(minute)
            case .second(let n):
                let second = elapsedSeconds ?? value.second
                out += n >= 2 ? pad(second, 2) : String(second)
            case .fraction(let n):
                let digits = pad(value.millisecond, 3)
                out += "." + String(digits.prefix(n)) + String(repeating: "0", count: max(0, n - 3))
            case .ampm(let am, let pm): out += value.hour < 12 ? am : pm
            }
        }
        return out
    }

    /// Remembers the tokens of the format codes seen, for rendering many cells.
    public final class Cache {
        private var tokens: [String: [Token]] = [:]
        private var lastCode = ""
        private var lastTokens: [Token]?

        public init() {}

        public func text(_ value: DateTimeValue, formatCode code: String?) -> String {
            guard let code else { return value.iso8601 }
            if code != lastCode || lastTokens == nil {
                if let known = tokens[code] {
                    lastTokens = known
                } else {
                    let made = DateDisplay.tokenize(code) ?? []
                    tokens[code] = made
                    lastTokens = made
                }
                lastCode = code
            }
            return DateDisplay.text(value, tokens: lastTokens ?? [])
        }
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// 0 = Sunday (proleptic Gregorian, Zeller's congruence).
    static func weekday(_ d: DateTimeValue) -> Int {
        var y = d.year, m = d.month
        if m < 3 { m += 12; y -= 1 }
        let k = y % 100, j = y / 100
        let h = (d.day + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7
        return (h + 6) % 7
    }

    /// Splits the first section of a format code into tokens; nil when it cannot be read.
    static func tokenize(_ code: String) -> [Token]? {
        let chars = Array(code)
        var tokens: [Token] = []
        var i = 0
        func run(of c: Character) -> Int {
            var n = 0
            while i + n < chars.count, chars[i + n].lowercased() == String(c) { n += 1 }
            return n
        }
        func addLiteral(_ s: String) {
            if case .literal(let prev)? = tokens.last {
                tokens[tokens.count - 1] = .literal(prev + s)
            } else {
                tokens.append(.literal(s))
            }
        }
        while i < chars.count {
            let c = chars[i]
            let lower = Character(c.lowercased())
            switch lower {
            case ";":
                i = chars.count
            case "\"":
                var j = i + 1
                var text = ""
                while j < chars.count, chars[j] != "\"" { text.append(chars[j]); j += 1 }
                addLiteral(text)
                i = j + 1
            case "\\":
                if i + 1 < chars.count { addLiteral(String(chars[i + 1])) }
                i += 2
            case "_":
                addLiteral(" ")
                i += 2
            case "*":
                i += 2
            case "[":
                var j = i + 1
                var inner = ""
                while j < chars.count, chars[j] != "]" { inner.append(chars[j]); j += 1 }
                let key = inner.lowercased()
                if !key.isEmpty, key.allSatisfy({ $0 == "h" }) { tokens.append(.hour(2)) }
                else if !key.isEmpty, key.allSatisfy({ $0 == "m" }) { tokens.append(.minute(2)) }
                else if !key.isEmpty, key.allSatisfy({ $0 == "s" }) { tokens.append(.second(2)) }
                i = j + 1
            case "y", "e":
                let n = run(of: lower)
                tokens.append(.year(lower == "e" ? 4 : n))
                i += n
            case "d":
                let n = run(of: "d")
                tokens.append(.day(n))
                i += n
            case "h":
                let n = run(of: "h")
                tokens.append(.hour(n))
                i += n
            case "s":
                let n = run(of: "s")
                tokens.append(.second(n))
                i += n
                if i < chars.count, chars[i] == ".", i + 1 < chars.count, chars[i + 1] == "0" {
                    var j = i + 1
                    while j < chars.count, chars[j] == "0" { j += 1 }
                    tokens.append(.fraction(j - i - 1))
                    i = j
                }
            case "m":
                let n = run(of: "m")
                tokens.append(isMinute(at: i, length: n, chars, tokens) ? .minute(n) : .month(n))
                i += n
            case "a":
                let rest = String(chars[i...]).lowercased()
                if rest.hasPrefix("am/pm") {
                    tokens.append(.ampm("AM", "PM")); i += 5
                } else if rest.hasPrefix("a/p") {
                    tokens.append(.ampm("A", "P")); i += 3
                } else {
                    addLiteral(String(c)); i += 1
                }
            case "上":
                if String(chars[i...]).hasPrefix("上午/下午") {
                    tokens.append(.ampm("上午", "下午")); i += 5
                } else {
                    addLiteral(String(c)); i += 1
                }
            case "g":
                if String(chars[i...]).lowercased().hasPrefix("general") { i += 7 } else { addLiteral(String(c)); i += 1 }
            case "@", "0", "#", "?":
                i += 1
            default:
                addLiteral(String(c))
                i += 1
            }
        }
        return tokens
    }

    /// `m` means minutes right after an hour or right before seconds (literals in between allowed).
    static func isMinute(at i: Int, length: Int, _ chars: [Character], _ tokens: [Token]) -> Bool {
        if length > 2 { return false }
        for token in tokens.reversed() {
            if case .literal = token { continue }
            if case .hour = token { return true }
            break
        }
        var j = i + length
        while j < chars.count {
            let c = Character(chars[j].lowercased())
            if c == "s" { return true }
            if c == "\"" {
                j += 1
                while j < chars.count, chars[j] != "\"" { j += 1 }
                j += 1
                continue
            }
            if "ydhm".contains(c) { return false }
            j += 1
        }
        return false
    }
}
