/// 公开时限 — when an item must be published, typed, with the original wording kept.
///
/// Parse wording with `Deadline(wording:)`; wording that matches no known form becomes `.unparsed`
/// (kept verbatim; readers report it as a finding instead of dropping it).
public struct Deadline: Hashable, Sendable {
    /// The wording as printed in the catalog, e.g. 自信息形成或者变更之日起20个工作日内.
    public var wording: String
    public var rule: Rule

    /// The forms a deadline takes.
    public enum Rule: Hashable, Sendable {
        /// N 个工作日 — N working days after `event` (the start day is not counted).
        case workingDays(Int, after: String)
        /// N 日 — N calendar days after `event` (e.g. 有权批复部门批复).
        case calendarDays(Int, after: String)
        /// 每年M月D日前 — every year by month/day (for the previous year's report).
        case annual(month: Int, day: Int)
        /// 及时更新 / 及时发布 / 及时公开 / 实时公开 — no fixed number of days.
        case timely(TimelyAction)
        /// 按照…规定时限 / 按照…要求 — set by another regulation, named by `reference`.
        case setByRegulation(reference: String)
        /// Wording that matches none of the forms above.
        case unparsed
    }

    /// What "timely" refers to.
    public enum TimelyAction: String, Hashable, Sendable, Codable, CaseIterable {
        /// 及时更新
        case update
        /// 及时发布
        case release
        /// 及时公开
        case publish
        /// 实时公开 / 实时更新
        case realTime
    }

    /// 信息形成或者变更 — the usual start event (政府信息公开条例 art. 26).
    public static let formedOrChanged = "信息形成或者变更"

    public init(wording: String, rule: Rule) {
        self.wording = wording
        self.rule = rule
    }

    /// Parses catalog wording. Never fails: unknown wording becomes `.unparsed`.
    public init(wording: String) {
        self.wording = wording.trimmingWhitespace()
        self.rule = Deadline.parse(self.wording)
    }

    public var isParsed: Bool { rule != .unparsed }

    /// The number of days for day-count rules.
    public var days: Int? {
        switch rule {
        case .workingDays(let n, _), .calendarDays(let n, _): return n
        default: return nil
        }
    }

    static func parse(_ raw: String) -> Rule {
        let text = raw.filter { !$0.isWhitespace }
        if text.isEmpty { return .unparsed }
        // Working days: "自信息形成或者变更之日起20个工作日内", loose "20工作日".
        if let m = text.firstMatch(of: /^(.*?)(\d{1,3})个?工作日(内)?$/) {
            return .workingDays(Int(m.2) ?? 0, after: event(from: String(m.1)))
        }
        // Calendar days: "有权批复部门批复后20日内", "20个自然日".
        if let m = text.firstMatch(of: /^(.*?)(\d{1,3})(个)?(自然日|日|天)(内|以内)?$/) {
            return .calendarDays(Int(m.2) ?? 0, after: event(from: String(m.1)))
        }
        // Annual: "每年1月31日前".
        if let m = text.firstMatch(of: /^每年(\d{1,2})月(\d{1,2})日(前|之前|以前)?$/),
           let month = Int(m.1), let day = Int(m.2), (1...12).contains(month), (1...31).contains(day) {
            return .annual(month: month, day: day)
        }
        // Annual by month end: "每年3月底前" (February counts as 28 days).
        if let m = text.firstMatch(of: /^每年(\d{1,2})月(底|末)(前|之前|以前)?$/), let month = Int(m.1), (1...12).contains(month) {
            let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return .annual(month: month, day: days[month - 1])
        }
        if text.contains("实时") { return .timely(.realTime) }
        if text.contains("及时") {
            if text.contains("更新") { return .timely(.update) }
            if text.contains("发布") { return .timely(.release) }
            return .timely(.publish)
        }
        if text.hasPrefix("按照") || text.hasPrefix("依照") || text.hasPrefix("根据") || text.contains("规定时限") {
            var reference = raw.trimmingWhitespace()
            for prefix in ["按照", "依照", "根据"] where reference.hasPrefix(prefix) {
                reference.removeFirst(prefix.count)
            }
            return .setByRegulation(reference: reference)
        }
        return .unparsed
    }

    /// "自信息形成或者变更之日起" → "信息形成或者变更"; "有权批复部门批复后" → "有权批复部门批复".
    private static func event(from prefix: String) -> String {
        var s = Substring(prefix)
        if s.hasPrefix("自") { s = s.dropFirst() }
        for suffix in ["之日起", "之日后", "日起", "起", "后"] where s.hasSuffix(suffix) {
            s = s.dropLast(suffix.count)
            break
        }
        return String(s)
    }
}

extension Deadline: Codable {
    private enum CodingKeys: String, CodingKey {
        case wording, kind, days, event, month, day, action, reference
    }

    /// The `kind` values in JSON.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case workingDays, calendarDays, annual, timely, setByRegulation, unparsed
    }

    public var kind: Kind {
        switch rule {
        case .workingDays: return .workingDays
        case .calendarDays: return .calendarDays
        case .annual: return .annual
        case .timely: return .timely
        case .setByRegulation: return .setByRegulation
        case .unparsed: return .unparsed
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        wording = try c.decode(String.self, forKey: .wording)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .workingDays:
            rule = .workingDays(try c.decode(Int.self, forKey: .days), after: try c.decode(String.self, forKey: .event))
        case .calendarDays:
            rule = .calendarDays(try c.decode(Int.self, forKey: .days), after: try c.decode(String.self, forKey: .event))
        case .annual:
            rule = .annual(month: try c.decode(Int.self, forKey: .month), day: try c.decode(Int.self, forKey: .day))
        case .timely:
            rule = .timely(try c.decode(TimelyAction.self, forKey: .action))
        case .setByRegulation:
            rule = .setByRegulation(reference: try c.decode(String.self, forKey: .reference))
        case .unparsed:
            rule = .unparsed
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(wording, forKey: .wording)
        try c.encode(kind, forKey: .kind)
        switch rule {
        case .workingDays(let n, let event), .calendarDays(let n, let event):
            try c.encode(n, forKey: .days)
            try c.encode(event, forKey: .event)
        case .annual(let month, let day):
            try c.encode(month, forKey: .month)
            try c.encode(day, forKey: .day)
        case .timely(let action):
            try c.encode(action, forKey: .action)
        case .setByRegulation(let reference):
            try c.encode(reference, forKey: .reference)
        case .unparsed:
            break
        }
    }
}
