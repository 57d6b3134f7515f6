import Foundation
import ODSReading
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// What the cells of content.xml become: value types, text markup, repeats, spans, styles.
@Suite struct ODSValueTests {
    private func grid(_ rows: String, automaticStyles: String = "", fontFaces: String = "") throws -> Grid {
        let path = try ODSFixture.table(rows, automaticStyles: automaticStyles, fontFaces: fontFaces)
        return try #require(try ODSWorkbook(path: path).grids().first)
    }

    private func cell(_ xml: String) -> String { "<table:table-row>\(xml)</table:table-row>" }

    @Test(arguments: [
        ("<table:table-cell office:value-type=\"float\" office:value=\"1.25\"><text:p>1.25</text:p></table:table-cell>", CellValue.number(1.25, raw: "1.25")),
        ("<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell>", .number(0.25, raw: "0.25")),
        ("<table:table-cell office:value-type=\"currency\" office:currency=\"CNY\" office:value=\"12.5\"><text:p>¥12.50</text:p></table:table-cell>", .number(12.5, raw: "12.5")),
        ("<table:table-cell office:value-type=\"date\" office:date-value=\"2025-03-01\"><text:p>2025-03-01</text:p></table:table-cell>", .date(DateTimeValue(year: 2025, month: 3, day: 1))),
        ("<table:table-cell office:value-type=\"date\" office:date-value=\"2017-02-27T13:05:00\"/>", .date(DateTimeValue(year: 2017, month: 2, day: 27, hour: 13, minute: 5, kind: .dateTime))),
        ("<table:table-cell office:value-type=\"time\" office:time-value=\"PT12H30M00S\"/>", .date(DateTimeValue(year: 1899, month: 12, day: 31, hour: 12, minute: 30, kind: .time))),
        ("<table:table-cell office:value-type=\"time\" office:time-value=\"PT36H00M00S\"/>", .date(DateTimeValue(year: 1900, month: 1, day: 1, hour: 12, kind: .dateTime))),
        ("<table:table-cell office:value-type=\"time\" office:time-value=\"-PT6H\"/>", .number(-0.25)),
        ("<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>", .bool(true)),
        ("<table:table-cell table:formula=\"of:=FALSE()\" office:value-type=\"float\" office:value=\"0\"><text:p>FALSE</text:p></table:table-cell>", .bool(false)),
        ("<table:table-cell office:value-type=\"string\"><text:p>关区</text:p></table:table-cell>", .string("关区")),
        ("<table:table-cell office:value-type=\"string\" office:string-value=\"stored\"><text:p>shown</text:p></table:table-cell>", .string("stored")),
        ("<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"string\" office:string-value=\"\" calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell>", .error("#DIV/0!")),
        ("<table:table-cell><text:p>no type</text:p></table:table-cell>", .string("no type")),
    ])
    func valueTypes(xml: String, expected: CellValue) throws {
        let g = try grid(cell(xml))
        #expect(g.value(CellReference(row: 0, column: 0)) == expected)
    }

    @Test func textMarkup() throws {
        let g = try grid(cell("""
        <table:table-cell office:value-type="string"><text:p>first <text:span text:style-name="T1">bold</text:span>\
        <text:s text:c="3"/>x<text:tab/>y</text:p><text:p><text:a xlink:href="https://customs.gov.cn/">link</text:a>\
        <text:line-break/>end </text:p><text:p><text:s/>lead</text:p></table:table-cell>
        """))
        let a1 = CellReference(row: 0, column: 0)
        #expect(g.value(a1) == .string("first bold   x\ty\nlink\nend \n lead"))
        #expect(g.hyperlinks[a1] == "https://customs.gov.cn/")
    }

    @Test func whiteSpaceCollapsesAsODFSays() throws {
        let g = try grid(cell("<table:table-cell office:value-type=\"string\"><text:p>\n   a  \t b</text:p></table:table-cell>"))
        #expect(g.value(CellReference(row: 0, column: 0)) == .string("a b"))
    }

    @Test func annotationIsACommentNotText() throws {
        let g = try grid(cell("""
        <table:table-cell office:value-type="string"><office:annotation><dc:creator>王</dc:creator><dc:date>2025-01-01</dc:date>\
        <text:p>请核对</text:p><text:p>第二行</text:p></office:annotation><text:p>已公开</text:p></table:table-cell>
        """))
        let a1 = CellReference(row: 0, column: 0)
        #expect(g.value(a1) == .string("已公开"))
        #expect(g.comments[a1] == "请核对\n第二行")
    }

    @Test func drawingsInCellsAreNotText() throws {
        let g = try grid(cell("""
        <table:table-cell office:value-type="string"><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">\
        <draw:text-box><text:p>shape</text:p></draw:text-box></draw:frame><text:p>cell</text:p></table:table-cell>
        """))
        #expect(g.value(CellReference(row: 0, column: 0)) == .string("cell"))
    }

    @Test func repeatsAndTrailingEmptyRows() throws {
        let g = try grid("""
        <table:table-column table:number-columns-repeated="1024"/>\
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/>\
        <table:table-cell office:value-type="float" office:value="7" table:number-columns-repeated="3"/>\
        <table:table-cell table:number-columns-repeated="16379"/></table:table-row>\
        <table:table-row><table:table-cell office:value-type="string"><text:p>end</text:p></table:table-cell></table:table-row>\
        <table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        """)
        #expect(g.storedCellCount == 7)
        for r in 0..<2 { for c in 2..<5 { #expect(g.value(CellReference(row: r, column: c)) == .number(7, raw: "7")) } }
        #expect(g.value(CellReference(row: 2, column: 0)) == .string("end"))
        #expect(g.rowCount == 3)
        #expect(g.columnCount == 5)
    }

    @Test func spansBecomeMergedRangesAndCoveredCellsAreRead() throws {
        let g = try grid("""
        <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="string">\
        <text:p>公开渠道</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>\
        <table:table-row><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="2"/></table:table-row>\
        <table:table-row><table:covered-table-cell/><table:covered-table-cell office:value-type="string"><text:p>hidden</text:p></table:covered-table-cell></table:table-row>
        """)
        #expect(g.mergedRanges == [try #require(CellRange("A1:B3"))])
        #expect(g.value(CellReference(row: 0, column: 2)) == .number(1, raw: "1"))
        #expect(g.value(CellReference(row: 1, column: 2)) == .number(2, raw: "2"))
        #expect(g.value(CellReference(row: 2, column: 1)) == .string("hidden"))
        #expect(g.displayedValue(CellReference(row: 2, column: 1)) == .string("公开渠道"))
    }

    @Test func hiddenRowsAndColumnsWithinTheUsedRange() throws {
        let g = try grid("""
        <table:table-column/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="16382" table:visibility="collapse"/>\
        <table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="3"/></table:table-row>\
        <table:table-row table:visibility="collapse"><table:table-cell office:value-type="float" office:value="2"/></table:table-row>\
        <table:table-row table:visibility="collapse" table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>
        """)
        #expect(g.hiddenRows == [1])
        #expect(g.hiddenColumns == [1, 2])
    }

    @Test func sheetOrderHiddenTablesAndFonts() throws {
        let styles = """
        <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>\
        <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>\
        <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Marks"/>\
        <style:style style:name="ce2" style:family="table-cell"><style:text-properties style:font-name="Marlett"/></style:style>
        """
        let common = """
        <style:style style:name="Marks" style:family="table-cell"><style:text-properties style:font-name="Wingdings 21"/></style:style>
        """
        let fonts = """
        <style:font-face style:name="Wingdings 21" svg:font-family="&apos;Wingdings 2&apos;"/><style:font-face style:name="Marlett" svg:font-family="Marlett"/>
        """
        let tables = """
        <table:table table:name="填报" table:style-name="ta1"><table:table-column table:default-cell-style-name="ce2"/><table:table-column/>\
        <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>\
        <table:table-cell table:style-name="ce1" office:value-type="string"><text:p>R</text:p></table:table-cell></table:table-row></table:table>\
        <table:table table:name="模板信息" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>m</text:p></table:table-cell></table:table-row></table:table>\
        <table:table table:name="Third"/>
        """
        let path = try ODSFixture.write(content: ODSFixture.content(tables: tables, automaticStyles: styles, fontFaces: fonts), styles: common)
        let workbook = try ODSWorkbook(path: path)
        let sheets = try workbook.tables()
        #expect(sheets.map(\.name) == ["填报", "模板信息", "Third"])
        #expect(sheets.map(\.isHidden) == [false, true, false])
        let grids = try workbook.grids()
        #expect(grids.map(\.name) == ["填报", "模板信息", "Third"])
        #expect(grids[0][CellReference(row: 0, column: 1)]?.fontName == "Wingdings 2")
        #expect(grids[0][CellReference(row: 0, column: 0)]?.fontName == "Marlett")
        #expect(try workbook.grid(named: "模板信息").value(CellReference(row: 0, column: 0)) == .string("m"))
        #expect(try workbook.grid(named: "third").name == "Third")
        #expect(throws: XLSXError.self) { try workbook.grid(named: "nope") }
    }

    /// ODSWorkbook is a SheetWorkbook: the protocol's listing, lookup, rows, used range and grid agree with
    /// the ODS-native reads.
    @Test func readsThroughTheSheetWorkbookProtocol() throws {
        let tables = """
        <table:table table:name="甲"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>\
        <table:table-row><table:table-cell/><table:table-cell office:value-type="float" office:value="3"/>\
        <table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>\
        <table:table table:name="Second" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>m</text:p></table:table-cell></table:table-row></table:table>
        """
        let styles = "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>"
        let path = try ODSFixture.write(content: ODSFixture.content(tables: tables, automaticStyles: styles))
        let workbook: any SheetWorkbook = try ODSWorkbook(path: path)
        #expect(workbook.path == path)
        #expect(workbook.sheets.map(\.name) == ["甲", "Second"])
        #expect(workbook.sheets.map(\.visibility) == [.visible, .hidden])
        #expect(workbook.sheets.map(\.index) == [0, 1])
        let second = try workbook.sheet(named: "second")
        #expect(second.name == "Second")
        let missing = try #require(throws: XLSXError.self) { try workbook.sheet(named: "nope") }
        #expect(missing.kind == .noSuchSheet)
        var rows: [(Int, [ReadCell])] = []
        try workbook.forEachRow(in: workbook.sheets[0]) { row, cells in rows.append((row, cells)) }
        #expect(rows.map(\.0) == [2])
        #expect(rows.first?.1 == [ReadCell(column: 1, value: .number(3, raw: "3")), ReadCell(column: 2, value: .string("x"))])
        #expect(try workbook.usedRange(workbook.sheets[0])?.description == "B3:C3")
        #expect(try workbook.grid(second).value(CellReference(row: 0, column: 0)) == .string("m"))
        let styleCount = try workbook.cellStyles().count
        #expect(styleCount == 1)
    }

    @Test func booleanNumberFormatAndFormulas() throws {
        let styles = """
        <number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>\
        <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N99"/>
        """
        let g = try grid(cell("""
        <table:table-cell table:style-name="ce1" office:value-type="float" office:value="1"/>\
        <table:table-cell table:formula="of:=SUM([.A1:.A1])" office:value-type="float" office:value="1"/>
        """), automaticStyles: styles)
        #expect(g.value(CellReference(row: 0, column: 0)) == .bool(true))
        #expect(g.value(CellReference(row: 0, column: 1)) == .number(1, raw: "1"))
        #expect(g[CellReference(row: 0, column: 1)]?.formula == "SUM([.A1:.A1])")
    }

    @Test func streamingStopsAfterTheSheetAndSkipsEmptyRows() throws {
        let tables = """
        <table:table table:name="A"><table:table-row table:number-rows-repeated="5"><table:table-cell/></table:table-row>\
        <table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row></table:table>\
        <table:table table:name="B"><table:table-row><table:table-cell office:value-type="float" office:value="oops"/></table:table-row></table:table>
        """
        let workbook = try ODSWorkbook(path: try ODSFixture.write(content: ODSFixture.content(tables: tables)))
        var rows: [Int] = []
        try workbook.forEachRow(in: "A") { row, cells in rows.append(row); #expect(cells.map(\.column) == [0]) }
        #expect(rows == [5])   // sheet B's bad value is never reached
        let error = try #require(throws: XLSXError.self) { try workbook.forEachRow(in: "B") { _, _ in } }
        #expect(error.kind == .invalidContent)
        #expect(error.description.hasSuffix("!B!A1: office:value=\"oops\" is not a valid value for its office:value-type"))
    }
}
