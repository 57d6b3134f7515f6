import Dispatch
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
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, compressionLevel: 1, implicitCellReferences: true))
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

        // The sheets are independent tables: each is built, serialized and deflated on its own thread. The file
        // does not depend on the threads' timing: every style, date formats included, is registered above, the
        // sheets are added in workbook order first, and the shared string table gets 明细's texts, then 问题's
        // (the other sheets' texts are inline).
        // Each sheet is handed to exactly one iteration below (StreamingWorksheet's threading rule).
        let sheets = SheetList(try Self.sheetBuilders.indices.map { i throws(XLSXWriteError) in try book.addStreamingSheet(named: sheetTitle(i)) })
        let styles = SheetStyles(header: header, section: section, plain: plain)
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
                    try Self.fill(sheets.sheets[i], with: Self.sheetBuilders[i](self), styles: styles)
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
    }

    /// Writes one report into its streaming sheet — widths, frozen header, rows, chart, filter — and completes
    /// it (its deflating starts on another thread).
    static func fill(_ sheet: StreamingWorksheet, with report: ReportSheet, styles: SheetStyles) throws(XLSXWriteError) {
        let plain = styles.plain
        try writeHead(sheet, columns: report.columns, styles: styles)
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
        try writeTail(sheet, report: report)
    }

    /// Widths, the frozen bold header row.
    static func writeHead(_ sheet: StreamingWorksheet, columns: [ReportSheet.Column], styles: SheetStyles) throws(XLSXWriteError) {
        for (i, column) in columns.enumerated() { try sheet.setColumnWidth(i, column.width) }
        try sheet.freeze(rows: 1)
        try sheet.appendRow(columns.map { .string($0.header) }, style: styles.header)
    }

    /// The chart and the filter after the rows; completes the sheet (its deflating starts on another thread).
    static func writeTail(_ sheet: StreamingWorksheet, report: ReportSheet) throws(XLSXWriteError) {
        if let chart = report.chart {
            var bars = BarChart(title: chart.title, direction: .bar, series: [BarChart.Series(
                name: chart.seriesName,
                categories: CellRange(start: CellReference(row: chart.firstRow, column: chart.categoryColumn),
                                      end: CellReference(row: chart.lastRow, column: chart.categoryColumn)),
                values: CellRange(start: CellReference(row: chart.firstRow, column: chart.valueColumn),
                                  end: CellReference(row: chart.lastRow, column: chart.valueColumn)))])
            bars.valueFormat = "0%"
            bars.valueMinimum = 0
            bars.valueMaximum = 1
            bars.showValues = true
            let height = max(20, (chart.lastRow - chart.firstRow + 1) + 8)
            try sheet.addChart(bars, in: CellRange(start: chart.anchor,
                                                   end: CellReference(row: chart.anchor.row + height, column: chart.anchor.column + 9)))
        }
        if !report.columns.isEmpty {
            try sheet.setAutoFilter(CellRange(start: CellReference(row: 0, column: 0),
                                              end: CellReference(row: report.filterRowCount, column: report.columns.count - 1)))
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
