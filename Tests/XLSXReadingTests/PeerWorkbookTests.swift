import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// Workbooks written during the test run by openpyxl, XlsxWriter and LibreOffice read back correctly.
@Suite struct PeerWorkbookTests {
    static let openpyxlScript = #"""
    import sys, datetime
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation
    wb = Workbook()
    ws = wb.active
    ws.title = "填报"
    ws["A1"] = "序号"; ws["B1"] = "名称"; ws["C1"] = "日期"
    ws["A2"] = 1; ws["B2"] = "机构信息"; ws["C2"] = datetime.date(2025, 1, 31)
    ws["A3"] = 2.5; ws["B3"] = "0101"; ws["C3"] = datetime.datetime(2025, 3, 1, 13, 5, 30)
    ws["D2"] = True; ws["D3"] = False
    ws["E2"] = "=A2+A3"
    ws["F2"] = "#N/A"
    ws["G2"] = "123456789012345678"
    ws["H2"] = datetime.time(9, 30)
    ws["I2"] = "R"; ws["I2"].font = Font(name="Wingdings 2")
    ws["J2"] = "  spaced  "
    ws["K2"] = "line1\nline2"
    ws.merge_cells("A5:C6"); ws["A5"] = "merged"
    dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    ws.add_data_validation(dv); dv.add("D2:D10")
    ws["B2"].hyperlink = "https://example.org/x"
    ws["B3"].comment = Comment("请填写关区代码", "me")
    ws.column_dimensions["B"].width = 42
    ws.column_dimensions["F"].hidden = True
    ws.row_dimensions[4].hidden = True
    hidden = wb.create_sheet("隐藏"); hidden.sheet_state = "hidden"; hidden["A1"] = "h"
    wb.create_sheet("veryHidden").sheet_state = "veryHidden"
    wb.save(sys.argv[1])
    """#

    @Test func openpyxl() throws {
        let path = try Fixture.python(Self.openpyxlScript)
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["填报", "隐藏", "veryHidden"])
        #expect(workbook.sheets.map(\.visibility) == [.visible, .hidden, .veryHidden])
        let grid = try workbook.grid(workbook.sheets[0])
        func v(_ ref: String) -> CellValue { grid.value(CellReference(ref)!) }
        #expect(v("A1") == .string("序号"))
        #expect(v("A2").number == 1)
        #expect(v("A3").number == 2.5)
        #expect(v("B3") == .string("0101"))
        #expect(v("C2") == .day(2025, 1, 31))
        #expect(v("C3") == .date(DateTimeValue(year: 2025, month: 3, day: 1, hour: 13, minute: 5, second: 30, kind: .dateTime)))
        #expect(v("D2") == .bool(true))
        #expect(v("D3") == .bool(false))
        #expect(grid[CellReference("E2")!]?.formula == "A2+A3")
        #expect(v("F2") == .error("#N/A"))
        #expect(v("G2") == .string("123456789012345678"))
        if case .date(let t) = v("H2") { #expect(t.iso8601 == "09:30:00") } else { Issue.record("H2 is \(v("H2"))") }
        #expect(grid[CellReference("I2")!]?.fontName == "Wingdings 2")
        #expect(v("J2") == .string("  spaced  "))
        #expect(v("K2") == .string("line1\nline2"))
        #expect(grid.mergedRanges == [CellRange("A5:C6")!])
        #expect(grid.listValidations.first?.options == ["是", "否"])
        #expect(grid.listValidations.first?.ranges == [CellRange("D2:D10")!])
        #expect(grid.hyperlinks[CellReference("B2")!] == "https://example.org/x")
        #expect(grid.comments[CellReference("B3")!]?.contains("请填写关区代码") == true)
        #expect(grid.columnWidths[1] == 42)
        #expect(grid.hiddenColumns.contains(5))
        #expect(grid.hiddenRows.contains(3))
        #expect(try workbook.grid(workbook.sheets[1]).value(CellReference(row: 0, column: 0)) == .string("h"))
    }

    static let xlsxwriterScript = #"""
    import sys, datetime
    import xlsxwriter
    date1904 = len(sys.argv) > 2 and sys.argv[2] == "1904"
    wb = xlsxwriter.Workbook(sys.argv[1], {"date_1904": date1904, "strings_to_numbers": False})
    ws = wb.add_worksheet("数据")
    ws.write_string(0, 0, "文本")
    ws.write_number(0, 1, 1.25)
    ws.write_boolean(0, 2, True)
    ws.write_formula(0, 3, "=B1*2", None, 2.5)
    ws.write_formula(0, 4, '="a"&"b"', None, "ab")
    ws.write_datetime(1, 0, datetime.datetime(2017, 2, 27), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_datetime(1, 1, datetime.datetime(2017, 2, 27, 8, 30), wb.add_format({"num_format": "[$-409]yyyy/m/d h:mm;@"}))
    ws.write_number(1, 2, 1.75, wb.add_format({"num_format": "[h]:mm"}))
    ws.write_datetime(1, 3, datetime.datetime(2017, 2, 27), wb.add_format({"num_format": 31}))
    ws.write_datetime(1, 4, datetime.datetime(2017, 2, 27), wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'}))
    ws.write_number(1, 5, 42, wb.add_format({"num_format": '"第"0"条"'}))
    ws.write_rich_string(2, 0, "rich ", wb.add_format({"bold": True}), "text", " end")
    ws.write_string(2, 1, "☑", wb.add_format({"font_name": "Segoe UI Symbol"}))
    ws.write_string(2, 2, "_x0041_")
    ws.merge_range("A5:B5", "merged", None)
    ws.data_validation("C5:C9", {"validate": "list", "source": ["直属海关", "隶属海关"]})
    ws.data_validation("D5:D9", {"validate": "list", "source": "=$A$1:$A$3"})
    ws.write_url(5, 0, "https://example.org/?q=1&r=2", string="link")
    ws.write_url(5, 1, "internal:数据!A1", string="back")
    ws.write_comment(2, 0, "注释 note")
    ws.set_column(2, 2, 18.5)
    ws.set_column(6, 7, None, None, {"hidden": True})
    ws.set_row(7, None, None, {"hidden": True})
    ws.write_string(9, 0, "after hidden")
    wb.close()
    """#

    @Test(arguments: ["1900", "1904"])
    func xlsxwriter(system: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("xw")
        let path = dir.appendingPathComponent("xw-\(system).xlsx").path
        let made = try TestSupport.python(Self.xlsxwriterScript, [path, system])
        try #require(made.status == 0, "\(made.stderr)")
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.uses1904DateSystem == (system == "1904"))
        let grid = try workbook.grid(workbook.sheet(named: "数据"))
        func v(_ ref: String) -> CellValue { grid.value(CellReference(ref)!) }
        #expect(v("A1") == .string("文本"))
        #expect(v("B1") == .number(1.25, raw: "1.25"))
        #expect(v("C1") == .bool(true))
        #expect(v("D1").number == 2.5)
        #expect(grid[CellReference("D1")!]?.formula == "B1*2")
        #expect(v("E1") == .string("ab"))
        #expect(v("A2") == .day(2017, 2, 27))
        #expect(v("B2") == .date(DateTimeValue(year: 2017, month: 2, day: 27, hour: 8, minute: 30, kind: .dateTime)))
        // [h]:mm on 1.75 days: a duration of 42 hours, in either date system.
        if case .date(let d) = v("C2") { #expect(d.hour == 42 && d.minute == 0 && d.kind == .duration) } else { Issue.record("C2 is \(v("C2"))") }
        #expect(v("D2") == .day(2017, 2, 27))
        #expect(v("E2") == .day(2017, 2, 27))
        #expect(v("F2").number == 42)
        #expect(v("A3") == .string("rich text end"))
        #expect(grid[CellReference("B3")!]?.fontName == "Segoe UI Symbol")
        #expect(v("C3") == .string("_x0041_"))   // XlsxWriter escapes it as _x005F_x0041_
        #expect(grid.mergedRanges == [CellRange("A5:B5")!])
        #expect(grid.listValidations.map(\.options) == [["直属海关", "隶属海关"], []])
        #expect(grid.listValidations.last?.sourceFormula == "$A$1:$A$3")
        #expect(grid.hyperlinks[CellReference("A6")!] == "https://example.org/?q=1&r=2")
        #expect(grid.hyperlinks[CellReference("B6")!] == "#数据!A1")
        #expect(grid.comments[CellReference("A3")!] == "注释 note")
        // Widths are read as stored in <col width>: XlsxWriter stores 18.5 characters plus Excel's 5-pixel padding.
        #expect(grid.columnWidths[2] == 19.28515625)
        #expect(grid.hiddenColumns == [6, 7])
        #expect(grid.hiddenRows == [7])
        #expect(v("A10") == .string("after hidden"))
    }

    /// XlsxWriter's constant-memory mode writes inline strings row by row.
    @Test func xlsxwriterConstantMemory() throws {
        let path = try Fixture.python(#"""
        import sys, xlsxwriter
        wb = xlsxwriter.Workbook(sys.argv[1], {"constant_memory": True})
        ws = wb.add_worksheet()
        for r in range(300):
            ws.write_string(r, 0, "行%d" % r)
            ws.write_number(r, 1, r * 0.5)
        wb.close()
        """#)
        var count = 0
        let workbook = try XLSXWorkbook(path: path)
        try workbook.forEachRow(in: workbook.sheets[0]) { row, cells in
            #expect(cells.count == 2)
            #expect(cells[0].value == .string("行\(row)"))
            #expect(cells[1].value.number == Double(row) * 0.5)
            count += 1
        }
        #expect(count == 300)
    }

    /// The values of the XlsxWriter script's workbook that every re-saving tool must keep.
    static func expectCommonValues(_ grid: Grid, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        func v(_ ref: String) -> CellValue { grid.value(CellReference(ref)!) }
        #expect(v("A1") == .string("文本"), sourceLocation: sourceLocation)
        #expect(v("B1").number == 1.25, sourceLocation: sourceLocation)
        #expect(v("C1") == .bool(true), sourceLocation: sourceLocation)
        #expect(v("D1").number == 2.5, sourceLocation: sourceLocation)
        #expect(v("A2") == .day(2017, 2, 27), sourceLocation: sourceLocation)
        #expect(v("B2") == .date(DateTimeValue(year: 2017, month: 2, day: 27, hour: 8, minute: 30, kind: .dateTime)),
                sourceLocation: sourceLocation)
    }

    /// LibreOffice re-saves the XlsxWriter workbook; its .xlsx has different parts and styles, same values.
    @Test func libreOffice() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lo")
        let source = dir.appendingPathComponent("source.xlsx").path
        let made = try TestSupport.python(Self.xlsxwriterScript, [source, "1900"])
        try #require(made.status == 0)
        // Convert to .ods then back to .xlsx so the final file is written by LibreOffice's own xlsx filter.
        let ods = try TestSupport.sofficeConvert(URL(fileURLWithPath: source), to: "ods", outDir: dir)
        let outDir = dir.appendingPathComponent("lo-out")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let converted = try TestSupport.sofficeConvert(ods, to: "xlsx", outDir: outDir)
        let workbook = try XLSXWorkbook(path: converted.path)
        let grid = try workbook.grid(workbook.sheet(named: "数据"))
        func v(_ ref: String) -> CellValue { grid.value(CellReference(ref)!) }
        Self.expectCommonValues(grid)
        #expect(grid[CellReference("D1")!]?.formula?.contains("B1") == true)
        #expect(v("E2") == .day(2017, 2, 27))
        #expect(v("A3") == .string("rich text end"))
        #expect(grid.mergedRanges.contains(CellRange("A5:B5")!))
        #expect(grid.listValidations.contains { $0.options == ["直属海关", "隶属海关"] })
        #expect(grid.hyperlinks[CellReference("A6")!] == "https://example.org/?q=1&r=2")
        #expect(grid.comments[CellReference("A3")!]?.contains("注释 note") == true)
        #expect(grid.hiddenRows.contains(7))
        #expect(grid.hiddenColumns.isSuperset(of: [6, 7]))
        #expect(v("A10") == .string("after hidden"))
    }

    /// Gnumeric's ssconvert writes its own .xlsx flavour (no shared-string part, its own styles).
    @Test func gnumeric() throws {
        let dir = try TestSupport.makeTemporaryDirectory("gnumeric")
        let source = dir.appendingPathComponent("source.xlsx").path
        let made = try TestSupport.python(Self.xlsxwriterScript, [source, "1900"])
        try #require(made.status == 0)
        let target = dir.appendingPathComponent("gnumeric.xlsx").path
        let converted = try TestSupport.run("ssconvert", [source, target])
        try #require(converted.status == 0, "\(converted.stderr)")
        let workbook = try XLSXWorkbook(path: target)
        let grid = try workbook.grid(workbook.sheet(named: "数据"))
        func v(_ ref: String) -> CellValue { grid.value(CellReference(ref)!) }
        Self.expectCommonValues(grid)
        // Gnumeric writes the runs as <t>rich </t> without xml:space="preserve": edge whitespace of a run
        // without it is dropped (as the corpus's reference reader does, and Excel, which is why writers add it).
        #expect(v("A3") == .string("richtextend"))
        #expect(grid.mergedRanges.contains(CellRange("A5:B5")!))
        #expect(v("A10") == .string("after hidden"))
    }

    /// python-calamine (an independent reader) and we agree on every cell of a peer-written workbook.
    @Test func agreesWithCalamine() throws {
        let path = try Fixture.python(Self.openpyxlScript)
        let result = try TestSupport.python(#"""
        import sys, json
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_path(sys.argv[1])
        out = {}
        for r, row in enumerate(wb.get_sheet_by_name("填报").to_python(skip_empty_area=False)):
            for c, value in enumerate(row):
                if value != "" and not isinstance(value, (bool,)) and isinstance(value, (int, float, str)):
                    out["%d,%d" % (r, c)] = value
        print(json.dumps(out))
        """#, [path])
        try #require(result.status == 0, "\(result.stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let workbook = try XLSXWorkbook(path: path)
        let grid = try workbook.grid(workbook.sheets[0])
        #expect(theirs.count >= 8)
        for (key, value) in theirs {
            let parts = key.split(separator: ",").compactMap { Int($0) }
            let ours = grid.value(CellReference(row: parts[0], column: parts[1]))
            if let s = value as? String {
                #expect(ours.string == s || ours == .error(s), "\(key)")
            } else if let n = value as? NSNumber {
                #expect(ours.number == Double(n.stringValue), "\(key)")
            }
        }
    }
}
