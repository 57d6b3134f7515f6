/// 公开渠道和载体 — which channels the catalog recommends for an item (the ☑ options), and the 其他 option.
///
/// Channel names come from the catalog's vocabulary (`Catalog.channels`). 备注3: the checked options are
/// recommendations; an office must use at least one channel, which the catalog itself does not guarantee.
public struct ChannelSelection: Hashable, Sendable, Codable {
    /// Recommended (checked) channels, in vocabulary order. May include the 其他 channel.
    public var recommended: [String]
    /// The form given with 其他, e.g. 海关总署网站 in "其他：海关总署网站".
    public var otherForm: String?
    /// The prompt printed with 其他, e.g. 注明具体形式 in "其他（注明具体形式）" — not a form.
    public var otherPrompt: String?

    public init(recommended: [String] = [], otherForm: String? = nil, otherPrompt: String? = nil) {
        self.recommended = recommended
        self.otherForm = otherForm
        self.otherPrompt = otherPrompt
    }

    public func isRecommended(_ channel: String) -> Bool { recommended.contains(channel) }
}

/// Channel name helpers.
public enum ChannelName {
    /// 其他 — the open "other" channel, which carries a form.
    public static let other = "其他"

    /// The separator of channel lists in one cell or message (merge sheets, CSV, messages): 、 cannot be one,
    /// since channel names contain it (查询机、公用电脑). A catalog whose channel names contain ；or ; is
    /// reported by `Catalog.consistencyFindings()` (CAT-CHANNEL-SEPARATOR).
    public static let listSeparator = "；"
    /// The separator of channel lists in English text.
    public static let englishListSeparator = "; "

    /// Joins channel names into one unambiguous list (`listSeparator`, or `englishListSeparator` in English).
    public static func list(_ names: [String], _ language: Language = .zh) -> String {
        names.joined(separator: language == .en ? englishListSeparator : listSeparator)
    }

    /// Whether a channel name contains a list separator (and so cannot be told apart in a list).
    public static func containsListSeparator(_ name: String) -> Bool {
        name.contains(listSeparator) || name.contains(";")
    }

    /// Whether a vocabulary entry is the 其他 channel.
    public static func isOther(_ name: String) -> Bool { name.hasPrefix(other) }

    /// Splits an option label such as "其他：海关总署网站" or "其他（注明具体形式）" into its form or prompt.
    /// The text after 其他 in brackets is a prompt; after a colon (or bare) it is a form.
    public static func otherDetail(_ label: String) -> (form: String?, prompt: String?) {
        var s = Substring(label.trimmingWhitespace())
        if s.hasPrefix(other) { s = s.dropFirst(other.count) }
        s = Substring(String(s).trimmingWhitespace())
        while let c = s.first, c == "：" || c == ":" { s = s.dropFirst() }
        let rest = String(s).trimmingWhitespace()
        if rest.isEmpty { return (nil, nil) }
        let opens: [Character] = ["（", "("], closes: [Character] = ["）", ")"]
        if let f = rest.first, let l = rest.last, opens.contains(f), closes.contains(l) {
            let inner = String(rest.dropFirst().dropLast()).trimmingWhitespace()
            return (nil, inner.isEmpty ? nil : inner)
        }
        return (rest, nil)
    }

    /// The option label as printed in a one-cell channel list: 其他, 其他：FORM or 其他（PROMPT）.
    public static func otherLabel(form: String?, prompt: String?) -> String {
        if let form { return "\(other)：\(form)" }
        if let prompt { return "\(other)（\(prompt)）" }
        return other
    }
}

/// 公开对象 — who an item is published to.
public enum Audience: String, Hashable, Sendable, Codable, CaseIterable {
    /// 全社会 — the general public.
    case general
    /// 特定群体 (also 特定群众) — specific groups.
    case specificGroups

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.general, .zh): return "全社会"
        case (.specificGroups, .zh): return "特定群体"
        case (.general, .en): return "general public"
        case (.specificGroups, .en): return "specific groups"
        }
    }

    /// Recognises a header label, including the synonym 特定群众.
    public init?(label: String) {
        let s = label.filter { !$0.isWhitespace }
        switch s {
        case "全社会", "社会公众", "公众": self = .general
        case "特定群体", "特定群众", "特定对象": self = .specificGroups
        default: return nil
        }
    }
}

/// 公开方式 — proactive or on request.
public enum DisclosureMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// 主动 (主动公开)
    case proactive
    /// 依申请 (依申请公开)
    case onRequest

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.proactive, .zh): return "主动"
        case (.onRequest, .zh): return "依申请"
        case (.proactive, .en): return "proactive"
        case (.onRequest, .en): return "on request"
        }
    }

    /// Recognises a header label, including 主动公开 and 依申请公开.
    public init?(label: String) {
        let s = label.filter { !$0.isWhitespace }
        switch s {
        case "主动", "主动公开": self = .proactive
        case "依申请", "依申请公开": self = .onRequest
        default: return nil
        }
    }
}
