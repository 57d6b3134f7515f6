import Foundation
import ODSReading
import SheetCore
import Testing
import TestSupport

/// What LibreOffice writes, we read: a workbook made by openpyxl, saved by LibreOffice as .ods.
@Suite struct ODSPeerTests {
    @Test func libreOfficeFontsMergesAndHiddenSheets() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-peer")
        let xlsx = dir.appendingPathComponent("marks.xlsx")
        let made = try TestSupport.python("""
            import sys, openpyxl
            from openpyxl.styles import Font
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "目录"
            ws["A1"] = "R"; ws["A1"].font = Font(name="Wingdings 2")
            ws["B1"] = "a"; ws["B1"].font = Font(name="Marlett")
            ws["C1"] = "plain"
            ws.column_dimensions["C"].width = 30
            ws.merge_cells("A3:C4"); ws["A3"] = "公开渠道"
            hidden = wb.create_sheet("模板信息"); hidden["A1"] = 1; hidden.sheet_state = "hidden"
            wb.create_sheet("最后")
            wb.save(sys.argv[1])
            """, [xlsx.path])
        #expect(made.status == 0, "\(made.stderr)")
        let ods = try TestSupport.sofficeConvert(xlsx, to: "ods", outDir: dir)
        let workbook = try ODSWorkbook(path: ods.path)
        #expect(try workbook.tables().map(\.name) == ["目录", "模板信息", "最后"])
        #expect(try workbook.tables().map(\.isHidden) == [false, true, false])
        let grid = try workbook.grid(named: "目录")
        #expect(grid[CellReference(row: 0, column: 0)]?.fontName == "Wingdings 2")
        #expect(grid[CellReference(row: 0, column: 1)]?.fontName == "Marlett")
        #expect(grid[CellReference(row: 0, column: 2)]?.fontName?.hasPrefix("Wingdings") != true)
        #expect(grid.value(CellReference(row: 0, column: 0)) == .string("R"))
        #expect(grid.mergedRanges == [try #require(CellRange("A3:C4"))])
        #expect(grid.value(CellReference(row: 2, column: 0)) == .string("公开渠道"))
        // Widths come back in Excel's character units (LibreOffice stores lengths: a little rounding).
        #expect(abs((grid.columnWidths[2] ?? 0) - 30) < 1, "\(grid.columnWidths)")
    }
}
