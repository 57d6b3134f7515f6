import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXWriting

/// Formula conditional formats: `<conditionalFormatting>` in the sheet, their highlights in `<dxfs>`.
@Suite struct ConditionalFormatTests {
    @Test(arguments: [false, true])
    func openpyxlAndLibreOfficeReadTheRules(streaming: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-cf")
        let path = dir.appendingPathComponent("cf.xlsx").path
        let book = XLSXWriter()
        let rows: [[CellValue]] = [[.string("事项"), .string("合规")], [.string("甲"), .string("是")], [.string("乙"), .string("否")]]
        let sheet: Sheet
        if streaming {
            let s = try book.addStreamingSheet(named: "明细")
            for row in rows { try s.appendRow(row) }
            sheet = s
        } else {
            let s = try book.addSheet(named: "明细")
            for (r, row) in rows.enumerated() { for (c, v) in row.enumerated() { try s.set(CellReference(row: r, column: c), v) } }
            sheet = s
        }
        try sheet.addConditionalFormat(ConditionalFormat(ranges: [range("A2:B3")], formula: "=$B2=\"否\"", style: .bad))
        try sheet.addConditionalFormat(ConditionalFormat(ranges: [range("A2:B3")], formula: "$B2=\"是\"", style: HighlightStyle(bold: true)))
        // The same highlight again shares its dxf.
        try sheet.addConditionalFormat(ConditionalFormat(ranges: [range("D1"), range("F1:F2")], formula: "LEN($A1)>5", style: .bad, stopIfTrue: true))
        try book.write(to: path)
        let result = try TestSupport.python("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            for cf in wb["明细"].conditional_formatting:
                for r in cf.rules:
                    fill = r.dxf.fill.bgColor.rgb if r.dxf.fill else None
                    font = (r.dxf.font.b, r.dxf.font.color.rgb if r.dxf.font.color else None) if r.dxf.font else None
                    print(str(cf.sqref), r.type, r.priority, r.formula[0], fill, font, r.stopIfTrue)
            """, [path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = Set(result.stdout.split(separator: "\n").map(String.init))
        #expect(lines == ["A2:B3 expression 1 $B2=\"否\" FFFFC7CE (False, 'FF9C0006') None",
                          "A2:B3 expression 2 $B2=\"是\" None (True, None) None",
                          "D1 F1:F2 expression 3 LEN($A1)>5 FFFFC7CE (False, 'FF9C0006') True"], "\(result.stdout)")
        let styles = try XLSXComparison.unpack(path).0["xl/styles.xml"] ?? ""
        #expect(styles.contains("<dxfs count=\"2\">"))
        // LibreOffice keeps the rules through its own round trip.
        let out = dir.appendingPathComponent("lo")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let resaved = try TestSupport.sofficeConvert(URL(fileURLWithPath: path), to: "xlsx", outDir: out)
        let again = try TestSupport.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["明细"]
            print(sorted(r.formula[0] for cf in ws.conditional_formatting for r in cf.rules))
            """, [resaved.path])
        #expect(again.stdout.contains("'$B2=\"否\"'") && again.stdout.contains("'$B2=\"是\"'"), "\(again.stdout) \(again.stderr)")
    }

    @Test func badRules() throws {
        let sheet = try XLSXWriter().addSheet(named: "s")
        #expect { try sheet.addConditionalFormat(ConditionalFormat(ranges: [], formula: "TRUE", style: .bad)) } throws: {
            ($0 as? XLSXWriteError)?.kind == .invalidArgument
        }
        #expect { try sheet.addConditionalFormat(ConditionalFormat(ranges: [range("A1")], formula: "=", style: .bad)) } throws: {
            ($0 as? XLSXWriteError)?.kind == .invalidArgument
        }
    }
}
