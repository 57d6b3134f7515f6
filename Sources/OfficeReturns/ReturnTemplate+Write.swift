import CatalogTable
import CSV
import DisclosureCatalog
import Foundation
import SheetCore
import XLSXWriting

/// Why a template could not be written.
public struct TemplateWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

extension ReturnTemplate {
    /// Writes the template as `.xlsx` or `.csv`, chosen by the extension of `path` (atomically).
    /// - Throws: `TemplateWriteError` for another extension or a failed write.
    public func write(to path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "xlsx": try writeXLSX(to: path)
        case "csv": try writeCSV(to: path)
        default:
            throw TemplateWriteError(path: path, message: "unsupported extension; use .xlsx or .csv (不支持的扩展名，请用 .xlsx 或 .csv)")
        }
    }

    /// The CSV template: UTF-8 with BOM (so Excel and WPS open it correctly).
    public func writeCSV(to path: String) throws {
        do {
            let writer = try CSVWriter(path: path, options: CSVWriteOptions())
            for row in csvRows() { try writer.writeRecord(row) }
            try writer.close()
        } catch {
            throw TemplateWriteError(path: path, message: "\(error)")
        }
    }

    /// The XLSX template: the table sheet (protected; only fill-in cells unlocked), the instructions sheet,
    /// and the hidden metadata sheet.
    public func writeXLSX(to path: String) throws {
        do {
            try buildWorkbook().write(to: path)
        } catch {
            throw TemplateWriteError(path: path, message: "\(error)")
        }
    }

    private struct Styles {
        var title, note, label, identityValue, identityCode, identityDate, header, official, officialCenter,
            fill, fillCenter, fillDate, channel, recommended, key: StyleID
    }

    private func makeStyles(_ book: XLSXWriter) -> Styles {
        let thin = Border.all(.thin, color: Color(rgb: 0x808080))
        let wrapTop = Alignment(vertical: .top, wrapText: true)
        let centered = Alignment(horizontal: .center, vertical: .center, wrapText: true)
        let gray = Fill.solid(Color(rgb: 0xF2F2F2))
        let headerFill = Fill.solid(Color.lightGray)
        let underline = Border(bottom: Border.Line(.thin))
        return Styles(
            title: book.style(CellStyle(font: Font(size: 16, bold: true), alignment: Alignment(horizontal: .center, vertical: .center))),
            note: book.style(CellStyle(font: Font(size: 9, italic: true, color: Color(rgb: 0x595959)), alignment: Alignment(wrapText: false))),
            label: book.style(CellStyle(font: Font(bold: true), alignment: Alignment(horizontal: .right, vertical: .center))),
            identityValue: book.style(CellStyle(border: underline, alignment: Alignment(vertical: .center), numberFormat: .text, locked: false)),
            identityCode: book.style(CellStyle(border: underline, alignment: Alignment(horizontal: .left, vertical: .center), numberFormat: .text, locked: false)),
            identityDate: book.style(CellStyle(border: underline, alignment: Alignment(horizontal: .left, vertical: .center), numberFormat: .isoDate, locked: false)),
            header: book.style(CellStyle(font: Font(bold: true), fill: headerFill, border: thin, alignment: centered)),
            official: book.style(CellStyle(fill: gray, border: thin, alignment: wrapTop)),
            officialCenter: book.style(CellStyle(fill: gray, border: thin, alignment: centered)),
            fill: book.style(CellStyle(border: thin, alignment: wrapTop, numberFormat: .text, locked: false)),
            fillCenter: book.style(CellStyle(border: thin, alignment: centered, locked: false)),
            fillDate: book.style(CellStyle(border: thin, alignment: centered, numberFormat: .isoDate, locked: false)),
            channel: book.style(CellStyle(font: Font(size: 12), border: thin, alignment: centered, locked: false)),
            recommended: book.style(CellStyle(font: Font(size: 12, bold: true), fill: .solid(Color.lightYellow), border: thin, alignment: centered, locked: false)),
            key: book.style(CellStyle(font: Font(size: 8, color: Color(rgb: 0x808080))))
        )
    }

    /// The workbook, ready to write.
    public func buildWorkbook() throws -> XLSXWriter {
        let book = XLSXWriter()
        book.properties = DocumentProperties(title: title, subject: catalog.title, author: "DisclosureKit")
        let styles = makeStyles(book)
        let sheet = try book.addSheet(named: Self.mainSheetName)
        let lastColumn = itemKeyColumn - 1

        // Title, note, identity block.
        try sheet.mergeAndSet(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: 0, column: lastColumn)),
                              .string(title), style: styles.title)
        try sheet.set(CellReference(row: 1, column: 0), mainGrid().value(CellReference(row: 1, column: 0)), style: styles.note)
        let prefills = [prefill.officeName, prefill.officeCode, prefill.directCustoms, nil, nil, nil]
        for (index, label) in identityLabels.enumerated() {
            try sheet.set(identityCells[index], .string(label + "："), style: styles.label)
            let value = identityValueCell(index)
            // The code and the phone are text cells: a number would lose its leading 0.
            let style = index == 1 || index == 4 ? styles.identityCode : index == 5 ? styles.identityDate : styles.identityValue
            let content: CellValue = prefills[index].map { .string($0) } ?? .empty
            if index == 2 || index == 5 {
                try sheet.mergeAndSet(CellRange(start: value, end: CellReference(row: value.row, column: value.column + 1)), content, style: style)
            } else {
                try sheet.set(value, content, style: style)
            }
        }

        // Header rows.
        var channelStart: Int?
        var channelEnd = 0
        for (index, role) in columns.enumerated() {
            let top = CellReference(row: headerRow, column: index)
            switch role {
            case .channel(let name):
                if channelStart == nil { channelStart = index }
                channelEnd = index
                try sheet.set(CellReference(row: headerRow + 1, column: index), .string(name), style: styles.header)
            case .itemKey:
                try sheet.set(top, .string(headerText(role)), style: styles.key)
            default:
                try sheet.mergeAndSet(CellRange(start: top, end: CellReference(row: headerRow + 1, column: index)),
                                      .string(headerText(role)), style: styles.header)
            }
            try sheet.setColumnWidth(index, width(role))
        }
        if let channelStart {
            try sheet.mergeAndSet(CellRange(start: CellReference(row: headerRow, column: channelStart),
                                            end: CellReference(row: headerRow, column: channelEnd)),
                                  .string(FillInColumn.channels.header), style: styles.header)
        }
        try sheet.setRowHeight(headerRow + 1, 42)

        // Items.
        for (offset, item) in catalog.items.enumerated() {
            let row = firstDataRow + offset
            try sheet.setRowHeight(row, rowHeight(for: item))
            for (index, role) in columns.enumerated() {
                let ref = CellReference(row: row, column: index)
                switch role {
                case .official(.number):
                    try sheet.set(ref, .number(Double(item.number)), style: styles.officialCenter)
                case .official(let c):
                    let centered = c == .basis || c == .audience || c == .modes || c == .category
                    try sheet.set(ref, .string(officialText(c, item)), style: centered ? styles.officialCenter : styles.official)
                case .fillIn(.status):
                    try sheet.set(ref, .empty, style: styles.fillCenter)
                case .fillIn(let c) where c.isDate:
                    try sheet.set(ref, .empty, style: styles.fillDate)
                case .fillIn:
                    try sheet.set(ref, .empty, style: styles.fill)
                case .channel(let name):
                    try sheet.set(ref, .string(CheckMark.unchecked),
                                  style: isRecommended(name, for: item) ? styles.recommended : styles.channel)
                case .itemKey:
                    try sheet.set(ref, .string(TemplateMetadata.itemKey(catalogID: catalog.id, number: item.number)), style: styles.key)
                }
            }
        }
        try sheet.setColumns(itemKeyColumn...itemKeyColumn, width: 12, hidden: true)

        // Input rules with messages.
        for input in inputs {
            try sheet.addValidation(Self.validation(input))
        }
        try sheet.freeze(rows: firstDataRow, columns: 3)
        try sheet.setAutoFilter(CellRange(start: CellReference(row: headerRow + 1, column: 0),
                                          end: CellReference(row: lastDataRow, column: lastColumn)))
        try sheet.setPageSetup(PageSetup(paper: .a3, orientation: .landscape, fitToWidth: true, margins: .narrow,
                                         repeatRows: headerRow...(headerRow + 1),
                                         printArea: CellRange(start: CellReference(row: 0, column: 0),
                                                              end: CellReference(row: lastDataRow, column: lastColumn)),
                                         centerHorizontally: true, footer: "&C第 &P 页，共 &N 页"))
        try sheet.protect(SheetProtection(allowFormatColumns: true, allowFormatRows: true, allowSort: true, allowAutoFilter: true))

        // Instructions.
        let help = try book.addSheet(named: Self.instructionsSheetName)
        let helpTitle = book.style(CellStyle(font: Font(size: 14, bold: true)))
        let helpText = book.style(CellStyle(alignment: Alignment(vertical: .top, wrapText: true)))
        try help.setColumnWidth(0, 110)
        for (row, line) in instructions.enumerated() {
            try help.set(CellReference(row: row, column: 0), .string(line), style: row == 0 ? helpTitle : helpText)
        }
        // The header contract, as a table under the instructions.
        let contractRow = instructions.count + 1
        try help.set(CellReference(row: contractRow, column: 0), .string("填报列（表头文字不得修改）："), style: helpTitle)
        for (offset, column) in FillInColumn.allCases.enumerated() {
            try help.set(CellReference(row: contractRow + 1 + offset, column: 0),
                         .string("\(column.header)：\(Self.columnHelp(column))"), style: helpText)
        }
        try help.setPageSetup(PageSetup(paper: .a4, orientation: .portrait, fitToWidth: true))
        try help.protect(SheetProtection())

        // Hidden metadata.
        let meta = try book.addSheet(named: TemplateMetadata.sheetName, visibility: .hidden)
        let grid = metadataGrid()
        for (ref, cell) in grid.sortedCells {
            try meta.set(ref, cell.value, style: StyleID.default)
        }
        try meta.protect(SheetProtection())
        return book
    }

    /// A height that shows the wrapped catalog text of an item's row (15 points a line).
    func rowHeight(for item: CatalogItem) -> Double {
        var lines = 2
        for (index, role) in columns.enumerated() {
            guard case .official(let column) = role else { continue }
            // Excel character units ≈ display columns of TextWidth (CJK counts 2); keep a margin of 1.
            let usable = max(1, Int(width(columns[index])) - 1)
            lines = max(lines, TextWidth.wrappedLines(officialText(column, item), columns: usable))
        }
        return Double(min(lines, 20)) * 15 + 3
    }

    /// What each fill-in column holds, for the instructions sheet and README.
    public static func columnHelp(_ column: FillInColumn) -> String {
        switch column {
        case .status: return "已公开 / 部分公开 / 未公开 / 不适用（下拉选择）"
        case .channels: return "每个渠道一列，列头为渠道名称，使用的填☑，未使用的填☐；黄色为推荐渠道"
        case .otherChannelNote: return "勾选“其他”时注明具体形式"
        case .location: return "网站渠道填完整网址（http:// 或 https://），其他填具体位置"
        case .formedOrChangedDate: return "信息形成或变更的日期，如 2025-03-01"
        case .publishedDate: return "实际公开的日期，如 2025-03-05"
        case .department: return "负责公开的部门"
        case .reason: return "落实情况为未公开或不适用时必填"
        case .remarks: return "其他说明（选填）"
        }
    }

    static func validation(_ input: Input) -> DataValidation {
        let rule: DataValidation.Rule
        switch input.rule {
        case .list(let options): rule = .list(options)
        case .date(let from, let to):
            let a = DateTimeValue(year: Int(from.prefix(4)) ?? 2000, month: 1, day: 1)
            let b = DateTimeValue(year: Int(to.prefix(4)) ?? 2099, month: 12, day: 31)
            rule = .date(.between, a, b)
        case .textLength(let n): rule = .textLength(.equal, n)
        case .any: rule = .custom("TRUE")
        }
        let isAny = input.rule == .any
        return DataValidation(ranges: [input.range], rule: rule, allowBlank: true, inputTitle: String(input.title.prefix(32)),
                              inputMessage: String(input.message.prefix(255)),
                              errorTitle: isAny ? nil : "输入有误", errorMessage: input.errorMessage,
                              errorStyle: .stop, showErrorAlert: !isAny)
    }
}
