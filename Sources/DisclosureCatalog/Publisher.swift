/// 公开主体 — who publishes an item. An open set: customs uses 海关总署 / 直属海关 / 隶属海关,
/// other domains name their own (县级税务机关, 乡镇人民政府 …).
public struct Publisher: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
                         CustomStringConvertible {
    /// The name as printed in the catalog.
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// 海关总署 — General Administration of Customs (headquarters).
    public static let customsHeadquarters: Publisher = "海关总署"
    /// 直属海关 — a customs district directly under headquarters.
    public static let directCustoms: Publisher = "直属海关"
    /// 隶属海关 — a subordinate customs office.
    public static let subordinateCustoms: Publisher = "隶属海关"

    /// English name for the known customs levels; the Chinese name otherwise.
    public func name(_ language: Language) -> String {
        guard language == .en else { return rawValue }
        switch self {
        case .customsHeadquarters: return "GACC headquarters"
        case .directCustoms: return "customs district"
        case .subordinateCustoms: return "subordinate office"
        default: return rawValue
        }
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A publisher of an item, possibly only for some of its numbered content elements
/// (item 9: 1. 行政处罚依据 by 直属海关, 2. 行政处罚决定 by 隶属海关).
public struct ItemPublisher: Hashable, Sendable, Codable {
    public var publisher: Publisher
    /// Numbers of the content elements this publisher is responsible for; empty means the whole item.
    public var elements: [Int]

    public init(_ publisher: Publisher, elements: [Int] = []) {
        self.publisher = publisher
        self.elements = elements
    }
}

/// A deadline of an item, possibly only for some of its numbered content elements
/// (item 24: 1. … 3个工作日内 2. 每年1月31日前).
public struct ItemDeadline: Hashable, Sendable, Codable {
    public var deadline: Deadline
    /// Numbers of the content elements this deadline applies to; empty means the whole item.
    public var elements: [Int]

    public init(_ deadline: Deadline, elements: [Int] = []) {
        self.deadline = deadline
        self.elements = elements
    }
}
