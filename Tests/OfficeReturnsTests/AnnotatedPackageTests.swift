import DisclosureCatalog
@testable import OfficeReturns
import SheetCore
import Testing

/// The worksheet and styles edits of the annotated copy, on parts made to show each case.
@Suite struct AnnotatedPackageTests {
    static let styles = Array("""
    <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <fonts count="1"><font><sz val="10"/><name val="仿宋"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border/></borders>\
    <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
    <xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyProtection="1"><protection locked="0"/></xf></cellXfs>\
    </styleSheet>
    """.utf8)

    /// Cells in a row with a gap, an empty row, no row at all: marked cells the file does not store are
    /// added in sheet order, with the column's format; stored ones keep their value and get their own
    /// format highlighted.
    @Test func markedCellsAreAddedInOrderWithTheirOwnFormat() throws {
        let sheet = Array("""
        <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>\
        <cols><col min="2" max="2" width="9" style="1"/></cols>\
        <sheetData><row r="2"><c r="A2" s="1"><v>1</v></c><c r="C2"><v>3</v></c></row><row r="4"/></sheetData>\
        <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
        """.utf8)
        let mark = AnnotatedPackage.Mark(severity: .error, lines: ["x"])
        let marks: [CellReference: AnnotatedPackage.Mark] = Dictionary(uniqueKeysWithValues:
            ["A1", "A2", "B2", "D2", "B4", "A6"].map { (CellReference($0)!, mark) })
        var styles = try StylesEditor(Self.styles)
        let edited = SheetEditor.edit(sheet, marks: marks, styles: &styles, legacyDrawingID: "rIdDKv1")
        var cells: [(String, String?)] = []
        var names: [String] = []
        for tag in Tags(edited) where !tag.isEnd {
            names.append(tag.name)
            if tag.name == "c" { cells.append((tag.value("r") ?? "?", tag.value("s"))) }
            if tag.name == "sheetView" { #expect(tag.value("tabSelected") == nil) }
        }
        #expect(cells.map(\.0) == ["A1", "A2", "B2", "C2", "D2", "B4", "A6"])
        let byRef = Dictionary(cells, uniquingKeysWith: { a, _ in a })
        func style(_ ref: String) -> String { byRef[ref].map { $0 ?? "none" } ?? "missing" }
        // A2 (format 1) and B2 (column format 1) share the highlighted copy of format 1; C2 is untouched.
        #expect(style("A2") == "3" && style("B2") == "3")
        #expect(style("C2") == "none")
        #expect(style("A1") == "2" && style("D2") == "2")  // format 0 highlighted (the first copy made)
        // The notes' drawing after pageMargins, last.
        #expect(names.suffix(2) == ["pageMargins", "legacyDrawing"])
        #expect(String(decoding: edited, as: UTF8.self).contains("<v>1</v></c><c r=\"B2\""))

        // The copies of formats 1 and 0: fill and border added, the rest (date format, unlocked) kept.
        let stylesText = String(decoding: styles.edited(), as: UTF8.self)
        #expect(stylesText.contains("<cellXfs count=\"4\">"))
        #expect(stylesText.contains("<xf numFmtId=\"14\" fontId=\"0\" fillId=\"2\" borderId=\"1\" applyProtection=\"1\" applyFill=\"1\" applyBorder=\"1\"><protection locked=\"0\"/></xf>"))
        #expect(stylesText.contains("<fills count=\"3\">") && stylesText.contains("FFFFC7CE"))
        #expect(stylesText.contains("<borders count=\"2\">"))
    }

    @Test func earlierFindingLinesAreDroppedFromNotes() {
        #expect(AnnotatedPackage.withoutFindingLines("请核对\n[错误] RET-ID-CODE: 关区代码应为 4 位") == "请核对")
        #expect(AnnotatedPackage.withoutFindingLines("[warning] RET-URL: not a web address") == nil)
        #expect(AnnotatedPackage.withoutFindingLines("[注] 见附件") == "[注] 见附件")
    }

    @Test func relationshipTargetsResolveAndRelate() {
        #expect(AnnotatedPackage.resolve("../comments1.xml", from: "xl/worksheets/") == "xl/comments1.xml")
        #expect(AnnotatedPackage.resolve("/xl/styles.xml", from: "xl/") == "xl/styles.xml")
        #expect(AnnotatedPackage.relative("xl/drawings/vmlDrawing2.vml", from: "xl/worksheets/") == "../drawings/vmlDrawing2.vml")
        #expect(AnnotatedPackage.relative("xl/worksheets/sheet5.xml", from: "xl/") == "worksheets/sheet5.xml")
        #expect(AnnotatedPackage.relsName(of: "xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels")
    }
}
