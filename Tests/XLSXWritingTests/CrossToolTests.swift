import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXWriting

/// Real peers read what we write: openpyxl, LibreOffice (CSV and PDF), gnumeric's ssconvert.
@Suite(.serialized) struct CrossToolTests {
    /// Reads the feature workbook with openpyxl and dumps the facts as JSON.
    static let openpyxlDump = #"""
import json, sys, openpyxl
from openpyxl.utils.protection import hash_password
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": [[ws.title, ws.sheet_state] for ws in wb.worksheets]}
ws = wb["目录"]
def cell(ref):
    c = ws[ref]
    v = c.value
    if hasattr(v, "isoformat"): v = v.isoformat()
    return v
out["values"] = {r: cell(r) for r in ["A1", "A2", "B3", "C3", "D3", "E3", "B4", "C4", "D4", "C5", "B5", "B6"]}
out["types"] = {r: ws[r].data_type for r in ["B4", "C5", "E3"]}
h = ws["A1"]
out["header"] = {"bold": h.font.b, "name": h.font.name, "size": h.font.sz, "color": h.font.color.rgb,
                 "fill": h.fill.fgColor.rgb, "fillType": h.fill.fill_type, "border": h.border.left.style,
                 "h": h.alignment.horizontal, "v": h.alignment.vertical, "wrap": h.alignment.wrap_text}
out["money"] = {"format": ws["C3"].number_format, "italic": ws["C3"].font.i}
out["dateFormat"] = ws["D3"].number_format
out["indent"] = ws["B3"].alignment.indent
out["locked"] = {"E4": ws["E4"].protection.locked, "A3": ws["A3"].protection.locked}
out["badFill"] = ws["B5"].fill.fgColor.rgb
out["merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
from openpyxl.utils import get_column_letter
out["widths"] = {get_column_letter(c): d.width for d in ws.column_dimensions.values() if d.customWidth for c in range(d.min, d.max + 1)}
out["height"] = ws.row_dimensions[1].height
out["freeze"] = ws.freeze_panes
out["autofilter"] = ws.auto_filter.ref
out["validations"] = sorted([[str(dv.sqref), dv.type, dv.formula1, dv.operator, dv.promptTitle, dv.prompt, dv.errorTitle, dv.error, dv.errorStyle] for dv in ws.data_validations.dataValidation], key=lambda x: x[0])
out["comments"] = {r: [ws[r].comment.text, ws[r].comment.author] for r in ["B3", "E4"] if ws[r].comment}
out["protection"] = {"sheet": ws.protection.sheet, "password": ws.protection.password, "expected": hash_password("password")}
out["page"] = {"paper": ws.page_setup.paperSize, "orientation": ws.page_setup.orientation, "fitToWidth": ws.page_setup.fitToWidth,
               "fitToHeight": ws.page_setup.fitToHeight, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage,
               "left": ws.page_margins.left, "titles": ws.print_title_rows, "footer": ws.oddFooter.center.text}
out["link"] = [ws["B6"].hyperlink.target, ws["B6"].hyperlink.tooltip]
out["names"] = sorted(wb.defined_names.keys())
out["props"] = [wb.properties.title, wb.properties.creator, wb.properties.created.isoformat()]
ds = wb["数据"]
out["stream"] = {"A1": ds["A1"].value, "A21": ds["A21"].value, "B21": ds["B21"].value, "max_row": ds.max_row,
                 "freeze": ds.freeze_panes, "merged": [str(r) for r in ds.merged_cells.ranges], "width": ds.column_dimensions["A"].width}
lists = wb["_lists"]
out["lists"] = [lists.sheet_state, lists["A1"].value, lists["A60"].value]
print(json.dumps(out, ensure_ascii=False))
"""#

    func dump(_ path: String) throws -> [String: Any] {
        let result = try TestSupport.python(Self.openpyxlDump, [path])
        #expect(result.status == 0, "openpyxl failed: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return object as? [String: Any] ?? [:]
    }

    @Test(arguments: [StringStorage.shared, .inline])
    func openpyxlReadsEverything(strings: StringStorage) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-openpyxl")
        let path = dir.appendingPathComponent("features.xlsx").path
        try makeFeatureWorkbook(strings: strings).write(to: path)
        let out = try dump(path)

        let sheets = out["sheets"] as? [[String]]
        #expect(sheets == [["目录", "visible"], ["Hidden", "hidden"], ["VeryHidden", "veryHidden"], ["数据", "visible"], ["_lists", "hidden"]])
        let values = out["values"] as? [String: Any] ?? [:]
        #expect(values["A1"] as? String == "基层政务公开标准目录")
        #expect(values["B3"] as? String == "机构信息")
        #expect(values["C3"] as? Double == 1234.5)
        #expect(values["D3"] as? String == "2025-03-15T00:00:00")
        #expect(values["D4"] as? String == "2025-03-15T13:30:00")
        #expect(values["E3"] as? Bool == true)
        #expect(values["B4"] as? String == "=SUM(A1:A3) stays text")
        #expect(values["C5"] as? String == "=SUM(C3:C4)")
        #expect(values["B6"] as? String == "政府信息公开")
        let types = out["types"] as? [String: String] ?? [:]
        #expect(types["B4"] == "s", "user text must be a string cell, never a formula")
        #expect(types["C5"] == "f")
        #expect(types["E3"] == "b")

        let header = out["header"] as? [String: Any] ?? [:]
        #expect(header["bold"] as? Bool == true)
        #expect(header["name"] as? String == "黑体")
        #expect(header["size"] as? Double == 12)
        #expect(header["color"] as? String == "FFC00000")
        #expect(header["fill"] as? String == "FFD9D9D9")
        #expect(header["fillType"] as? String == "solid")
        #expect(header["border"] as? String == "thin")
        #expect(header["h"] as? String == "center")
        #expect(header["v"] as? String == "center")
        #expect(header["wrap"] as? Bool == true)
        let money = out["money"] as? [String: Any] ?? [:]
        #expect(money["format"] as? String == "#,##0.00")
        #expect(money["italic"] as? Bool == true)
        #expect(out["dateFormat"] as? String == "yyyy-mm-dd")
        #expect(out["indent"] as? Double == 2)
        let locked = out["locked"] as? [String: Bool] ?? [:]
        #expect(locked["E4"] == false)
        #expect(locked["A3"] == true)
        #expect(out["badFill"] as? String == "FFFFC7CE")

        #expect(out["merged"] as? [String] == ["A1:D1"])
        let widths = out["widths"] as? [String: Double] ?? [:]
        #expect(widths == ["B": 30, "C": 14, "D": 14])
        #expect(out["height"] as? Double == 28)
        #expect(out["freeze"] as? String == "B3")
        #expect(out["autofilter"] as? String == "A2:E5")

        let validations = out["validations"] as? [[Any?]] ?? []
        #expect(validations.count == 5)
        let list = validations.first { ($0.first as? String) == "E3:E20" }
        #expect(list?[1] as? String == "list")
        #expect(list?[2] as? String == "\"是,否,不适用\"")
        #expect(list?[4] as? String == "是否公开")
        #expect(list?[5] as? String == "请选择")
        #expect(list?[6] as? String == "输入错误")
        #expect(list?[7] as? String == "只能选择列表中的值")
        let long = validations.first { ($0.first as? String) == "F3:F20" }
        #expect(long?[2] as? String == "'_lists'!$A$1:$A$60")
        let date = validations.first { ($0.first as? String) == "D3:D20" }
        #expect(date?[1] as? String == "date")
        #expect(date?[8] as? String == "warning")
        let whole = validations.first { ($0.first as? String) == "A3:A20" }
        #expect(whole?[1] as? String == "whole")
        #expect(whole?[3] as? String == "greaterThanOrEqual")
        let text = validations.first { ($0.first as? String) == "B3:B20" }
        #expect(text?[1] as? String == "textLength")

        let comments = out["comments"] as? [String: [String]] ?? [:]
        #expect(comments["B3"] == ["请填写一级事项", "审核"])
        #expect(comments["E4"] == ["必填", "测试"])
        let protection = out["protection"] as? [String: Any] ?? [:]
        #expect(protection["sheet"] as? Bool == true)
        #expect(protection["password"] as? String == protection["expected"] as? String)
        #expect(protection["password"] as? String == SheetProtection.legacyHash("password"))

        let page = out["page"] as? [String: Any] ?? [:]
        #expect(page["paper"] as? Int == 8)
        #expect(page["orientation"] as? String == "landscape")
        #expect(page["fitToWidth"] as? Int == 1)
        #expect(page["fitToHeight"] as? Int == 0)
        #expect(page["fitToPage"] as? Bool == true)
        #expect(page["left"] as? Double == 0.25)
        #expect(page["titles"] as? String == "$1:$2")
        #expect(page["footer"] as? String == "第 &P 页，共 &N 页")
        #expect(out["link"] as? [String] == ["https://www.customs.gov.cn/", "海关总署"])
        #expect(out["names"] as? [String] == ["事项"])
        #expect(out["props"] as? [String] == ["标准目录", "测试", "2025-01-02T03:04:05"])

        let stream = out["stream"] as? [String: Any] ?? [:]
        #expect(stream["A1"] as? String == "名称")
        #expect(stream["A21"] as? String == "行 20")
        #expect(stream["B21"] as? Double == 30)
        #expect(stream["freeze"] as? String == "A2")
        #expect(stream["merged"] as? [String] == ["A23:B23"])
        #expect(stream["width"] as? Double == 12)
        let lists = out["lists"] as? [String] ?? []
        #expect(lists == ["hidden", "选项1号", "选项60号"])
    }
}

/// A grid of typical values and the text each spreadsheet app shows for it in CSV.
struct ValueGrid {
    var rows: [[CellValue]] = [
        [.string("序号"), .string("名称"), .string("金额"), .string("日期"), .string("布尔"), .string("备注")],
        [.number(1), .string("机构信息"), .number(1234.5), .date(DateTimeValue(year: 2025, month: 1, day: 31)), .bool(true), .string("=1+1")],
        [.number(2), .string("a, \"quoted\" text"), .number(-0.125), .date(DateTimeValue(year: 1999, month: 12, day: 31)), .bool(false), .string("  padded  ")],
        [.number(3), .string("多行\n文本"), .number(1e-7), .date(DateTimeValue(year: 2024, month: 2, day: 29)), .empty, .string("<tag>&amp;")],
        [.number(100_000), .string("☑ ☐ √ ①"), .number(123_456_789_012), .empty, .bool(true), .string("0101")],
    ]

    /// The CSV text of a value when cell contents are exported unformatted (dates in ISO form).
    static func csvText(_ value: CellValue) -> String {
        switch value {
        case .date(let d): return d.iso8601
        case .number(let n, _): return n == 1e-7 ? "0.0000001" : CellValue.format(number: n)
        default: return value.text
        }
    }

    func write(to path: String, strings: StringStorage, streaming: Bool) throws {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: strings))
        if streaming {
            let sheet = try book.addStreamingSheet(named: "values")
            for row in rows { try sheet.appendRow(row) }
        } else {
            let sheet = try book.addSheet(named: "values")
            for (r, row) in rows.enumerated() {
                for (c, value) in row.enumerated() { try sheet.set(CellReference(row: r, column: c), value) }
            }
        }
        try book.write(to: path)
    }
}

/// Parses a CSV file with Python's csv module (so the test does not depend on our own CSV reader).
func readCSV(_ path: String) throws -> [[String]] {
    let result = try TestSupport.python("import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))))", [path])
    return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]]) ?? []
}

@Suite(.serialized) struct LibreOfficeTests {
    static let csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"

    @Test(arguments: [(StringStorage.shared, false), (.inline, true), (.shared, true)])
    func libreOfficeCSVHasTheSameValues(strings: StringStorage, streaming: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-lo")
        let input = dir.appendingPathComponent("values.xlsx")
        let grid = ValueGrid()
        try grid.write(to: input.path, strings: strings, streaming: streaming)
        let csv = try TestSupport.sofficeConvert(input, to: Self.csvFilter, outDir: dir)
        let rows = try readCSV(csv.path)
        let expected = grid.rows.map { $0.map(ValueGrid.csvText) }
        #expect(rows.count == expected.count)
        for (r, row) in expected.enumerated() where r < rows.count {
            for (c, text) in row.enumerated() {
                let got = c < rows[r].count ? rows[r][c] : ""
                #expect(got == text, "row \(r + 1) column \(c + 1)")
            }
        }
    }

    @Test func libreOfficeConvertsTheFeatureWorkbookToPDF() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-pdf")
        let input = dir.appendingPathComponent("features.xlsx")
        try makeFeatureWorkbook().write(to: input.path)
        let pdf = try TestSupport.sofficeConvert(input, to: "pdf", outDir: dir)
        let data = try Data(contentsOf: pdf)
        #expect(data.starts(with: Data("%PDF-".utf8)))
        #expect(data.count > 1_000)
    }

    @Test func libreOfficeRoundTripKeepsMergesAndSheets() throws {
        // LibreOffice re-saves our file as XLSX; openpyxl then checks what LibreOffice understood.
        let dir = try TestSupport.makeTemporaryDirectory("writer-lo-xlsx")
        let input = dir.appendingPathComponent("features.xlsx")
        try makeFeatureWorkbook().write(to: input.path)
        let out = dir.appendingPathComponent("resaved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let resaved = try TestSupport.sofficeConvert(input, to: "xlsx", outDir: out)
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb["目录"]
        print(json.dumps({"sheets": [[s.title, s.sheet_state] for s in wb.worksheets], "merged": [str(r) for r in ws.merged_cells.ranges],
            "freeze": ws.freeze_panes, "protected": ws.protection.sheet, "comment": ws["B3"].comment.text if ws["B3"].comment else None,
            "validations": len(ws.data_validations.dataValidation), "B4": ws["B4"].value, "fill": ws["B5"].fill.fgColor.rgb}, ensure_ascii=False))
        """
        let result = try TestSupport.python(script, [resaved.path])
        #expect(result.status == 0, "\(result.stderr)")
        let facts = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        #expect(facts["sheets"] as? [[String]] == [["目录", "visible"], ["Hidden", "hidden"], ["VeryHidden", "hidden"], ["数据", "visible"], ["_lists", "hidden"]]
                || facts["sheets"] as? [[String]] == [["目录", "visible"], ["Hidden", "hidden"], ["VeryHidden", "veryHidden"], ["数据", "visible"], ["_lists", "hidden"]])
        #expect(facts["merged"] as? [String] == ["A1:D1"])
        // Not checked: headless LibreOffice drops freeze panes on re-save for every writer's files
        // (XlsxWriter's too); openpyxlReadsEverything checks ours directly.
        #expect(facts["protected"] as? Bool == true)
        #expect(facts["comment"] as? String == "请填写一级事项")
        #expect(facts["validations"] as? Int == 5)
        #expect(facts["B4"] as? String == "=SUM(A1:A3) stays text")
        #expect(facts["fill"] as? String == "FFFFC7CE")
    }
}

@Suite(.serialized) struct GnumericTests {
    /// Messages ssconvert prints for notes from any XLSX writer (XlsxWriter's output gets them too).
    /// Also: it cannot parse sheet names with a doubled apostrophe (`'It''s'!A1`, valid Excel) and does not
    /// know `<ignoredErrors>` — the same happens with XlsxWriter's files.
    /// Gnumeric's notes about parts it does not read. The data-label flags showLegendKey and showSerName are
    /// ECMA-376 elements its reader does not know (it ignores them and keeps the chart and its labels); they are
    /// written because LibreOffice takes an absent flag as on.
    static let knownNoise = ["Unhandled object of type Note", "Unexpected element 'x:Visible'", "{catch all)} -> shape -> ClientData",
                             "''s 布局'!", "Unexpected element 'ignoredErrors'",
                             "Unexpected element 'c:showLegendKey'", "Unexpected element 'c:showSerName'", "-> ser -> dLbls"]

    @Test(arguments: [StringStorage.shared, .inline])
    func ssconvertReadsValues(strings: StringStorage) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-gnumeric")
        let input = dir.appendingPathComponent("values.xlsx").path
        let grid = ValueGrid()
        try grid.write(to: input, strings: strings, streaming: strings == .inline)
        let output = dir.appendingPathComponent("values.csv").path
        let result = try TestSupport.run("ssconvert", [input, output])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try readCSV(output)
        #expect(rows.count == grid.rows.count)
        for (r, row) in grid.rows.enumerated() where r < rows.count {
            for (c, value) in row.enumerated() {
                let got = c < rows[r].count ? rows[r][c] : ""
                switch value {
                case .string, .empty: #expect(got == value.text, "row \(r + 1) column \(c + 1)")
                case .number(let n, _): #expect(Double(got) == n, "row \(r + 1) column \(c + 1): \(got)")
                case .bool(let b): #expect(got == (b ? "TRUE" : "FALSE"))
                case .date(let d): #expect(got.replacingOccurrences(of: "/", with: "-") == d.iso8601)
                case .error: break
                }
            }
        }
    }

    @Test func ssconvertReadsTheFeatureWorkbookWithoutComplaint() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-gnumeric")
        let input = dir.appendingPathComponent("features.xlsx").path
        try makeFeatureWorkbook().write(to: input)
        let output = dir.appendingPathComponent("features.csv").path
        let result = try TestSupport.run("ssconvert", [input, output])
        #expect(result.status == 0)
        let complaints = result.stderr.split(separator: "\n").filter { line in
            !line.trimmingCharacters(in: .whitespaces).isEmpty && !Self.knownNoise.contains { line.contains($0) }
        }
        #expect(complaints.isEmpty, "\(complaints)")
        let rows = try readCSV(output)
        #expect(rows.first?.first == "基层政务公开标准目录")
        #expect(rows.count >= 5 && rows[3][1] == "=SUM(A1:A3) stays text")
    }
}

/// Every golden workbook opens cleanly in every peer: openpyxl loads it, LibreOffice converts it,
/// ssconvert reads it without complaint.
@Suite(.serialized) struct GoldenWorkbooksOpenEverywhereTests {
    @Test(arguments: GoldenTests.cases.map(\.0))
    func opens(name: String) throws {
        guard let make = GoldenTests.cases.first(where: { $0.0 == name })?.1 else { return }
        let dir = try TestSupport.makeTemporaryDirectory("writer-golden-peers")
        let input = dir.appendingPathComponent("\(name).xlsx")
        try make().write(to: input.path)

        let openpyxl = try TestSupport.python("""
        import sys, warnings, openpyxl
        warnings.simplefilter("error")
        wb = openpyxl.load_workbook(sys.argv[1])
        print(len(wb.worksheets))
        """, [input.path])
        #expect(openpyxl.status == 0, "openpyxl: \(openpyxl.stderr)")
        #expect(Int(openpyxl.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1)

        let csv = try TestSupport.sofficeConvert(input, to: LibreOfficeTests.csvFilter, outDir: dir)
        #expect(try Data(contentsOf: csv).count > 0)

        let gnumeric = try TestSupport.run("ssconvert", [input.path, dir.appendingPathComponent("\(name)-gnumeric.csv").path])
        #expect(gnumeric.status == 0)
        let complaints = gnumeric.stderr.split(separator: "\n").filter { line in
            !line.trimmingCharacters(in: .whitespaces).isEmpty && line != "\tworksheet" && !GnumericTests.knownNoise.contains { line.contains($0) }
        }
        #expect(complaints.isEmpty, "ssconvert: \(complaints)")
    }
}
