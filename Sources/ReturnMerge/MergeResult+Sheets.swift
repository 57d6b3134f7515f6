import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore

extension MergeResult {
    private func l(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    /// The catalog's identity labels as headers (关区代码 / 填报单位 / 所属直属海关 for customs).
    private var codeHeader: String { l(officeFields.code, "Code") }
    private var nameHeader: String { l(officeFields.name, "Office") }
    private var parentHeader: String { l(officeFields.parent, "District") }
    private func n(_ v: Int) -> CellValue { .number(Double(v)) }
    private func rate(_ v: Double?) -> CellValue { v.map { .number($0) } ?? .string("—") }
    private func s(_ v: String) -> CellValue { .string(v) }

    /// Sheet names in workbook order: 汇总, 明细, 渠道, 时限, 问题, 未报送, 冲突, 输入.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// The consolidated workbook's sheets, Chinese first.
    public var sheets: [ReportSheet] { Self.sheetBuilders.map { $0(self) } }

    /// Sheet titles in workbook order (Chinese, English): each builder names its sheet from here.
    static let sheetTitles: [(zh: String, en: String)] = [
        ("汇总", "Summary"), ("明细", "Details"), ("渠道", "Channels"), ("时限", "Deadlines"), ("问题", "Findings"),
        ("未报送", "Missing"), ("冲突", "Conflicts"), ("输入", "Inputs"),
    ]

    /// The title of the sheet at `index` in this result's language.
    func sheetTitle(_ index: Int) -> String { l(Self.sheetTitles[index].zh, Self.sheetTitles[index].en) }

    /// Builders of `sheets`, in workbook order (independent of each other: they may run side by side).
    static let sheetBuilders: [@Sendable (MergeResult) -> ReportSheet] = [
        { $0.summarySheet }, { $0.detailSheet }, { $0.channelSheet }, { $0.deadlineSheet }, { $0.findingSheet },
        { $0.missingSheet }, { $0.conflictSheet }, { $0.inputSheet },
    ]

    /// 汇总 — response and compliance per 直属海关, then compliance per item (charted), then the inputs.
    public var summarySheet: ReportSheet {
        var rows: [[CellValue]] = []
        func districtRow(_ d: DistrictSummary) -> [CellValue] {
            [s(d.district), d.expected.map(n) ?? s("—"), n(d.answered), n(d.missing), n(d.unknown), rate(d.responseRate),
             n(d.answers), n(d.compliantAnswers), rate(d.complianceRate), n(d.errors), n(d.warnings)]
        }
        rows += districtSummaries.map(districtRow)
        rows.append(districtRow(overall))
        let filterRows = rows.count
        rows.append([])
        var sections: Set<Int> = []
        sections.insert(rows.count)
        rows.append([s(l("序号", "No.")), s(l("二级事项", "Item")), s(l("已答", "Answered")), s(ImplementationStatus.published.label(language)),
                     s(ImplementationStatus.partiallyPublished.label(language)), s(ImplementationStatus.notPublished.label(language)),
                     s(ImplementationStatus.notApplicable.label(language)), s(l("无效", "Invalid")), s(l("合规", "Compliant")),
                     s(l("合规率", "Compliance"))])
        let firstItemRow = rows.count
        for i in itemSummaries {
            rows.append([n(i.item.number), s(i.item.name), n(i.answered), n(i.byStatus[.published] ?? 0),
                         n(i.byStatus[.partiallyPublished] ?? 0), n(i.byStatus[.notPublished] ?? 0),
                         n(i.byStatus[.notApplicable] ?? 0), n(i.invalidStatus), n(i.compliant),
                         i.complianceRate.map { .number($0) } ?? .number(0)])
        }
        let lastItemRow = rows.count - 1
        rows.append([])
        sections.insert(rows.count)
        rows.append([s(l("输入文件", "Inputs")), s(l("数量", "Count"))])
        rows.append([s(l("合计", "Total")), n(inputs.count)])
        for status in InputStatus.allCases { rows.append([s(status.label(language)), n(count(status))]) }

        var sheet = ReportSheet(name: sheetTitle(0), columns: [
            (parentHeader, .general), (l("应报", "Expected"), .integer), (l("已报", "Answered"), .integer),
            (l("未报", "Missing"), .integer), (l("名单外", "Not on roster"), .integer), (l("报送率", "Response rate"), .percent),
            (l("事项条数", "Answers"), .integer), (l("合规条数", "Compliant"), .integer), (l("合规率", "Compliance"), .percent),
            (l("错误", "Errors"), .integer), (l("警告", "Warnings"), .integer),
        ], rows: rows, filterRows: filterRows)
        // The item and input sections share the sheet's columns: their cells carry their own formats.
        sheet.sectionHeaderRows = sections
        for r in firstItemRow..<(lastItemRow + 1) {
            for c in 0..<10 { sheet.formatOverrides[CellReference(row: r, column: c)] = c == 9 ? .percent : c == 1 ? .general : .integer }
        }
        for r in sections { for c in 0..<10 { sheet.formatOverrides[CellReference(row: r, column: c)] = .general } }
        if !itemSummaries.isEmpty {
            // Beside the item table, from its header row down (one empty column between).
            sheet.chart = ReportSheet.Chart(title: l("各事项合规率", "Compliance per item"), seriesName: l("合规率", "Compliance"),
                                            firstRow: firstItemRow + 1, lastRow: lastItemRow + 1,
                                            categoryColumn: 1, valueColumn: 9,
                                            anchor: CellReference(row: firstItemRow, column: sheet.columns.count + 1))
        }
        sheet.titleLines = summaryTitleLines
        return sheet
    }

    /// The title block of 汇总: the catalog's title, the dates, the inputs counted. Only from the result (the
    /// same inputs give the same lines): the report date is the as-of date, else the latest 填报日期 merged.
    var summaryTitleLines: [String] {
        let title = catalogTitle.isEmpty ? l("基层政务公开标准目录", "Standard disclosure catalog") : catalogTitle
        // ISO dates sort as text.
        let reportDates = offices.compactMap { $0.identity.filledOn.map { String($0.iso8601.prefix(10)) } }.sorted()
        var dates: [String] = []
        if let asOf { dates.append(l("校验日期：", "As of: ") + String(asOf.iso8601.prefix(10))) }
        if let first = reportDates.first, let last = reportDates.last {
            dates.append(l("填报日期：", "Filled: ") + (first == last ? first : first + l(" 至 ", " to ") + last))
        }
        let reportDate = asOf.map { String($0.iso8601.prefix(10)) } ?? reportDates.last ?? "—"
        dates.append(l("报表日期：", "Report date: ") + reportDate)
        let statuses = InputStatus.allCases.map { "\($0.label(language)) \(count($0))" }.joined(separator: l("，", ", "))
        var counts = l("输入文件 \(inputs.count) 个：", "\(inputs.count) input files: ") + statuses
        counts += l("；已报单位 \(overall.answered) 个", "; \(overall.answered) offices answered")
        if let expected = overall.expected {
            counts += l("（应报 \(expected)，未报 \(overall.missing)）", " (expected \(expected), missing \(overall.missing))")
        }
        return [title + l(" 落实情况汇总", " — round summary"), dates.joined(separator: l("　", "; ")), counts]
    }

    /// 明细 — one row per office × item with every field and where it came from (`detailTable`).
    public var detailSheet: ReportSheet { detailTable.reportSheet }

    /// 渠道 — how many offices used each channel for each item.
    public var channelSheet: ReportSheet {
        var columns: [(String, ReportSheet.Format)] = [(l("序号", "No."), .integer), (l("二级事项", "Item"), .general),
                                                        (l("已答", "Answered"), .integer)]
        columns += channelVocabulary.map { ($0, .integer) }
        columns.append((l("已公开但无渠道", "Published without channel"), .integer))
        let rows: [[CellValue]] = itemSummaries.map { i in
            [n(i.item.number), s(i.item.name), n(i.answered)] + channelVocabulary.map { n(i.channelUse[$0] ?? 0) }
                + [n(i.publishedWithoutChannel)]
        }
        return ReportSheet(name: sheetTitle(2), columns: columns, rows: rows)
    }

    /// 时限 — deadline compliance per item.
    public var deadlineSheet: ReportSheet {
        let rows: [[CellValue]] = itemSummaries.map { i in
            [n(i.item.number), s(i.item.name), s(i.item.deadline), n(i.answered), n(i.deadlineMet), n(i.deadlineMissed),
             n(i.deadlineNotJudged), rate(i.deadlineRate)]
        }
        return ReportSheet(name: sheetTitle(3), columns: [
            (l("序号", "No."), .integer), (l("二级事项", "Item"), .general), (l("公开时限", "Deadline"), .general),
            (l("已答", "Answered"), .integer), (l("达标", "Met"), .integer), (l("逾期", "Late"), .integer),
            (l("不判断", "Not judged"), .integer), (l("达标率", "Met rate"), .percent),
        ], rows: rows)
    }

    /// 问题 — every finding with office, file, cell and rule (`findingTable`).
    public var findingSheet: ReportSheet { findingTable.reportSheet }

    /// 未报送 — roster offices without a return.
    public var missingSheet: ReportSheet {
        ReportSheet(name: sheetTitle(5), columns: [
            (codeHeader, .general), (l("名称", "Name"), .general), (parentHeader, .general),
        ], rows: missing.map { [s($0.code), s($0.name), s($0.district)] })
    }

    /// 冲突 — superseded returns, and each field on which they differ from the accepted one.
    public var conflictSheet: ReportSheet {
        var rows: [[CellValue]] = []
        for o in offices {
            for file in o.superseded {
                let diffs = conflicts.filter { $0.code == o.code && $0.supersededFile == file }
                if diffs.isEmpty {
                    rows.append([s(o.code), s(file), s(o.file), .empty, s(l("（无差异）", "(no difference)")), .empty, .empty])
                }
                for c in diffs {
                    rows.append([s(o.code), s(file), s(o.file), n(c.item), s(c.field), s(c.keptValue), s(c.supersededValue)])
                }
            }
        }
        return ReportSheet(name: sheetTitle(6), columns: [
            (codeHeader, .general), (l("被替代文件", "Superseded file"), .general),
            (l("采用文件", "Accepted file"), .general), (l("序号", "No."), .integer), (l("字段", "Field"), .general),
            (l("采用值", "Accepted value"), .general), (l("被替代值", "Superseded value"), .general),
        ], rows: rows)
    }

    /// 输入 — every input file and what became of it.
    public var inputSheet: ReportSheet {
        ReportSheet(name: sheetTitle(7), columns: [
            (l("文件", "File"), .general), (l("状态", "Status"), .general), (l("原因", "Reason"), .general),
            (codeHeader, .general), (l("错误", "Errors"), .integer), (l("警告", "Warnings"), .integer),
            (l("说明", "Message"), .general),
        ], rows: inputs.map {
            [s($0.file), s($0.status.label(language)), s($0.reason?.label(language) ?? ""), s($0.officeCode ?? ""),
             n($0.errors), n($0.warnings), s($0.message)]
        })
    }

    func yesNo(_ b: Bool?) -> String {
        switch b {
        case true?: return l("是", "yes")
        case false?: return l("否", "no")
        case nil: return l("不判断", "not judged")
        }
    }
}

extension InputStatus {
    /// 已合并 / 已合并（有问题）/ 被替代 / 被拒绝.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.merged, .zh): return "已合并"
        case (.mergedWithFindings, .zh): return "已合并（有问题）"
        case (.superseded, .zh): return "被替代"
        case (.rejected, .zh): return "被拒绝"
        case (_, .en): return rawValue
        }
    }
}

extension RejectionReason {
    /// 无法读取 / 不是填报表 / 其他目录或版本 / 缺少关区代码.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.unreadable, .zh): return "无法读取"
        case (.notAReturn, .zh): return "不是填报表"
        case (.otherCatalog, .zh): return "其他目录或版本"
        case (.noOfficeCode, .zh): return "缺少关区代码"
        case (_, .en): return rawValue
        }
    }
}

/// Which vocabulary channels a list of channels contains (`channels.contains(v)` for each `v`), remembered per
/// distinct list: answers repeat a handful of lists, and comparing CJK strings is slow. A list is looked up by
/// its UTF-8 bytes, on which string equality depends only, so the marks are exactly those of `contains`.
struct ChannelMarks {
    let vocabulary: [String]
    private var lists = ChannelLists()
    /// Marks per list number (`lists`).
    private var known: [[Bool]] = []
    private var last: (channels: [String], marks: [Bool])?
    private let none: [Bool]

    init(vocabulary: [String]) {
        self.vocabulary = vocabulary
        none = Array(repeating: false, count: vocabulary.count)
    }

    mutating func marks(_ channels: [String]) -> [Bool] {
        if channels.isEmpty { return none }
        if let last, Self.sameBytes(last.channels, channels) { return last.marks }
        let id = lists.id(channels)
        if id == known.count { known.append(vocabulary.map { channels.contains($0) }) }
        last = (channels, known[id])
        return known[id]
    }

    private static func sameBytes(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0].hasSameBytes(as: b[$0]) }
    }
}

/// Numbers for distinct channel lists, told apart by their UTF-8 bytes (equal bytes, same list).
struct ChannelLists {
    private var ids: [ListKey: Int] = [:]
    private var lists: [[String]] = []

    /// The list's number (new lists get the next one).
    mutating func id(_ channels: [String]) -> Int {
        let key = ListKey(channels: channels)
        if let id = ids[key] { return id }
        ids[key] = lists.count
        lists.append(channels)
        return lists.count - 1
    }

    func channels(_ id: Int) -> [String] { lists[id] }

    private struct ListKey: Hashable {
        let channels: [String]
        func hash(into hasher: inout Hasher) {
            hasher.combine(channels.count)
            for c in channels { ByteKey(c).hash(into: &hasher) }
        }
        static func == (a: ListKey, b: ListKey) -> Bool {
            a.channels.count == b.channels.count && a.channels.indices.allSatisfy { a.channels[$0].hasSameBytes(as: b.channels[$0]) }
        }
    }
}
