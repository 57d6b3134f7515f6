import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXReading

/// Cell values: strings, numbers, booleans, errors, formulas, dates.
@Suite struct ValueTests {
    @Test func sharedStrings() throws {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1">\
            <c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c>\
            </row></sheetData>
            """, sharedStrings: [
                "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">rich </t></r><r><t>runs</t></r><r><t> trimmed run </t></r></si>",
                "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si>",
                "<si/>",
                "<si><t xml:space=\"preserve\">  kept  </t></si>",
                "<si><t>line_x000D__x000A_break _x005F_x0041_ and _x0041_</t></si>",
                "<si><t>  trimmed  </t></si>",
                "<si><t>0101</t></si>",
            ])
        let values = try Fixture.values(path)
        #expect(values["A1"] == .string("rich runstrimmed run"))   // without xml:space="preserve" a run is trimmed
        #expect(values["B1"] == .string("漢字"))
        #expect(values["C1"] == nil)   // the empty <si/> is skipped as a value but keeps its index:
        #expect(values["D1"] == .string("  kept  "))
        #expect(values["E1"] == .string("line\r\nbreak _x0041_ and A"))
        #expect(values["F1"] == .string("trimmed"))
        #expect(values["G1"] == .string("0101"))
    }

    @Test func sharedStringIndexOutOfRangeIsLocated() throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"14\"><c r=\"C14\" t=\"s\"><v>5</v></c></row></sheetData>",
                                        sharedStrings: ["<si><t>a</t></si>"], sheetName: "填报")
        let workbook = try XLSXWorkbook(path: path)
        let error = try #require(throws: XLSXError.self) { try workbook.grid(workbook.sheets[0]) }
        #expect(error.kind == .invalidContent)
        #expect(error.description.hasPrefix(path + "!填报!C14: "))
    }

    @Test func numbersBooleansErrorsInlineStringsFormulas() throws {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1">\
            <c r="A1"><v>1.5</v></c><c r="B1" t="n"><v>123456789012345678</v></c><c r="C1" t="b"><v>1</v></c>\
            <c r="D1" t="b"><v>0</v></c><c r="E1" t="e"><v>#DIV/0!</v></c>\
            <c r="F1" t="inlineStr"><is><t>inline</t><r><t xml:space="preserve"> rich</t></r></is></c>\
            <c r="G1"><f>SUM(A1,1)</f><v>2.5</v></c><c r="H1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="I1"><f>NOW()</f></c><c r="J1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="K1" s="0"/>\
            <c r="L1"><v>-1.25E-3</v></c><c r="M1" t="d"><v>2024-02-29T10:30:00</v></c>\
            </row></sheetData>
            """)
        let workbook = try XLSXWorkbook(path: path)
        let grid = try workbook.grid(workbook.sheets[0])
        func cell(_ ref: String) -> GridCell? { grid[CellReference(ref)!] }
        #expect(cell("A1")?.value == .number(1.5, raw: "1.5"))
        #expect(cell("B1")?.value == .number(123456789012345678, raw: "123456789012345678"))
        #expect(cell("B1")?.value.text == "123456789012345678")
        #expect(cell("C1")?.value == .bool(true))
        #expect(cell("D1")?.value == .bool(false))
        #expect(cell("E1")?.value == .error("#DIV/0!"))
        #expect(cell("F1")?.value == .string("inline rich"))
        #expect(cell("G1")?.value.number == 2.5)
        #expect(cell("G1")?.formula == "SUM(A1,1)")
        #expect(cell("H1")?.value == .string("ab"))
        #expect(cell("H1")?.formula == "\"a\"&\"b\"")
        #expect(cell("I1")?.value == .empty)
        #expect(cell("I1")?.formula == "NOW()")
        #expect(cell("J1")?.value == .error("#DIV/0!"))
        #expect(cell("K1") == nil)
        #expect(cell("L1")?.value.number == -0.00125)
        #expect(cell("M1")?.value == .date(DateTimeValue(year: 2024, month: 2, day: 29, hour: 10, minute: 30, kind: .dateTime)))
    }

    static let styles = """
        <numFmts count="9">\
        <numFmt numFmtId="164" formatCode="[$-409]yyyy/m/d;@"/>\
        <numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="166" formatCode="[h]:mm:ss"/>\
        <numFmt numFmtId="167" formatCode="&quot;day&quot; 0.00"/>\
        <numFmt numFmtId="168" formatCode="yyyy-mm-dd hh:mm"/>\
        <numFmt numFmtId="169" formatCode="[Red]#,##0.00;[Blue]-#,##0.00"/>\
        <numFmt numFmtId="170" formatCode="mm:ss.0"/>\
        <numFmt numFmtId="171" formatCode="@"/>\
        <numFmt numFmtId="172" formatCode="\\d\\a\\y 0"/>\
        </numFmts>\
        <fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><name val="Wingdings 2"/></font><font><b/><name val="宋体"/></font></fonts>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="2"/></cellStyleXfs>\
        <cellXfs count="16">\
        <xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>\
        <xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="169"/><xf numFmtId="170"/>\
        <xf numFmtId="31"/><xf numFmtId="32"/><xf numFmtId="57"/><xf numFmtId="22"/><xf numFmtId="0" fontId="1"/>\
        <xf numFmtId="171"/><xf numFmtId="172"/>\
        </cellXfs>\
        <dxfs count="1"><dxf><font><name val="NotThisOne"/></font></dxf></dxfs>
        """

    @Test func datesThroughNumberFormats() throws {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1">\
            <c r="A1" s="1"><v>42795</v></c><c r="B1" s="2"><v>42795</v></c><c r="C1" s="3"><v>42795</v></c>\
            <c r="D1" s="4"><v>1.5</v></c><c r="E1" s="5"><v>42795</v></c><c r="F1" s="6"><v>42795.5</v></c>\
            <c r="G1" s="7"><v>42795</v></c><c r="H1" s="8"><v>0.000694444444444444</v></c><c r="I1" s="9"><v>42795</v></c>\
            <c r="J1" s="10"><v>0.75</v></c><c r="K1" s="11"><v>42795</v></c><c r="L1" s="12"><v>60</v></c>\
            <c r="M1" s="4"><v>0.25</v></c><c r="N1" s="1"><v>-1</v></c><c r="O1" s="14"><v>42795</v></c><c r="P1" s="15"><v>42795</v></c>\
            </row></sheetData>
            """, styles: Self.styles)
        let v = try Fixture.values(path)
        #expect(v["A1"] == .day(2017, 3, 1))
        #expect(v["B1"] == .day(2017, 3, 1))
        #expect(v["C1"] == .day(2017, 3, 1))
        // [h]:mm:ss is a duration, not a date: 1.5 days is 36 hours (issue 14; it read 1900-01-01T12:00:00).
        #expect(v["D1"] == .date(.duration(milliseconds: 36 * 3_600_000)))
        #expect(v["D1"]?.text == "36:00:00")
        #expect(v["E1"]?.number == 42795)   // "day" 0.00: a quoted literal is not a date
        #expect(v["F1"] == .date(DateTimeValue(year: 2017, month: 3, day: 1, hour: 12, kind: .dateTime)))
        #expect(v["G1"]?.number == 42795)   // colours are not dates
        #expect(v["H1"] == .date(DateTimeValue(year: 1899, month: 12, day: 31, minute: 1, kind: .time)))
        #expect(v["I1"] == .day(2017, 3, 1))   // zh-CN built-in 31
        #expect(v["J1"] == .date(DateTimeValue(year: 1899, month: 12, day: 31, hour: 18, kind: .time)))   // zh-CN 32
        #expect(v["K1"] == .day(2017, 3, 1))   // zh-CN 57
        #expect(v["L1"] == .date(DateTimeValue(year: 1900, month: 2, day: 29, kind: .dateTime)))
        #expect(v["M1"] == .date(.duration(milliseconds: 6 * 3_600_000)))
        #expect(v["N1"]?.number == -1)   // Excel cannot show negative dates: stays a number
        #expect(v["O1"]?.number == 42795)   // text format
        #expect(v["P1"]?.number == 42795)   // escaped letters are literals
        #expect(v["J1"].map { SheetDump.typeCode($0) } == "d")
        if case .date(let t) = v["J1"] { #expect(t.iso8601 == "18:00:00") }
    }

    @Test func date1904System() throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>41333</v></c></row></sheetData>",
                                        styles: Self.styles, workbookPr: "<workbookPr date1904=\"1\"/>")
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.uses1904DateSystem)
        let v = try Fixture.values(path)
        #expect(v["A1"] == .day(1904, 1, 1))
        #expect(v["B1"] == .day(2017, 3, 1))
    }

    @Test func fontNamesAndNumberFormatsPerCell() throws {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1"><c r="A1" s="13" t="inlineStr"><is><t>R</t></is></c><c r="B1" s="1"><v>1</v></c>\
            <c r="C1"><v>2</v></c></row></sheetData>
            """, styles: Self.styles)
        let workbook = try XLSXWorkbook(path: path)
        let grid = try workbook.grid(workbook.sheets[0])
        #expect(grid[0, 0]?.fontName == "Wingdings 2")
        #expect(grid[0, 1]?.fontName == "Calibri")
        #expect(grid[0, 1]?.numberFormat != nil)
        #expect(grid[0, 2]?.numberFormat == nil)
        #expect(try workbook.cellStyles().count == 16)
    }

    @Test(arguments: [
        (59.0, "1900-02-28"), (60.0, "1900-02-29"), (61.0, "1900-03-01"), (1.0, "1900-01-01"),
        (36526.0, "2000-01-01"), (2958465.0, "9999-12-31"), (43524.9999, "2019-02-28"), (43524.999999999, "2019-03-01"),
    ])
    func serials1900(serial: Double, iso: String) throws {
        #expect(ExcelDate.dateTime(serial: serial, date1904: false, kind: .date)?.iso8601.prefix(10) == iso.prefix(10))
    }

    @Test func serialRoundTrip() throws {
        for serial in [1.0, 59, 60, 61, 36526.5, 45000.25] {
            let value = try #require(ExcelDate.dateTime(serial: serial, date1904: false, kind: .dateTime))
            #expect(ExcelDate.serial(value, date1904: false) == serial)
        }
        #expect(ExcelDate.dateTime(serial: 2958466, date1904: false, kind: .date) == nil)
    }

    /// Serial 0 is no date in the 1900 system (Excel shows the day 1900-01-00): under a date format it stays the
    /// number 0, a fraction of a day is its time of day, a time format gives 00:00:00; in the 1904 system 0 is
    /// 1904-01-01. (It read 1899-12-31 before issue 14.)
    @Test func serialZeroIsNoDate() {
        #expect(ExcelDate.dateTime(serial: 0, date1904: false, kind: .date) == nil)
        #expect(ExcelDate.dateTime(serial: 0.5, date1904: false, kind: .date)?.iso8601 == "12:00:00")
        #expect(ExcelDate.dateTime(serial: 0.5, date1904: false, kind: .dateTime)?.kind == .time)
        #expect(ExcelDate.dateTime(serial: 0, date1904: false, kind: .time)?.iso8601 == "00:00:00")
        #expect(ExcelDate.dateTime(serial: 0, date1904: true, kind: .date)?.iso8601 == "1904-01-01")
        #expect(ExcelDate.dateTime(serial: 1, date1904: false, kind: .date)?.iso8601 == "1900-01-01")
        // Durations: the elapsed time, and back to the same serial.
        let d = ExcelDate.dateTime(serial: 58, date1904: false, kind: .duration)
        #expect(d?.iso8601 == "1392:00:00")
        #expect(d.map { ExcelDate.serial($0, date1904: false) } == 58)
        #expect(ExcelDate.dateTime(serial: 1.0 / 48, date1904: true, kind: .duration)?.iso8601 == "0:30:00")
    }

    @Test(arguments: [
        ("yyyy-mm-dd", DateTimeValue.Kind.date), ("m/d/yy h:mm", .dateTime), ("h:mm AM/PM", .time), ("[h]:mm", .duration),
        ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("[ss].00", .duration), ("yyyy-mm-dd [h]:mm", .dateTime),
        ("mm:ss", .time), ("[$-409]mmmm d, yyyy", .date), ("[$-F800]dddd, mmmm dd, yyyy", .date),
        (#"yyyy"年"m"月""#, .date), ("[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", .date), ("mmm-yy", .date),
    ])
    func dateFormats(code: String, kind: DateTimeValue.Kind) {
        #expect(NumberFormat.dateKind(code) == kind)
    }

    @Test(arguments: ["General", "0.00", "#,##0", "0%", "@", "\"Days\" 0", "[Red]0.00", "0.00E+00", "# ?/?", "[$€-407] #,##0.00", "\\h0"])
    func notDateFormats(code: String) {
        #expect(NumberFormat.dateKind(code) == nil)
    }

    @Test func localeBuiltinsAreDates() {
        for id in [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58] {
            #expect(NumberFormat.builtinCode(id).flatMap(NumberFormat.dateKind) != nil, "id \(id)")
            #expect(NumberFormat.builtinCode(id).flatMap(NumberFormat.dateKind) != .time, "id \(id)")
        }
        for id in [18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56] {
            #expect(NumberFormat.builtinCode(id).flatMap(NumberFormat.dateKind) == .time, "id \(id)")
        }
        // 46 is [h]:mm:ss, an elapsed time.
        #expect(NumberFormat.builtinCode(46).flatMap(NumberFormat.dateKind) == .duration)
        for id in [0, 1, 2, 3, 4, 9, 10, 11, 49] {
            #expect(NumberFormat.builtinCode(id).flatMap(NumberFormat.dateKind) == nil, "id \(id)")
        }
    }
}

/// Everything besides values: merges, validations, hyperlinks, comments, widths, hidden rows and columns.
@Suite struct SheetExtrasTests {
    @Test func extras() throws {
        let path = try Fixture.workbook(sheetData: """
            <dimension ref="A1"/><cols><col min="1" max="1" width="30.5" customWidth="1"/><col min="3" max="4" width="0" hidden="1"/></cols>\
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>head</t></is></c></row>\
            <row r="3" hidden="1"><c r="A3"><v>3</v></c></row></sheetData>\
            <mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="D5:D9"/></mergeCells>\
            <dataValidations count="3">\
            <dataValidation type="list" allowBlank="1" sqref="B2:B10 D2"><formula1>"是,否,\"\"引号\"\"\"</formula1></dataValidation>\
            <dataValidation type="list" sqref="E2:E10"><formula1>Lists!$A$1:$A$4</formula1></dataValidation>\
            <dataValidation type="whole" sqref="F2"><formula1>1</formula1></dataValidation>\
            </dataValidations>\
            <hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="B1" location="'Sheet 2'!A1" display="x"/></hyperlinks>\
            <extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">\
            <x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">\
            <x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>渠道!$A$1:$A$8</xm:f></x14:formula1><xm:sqref>G2:G20</xm:sqref></x14:dataValidation>\
            </x14:dataValidations></ext></extLst>
            """, sheetRels: """
            <Relationship Id="rId1" Type="\(Fixture.rel)/hyperlink" Target="https://example.org/a?b=1&amp;c=2" TargetMode="External"/>\
            <Relationship Id="rId2" Type="\(Fixture.rel)/comments" Target="../comments1.xml"/>
            """)
        // Add the comments part (a second package write keeps Fixture simple).
        let withComments = try addPart(to: path, name: "xl/comments1.xml", text: """
            <comments xmlns="\(Fixture.main)"><authors><author>me</author></authors><commentList>\
            <comment ref="A3" authorId="0"><text><r><rPr><b/></rPr><t>me:</t></r><r><t xml:space="preserve">
            note 备注</t></r></text></comment></commentList></comments>
            """)
        let workbook = try XLSXWorkbook(path: withComments)
        let grid = try workbook.grid(workbook.sheets[0])
        #expect(grid.mergedRanges == [CellRange("A1:B2")!, CellRange("D5:D9")!])
        #expect(grid.displayedValue(CellReference("B2")!) == .string("head"))
        #expect(grid.listValidations.count == 3)
        #expect(grid.listValidations[0].ranges == [CellRange("B2:B10")!, CellRange("D2")!])
        #expect(grid.listValidations[0].options == ["是", "否", "\"引号\""])
        #expect(grid.listValidations[1].options.isEmpty)
        #expect(grid.listValidations[1].sourceFormula == "Lists!$A$1:$A$4")
        #expect(grid.listValidations[2].ranges == [CellRange("G2:G20")!])
        #expect(grid.listValidations[2].sourceFormula == "渠道!$A$1:$A$8")
        #expect(grid.hyperlinks[CellReference("A1")!] == "https://example.org/a?b=1&c=2")
        #expect(grid.hyperlinks[CellReference("B1")!] == "#'Sheet 2'!A1")
        #expect(grid.comments[CellReference("A3")!] == "me:\nnote 备注")
        #expect(grid.columnWidths[0] == 30.5)
        #expect(grid.hiddenColumns == [2, 3])
        #expect(grid.hiddenRows == [2])
    }

    private func addPart(to path: String, name: String, text: String) throws -> String {
        let script = """
        import sys, zipfile
        src, dst, name, text = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
            for info in a.infolist():
                b.writestr(info.filename, a.read(info.filename))
            b.writestr(name, text)
        """
        let out = path.replacingOccurrences(of: ".xlsx", with: "-2.xlsx")
        let result = try TestSupport.python(script, [path, out, name, text])
        guard result.status == 0 else { throw TestSupport.ToolFailure(message: result.stderr) }
        return out
    }
}

/// Cells that share a formula get the master's formula moved to their own position.
@Suite struct SharedFormulaTests {
    @Test(arguments: [
        ("A1+B1", 1, 0, "A2+B2"), ("SUM($A$1:A1)", 2, 0, "SUM($A$1:A3)"), ("$A1*B$1", 1, 1, "$A2*C$1"),
        ("LOG10(A1)&\"A1\"", 1, 0, "LOG10(A2)&\"A1\""), ("'Sheet 1'!A1+Sheet2!B2", 0, 1, "'Sheet 1'!B1+Sheet2!C2"),
        ("A1-1", -1, 0, "#REF!-1"), ("my_name+A1", 1, 0, "my_name+A2"), ("IF(A1>0,\"x\",B1)", 3, 2, "IF(C4>0,\"x\",D4)"),
    ])
    func translate(formula: String, rows: Int, columns: Int, expected: String) {
        #expect(SharedFormula.translate(formula, rows: rows, columns: columns) == expected)
    }

    @Test func sharedFormulasInASheet() throws {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>\
            <row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>\
            <row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c></row></sheetData>
            """)
        let workbook = try XLSXWorkbook(path: path)
        let grid = try workbook.grid(workbook.sheets[0])
        #expect(grid[0, 1]?.formula == "A1*2")
        #expect(grid[1, 1]?.formula == "A2*2")
        #expect(grid[2, 1]?.formula == "A3*2")
        #expect(grid[2, 1]?.value.number == 6)
    }
}
