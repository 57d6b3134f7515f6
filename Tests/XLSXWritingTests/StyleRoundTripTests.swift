import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading
import XLSXWriting

/// The one style model (SheetCore's `CellStyle`): what the writer writes the reader reads back as the same
/// value, so a workbook read can be written again with its look.
@Suite struct StyleRoundTripTests {
    /// The styles of each cell of column A, as the reader gives them.
    static func columnStyles(_ path: String, sheet: String) throws -> [CellStyle] {
        let book = try XLSXWorkbook(path: path)
        let styles = try book.cellStyles()
        var found: [CellStyle] = []
        try book.forEachRow(in: try book.sheet(named: sheet)) { _, cells in
            if let cell = cells.first(where: { $0.column == 0 }) { found.append(styles[cell.styleIndex]) }
        }
        return found
    }

    /// The style as a reader sees it: the writer fills in the default font's name and size.
    static func resolved(_ style: CellStyle) -> CellStyle {
        var style = style
        if style.font.name == nil { style.font.name = "宋体" }
        if style.font.size == nil { style.font.size = 11 }
        return style
    }

    static let styles: [CellStyle] = [
        CellStyle(),
        CellStyle(font: Font(bold: true)),
        CellStyle(font: Font(name: "Arial", size: 9, italic: true, underline: true, strikethrough: true, color: .red)),
        CellStyle(font: Font(name: "黑体", size: 12, bold: true, color: .darkRed), fill: .solid(.lightGray)),
        CellStyle(fill: Fill(pattern: .lightGray, foreground: .blue, background: .white)),
        CellStyle(border: .all(.thin)),
        CellStyle(border: Border(left: Border.Line(.dashDotDot), bottom: Border.Line(.double, color: .darkRed))),
        CellStyle(alignment: Alignment(horizontal: .center, vertical: .top, wrapText: true)),
        CellStyle(alignment: Alignment(horizontal: .left, indent: 3, shrinkToFit: true)),
        CellStyle(numberFormat: .percent2),
        CellStyle(numberFormat: NumberFormat("0.000")),
        CellStyle(numberFormat: .chineseDate),
        CellStyle(numberFormat: .isoDate),
        CellStyle(numberFormat: NumberFormat(builtinID: 14)),
        CellStyle(numberFormat: .text, locked: false),
        CellStyle(locked: false, formulaHidden: true),
    ]

    static func write(_ styles: [CellStyle], to path: String) throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "样式")
        for (i, style) in styles.enumerated() {
            try sheet.set(CellReference(row: i, column: 0), .number(Double(i)), style: style)
        }
        try book.write(to: path)
    }

    @Test func writtenStylesReadBackEqual() throws {
        let dir = try TestSupport.makeTemporaryDirectory("style-roundtrip")
        let path = dir.appendingPathComponent("styles.xlsx").path
        try Self.write(Self.styles, to: path)
        let read = try Self.columnStyles(path, sheet: "样式")
        #expect(read.count == Self.styles.count)
        for (written, got) in zip(Self.styles, read) {
            #expect(got == Self.resolved(written))
        }
    }

    /// Read → write → read: the second reading equals the first (the look survives a rewrite).
    @Test func readStylesWriteBackIntact() throws {
        let dir = try TestSupport.makeTemporaryDirectory("style-roundtrip")
        let first = dir.appendingPathComponent("first.xlsx").path
        let second = dir.appendingPathComponent("second.xlsx").path
        try Self.write(Self.styles, to: first)
        let read = try Self.columnStyles(first, sheet: "样式")
        try Self.write(read, to: second)
        #expect(try Self.columnStyles(second, sheet: "样式") == read)
    }

    @Test func numberFormatsAreTheirBuiltinOrTheirCode() {
        #expect(NumberFormat("mm-dd-yy") == NumberFormat(builtinID: 14))
        #expect(NumberFormat(builtinID: 14).code == "yyyy-mm-dd")
        #expect(NumberFormat.isoDate != NumberFormat(builtinID: 14))
        #expect(NumberFormat(id: 0, code: "0.00").isGeneral)
        #expect(NumberFormat(id: 164, code: "0.000").builtinID == nil)
        #expect(NumberFormat(id: 164, code: "0.00").builtinID == 2)
        #expect(NumberFormat(id: 5, code: nil).shownCode == nil)
        #expect(NumberFormat(id: 31, code: nil).dateKind == .date)
        #expect(Color(argb: "FFC00000") == .darkRed)
        #expect(Color(argb: "+FFFFF") == nil)
    }
}
