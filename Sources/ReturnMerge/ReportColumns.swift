import DisclosureCatalog
import SheetCore

/// One column of a big report sheet (明细, 问题): header, number format and how a row gives its value. The
/// column tables below are the only definition of those two sheets: `ReportSheet` (CSV, the plain reference
/// workbook) and the workbook's prepared-cell writer (`fillBigSheet`) both read them, so adding a column is one
/// edit. The width is fitted to the content by either reader (`ColumnWidths`), the style follows the format.
///
/// A row is addressed as a source and an index in it (an office and its answer `k`; the result and finding
/// `k`): values are read in place, no row value is built.
struct ReportColumn<Source> {
    enum Value {
        /// A text repeated down the column (offices, items, statuses, rules): numbered once, written from the
        /// shared string table.
        case text((Source, Int) -> String)
        /// A text of its own on most rows (where a value came from, a cell address): written inline.
        case inline((Source, Int) -> String)
        /// A whole number, or an empty cell.
        case integer((Source, Int) -> Int?)
        /// A date, or an empty cell.
        case date((Source, Int) -> DateTimeValue?)
        /// ☑ or ☐: whether the row's channels (`ReportTable.channels`) include the vocabulary's channel at this index.
        case mark(Int)
    }

    var header: String
    var format: ReportSheet.Format
    var value: Value
    /// Whether its texts recur row by row from one source to the next (an item's name, status, location for
    /// the k-th answer of each office): a hint to the numbering, which looks there first.
    var recursByIndex = false

    init(_ header: String, _ value: Value, recursByIndex: Bool = false) {
        self.init(header, .general, value, recursByIndex: recursByIndex)
    }

    init(_ header: String, _ format: ReportSheet.Format, _ value: Value, recursByIndex: Bool = false) {
        self.header = header
        self.format = format
        self.value = value
        self.recursByIndex = recursByIndex
    }
}

/// The columns of a big report sheet and its rows: sources, each with a range of indexes.
struct ReportTable<Source> {
    var name: String
    var columns: [ReportColumn<Source>]
    var rows: [(source: Source, indexes: Range<Int>)]
    /// The channel vocabulary the `.mark` columns index.
    var vocabulary: [String] = []
    /// The channels of a row, for its `.mark` columns.
    var channels: ((Source, Int) -> [String])?

    var rowCount: Int { rows.reduce(0) { $0 + $1.indexes.count } }

    /// Header and format of each column, as `ReportSheet` and `ColumnWidths` take them.
    var headers: [(String, ReportSheet.Format)] { columns.map { ($0.header, $0.format) } }

    static var checked: String { "☑" }
    static var unchecked: String { "☐" }

    /// The table as cells, for CSV and the plain reference workbook (fitted widths as the workbook's).
    var reportSheet: ReportSheet {
        var cells: [[CellValue]] = []
        cells.reserveCapacity(rowCount)
        var channelMarks = ChannelMarks(vocabulary: vocabulary)
        for (source, indexes) in rows {
            for k in indexes {
                let marks = channels.map { channelMarks.marks($0(source, k)) } ?? []
                var row: [CellValue] = []
                row.reserveCapacity(columns.count)
                for column in columns {
                    switch column.value {
                    case .text(let value), .inline(let value): row.append(.string(value(source, k)))
                    case .integer(let value): row.append(value(source, k).map { .number(Double($0)) } ?? .empty)
                    case .date(let value): row.append(value(source, k).map(CellValue.date) ?? .empty)
                    case .mark(let v): row.append(.string(v < marks.count && marks[v] ? Self.checked : Self.unchecked))
                    }
                }
                cells.append(row)
            }
        }
        return ReportSheet(name: name, columns: headers, rows: cells)
    }
}

extension MergeResult {
    private func l(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    /// 明细 — one row per office × item with every field and where it came from (the channels of the
    /// vocabulary in the middle, ☑/☐).
    var detailTable: ReportTable<MergedOffice> {
        typealias Column = ReportColumn<MergedOffice>
        let result = self
        var columns: [Column] = [
            Column(l(officeFields.code, "Code"), .text { o, _ in o.code }),
            Column(l(officeFields.name, "Office"), .text { o, _ in o.name }),
            Column(l(officeFields.parent, "District"), .text { o, _ in o.district }),
            Column(l("序号", "No."), .integer, .integer { o, k in o.answers[k].item }),
            Column(l("二级事项", "Item"), .text { o, k in o.answers[k].name }, recursByIndex: true),
            Column(l("落实情况", "Status"), .text { o, k in o.answers[k].statusText }, recursByIndex: true),
        ]
        columns += channelVocabulary.indices.map { Column(channelVocabulary[$0], .mark($0), recursByIndex: true) }
        columns += [
            Column(l("其他渠道说明", "Other channel"), .text { o, k in o.answers[k].otherChannel }, recursByIndex: true),
            Column(l("公开网址或位置", "Where published"), .text { o, k in o.answers[k].location }, recursByIndex: true),
            Column(l("信息形成或变更日期", "Formed on"), .date, .date { o, k in o.answers[k].formedOn }),
            Column(l("公开日期", "Published on"), .date, .date { o, k in o.answers[k].publishedOn }),
            Column(l("责任部门", "Department"), .text { o, k in o.answers[k].department }, recursByIndex: true),
            Column(l("未公开或不适用原因", "Reason"), .text { o, k in o.answers[k].reason }, recursByIndex: true),
            Column(l("备注", "Remarks"), .text { o, k in o.answers[k].remarks }, recursByIndex: true),
            Column(l("时限达标", "Deadline met"), .text { o, k in result.yesNo(o.answers[k].deadlineMet) }, recursByIndex: true),
            Column(l("合规", "Compliant"), .text { o, k in result.yesNo(o.compliant[k]) }, recursByIndex: true),
            Column(l("来源", "Source"), .inline { o, k in o.answers[k].source.description }),
        ]
        return ReportTable(name: sheetTitle(1), columns: columns, rows: offices.map { ($0, $0.answers.indices) },
                           vocabulary: channelVocabulary, channels: { o, k in o.answers[k].channels })
    }

    /// The column of 明细 that says 合规 (its non-compliant rows are highlighted).
    var detailCompliantColumn: Int { detailTable.columns.count - 2 }

    /// 问题 — every finding with office, file, cell and rule.
    var findingTable: ReportTable<MergeResult> {
        typealias Column = ReportColumn<MergeResult>
        let language = language
        let columns: [Column] = [
            Column(l(officeFields.code, "Code"), .text { r, k in r.findingOffices[k] ?? "" }),
            Column(l("文件", "File"), .text { r, k in r.findings[k].location?.file ?? "" }),
            Column(l("工作表", "Sheet"), .text { r, k in r.findings[k].location?.sheet ?? "" }),
            Column(l("单元格/行", "Cell/line"), .inline { r, k in
                r.findings[k].location?.cell ?? r.findings[k].location?.line.map { String($0) } ?? ""
            }),
            Column(l("序号", "No."), .integer, .integer { r, k in r.findings[k].itemNumber }),
            Column(l("严重程度", "Severity"), .text { r, k in r.findings[k].severity.label(language) }),
            Column(l("规则", "Rule"), .text { r, k in r.findings[k].code }),
            Column(l("说明", "Message"), .text { r, k in r.findings[k].message.text(language) }),
        ]
        return ReportTable(name: sheetTitle(4), columns: columns,
                           rows: [(self, 0..<min(findings.count, findingOffices.count))])
    }

    /// The column of 问题 that gives the severity (errors and warnings are highlighted).
    static let findingSeverityColumn = 5
}
