import DisclosureCatalog
import SheetCore
import WorkCalendar

/// 填报表 — one office's return: who filled it in and, per catalog item, how the item is published.
///
/// Every value keeps the text it was read from and its provenance (file, sheet, cell) through `Sourced`.
/// The model only records what the file says; `ReturnValidator` judges it against the catalog.
public struct OfficeReturn: Codable, Hashable, Sendable {
    /// The version of this JSON shape (`Schemas/return.schema.json`).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The file the return was read from, as given.
    public var file: String
    /// How the file was laid out.
    public var layout: ReturnLayout
    /// The sheet that holds the table (nil for CSV).
    public var sheet: String?
    /// What the hidden metadata sheet says (nil for a plain official table or a CSV without it).
    public var stamp: TemplateStamp?
    public var office: OfficeIdentity
    /// The channel columns found under 实际公开渠道, in file order.
    public var channels: [String]
    /// Fill-in columns (header texts of the contract) that the file lacks.
    public var missingColumns: [String]
    /// One entry per table row mapped to a catalog item, in file order (an item may appear twice; the
    /// validator reports that).
    public var items: [ItemReturn]
    /// Table rows that could not be mapped to a catalog item.
    public var unmatchedRows: [UnmatchedRow]

    public init(file: String, layout: ReturnLayout, sheet: String?, stamp: TemplateStamp?, office: OfficeIdentity,
                channels: [String], missingColumns: [String], items: [ItemReturn], unmatchedRows: [UnmatchedRow]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.file = file
        self.layout = layout
        self.sheet = sheet
        self.stamp = stamp
        self.office = office
        self.channels = channels
        self.missingColumns = missingColumns
        self.items = items
        self.unmatchedRows = unmatchedRows
    }

    /// The entries for item `number` (normally exactly one).
    public func entries(forItem number: Int) -> [ItemReturn] {
        items.filter { $0.itemNumber == number }
    }
}

/// How a return file was laid out.
public enum ReturnLayout: String, Codable, Hashable, Sendable {
    /// Our XLSX template (found by its metadata sheet, or by the stamp lines of the CSV template saved as XLSX).
    case template
    /// The plain official table (no metadata sheet), possibly with fill-in columns added.
    case officialTable
    /// A CSV with the template's columns.
    case csv
}

/// 模板标识 — the facts the template's hidden metadata sheet carries.
public struct TemplateStamp: Codable, Hashable, Sendable {
    public var catalogID: Sourced<String>
    public var catalogVersion: Sourced<String>
    public var templateVersion: Sourced<String>

    public init(catalogID: Sourced<String>, catalogVersion: Sourced<String>, templateVersion: Sourced<String>) {
        self.catalogID = catalogID
        self.catalogVersion = catalogVersion
        self.templateVersion = templateVersion
    }
}

/// 填报单位信息 — the identity block above the table.
public struct OfficeIdentity: Codable, Hashable, Sendable {
    /// 填报单位
    public var name: Sourced<String>
    /// 关区代码 — four digits, text (leading zeros kept); the catalog's code field (`OfficeFields.code`, e.g.
    /// 单位代码) for other domains.
    public var code: Sourced<String>
    /// 所属直属海关; the catalog's parent field (`OfficeFields.parent`, e.g. 上级单位) for other domains.
    public var directCustoms: Sourced<String>
    /// 填报人
    public var preparer: Sourced<String>
    /// 联系电话
    public var phone: Sourced<String>
    /// 填报日期
    public var reportDate: Sourced<CalendarDate>

    public init(name: Sourced<String> = .absent, code: Sourced<String> = .absent,
                directCustoms: Sourced<String> = .absent, preparer: Sourced<String> = .absent,
                phone: Sourced<String> = .absent, reportDate: Sourced<CalendarDate> = .absent) {
        self.name = name
        self.code = code
        self.directCustoms = directCustoms
        self.preparer = preparer
        self.phone = phone
        self.reportDate = reportDate
    }

    /// The labels of the customs identity block, in order (`labels(for:)` for a catalog's own).
    public static let labels = labels(for: .customs)

    public static let englishLabels = englishLabels(for: .customs)

    /// The labels of the identity block for a catalog's office fields: name, code, parent, then 填报人,
    /// 联系电话, 填报日期.
    public static func labels(for fields: OfficeFields) -> [String] {
        fields.labels + ["填报人", "联系电话", "填报日期"]
    }

    /// `labels(for:)` in English.
    public static func englishLabels(for fields: OfficeFields) -> [String] {
        [fields.nameLabel(.en), fields.codeLabel(.en), fields.parentLabel(.en), "prepared by", "phone", "report date"]
    }
}

/// How a table row was tied to its catalog item.
public enum RowMatch: String, Codable, Hashable, Sendable {
    /// By the item key in the hidden metadata sheet.
    case metadata
    /// By 序号 and 二级事项 both.
    case numberAndName
    /// By 序号 alone (the name differs).
    case number
    /// By 二级事项 alone (the number is missing or differs).
    case name
}

/// One official (locked) cell as found in the return, for the "catalog text unchanged" check.
public struct OfficialCell: Codable, Hashable, Sendable {
    /// The header text of its column, e.g. 公开内容（要素）.
    public var column: String
    public var text: String
    /// Where the cell is (its `source`, made when read).
    public var origin: ValueSource

    public init(column: String, text: String, source: SourceLocation) {
        self.init(column: column, text: text, origin: ValueSource(source))
    }

    init(column: String, text: String, origin: ValueSource) {
        self.column = column
        self.text = text
        self.origin = origin
    }

    public var source: SourceLocation {
        get { origin.location }
        set { origin = ValueSource(newValue) }
    }

    private enum CodingKeys: String, CodingKey { case column, text, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(column: try c.decode(String.self, forKey: .column), text: try c.decode(String.self, forKey: .text),
                  source: try c.decode(SourceLocation.self, forKey: .source))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(column, forKey: .column)
        try c.encode(text, forKey: .text)
        try c.encode(source, forKey: .source)
    }
}

/// One channel flag (☑/☐) under 实际公开渠道.
public struct ChannelUse: Codable, Hashable, Sendable {
    /// The channel name as in the column header (the catalog's vocabulary).
    public var channel: String
    public var used: Sourced<Bool>

    public init(channel: String, used: Sourced<Bool>) {
        self.channel = channel
        self.used = used
    }
}

/// 落实情况 of one catalog item in one return.
public struct ItemReturn: Codable, Hashable, Sendable {
    /// 序号 of the catalog item this row was mapped to.
    public var itemNumber: Int
    /// 二级事项 of that catalog item.
    public var itemName: String
    public var matchedBy: RowMatch
    /// The row (1-based, as the user sees it) or CSV line.
    public var row: Int
    /// The locked catalog cells as found in the row.
    public var officialCells: [OfficialCell]
    /// 落实情况
    public var status: Sourced<ImplementationStatus>
    /// 实际公开渠道, one flag per channel column.
    public var channels: [ChannelUse]
    /// 其他渠道说明
    public var otherChannelNote: Sourced<String>
    /// 公开网址或位置
    public var location: Sourced<String>
    /// 信息形成或变更日期
    public var formedOrChangedDate: Sourced<CalendarDate>
    /// 公开日期
    public var publishedDate: Sourced<CalendarDate>
    /// 责任部门
    public var department: Sourced<String>
    /// 未公开或不适用原因
    public var reason: Sourced<String>
    /// 备注
    public var remarks: Sourced<String>

    public init(itemNumber: Int, itemName: String, matchedBy: RowMatch, row: Int, officialCells: [OfficialCell] = [],
                status: Sourced<ImplementationStatus> = .absent, channels: [ChannelUse] = [],
                otherChannelNote: Sourced<String> = .absent, location: Sourced<String> = .absent,
                formedOrChangedDate: Sourced<CalendarDate> = .absent, publishedDate: Sourced<CalendarDate> = .absent,
                department: Sourced<String> = .absent, reason: Sourced<String> = .absent,
                remarks: Sourced<String> = .absent) {
        self.itemNumber = itemNumber
        self.itemName = itemName
        self.matchedBy = matchedBy
        self.row = row
        self.officialCells = officialCells
        self.status = status
        self.channels = channels
        self.otherChannelNote = otherChannelNote
        self.location = location
        self.formedOrChangedDate = formedOrChangedDate
        self.publishedDate = publishedDate
        self.department = department
        self.reason = reason
        self.remarks = remarks
    }

    /// The channels marked as used.
    public var usedChannels: [String] {
        channels.filter { $0.used.value == true }.map(\.channel)
    }
}

/// A table row that matched no catalog item (or an empty-looking row with content).
public struct UnmatchedRow: Codable, Hashable, Sendable {
    public var row: Int
    /// 序号 as written.
    public var numberText: String
    /// 二级事项 as written.
    public var nameText: String
    public var source: SourceLocation

    public init(row: Int, numberText: String, nameText: String, source: SourceLocation) {
        self.row = row
        self.numberText = numberText
        self.nameText = nameText
        self.source = source
    }
}
