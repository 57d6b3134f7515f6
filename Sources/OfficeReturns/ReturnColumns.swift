/// The header texts of a return: the contract with offices.
///
/// The importer finds every column by these texts (white space, full-width brackets and a leading `*`
/// ignored), so offices may insert, hide or reorder columns.
public enum FillInColumn: String, CaseIterable, Codable, Sendable {
    /// 落实情况 — 已公开 / 部分公开 / 未公开 / 不适用.
    case status = "落实情况"
    /// 实际公开渠道 — a group header over one ☑/☐ column per channel.
    case channels = "实际公开渠道"
    /// 其他渠道说明 — the form of the 其他 channel.
    case otherChannelNote = "其他渠道说明"
    /// 公开网址或位置 — URL, website column (栏目) or physical place.
    case location = "公开网址或位置"
    /// 信息形成或变更日期
    case formedOrChangedDate = "信息形成或变更日期"
    /// 公开日期
    case publishedDate = "公开日期"
    /// 责任部门
    case department = "责任部门"
    /// 未公开或不适用原因
    case reason = "未公开或不适用原因"
    /// 备注
    case remarks = "备注"

    /// The header text (Chinese; the contract).
    public var header: String { rawValue }

    public var englishName: String {
        switch self {
        case .status: return "implementation status"
        case .channels: return "channels actually used"
        case .otherChannelNote: return "other channel, specified"
        case .location: return "URL or location"
        case .formedOrChangedDate: return "date formed or changed"
        case .publishedDate: return "date published"
        case .department: return "responsible department"
        case .reason: return "reason not published / not applicable"
        case .remarks: return "remarks"
        }
    }

    /// Whether the column holds dates.
    public var isDate: Bool { self == .formedOrChangedDate || self == .publishedDate }

    /// The case's position, for equality and hashing without the Chinese raw value (RawRepresentable's
    /// defaults compare and hash the strings, through Unicode normalization). Same equality: raw values are unique.
    private var ordinal: Int {
        switch self {
        case .status: return 0
        case .channels: return 1
        case .otherChannelNote: return 2
        case .location: return 3
        case .formedOrChangedDate: return 4
        case .publishedDate: return 5
        case .department: return 6
        case .reason: return 7
        case .remarks: return 8
        }
    }

    public static func == (a: FillInColumn, b: FillInColumn) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// The official (catalog) columns of the template, locked. Headers as in the published table.
public enum OfficialColumn: String, CaseIterable, Codable, Sendable {
    case number = "序号"
    case category = "一级事项"
    case name = "二级事项"
    case content = "公开内容（要素）"
    case basis = "公开依据"
    case deadline = "公开时限"
    case publishers = "公开主体"
    case recommendedChannels = "推荐公开渠道"
    case audience = "公开对象"
    case modes = "公开方式"
    case catalogRemarks = "有关说明"

    public var header: String { rawValue }

    /// Header texts that also name this column in the official table (公开依据 (见备注1) …).
    var alternativeHeaders: [String] {
        switch self {
        case .recommendedChannels: return ["公开渠道和载体"]
        case .content: return ["公开内容"]
        default: return []
        }
    }

    /// The case's position (see `FillInColumn`): equality and hashing without the raw value.
    private var ordinal: Int {
        switch self {
        case .number: return 0
        case .category: return 1
        case .name: return 2
        case .content: return 3
        case .basis: return 4
        case .deadline: return 5
        case .publishers: return 6
        case .recommendedChannels: return 7
        case .audience: return 8
        case .modes: return 9
        case .catalogRemarks: return 10
        }
    }

    public static func == (a: OfficialColumn, b: OfficialColumn) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// Whether "locked catalog text unchanged" is checked for this column.
    public var isCompared: Bool {
        switch self {
        case .name, .content, .deadline, .publishers: return true
        default: return false
        }
    }
}

/// Column of the hidden item-key column in the template's table (survives sorting).
public enum TemplateMetadata {
    /// Version of the template layout this code writes and reads.
    public static let templateVersion = "1"
    /// Name of the hidden metadata sheet.
    public static let sheetName = "模板信息"
    /// Marker in A1 of the metadata sheet.
    public static let marker = "DisclosureKit 模板信息"
    /// Header of the hidden column that carries each row's item key.
    public static let keyColumnHeader = "事项编码"
    /// Labels of the stamp (in the metadata sheet, and as label/value lines above a CSV table).
    public static let catalogIDLabel = "目录标识"
    public static let catalogVersionLabel = "目录版本"
    public static let templateVersionLabel = "模板版本"

    /// The key of an item: `customs:5`.
    public static func itemKey(catalogID: String, number: Int) -> String { "\(catalogID):\(number)" }

    /// The item number in a key of catalog `catalogID`, nil for a foreign or malformed key.
    public static func itemNumber(fromKey key: String, catalogID: String) -> Int? {
        // ASCII without CR (every byte a character, and no normalization): bytes decide, as for the definition.
        func isPlainASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
        guard isPlainASCII(key), isPlainASCII(catalogID) else { return itemNumberByCharacter(fromKey: key, catalogID: catalogID) }
        let id = catalogID.utf8.count
        guard key.utf8.count > id, key.utf8.starts(with: catalogID.utf8),
              key.utf8[key.utf8.index(key.utf8.startIndex, offsetBy: id)] == UInt8(ascii: ":") else { return nil }
        return Int(Substring(key.utf8.dropFirst(id + 1)))
    }

    /// `itemNumber(fromKey:catalogID:)` by characters (the definition).
    static func itemNumberByCharacter(fromKey key: String, catalogID: String) -> Int? {
        let prefix = catalogID + ":"
        guard key.hasPrefix(prefix) else { return nil }
        return Int(key.dropFirst(prefix.count))
    }
}
