/// 填报单位信息 — what the identity block of a return asks for: the office's name, its code, the unit above
/// it, and the levels an office of the domain can be.
///
/// A catalog names its own (`Catalog.officeFields`); without them, a 海关 catalog uses `customs` (填报单位,
/// 关区代码 of four digits, 所属直属海关) and any other domain `generic` (填报单位, 单位代码, 上级单位).
public struct OfficeFields: Hashable, Sendable, Codable {
    /// 填报单位 — the label of the office's name.
    public var name: String
    /// 关区代码 / 单位代码 — the label of the office's code.
    public var code: String
    /// 所属直属海关 / 上级单位 — the label of the unit the office belongs to.
    public var parent: String
    /// The code's length when it is a fixed number of digits kept as text (customs: 4); nil: any text.
    public var codeDigits: Int?
    /// English labels of `name`, `code` and `parent` (for `--lang en`); nil: the Chinese label.
    public var englishName: String?
    public var englishCode: String?
    public var englishParent: String?
    /// 公开主体 levels an office filling a return can be (customs: 直属海关, 隶属海关), in order; nil: every
    /// publisher the catalog names.
    public var levels: [String]?

    public init(name: String, code: String, parent: String, codeDigits: Int? = nil, englishName: String? = nil,
                englishCode: String? = nil, englishParent: String? = nil, levels: [String]? = nil) {
        self.name = name
        self.code = code
        self.parent = parent
        self.codeDigits = codeDigits
        self.englishName = englishName
        self.englishCode = englishCode
        self.englishParent = englishParent
        self.levels = levels
    }

    /// 海关: 填报单位, 关区代码 (four digits), 所属直属海关; levels 直属海关 and 隶属海关.
    public static let customs = OfficeFields(name: "填报单位", code: "关区代码", parent: "所属直属海关", codeDigits: 4,
                                             englishName: "reporting office", englishCode: "customs code",
                                             englishParent: "customs district",
                                             levels: [Publisher.directCustoms.rawValue, Publisher.subordinateCustoms.rawValue])

    /// Any other domain: 填报单位, 单位代码 (any text), 上级单位.
    public static let generic = OfficeFields(name: "填报单位", code: "单位代码", parent: "上级单位",
                                             englishName: "reporting office", englishCode: "office code",
                                             englishParent: "parent office")

    /// The three labels in identity-block order (name, code, parent).
    public var labels: [String] { [name, code, parent] }

    /// The label in a language.
    public func nameLabel(_ language: Language) -> String { language == .en ? englishName ?? name : name }
    public func codeLabel(_ language: Language) -> String { language == .en ? englishCode ?? code : code }
    public func parentLabel(_ language: Language) -> String { language == .en ? englishParent ?? parent : parent }
}

extension Catalog {
    /// The identity fields of this catalog's returns: its own, else by domain (`OfficeFields.customs` for 海关,
    /// `OfficeFields.generic` otherwise).
    public var office: OfficeFields {
        if let officeFields { return officeFields }
        return domain == "海关" ? .customs : .generic
    }

    /// The levels an office can be (`--office-level`): `office.levels`, else every 公开主体 the catalog names,
    /// in order of first appearance.
    public var officeLevels: [Publisher] {
        if let levels = office.levels { return levels.map { Publisher(rawValue: $0) } }
        var out: [Publisher] = []
        for item in items {
            for p in item.publishers where !out.contains(p.publisher) { out.append(p.publisher) }
        }
        return out
    }
}
