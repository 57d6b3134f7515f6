import DisclosureCatalog
import Foundation
import SheetCore
import XLSXWriting

/// Writes a copy of an office's workbook with every offending cell highlighted and a note saying what is
/// wrong, plus a first sheet 校验结果 listing all findings. The input is never modified.
///
/// An .xlsx input is copied part by part and only the highlights, notes and 校验结果 are added (see
/// `AnnotatedPackage`): the copy is still the return the office fills and sends back, with its sheet
/// protection, data validations and prompts, page setup, print titles, widths, styles and hidden sheets and
/// columns. Other inputs (.xls, .ods, .csv) are rebuilt from what our reader loaded (values, number formats,
/// fonts, merges, widths, hidden rows and columns, notes, dropdowns) and written with our writer.
public enum ReturnAnnotation {
    public static let summarySheetName = "校验结果"

    /// - Parameters:
    ///   - loaded: the file as loaded by `ReturnFiles.load`.
    ///   - findings: the findings for that file (their `location.sheet`/`cell` pick the cells).
    ///   - path: where to write the `.xlsx` copy (atomically).
    /// - Throws: `TemplateWriteError` when the copy cannot be written.
    public static func write(_ loaded: ReturnFiles.LoadedFile, findings: [Finding], language: Language = .zh,
                             to path: String) throws {
        do {
            if let source = loaded.xlsxSource {
                do {
                    return try AnnotatedPackage.write(source: source, loaded: loaded, findings: findings, language: language, to: path)
                } catch is AnnotatedPackage.Unsupported {
                    // A package laid out unlike any producer we know: rebuild the copy instead.
                }
            }
            try build(loaded, findings: findings, language: language).write(to: path)
        } catch let error as TemplateWriteError {
            throw error
        } catch {
            throw TemplateWriteError(path: path, underlying: error)
        }
    }

    static func build(_ loaded: ReturnFiles.LoadedFile, findings: [Finding], language: Language) throws -> XLSXWriter {
        let book = XLSXWriter()
        let bold = book.style(CellStyle(font: Font(bold: true), fill: .solid(Color.lightGray)))
        let wrap = book.style(CellStyle(alignment: Alignment(vertical: .top, wrapText: true)))
        let severityStyles: [Severity: StyleID] = [
            .error: book.style(CellStyle(font: Font(bold: true, color: Color.darkRed), alignment: Alignment(vertical: .top))),
            .warning: book.style(CellStyle(font: Font(bold: true, color: Color(rgb: 0x9C5700)), alignment: Alignment(vertical: .top))),
            .info: book.style(CellStyle(alignment: Alignment(vertical: .top))),
        ]
        let summary = try book.addSheet(named: summarySheetName)
        let headers = language == .zh ? ["级别", "规则", "位置", "事项", "说明"] : ["severity", "rule", "location", "item", "message"]
        for (column, text) in headers.enumerated() {
            try summary.set(CellReference(row: 0, column: column), .string(text), style: bold)
        }
        // The rule column as wide as its longest code (RET-CHANNEL-UNPUBLISHED).
        let ruleWidth = Double(max(22, (findings.map(\.code.utf8.count).max() ?? 0) + 2))
        for (column, width) in [8.0, ruleWidth, 22, 6, 90].enumerated() { try summary.setColumnWidth(column, width) }
        // Printed landscape, one page wide, the header on every page.
        try summary.setPageSetup(PageSetup(paper: .a4, orientation: .landscape, fitToWidth: true, margins: .narrow,
                                           repeatRows: 0...0, footer: "&C&A — &P / &N"))
        let sorted = findings.sorted { $0.severity < $1.severity }
        for (offset, finding) in sorted.enumerated() {
            let row = offset + 1
            let place = [finding.location?.sheet, finding.location?.cell].compactMap { $0 }.joined(separator: "!")
            try summary.set(CellReference(row: row, column: 0), .string(finding.severity.label(language)),
                            style: severityStyles[finding.severity] ?? wrap)
            try summary.set(CellReference(row: row, column: 1), .string(finding.code), style: wrap)
            try summary.set(CellReference(row: row, column: 2), .string(place), style: wrap)
            try summary.set(CellReference(row: row, column: 3), finding.itemNumber.map { .number(Double($0)) } ?? .empty, style: wrap)
            try summary.set(CellReference(row: row, column: 4), .string(finding.message.text(language)), style: wrap)
            if let sheet = finding.location?.sheet, let cell = finding.location?.cell {
                try summary.addHyperlink(at: CellReference(row: row, column: 2),
                                         Hyperlink(location: "'\(sheet.replacingOccurrences(of: "'", with: "''"))'!\(cell)"))
            }
        }
        try summary.freeze(rows: 1)

        // Findings by sheet and cell (CSV findings carry no sheet: they belong to the one grid).
        var marks: [String: [CellReference: [Finding]]] = [:]
        for finding in findings {
            guard let cellText = finding.location?.cell, let ref = CellReference(cellText) else { continue }
            let sheet = finding.location?.sheet ?? loaded.sheets.first?.name ?? ""
            marks[sheet, default: [:]][ref, default: []].append(finding)
        }

        var styleCache: [CellStyle: StyleID] = [:]
        func styleID(_ style: CellStyle) -> StyleID {
            if let id = styleCache[style] { return id }
            let id = book.style(style)
            styleCache[style] = id
            return id
        }
        for grid in loaded.sheets {
            let sheet = try book.addSheet(named: grid.name, visibility: loaded.hiddenSheets.contains(grid.name) ? .hidden : .visible)
            let sheetMarks = marks[grid.name] ?? [:]
            var cells = grid.cells
            for ref in sheetMarks.keys where cells[ref] == nil { cells[ref] = GridCell(value: .empty) }
            for (ref, cell) in cells.sorted(by: { $0.key < $1.key }) {
                var style = CellStyle(alignment: Alignment(vertical: .top, wrapText: true), locked: false)
                if let format = cell.numberFormat, format != "General" { style.numberFormat = NumberFormat(format) }
                if let font = cell.fontName { style.font.name = font }
                if let found = sheetMarks[ref] {
                    let worst = found.map(\.severity).min() ?? .info
                    style.fill = .solid(worst == .error ? Color.lightRed : worst == .warning ? Color.lightYellow : Color.lightBlue)
                    style.border = Border.all(.medium, color: worst == .error ? Color.red : Color(rgb: 0xBF9000))
                }
                // Formulas are copied as their cached values: user text is never written as a formula.
                try sheet.set(ref, cell.value, style: styleID(style))
                var note = grid.comments[ref].map { [$0] } ?? []
                if let found = sheetMarks[ref] {
                    note += found.map { "[\($0.severity.label(language))] \($0.code): \($0.message.text(language))" }
                }
                if !note.isEmpty {
                    try sheet.addComment(at: ref, Comment(note.joined(separator: "\n"), author: "disclosure validate", width: 4, height: 6))
                }
            }
            for range in grid.mergedRanges { try? sheet.merge(range) }
            for (column, width) in grid.columnWidths { try sheet.setColumnWidth(column, width) }
            for column in grid.hiddenColumns { try sheet.setColumns(column...column, hidden: true) }
            for row in grid.hiddenRows { try sheet.setRowHeight(row, nil, hidden: true) }
            for validation in grid.listValidations {
                if let source = validation.sourceFormula {
                    try? sheet.addValidation(DataValidation(ranges: validation.ranges, rule: .listSource(source)))
                } else if !validation.options.isEmpty {
                    try? sheet.addValidation(DataValidation(ranges: validation.ranges, rule: .list(validation.options)))
                }
            }
        }
        return book
    }
}
