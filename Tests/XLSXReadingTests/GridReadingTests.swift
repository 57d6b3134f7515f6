import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXReading

/// `grid` parses a sheet straight into a grid (and memoizes grids): it must hold exactly what the rows
/// streamed by `forEachRow` hold, for every workbook sharing a part.
@Suite struct GridReadingTests {
    static let styles = """
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><name val="宋体"/></font><font><name val="Wingdings 2"/></font></fonts>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="0" fontId="1"/></cellXfs>
        """

    static func sheet(_ marker: String) -> String {
        let long = "公开内容（要素）：机构职能、负责人信息、办公地址、联系方式"
        return """
            <dimension ref="A1:D4"/><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>\(long)</t></is></c><c r="B1" s="1"><v>45826</v></c><c r="C1" s="2" t="inlineStr"><is><t>R</t></is></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>\(long)</t></is></c><c r="B2"><f>B1+1</f><v>45827</v></c><c r="D2" t="inlineStr"><is><t> \(marker) </t></is></c></row>\
            <row r="4"><c r="A4" t="str"><f>A1&amp;"_x000D_"</f><v>\(long)_x000D_</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#N/A</v></c>\
            <c r="E9" t="inlineStr"><is><t>outside the declared dimension</t></is></c></row></sheetData>\
            <mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>\
            <dataValidations count="1"><dataValidation type="list" sqref="C1:C9 D1"><formula1>"☑,☐"</formula1></dataValidation></dataValidations>
            """
    }

    /// The grid built from the streamed rows, as `grid` built it before it parsed into the grid directly.
    static func streamedGrid(_ workbook: XLSXWorkbook, _ sheet: SheetInfo) throws -> [String] {
        let styles = try workbook.cellStyles()
        var cells: [String] = []
        try workbook.forEachRow(in: sheet, formulas: true) { row, rowCells in
            for cell in rowCells {
                let style = styles[cell.styleIndex]
                let gridCell = GridCell(value: cell.value, fontName: style.font.name, formula: cell.formula, numberFormat: style.numberFormat.shownCode)
                cells.append("\(CellReference(row: row, column: cell.column))=\(gridCell)")
            }
        }
        return cells.sorted()
    }

    @Test func theGridHoldsWhatTheRowsHold() throws {
        let marker = UUID().uuidString
        let path = try Fixture.workbook(sheetData: Self.sheet(marker), styles: Self.styles + "<!-- \(marker) -->")
        // Three opens: a parse, a recorded parse, a memo hit.
        for round in 0..<3 {
            let workbook = try XLSXWorkbook(path: path)
            let grid = try workbook.grid(named: "Sheet1")
            let cells = grid.sortedCells.map { "\($0.0)=\($0.1)" }.sorted()
            #expect(cells == (try Self.streamedGrid(workbook, workbook.sheets[0])), "round \(round)")
            #expect(grid.storedCellCount == 10 && grid.rowCount == 9 && grid.columnCount == 5)
            #expect(grid[0, 0]?.value == grid[1, 0]?.value)
            #expect(grid[3, 0]?.value == .string("公开内容（要素）：机构职能、负责人信息、办公地址、联系方式\r"))
            #expect(grid[1, 3]?.value == .string(marker), "inline text is trimmed as before")
            #expect(grid.mergedRange(containing: CellReference(row: 1, column: 0)) == CellRange("A1:A2"))
            #expect(grid.listValidations.first?.options == ["☑", "☐"])
        }
    }

    @Test func aSharedSheetPartKeepsEachWorkbooksSheetName() throws {
        let marker = UUID().uuidString
        let first = try Fixture.workbook(sheetData: Self.sheet(marker), styles: Self.styles, sheetName: "填报表")
        let second = try Fixture.workbook(sheetData: Self.sheet(marker), styles: Self.styles, sheetName: "Other")
        var seen: [String: [String]] = [:]
        for round in 0..<3 {
            for (path, name) in [(first, "填报表"), (second, "Other")] {
                let grid = try XLSXWorkbook(path: path).grid(named: name)
                #expect(grid.name == name, "round \(round)")
                let cells = grid.sortedCells.map { "\($0.0)=\($0.1)" }
                if let earlier = seen[name] { #expect(cells == earlier) } else { seen[name] = cells }
            }
        }
        #expect(seen["填报表"] == seen["Other"])
    }
}

/// Repeated cell texts share one String: the same text whatever the table holds.
@Suite struct TextInternerTests {
    func text(_ interner: TextInterner, _ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { interner.string($0) }
    }

    @Test func givesWhatDecodingGives() {
        let interner = TextInterner()
        let samples: [[UInt8]] = [
            [], Array("short".utf8), Array("公开内容（要素）：机构职能".utf8), Array(String(repeating: "x", count: 600).utf8),
            Array("sixteen bytes!!!".utf8), [0x41, 0xE5, 0x85, 0x6C, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0xFF],
        ]
        for _ in 0..<3 {
            for bytes in samples {
                #expect(text(interner, bytes) == String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    @Test func manyTextsOverflowTheTableAndStayRight() {
        let interner = TextInterner()
        // Far more distinct texts than the table keeps, each asked for twice, some of them again later.
        for round in 0..<2 {
            for i in 0..<20_000 {
                let expected = "第\(i)行：公开内容 \(i % 7)"
                let bytes = Array(expected.utf8)
                #expect(text(interner, bytes) == expected, "round \(round), text \(i)")
                #expect(text(interner, bytes) == expected)
            }
        }
    }

    @Test func thePoolHandsOutIdleInterners() {
        let pool = TextInternerPool()   // not the shared one: parses in other tests use that meanwhile
        let a = pool.take()
        let b = pool.take()
        #expect(a !== b)
        pool.give(a)
        #expect(pool.take() === a)
        let given = (0..<10).map { _ in TextInterner() }
        for interner in given { pool.give(interner) }
        let taken = (0..<10).map { _ in pool.take() }
        let reused = taken.filter { interner in given.contains { $0 === interner } }
        #expect(reused.count == 4, "a few idle interners are kept (\(reused.count)), the rest are new")
    }
}
