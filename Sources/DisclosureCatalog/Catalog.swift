/// 标准目录 — a domain's standard catalog of what to disclose (基层政务公开标准目录).
///
/// A pure model: it knows nothing about files. `CatalogTable` reads and writes the official table,
/// `JSONEncoder`/`JSONDecoder` the JSON form (schema: Schemas/catalog.schema.json).
public struct Catalog: Hashable, Sendable, Codable {
    /// Short identifier, e.g. `customs`.
    public var id: String
    /// The title, e.g. 海关领域基层政务公开标准目录.
    public var title: String
    /// 领域, e.g. 海关.
    public var domain: String
    /// Who issued the catalog, when known (海关总署).
    public var issuer: String?
    /// Edition or version label, when known.
    public var version: String?
    /// The label printed above the title (附件), when there is one.
    public var attachmentLabel: String?
    /// 公开渠道和载体 — the channel vocabulary, in table order (其他 last for customs).
    public var channels: [String]
    /// 备注1 — legal bases by symbol.
    public var legalBases: [LegalBasis]
    /// 备注 rows, verbatim, in order.
    public var footnotes: [Footnote]
    /// Names of the extra columns (`ExtraField.name`) in table order.
    public var extraColumns: [String]
    public var items: [CatalogItem]
    /// 填报单位信息 — the identity fields of this catalog's returns, when the catalog names them (see `office`).
    public var officeFields: OfficeFields?

    public init(id: String, title: String, domain: String, issuer: String? = nil, version: String? = nil,
                attachmentLabel: String? = nil, channels: [String], legalBases: [LegalBasis] = [],
                footnotes: [Footnote] = [], extraColumns: [String] = [], items: [CatalogItem],
                officeFields: OfficeFields? = nil) {
        self.id = id
        self.title = title
        self.domain = domain
        self.issuer = issuer
        self.version = version
        self.attachmentLabel = attachmentLabel
        self.channels = channels
        self.legalBases = legalBases
        self.footnotes = footnotes
        self.extraColumns = extraColumns
        self.items = items
        self.officeFields = officeFields
    }

    /// The item with 序号 `number`.
    public func item(_ number: Int) -> CatalogItem? {
        itemIndex(number).map { items[$0] }
    }

    /// The index in `items` of `item(number)`: the first item with that number.
    public func itemIndex(_ number: Int) -> Int? {
        items.firstIndex { $0.number == number }
    }

    /// The legal basis with symbol ① ….
    public func legalBasis(_ symbol: String) -> LegalBasis? {
        legalBases.first { $0.symbol == symbol }
    }

    /// The 其他 channel of the vocabulary, when it has one.
    public var otherChannel: String? {
        channels.first(where: ChannelName.isOther)
    }

    /// Categories (一级事项) in order with their item numbers.
    public var categories: [(name: String, items: [Int])] {
        var out: [(name: String, items: [Int])] = []
        for item in items {
            if let last = out.last, last.name == item.category {
                out[out.count - 1].items.append(item.number)
            } else {
                out.append((item.category, [item.number]))
            }
        }
        return out
    }

    /// The footnote with a label (备注2).
    public func footnote(_ label: String) -> Footnote? {
        footnotes.first { $0.label == label }
    }
}
