import DisclosureCatalog
import SheetCore

/// 填报模板 — the blank return for one catalog, described independently of any file format.
///
/// `ReturnTemplate` decides what goes where (identity block, locked catalog columns, fill-in columns,
/// the channel group, the hidden key column, the instructions and metadata sheets) and which cells get
/// dropdowns, input messages, date validation and which are unlocked. `TemplateXLSX` writes it as XLSX and
/// `csvRows` as CSV. Rows and columns are 0-based.
public struct ReturnTemplate: Sendable {
    /// Values to prefill in the identity block.
    public struct Prefill: Sendable, Hashable {
        public var officeName: String?
        public var officeCode: String?
        public var directCustoms: String?

        public init(officeName: String? = nil, officeCode: String? = nil, directCustoms: String? = nil) {
            self.officeName = officeName
            self.officeCode = officeCode
            self.directCustoms = directCustoms
        }
    }

    /// What a column of the table holds.
    public enum ColumnRole: Hashable, Sendable {
        case official(OfficialColumn)
        case fillIn(FillInColumn)
        /// One channel flag column under 实际公开渠道.
        case channel(String)
        /// The hidden item-key column.
        case itemKey
    }

    /// How a cell is checked when the office types in it.
    public enum InputRule: Hashable, Sendable {
        /// A dropdown of fixed options.
        case list([String])
        /// A date between two dates (inclusive), ISO text.
        case date(from: String, to: String)
        /// Text of exactly this many characters.
        case textLength(Int)
        /// Anything (only an input message).
        case any
    }

    /// A validation over a range: the rule plus the input message shown when a cell is selected.
    public struct Input: Hashable, Sendable {
        public var range: CellRange
        public var rule: InputRule
        public var title: String
        public var message: String
        /// Shown when a value breaks the rule.
        public var errorMessage: String?
    }

    public static let mainSheetName = "填报表"
    public static let instructionsSheetName = "填报说明"
    public static let statusOptions = ImplementationStatus.allCases.map(\.chineseLabel)
    public static let channelOptions = [CheckMark.checked, CheckMark.unchecked]

    public let catalog: Catalog
    public let prefill: Prefill
    public let title: String
    /// Table columns, in order.
    public let columns: [ColumnRole]
    /// Row of the identity block's first line.
    public let identityRow = 2
    /// First header row (the second header row is `headerRow + 1`).
    public let headerRow = 5
    public var firstDataRow: Int { headerRow + 2 }
    public var lastDataRow: Int { firstDataRow + catalog.items.count - 1 }

    /// Identity label positions (label cell; the value is the cell to its right) in `OfficeIdentity.labels` order.
    public let identityCells: [CellReference]

    public init(catalog: Catalog, prefill: Prefill = Prefill()) {
        self.catalog = catalog
        self.prefill = prefill
        self.title = "\(catalog.title)落实情况填报表"
        var columns: [ColumnRole] = OfficialColumn.allCases.map { .official($0) }
        columns.append(.fillIn(.status))
        columns += catalog.channels.map { .channel($0) }
        columns += FillInColumn.allCases.filter { $0 != .status && $0 != .channels }.map { .fillIn($0) }
        columns.append(.itemKey)
        self.columns = columns
        // Two lines of three label/value pairs: labels in columns C, F, H (二级事项, 公开时限, 推荐公开渠道).
        let labelColumns = [2, 5, 7]
        identityCells = (0..<6).map { index in
            CellReference(row: 2 + index / 3, column: labelColumns[index % 3])
        }
    }

    public func column(_ role: ColumnRole) -> Int? { columns.firstIndex(of: role) }

    /// The identity block's labels, from the catalog's office fields (`Catalog.office`).
    public var identityLabels: [String] { OfficeIdentity.labels(for: catalog.office) }

    /// The item key column (hidden).
    public var itemKeyColumn: Int { columns.count - 1 }

    /// The value cell of identity field `index` (the cell right of its label).
    public func identityValueCell(_ index: Int) -> CellReference {
        let label = identityCells[index]
        return CellReference(row: label.row, column: label.column + 1)
    }

    /// Merged ranges of the main sheet: title, the two header rows, identity values.
    public var merges: [CellRange] {
        var out: [CellRange] = [CellRange(start: CellReference(row: 0, column: 0),
                                          end: CellReference(row: 0, column: itemKeyColumn - 1))]
        var channelStart: Int?, channelEnd = 0
        for (index, role) in columns.enumerated() {
            if case .channel = role {
                if channelStart == nil { channelStart = index }
                channelEnd = index
            } else if role != .itemKey {
                out.append(CellRange(start: CellReference(row: headerRow, column: index),
                                     end: CellReference(row: headerRow + 1, column: index)))
            }
        }
        if let channelStart {
            out.append(CellRange(start: CellReference(row: headerRow, column: channelStart),
                                 end: CellReference(row: headerRow, column: channelEnd)))
        }
        // The parent (所属直属海关) and 填报日期 values span two columns (I:J).
        for index in [2, 5] {
            let value = identityValueCell(index)
            out.append(CellRange(start: value, end: CellReference(row: value.row, column: value.column + 1)))
        }
        return out
    }

    /// The catalog text of an official column for an item.
    public func officialText(_ column: OfficialColumn, _ item: CatalogItem) -> String {
        switch column {
        case .number: return String(item.number)
        case .category: return item.category
        case .name: return item.name
        case .content: return item.contentWording(separator: "\n")
        case .basis: return item.legalBasisWording
        case .deadline: return item.deadlineWording(separator: "\n")
        case .publishers: return item.publisherWording(separator: "\n")
        case .recommendedChannels:
            var names = item.channels.recommended.map { name -> String in
                ChannelName.isOther(name) ? ChannelName.otherLabel(form: item.channels.otherForm, prompt: nil) : name
            }
            if names.isEmpty { names = ["（目录未推荐，须至少选择一种）"] }
            return names.joined(separator: "\n")
        case .audience: return item.audience.map { $0.label(.zh) }.joined(separator: "、")
        case .modes: return item.modes.map { $0.label(.zh) }.joined(separator: "、")
        case .catalogRemarks: return item.remarks ?? "/"
        }
    }

    /// The header text of a column (first row; channels show their name in the second row).
    public func headerText(_ role: ColumnRole) -> String {
        switch role {
        case .official(let c): return c.header
        case .fillIn(let f): return f.header
        case .channel: return FillInColumn.channels.header
        case .itemKey: return TemplateMetadata.keyColumnHeader
        }
    }

    /// Whether the office fills a column in (unlocked).
    public func isFillIn(_ role: ColumnRole) -> Bool {
        switch role {
        case .fillIn, .channel: return true
        case .official, .itemKey: return false
        }
    }

    /// The main sheet's cells as a grid (what a reader sees in a blank template).
    public func mainGrid() -> Grid {
        var grid = Grid(name: Self.mainSheetName)
        grid[0, 0] = GridCell(value: .string(title))
        grid[1, 0] = GridCell(value: .string("请在白色单元格中填写（灰色为目录原文，已锁定）；推荐渠道以黄色标出，各事项至少选择一种渠道。详见“填报说明”工作表。"))
        let prefills = [prefill.officeName, prefill.officeCode, prefill.directCustoms, nil, nil, nil]
        for (index, label) in identityLabels.enumerated() {
            grid[identityCells[index]] = GridCell(value: .string(label))
            if let value = prefills[index] { grid[identityValueCell(index)] = GridCell(value: .string(value)) }
        }
        for (index, role) in columns.enumerated() {
            grid[headerRow, index] = GridCell(value: .string(headerText(role)))
            if case .channel(let name) = role { grid[headerRow + 1, index] = GridCell(value: .string(name)) }
        }
        for (offset, item) in catalog.items.enumerated() {
            let row = firstDataRow + offset
            for (index, role) in columns.enumerated() {
                switch role {
                case .official(.number): grid[row, index] = GridCell(value: .number(Double(item.number)))
                case .official(let c): grid[row, index] = GridCell(value: .string(officialText(c, item)))
                case .channel: grid[row, index] = GridCell(value: .string(CheckMark.unchecked))
                case .itemKey: grid[row, index] = GridCell(value: .string(TemplateMetadata.itemKey(catalogID: catalog.id, number: item.number)))
                case .fillIn: break
                }
            }
        }
        grid.mergedRanges = merges
        return grid
    }

    /// Whether the channel is recommended for the item (its cell is highlighted).
    public func isRecommended(_ channel: String, for item: CatalogItem) -> Bool {
        item.channels.recommended.contains(channel)
    }

    /// The input rules of the main sheet.
    public var inputs: [Input] {
        var out: [Input] = []
        let first = firstDataRow, last = lastDataRow
        func range(_ column: Int) -> CellRange {
            CellRange(start: CellReference(row: first, column: column), end: CellReference(row: last, column: column))
        }
        for (index, role) in columns.enumerated() {
            switch role {
            case .fillIn(.status):
                out.append(Input(range: range(index), rule: .list(Self.statusOptions), title: "落实情况",
                                 message: "请从下拉列表选择：已公开、部分公开、未公开、不适用。",
                                 errorMessage: "只能选择：已公开、部分公开、未公开、不适用"))
            case .channel(let name):
                out.append(Input(range: range(index), rule: .list(Self.channelOptions), title: String(name.prefix(32)),
                                 message: "已通过“\(name)”公开选☑，否则选☐。黄色为目录推荐渠道。" + (ChannelName.isOther(name) ? "选“其他”须填写其他渠道说明。" : ""),
                                 errorMessage: "只能选择 ☑ 或 ☐"))
            case .fillIn(let column) where column.isDate:
                out.append(Input(range: range(index), rule: .date(from: "2000-01-01", to: "2099-12-31"), title: column.header,
                                 message: "请填写日期，如 2025-03-01。", errorMessage: "请填写有效日期（如 2025-03-01）"))
            case .fillIn(.otherChannelNote):
                out.append(Input(range: range(index), rule: .any, title: "其他渠道说明", message: "勾选“其他”渠道时，注明具体形式" + (catalog.office == .customs ? "（如：海关总署网站）。" : "。")))
            case .fillIn(.location):
                out.append(Input(range: range(index), rule: .any, title: "公开网址或位置",
                                 message: "网站公开的填写完整网址（http:// 或 https:// 开头）；现场公开的填写具体位置。"))
            case .fillIn(.department):
                out.append(Input(range: range(index), rule: .any, title: "责任部门", message: "填写负责公开该事项的部门。"))
            case .fillIn(.reason):
                out.append(Input(range: range(index), rule: .any, title: "未公开或不适用原因", message: "落实情况为“未公开”或“不适用”时必须填写原因。"))
            case .fillIn(.remarks):
                out.append(Input(range: range(index), rule: .any, title: "备注", message: "其他需要说明的情况（选填）。"))
            default:
                break
            }
        }
        let fields = catalog.office, labels = identityLabels
        let codeMessage = fields.codeDigits.map { "\($0)位\(fields.code)，按文本填写（保留前导0，如 \(Self.codeExample($0))）。" }
            ?? "填写\(fields.code)，按文本填写。"
        let messages = ["填写本单位全称。", codeMessage, "填写\(fields.parent)全称。",
                        "填写填报人姓名。", "填写联系电话（含区号，按文本填写）。", "填写填报日期，如 2025-03-01。"]
        for index in 0..<6 {
            let cell = identityValueCell(index)
            let codeRule: InputRule = fields.codeDigits.map { .textLength($0) } ?? .any
            let rule: InputRule = index == 1 ? codeRule : index == 5 ? .date(from: "2000-01-01", to: "2099-12-31") : .any
            let codeError = fields.codeDigits.map { "\(fields.code)为\($0)位数字" }
            out.append(Input(range: CellRange(cell), rule: rule, title: labels[index], message: messages[index],
                             errorMessage: index == 1 ? codeError : index == 5 ? "请填写有效日期" : nil))
        }
        return out
    }

    /// An example code of `digits` digits with a leading zero (0101 for four).
    static func codeExample(_ digits: Int) -> String {
        digits == 4 ? "0101" : String(repeating: "0", count: max(1, digits - 1)) + "1"
    }

    /// Cells the office may edit (everything else is locked by sheet protection).
    public var unlockedRanges: [CellRange] {
        var out = (0..<6).map { CellRange(identityValueCell($0)) }
        for (index, role) in columns.enumerated() where isFillIn(role) {
            out.append(CellRange(start: CellReference(row: firstDataRow, column: index),
                                 end: CellReference(row: lastDataRow, column: index)))
        }
        return out
    }

    /// The hidden metadata sheet: stamp, then one row per item key.
    public func metadataGrid() -> Grid {
        var grid = Grid(name: TemplateMetadata.sheetName)
        let rows: [[String]] = [
            [TemplateMetadata.marker, ""],
            [TemplateMetadata.catalogIDLabel, catalog.id],
            [TemplateMetadata.catalogVersionLabel, catalog.versionLabel],
            [TemplateMetadata.templateVersionLabel, TemplateMetadata.templateVersion],
            ["填报工作表", Self.mainSheetName],
            ["表头行", String(headerRow + 1)],
            [TemplateMetadata.keyColumnHeader, "序号", "二级事项"],
        ] + catalog.items.map { [TemplateMetadata.itemKey(catalogID: catalog.id, number: $0.number), String($0.number), $0.name] }
        for (r, row) in rows.enumerated() {
            for (c, text) in row.enumerated() where !text.isEmpty {
                grid[r, c] = GridCell(value: .string(text))
            }
        }
        return grid
    }

    /// The instructions sheet, one paragraph per row.
    public var instructions: [String] {
        let fields = catalog.office
        let codeNote = fields.codeDigits.map { "（\($0)位数字，按文本填写，保留前导0，如 \(Self.codeExample($0))）" } ?? "（按文本填写）"
        let levels = catalog.officeLevels.map(\.rawValue)
        let levelNote = fields == .customs
            ? "公开主体不含本单位层级的事项（如仅由海关总署、直属海关公开的事项），隶属海关可填“不适用”。"
            : "公开主体不含本单位层级的事项" + (levels.isEmpty ? "" : "（公开主体：\(levels.joined(separator: "、"))）") + "，可填“不适用”。"
        var lines = [
            "填报说明",
            "1. 本表依据《\(catalog.title)》制作，每个事项一行。灰色列为目录原文，已锁定，请勿修改；请在白色单元格中填写。",
            "2. 表格上方填写填报单位信息：\(fields.name)、\(fields.code)\(codeNote)、\(fields.parent)、填报人、联系电话、填报日期。",
            "3. 落实情况：从下拉列表选择“已公开”“部分公开”“未公开”或“不适用”。",
            "4. 实际公开渠道：每个渠道一列，已使用的选☑，未使用的选☐。黄色单元格为目录推荐渠道（备注3）。已公开或部分公开的事项至少选择一种渠道。",
            "5. 选择“其他”渠道的，须在“其他渠道说明”中注明具体形式。",
            "6. 选择网站渠道的，须在“公开网址或位置”中填写完整网址（http:// 或 https:// 开头）；现场公开的填写具体位置。",
            "7. 日期按“2025-03-01”格式填写。公开日期不得早于信息形成或变更日期，也不得晚于填报日期。",
            "8. 公开时限按目录执行：“N个工作日”按国务院节假日安排计算，起算日不计入（民法典第二百零一条）；“N日内”为自然日；“每年1月31日前”为年度时限。",
            "9. 落实情况为“未公开”或“不适用”的，须填写“未公开或不适用原因”。" + levelNote,
            "10. 请勿增删行、改动表头文字或删除隐藏列；可以排序、筛选、调整列宽。",
            "11. 填好后可用 disclosure validate 命令自查：disclosure validate 本文件.xlsx",
        ]
        if let note = catalog.footnote("备注3") { lines.append("备注3：" + note.text) }
        return lines
    }

    /// The CSV form: label/value lines for identity and stamp, a blank line, a flattened header
    /// (channel columns as 实际公开渠道·名称), one row per item.
    public func csvRows() -> [[String]] {
        var rows: [[String]] = []
        let prefills = [prefill.officeName, prefill.officeCode, prefill.directCustoms, nil, nil, nil]
        for (index, label) in identityLabels.enumerated() { rows.append([label, prefills[index] ?? ""]) }
        rows.append([TemplateMetadata.catalogIDLabel, catalog.id])
        rows.append([TemplateMetadata.catalogVersionLabel, catalog.versionLabel])
        rows.append([TemplateMetadata.templateVersionLabel, TemplateMetadata.templateVersion])
        rows.append([])
        rows.append(columns.map { role in
            if case .channel(let name) = role { return "\(FillInColumn.channels.header)·\(name)" }
            return headerText(role)
        })
        for item in catalog.items {
            rows.append(columns.map { role in
                switch role {
                case .official(let c): return officialText(c, item)
                case .channel: return CheckMark.unchecked
                case .itemKey: return TemplateMetadata.itemKey(catalogID: catalog.id, number: item.number)
                case .fillIn: return ""
                }
            })
        }
        return rows
    }

    /// Column widths in character units.
    public func width(_ role: ColumnRole) -> Double {
        switch role {
        case .official(.number): return 5
        case .official(.category), .official(.name): return 11
        case .official(.content): return 30
        case .official(.basis): return 7
        case .official(.deadline): return 16
        case .official(.publishers): return 10
        case .official(.recommendedChannels): return 14
        case .official(.audience), .official(.modes): return 8
        case .official(.catalogRemarks): return 20
        case .fillIn(.status): return 11
        case .channel: return 6.5
        case .fillIn(.location): return 26
        case .fillIn(let c) where c.isDate: return 12
        case .fillIn(.reason), .fillIn(.remarks): return 18
        case .fillIn: return 13
        case .itemKey: return 12
        }
    }
}
