import Dispatch
import DisclosureCatalog
import Foundation
import SheetCore
import XLSXWriting

extension MergeResult {
    /// Writes the consolidated workbook (汇总, 明细, 渠道, 时限, 问题, 未报送, 冲突, 输入) to `path`:
    /// bold frozen headers, autofilters, fitted widths, number formats per column, and on 汇总 a native bar
    /// chart of compliance per item (drawn from the cells by Excel, WPS and LibreOffice).
    ///
    /// Deterministic: the same result gives the same bytes. The write is atomic (the writer's temp + rename).
    /// - Throws: `XLSXWriteError`, located.
    public func writeWorkbook(to path: String) throws(XLSXWriteError) {
        try writeWorkbook(to: path, parallel: true)
    }

    /// Positions of 明细 and 问题 in `sheetBuilders`.
    static let detailSheetIndex = 1, findingSheetIndex = 4

    /// `parallel: false` fills the sheets one after another on this thread (the tests compare the two files);
    /// `fromTables: true` writes every sheet from its `ReportSheet`, every text inline (the plain reference the
    /// tests read back against the shared strings and prepared cells of 明细 and 问题).
    func writeWorkbook(to path: String, parallel: Bool, fromTables: Bool = false) throws(XLSXWriteError) {
        // Level 1 deflates several times faster than the default for files about 15% larger: a merge is rerun often.
        // Every cell keeps its `r="…"`: gnumeric 1.12 (ssconvert) drops cells without one ("Invalid cell [C-1]0").
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, compressionLevel: 1, implicitCellReferences: false))
        book.properties = DocumentProperties(title: language == .zh ? "政务公开落实情况汇总" : "Disclosure round merge",
                                             author: "DisclosureKit")
        let border = Border.all(.thin, color: Color(rgb: 0xBFBFBF))
        let header = book.style(CellStyle(font: Font(bold: true), fill: .solid(.lightBlue), border: border,
                                          alignment: Alignment(vertical: .center, wrapText: true)))
        func style(_ format: ReportSheet.Format, bold: Bool = false) -> StyleID {
            let number: NumberFormat
            switch format {
            case .general: number = NumberFormat(builtinID: 0)
            case .integer: number = NumberFormat(builtinID: 1)
            case .percent: number = NumberFormat("0.0%")
            case .date: number = NumberFormat("yyyy-mm-dd")
            }
            return book.style(CellStyle(font: Font(bold: bold), fill: bold ? .solid(.lightGray) : nil, border: border,
                                        numberFormat: number))
        }
        let formats: [ReportSheet.Format] = [.general, .integer, .percent, .date]
        let plain = Dictionary(uniqueKeysWithValues: formats.map { ($0, style($0)) })
        let section = style(.general, bold: true)
        let title = book.style(CellStyle(font: Font(size: 16, bold: true), alignment: Alignment(horizontal: .center, vertical: .center)))
        let subtitle = book.style(CellStyle(alignment: Alignment(vertical: .center)))

        // The sheets are independent tables: each is built, serialized and deflated on its own thread. The file
        // does not depend on the threads' timing: every style, date formats included, is registered above, the
        // sheets are added in workbook order first, and the shared string table gets 明细's texts, then 问题's
        // (the other sheets' texts are inline).
        // Each sheet is handed to exactly one iteration below (StreamingWorksheet's threading rule).
        let sheets = SheetList(try Self.sheetBuilders.indices.map { i throws(XLSXWriteError) in try book.addStreamingSheet(named: sheetTitle(i)) })
        let styles = SheetStyles(header: header, section: section, plain: plain, title: title, subtitle: subtitle)
        let failures = SheetFailures()
        // 明细 adds its texts to the shared string table first, then 问题 (concurrentPerform starts iterations in
        // index order, so 明细 is under way before 问题 waits for it).
        let detailRegistered = Gate()
        let fill: @Sendable (Int) -> Void = { i in
            do throws(XLSXWriteError) {
                // The big sheets straight from the result.
                if !fromTables && i == Self.detailSheetIndex {
                    try fillDetail(sheets.sheets[i], styles: styles, registered: detailRegistered)
                } else if !fromTables && i == Self.findingSheetIndex {
                    try fillFindings(sheets.sheets[i], styles: styles, after: detailRegistered)
                } else {
                    try Self.fill(sheets.sheets[i], with: Self.sheetBuilders[i](self), styles: styles, attention: attention(sheet: i))
                }
            } catch {
                failures.record(error, at: i)
            }
        }
        if parallel {
            DispatchQueue.concurrentPerform(iterations: sheets.sheets.count, execute: fill)
        } else {
            for i in sheets.sheets.indices { fill(i) }
        }
        if let failure = failures.first { throw failure }
        try book.write(to: path)
    }
}

extension MergeResult {
    /// The styles every sheet uses (registered before the sheets are filled).
    struct SheetStyles: Sendable {
        var header: StyleID
        var section: StyleID
        var plain: [ReportSheet.Format: StyleID]
        var title: StyleID = .default
        var subtitle: StyleID = .default
    }

    /// A row to mark where a person looks (conditional format over whole rows: it follows the rows through
    /// filtering and sorting): rows whose `column` says `text`.
    struct Attention: Sendable {
        var column: Int
        var text: String
        var style: HighlightStyle
    }

    /// Writes one report into its streaming sheet — widths, frozen header, rows, chart, filter — and completes
    /// it (its deflating starts on another thread).
    static func fill(_ sheet: StreamingWorksheet, with report: ReportSheet, styles: SheetStyles,
                     attention: [Attention] = []) throws(XLSXWriteError) {
        let plain = styles.plain
        try writeHead(sheet, columns: report.columns, styles: styles, titleLines: report.titleLines,
                      chartColumns: report.chart == nil ? 0 : Self.chartColumns)
        // Each cell's style is its column's unless the sheet overrides single cells (report.format(row:column:)).
        let columnStyles = report.columns.map { plain[$0.format] ?? .default }
        let generalStyle = plain[.general] ?? .default
        for (r, row) in report.rows.enumerated() {
            if report.sectionHeaderRows.contains(r) {
                try sheet.appendRow(row, style: styles.section)
                continue
            }
            let rowStyles = report.formatOverrides.isEmpty
                ? (row.count == columnStyles.count ? columnStyles
                   : row.count < columnStyles.count ? Array(columnStyles[..<row.count])
                   : columnStyles + Array(repeating: generalStyle, count: row.count - columnStyles.count))
                : row.indices.map { c in plain[report.format(row: r, column: c)] ?? .default }
            try sheet.appendRow(row, styles: rowStyles)
        }
        try writeTail(sheet, report: report, attention: attention)
    }

    /// What 明细 and 问题 mark: non-compliant answers (合规 = 否), error findings (and warnings, paler).
    func attention(sheet index: Int) -> [Attention] {
        switch index {
        case Self.detailSheetIndex:
            return [Attention(column: detailCompliantColumn, text: yesNo(false), style: .bad)]
        case Self.findingSheetIndex:
            return [Attention(column: Self.findingSeverityColumn, text: Severity.error.label(language), style: .bad),
                    Attention(column: Self.findingSeverityColumn, text: Severity.warning.label(language), style: .neutral)]
        default:
            return []
        }
    }

    /// Columns the chart of 汇总 spans, beside its tables (after one empty column).
    static let chartColumns = 12
    /// The width of each column under the chart.
    static let chartColumnWidth = 9.0

    /// The sheet row of the header: 0, or below the title lines and one empty row.
    static func headerRow(titleLines: [String]) -> Int { titleLines.isEmpty ? 0 : titleLines.count + 1 }

    /// Widths, the title block, the frozen bold header row and the print setup: one page wide (fit to width),
    /// landscape when the columns are wider than an A4 portrait page, A3 when wider than A4 landscape, the
    /// header row repeated on every page, page numbers in the footer.
    static func writeHead(_ sheet: StreamingWorksheet, columns: [ReportSheet.Column], styles: SheetStyles,
                          titleLines: [String] = [], chartColumns: Int = 0) throws(XLSXWriteError) {
        for (i, column) in columns.enumerated() { try sheet.setColumnWidth(i, column.width) }
        if chartColumns > 0 {
            try sheet.setColumns(columns.count...(columns.count + chartColumns), width: chartColumnWidth)
        }
        let headerRow = headerRow(titleLines: titleLines)
        try sheet.freeze(rows: headerRow + 1)
        var width = columns.reduce(0) { $0 + $1.width }
        if chartColumns > 0 { width += Double(chartColumns + 1) * chartColumnWidth }
        // Printable width in Excel character units at 100% with narrow margins: A4 portrait ≈ 100, landscape
        // ≈ 150; fitting to width shrinks anything wider.
        let landscape = width > 100
        try sheet.setPageSetup(PageSetup(paper: width > 220 ? .a3 : .a4, orientation: landscape ? .landscape : .portrait,
                                         fitToWidth: true, margins: .narrow,
                                         repeatRows: titleLines.isEmpty ? headerRow...headerRow : nil,
                                         centerHorizontally: true, footer: "&C&A — &P / &N"))
        for (i, line) in titleLines.enumerated() {
            try sheet.appendRow([.string(line)], style: i == 0 ? styles.title : styles.subtitle,
                                format: i == 0 ? RowFormat(height: 30) : nil)
        }
        if !titleLines.isEmpty { try sheet.skipRows(1) }
        try sheet.appendRow(columns.map { .string($0.header) }, style: styles.header)
    }

    /// The title merge, chart, filter and highlights after the rows; completes the sheet (its deflating starts
    /// on another thread).
    static func writeTail(_ sheet: StreamingWorksheet, report: ReportSheet, attention: [Attention] = []) throws(XLSXWriteError) {
        let top = headerRow(titleLines: report.titleLines)
        let lastColumn = max(report.columns.count - 1, 0) + (report.chart == nil ? 0 : Self.chartColumns + 1)
        if !report.titleLines.isEmpty, lastColumn > 0 {
            try sheet.merge(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: 0, column: lastColumn)))
        }
        if let chart = report.chart {
            var bars = BarChart(title: chart.title, direction: .bar, series: [BarChart.Series(
                name: chart.seriesName,
                categories: CellRange(start: CellReference(row: top + chart.firstRow, column: chart.categoryColumn),
                                      end: CellReference(row: top + chart.lastRow, column: chart.categoryColumn)),
                values: CellRange(start: CellReference(row: top + chart.firstRow, column: chart.valueColumn),
                                  end: CellReference(row: top + chart.lastRow, column: chart.valueColumn)))])
            bars.valueFormat = "0%"
            bars.valueMinimum = 0
            bars.valueMaximum = 1
            bars.showValues = true
            // Beside the tables from the anchor row down to the sheet's last row, and at least a row and a
            // quarter per bar (plus title and axis), so that 25 item names and their labels stay readable.
            let anchorRow = top + chart.anchor.row
            let lastRow = max(top + report.rows.count, anchorRow + (chart.lastRow - chart.firstRow + 1) * 5 / 4 + 6)
            try sheet.addChart(bars, in: CellRange(start: CellReference(row: anchorRow, column: chart.anchor.column),
                                                   end: CellReference(row: lastRow, column: chart.anchor.column + Self.chartColumns - 1)))
            var setup = sheet.pageSetup
            setup?.printArea = CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: lastRow, column: lastColumn))
            if let setup { try sheet.setPageSetup(setup) }
        }
        if !report.columns.isEmpty {
            try sheet.setAutoFilter(CellRange(start: CellReference(row: top, column: 0),
                                              end: CellReference(row: top + report.filterRowCount, column: report.columns.count - 1)))
        }
        if report.filterRowCount > 0, !report.columns.isEmpty {
            let rows = CellRange(start: CellReference(row: top + 1, column: 0),
                                 end: CellReference(row: top + report.filterRowCount, column: report.columns.count - 1))
            for a in attention where a.column < report.columns.count {
                let column = "$" + CellReference.columnName(a.column) + String(top + 2)
                let text = a.text.replacingOccurrences(of: "\"", with: "\"\"")
                try sheet.addConditionalFormat(ConditionalFormat(ranges: [rows], formula: "\(column)=\"\(text)\"", style: a.style))
            }
        }
        try sheet.complete()
    }
}

/// The workbook's streaming sheets, each filled by one thread (as StreamingWorksheet allows with inline strings).
private struct SheetList: @unchecked Sendable {
    let sheets: [StreamingWorksheet]
    init(_ sheets: [StreamingWorksheet]) { self.sheets = sheets }
}

/// The first failure (in sheet order) of sheets filled on several threads.
private final class SheetFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(Int, XLSXWriteError)] = []

    func record(_ error: XLSXWriteError, at index: Int) {
        lock.lock(); defer { lock.unlock() }
        failures.append((index, error))
    }

    var first: XLSXWriteError? {
        lock.lock(); defer { lock.unlock() }
        return failures.min { $0.0 < $1.0 }?.1
    }
}
