import DisclosureCatalog
import Foundation

/// A catalog compiled for checking returns: what the rules ask of each item, worked out once per catalog and
/// shared by every validator, loader and merge of that catalog (`CompiledCatalog.of(_:)` caches it). The rules
/// in `ItemChecks` read the plan of their item (its locked wordings, recommended channels, deadlines judged and
/// noted, 公开主体 list) instead of working it out per row, which is where the speed of checking a round comes
/// from; nothing here depends on the validation settings or on a return.
public final class CompiledCatalog: Sendable {
    public let catalog: Catalog
    /// One plan per item number, in catalog order (the first item of each number).
    let plans: [ItemPlan]
    /// The position in `plans` of each item number.
    let planIndex: [Int: Int]
    /// The facts of the catalog's channel names (the usual channel columns of a return).
    let vocabularyFacts: [ChannelFacts]
    /// `catalog.versionLabel`, which templates record and every return is compared with (for a catalog
    /// without a version, its content fingerprint: a JSON encoding and a SHA-256, too dear to make per return).
    public let versionLabel: String
    /// Whether some item is published by the customs levels (直属海关, 隶属海关): then an office has a level.
    let usesCustomsLevels: Bool

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        // A catalog with a number twice (CAT-DUPLICATE-NUMBER) is checked against the first item of the number,
        // and its locked wordings are the last one's (as the validator always read them).
        var lockedTexts: [Int: [LockedText]] = [:]
        for item in catalog.items { lockedTexts[item.number] = ItemPlan.lockedTexts(item) }
        var plans: [ItemPlan] = []
        var index: [Int: Int] = [:]
        for item in catalog.items where index[item.number] == nil {
            index[item.number] = plans.count
            plans.append(ItemPlan(item, lockedTexts: lockedTexts[item.number] ?? []))
        }
        self.plans = plans
        planIndex = index
        vocabularyFacts = catalog.channels.map(ChannelFacts.init)
        versionLabel = catalog.versionLabel
        usesCustomsLevels = catalog.items.contains { item in
            item.publishers.contains { $0.publisher == .directCustoms || $0.publisher == .subordinateCustoms }
        }
    }

    /// The compiled view of `catalog`, made once and kept (the last few catalogs).
    public static func of(_ catalog: Catalog) -> CompiledCatalog {
        cache.lock.lock(); defer { cache.lock.unlock() }
        if let known = cache.entries.first(where: { $0.catalog == catalog }) { return known }
        let compiled = CompiledCatalog(catalog)
        cache.entries.insert(compiled, at: 0)
        if cache.entries.count > 4 { cache.entries.removeLast() }
        return compiled
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var entries: [CompiledCatalog] = []
    }
    private static let cache = Cache()

    /// The plan of item `number`, nil when the catalog has no such item.
    func plan(ofItem number: Int) -> ItemPlan? { planIndex[number].map { plans[$0] } }

    /// Whether item `number` has a deadline the rules judge (working days, calendar days, annual), rather than
    /// only notes.
    public func judgesDeadline(ofItem number: Int) -> Bool {
        plan(ofItem: number).map { !$0.deadlines.judged.isEmpty } ?? false
    }
}

/// What the rules ask of one catalog item, worked out once.
struct ItemPlan: Sendable {
    let item: CatalogItem
    /// The texts an office may not change (二级事项, 公开内容, 公开时限, 公开主体), one per column.
    let lockedTexts: [LockedText]
    /// 推荐公开渠道, with the keys channel headers are compared by.
    let recommendedChannels: [(name: String, key: TextKey)]
    /// The deadlines judged and those only noted.
    let deadlines: DeadlinePlan
    /// 公开主体, each once, joined with 、 (for messages).
    let publisherList: String

    init(_ item: CatalogItem, lockedTexts: [LockedText]) {
        self.item = item
        self.lockedTexts = lockedTexts
        recommendedChannels = item.channels.recommended.map { (name: $0, key: TextKey($0.headerKey)) }
        deadlines = DeadlinePlan(item)
        publisherList = ItemChecks.publisherList(item)
    }

    /// The locked wordings of an item with their comparison keys.
    static func lockedTexts(_ item: CatalogItem) -> [LockedText] {
        let wordings = [(OfficialColumn.name, item.name), (.content, item.contentWording()),
                        (.deadline, item.deadlineWording()), (.publishers, item.publisherWording())]
        // The template writes multi-part wordings one part a line; such a cell compares equal to the key,
        // which is checked here once instead of in every file.
        let written: [OfficialColumn: String] = [.content: item.contentWording(separator: "\n"),
                                                 .deadline: item.deadlineWording(separator: "\n"),
                                                 .publishers: item.publisherWording(separator: "\n")]
        return wordings.map { column, wording in
            let key = ItemChecks.comparable(wording)
            let template = written[column].flatMap { ItemChecks.comparable($0) == key ? $0 : nil }
            return LockedText(column: column.header, expected: wording, key: key, template: template)
        }
    }
}
