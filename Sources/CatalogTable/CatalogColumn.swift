import DisclosureCatalog

/// What one column of an official catalog table holds.
public enum CatalogColumn: Hashable, Sendable {
    /// 序号
    case number
    /// 公开事项·一级事项
    case category
    /// 公开事项·二级事项
    case name
    /// 公开内容（要素）
    case content
    /// 公开依据
    case legalBasis
    /// 公开时限
    case deadline
    /// 公开主体
    case publisher
    /// One channel of 公开渠道和载体, one column per channel.
    case channel(String)
    /// A cell holding all channel options ("☑直属海关网站 ☐两微一端 …"); a table may split it in two.
    case channelOptions
    /// 公开对象 column
    case audience(Audience)
    /// 公开方式 column
    case mode(DisclosureMode)
    /// A single 公开对象 column holding the words (全社会 / 特定群体 / both).
    case audienceText
    /// A single 公开方式 column holding the words (主动 / 依申请 / 主动、依申请).
    case modeText
    /// 有关说明
    case remarks
    /// Any other column, by its header path (公开层级·县级, 责任科室).
    case extra(String)
}

/// Header wording shared by the writer and the reader.
enum CatalogHeader {
    static let number = "序号"
    static let matter = "公开事项"
    static let category = "一级事项"
    static let name = "二级事项"
    static let content = "公开内容（要素）"
    static let legalBasis = "公开依据"
    static let deadline = "公开时限"
    static let publisher = "公开主体"
    static let channels = "公开渠道和载体"
    static let audience = "公开对象"
    static let mode = "公开方式"
    static let remarks = "有关说明"
    /// Separator of a flattened two-level header ("公开渠道和载体·直属海关网站") and of extra-field paths.
    static let pathSeparator: Character = "·"

    /// The columns of a catalog in the official order.
    static func columns(for catalog: Catalog) -> [CatalogColumn] {
        var cols: [CatalogColumn] = [.number, .category, .name, .content, .legalBasis, .deadline, .publisher]
        cols += catalog.channels.map { CatalogColumn.channel($0) }
        cols += [.audience(.general), .audience(.specificGroups), .mode(.proactive), .mode(.onRequest), .remarks]
        cols += catalog.extraColumns.map { CatalogColumn.extra($0) }
        return cols
    }

    /// (top, sub) header text of a column as printed; sub is nil for a column spanning both header rows.
    static func labels(_ column: CatalogColumn, catalog: Catalog) -> (top: String, sub: String?) {
        func ref(_ label: String) -> String { catalog.footnote(label) != nil ? " (见\(label))" : "" }
        switch column {
        case .number: return (number, nil)
        case .category: return (matter, category)
        case .name: return (matter, name)
        case .content: return (content, nil)
        case .legalBasis: return (legalBasis + ref("备注1"), nil)
        case .deadline: return (deadline, nil)
        case .publisher: return (publisher + ref("备注2"), nil)
        case .channel(let c): return (channels + ref("备注3"), c)
        case .channelOptions: return (channels + ref("备注3"), nil)
        case .audience(let a): return (audience, a.label(.zh))
        case .mode(let m): return (mode, m.label(.zh))
        case .audienceText: return (audience, nil)
        case .modeText: return (mode, nil)
        case .remarks: return (remarks, nil)
        case .extra(let path):
            let parts = path.split(separator: pathSeparator, maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : (path, nil)
        }
    }
}
