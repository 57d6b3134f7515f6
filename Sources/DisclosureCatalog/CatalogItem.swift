/// 公开内容（要素） — one content element, numbered ("1. 机构概况") or the whole sentence (number nil).
public struct ContentElement: Hashable, Sendable, Codable {
    public var number: Int?
    public var text: String

    public init(number: Int?, text: String) {
        self.number = number
        self.text = text
    }
}

/// An extra column of a domain's table that the core layout does not have (公开层级·县级, 责任科室,
/// 网站所属栏目 …), kept as text under its header path.
public struct ExtraField: Hashable, Sendable, Codable {
    /// The header, with the group and the sub-header joined by "·" for a two-level group (公开层级·县级).
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// 公开事项 — one row of a standard catalog.
public struct CatalogItem: Hashable, Sendable, Codable {
    /// 序号
    public var number: Int
    /// 一级事项
    public var category: String
    /// 二级事项
    public var name: String
    /// 公开内容（要素）
    public var content: [ContentElement]
    /// 公开依据 as symbols into `Catalog.legalBases` (①③④).
    public var legalBasisSymbols: [String]
    /// 公开依据 when the cell spells the basis out instead of using symbols; kept verbatim.
    public var legalBasisText: String?
    /// 公开时限, possibly one per numbered content element.
    public var deadlines: [ItemDeadline]
    /// 公开主体, possibly one per numbered content element.
    public var publishers: [ItemPublisher]
    /// 公开渠道和载体
    public var channels: ChannelSelection
    /// 公开对象
    public var audience: [Audience]
    /// 公开方式
    public var modes: [DisclosureMode]
    /// 有关说明 (nil for "/" or empty).
    public var remarks: String?
    /// Columns beyond the core layout, in table order.
    public var extraFields: [ExtraField]

    public init(number: Int, category: String, name: String, content: [ContentElement],
                legalBasisSymbols: [String] = [], legalBasisText: String? = nil,
                deadlines: [ItemDeadline] = [], publishers: [ItemPublisher] = [],
                channels: ChannelSelection = ChannelSelection(), audience: [Audience] = [],
                modes: [DisclosureMode] = [], remarks: String? = nil, extraFields: [ExtraField] = []) {
        self.number = number
        self.category = category
        self.name = name
        self.content = content
        self.legalBasisSymbols = legalBasisSymbols
        self.legalBasisText = legalBasisText
        self.deadlines = deadlines
        self.publishers = publishers
        self.channels = channels
        self.audience = audience
        self.modes = modes
        self.remarks = remarks
        self.extraFields = extraFields
    }

    /// Whether the content is a numbered list of elements.
    public var hasNumberedContent: Bool { content.contains { $0.number != nil } }

    /// The publishers responsible for content element `number` (all item-wide publishers plus those
    /// assigned to that element).
    public func publishers(forElement number: Int) -> [Publisher] {
        publishers.filter { $0.elements.isEmpty || $0.elements.contains(number) }.map(\.publisher)
    }

    /// The deadlines that apply to content element `number`.
    public func deadlines(forElement number: Int) -> [Deadline] {
        deadlines.filter { $0.elements.isEmpty || $0.elements.contains(number) }.map(\.deadline)
    }

    /// The value of an extra field by name.
    public func extraField(_ name: String) -> String? {
        extraFields.first { $0.name == name }?.value
    }
}

// MARK: - Cell wording

extension CatalogItem {
    /// Content elements from the cell wording ("1. a 2. b" or one sentence).
    public static func content(fromWording text: String) -> [ContentElement] {
        NumberedList.split(text).filter { !$0.text.isEmpty || $0.number != nil }
            .map { ContentElement(number: $0.number, text: $0.text) }
    }

    /// Publishers from the cell wording: "海关总署 直属海关", "直属海关、隶属海关" or numbered
    /// "1. 直属海关 2. 隶属海关" (numbered parts attach to the same-numbered content elements).
    public static func publishers(fromWording text: String) -> [ItemPublisher] {
        var out: [ItemPublisher] = []
        for part in NumberedList.split(text) {
            let names = part.text.split { $0.isWhitespace || "、,，;；/".contains($0) }.map(String.init)
            for name in names where !name.isEmpty {
                out.append(ItemPublisher(Publisher(name), elements: part.number.map { [$0] } ?? []))
            }
        }
        return out
    }

    /// Deadlines from the cell wording, numbered per content element or one for the item.
    public static func deadlines(fromWording text: String) -> [ItemDeadline] {
        NumberedList.split(text).filter { !$0.text.isEmpty }.map {
            ItemDeadline(Deadline(wording: $0.text), elements: $0.number.map { [$0] } ?? [])
        }
    }

    /// The content cell text.
    public func contentWording(separator: String = " ") -> String {
        NumberedList.join(content.map { NumberedPart(number: $0.number, text: $0.text) }, separator: separator)
    }

    /// The publisher cell text: numbered when publishers are per element.
    public func publisherWording(separator: String = " ") -> String {
        if publishers.contains(where: { !$0.elements.isEmpty }) {
            var parts: [NumberedPart] = []
            for element in Set(publishers.flatMap(\.elements)).sorted() {
                let names = publishers.filter { $0.elements.contains(element) }.map(\.publisher.rawValue)
                parts.append(NumberedPart(number: element, text: names.joined(separator: " ")))
            }
            return NumberedList.join(parts, separator: separator)
        }
        return publishers.map(\.publisher.rawValue).joined(separator: " ")
    }

    /// The deadline cell text: numbered when deadlines are per element.
    public func deadlineWording(separator: String = " ") -> String {
        if deadlines.contains(where: { !$0.elements.isEmpty }) {
            let parts = deadlines.map { NumberedPart(number: $0.elements.first, text: $0.deadline.wording) }
            return NumberedList.join(parts, separator: separator)
        }
        return deadlines.map(\.deadline.wording).joined(separator: " ")
    }

    /// The 公开依据 cell text.
    public var legalBasisWording: String {
        legalBasisText ?? legalBasisSymbols.joined()
    }
}
