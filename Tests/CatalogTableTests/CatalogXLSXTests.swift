import Testing
import Foundation
import SheetCore
import DisclosureCatalog
import XLSXReading
import TestSupport
@testable import CatalogTable

@Suite(.serialized) struct CatalogXLSXTests {
    static let options = CatalogTableReader.Options(file: "customs.xlsx", id: "customs", issuer: "海关总署")

    func writeCustoms() throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-xlsx")
        let url = dir.appendingPathComponent("customs.xlsx")
        try CatalogFile.write(CustomsCatalog.catalog, to: url.path)
        return url
    }

    /// built-in → XLSX (our writer) → XLSX reader → table reader → equal model.
    @Test func xlsxRoundTrip() throws {
        let url = try writeCustoms()
        let result = try CatalogFile.readTable(path: url.path, options: Self.options)
        #expect(result.catalog == CustomsCatalog.catalog)
        #expect(result.findings.filter { $0.severity != .info } == [])
    }

    /// What openpyxl sees: merges, frozen header, A3 landscape fitted to width, repeated header rows,
    /// borders and wrapping, widths.
    @Test func openpyxlSeesThePrintedLayout() throws {
        let url = try writeCustoms()
        let py = try TestSupport.python("""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.active
        print(ws.title)
        print(ws['A1'].value, ws['A2'].value)
        m = set(str(r) for r in ws.merged_cells.ranges)
        print(all(x in m for x in ['A2:T2', 'A3:A4', 'B3:C3', 'H3:O3', 'P3:Q3', 'R3:S3', 'B5:B6', 'B18:B22', 'B30:T30']))
        print(ws.freeze_panes)
        print(ws.page_setup.paperSize, ws.page_setup.orientation, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth)
        print(ws.print_title_rows)
        c = ws['D5']
        print(c.alignment.wrap_text, c.border.left.style, c.border.bottom.style)
        print(ws['A5'].value, type(ws['A5'].value).__name__)
        print(ws.column_dimensions['D'].width > ws.column_dimensions['H'].width)
        print(ws['O7'].value)
        """, [url.path])
        let lines = py.stdout.split(separator: "\n").map(String.init)
        #expect(py.status == 0, "\(py.stderr)")
        #expect(lines == ["标准目录", "附件 海关领域基层政务公开标准目录", "True", "D5", "8 landscape True 1", "$3:$4",
                          "True thin thin", "1 int", "True", "☑ 海关总署网站"], "\(py.stdout) \(py.stderr)")
    }

    /// LibreOffice re-saves our XLSX; the re-saved file still imports equal.
    @Test func libreOfficeResaveImportsEqual() throws {
        let url = try writeCustoms()
        let out = try TestSupport.makeTemporaryDirectory("catalog-lo")
        let resaved = try TestSupport.sofficeConvert(url, to: "xlsx", outDir: out)
        let result = try CatalogFile.readTable(path: resaved.path, options: Self.options)
        #expect(result.catalog == CustomsCatalog.catalog)
        #expect(result.findings.filter { $0.severity != .info } == [])
    }

    /// LibreOffice's and gnumeric's CSV exports of our XLSX lose every merge (group headers stand in one cell,
    /// categories on their first row only); gnumeric's XLSX re-save keeps them. All import equal.
    @Test func peerExportsImportEqual() throws {
        let url = try writeCustoms()
        let out = try TestSupport.makeTemporaryDirectory("catalog-peers")
        var files = [try TestSupport.sofficeConvert(url, to: "csv:Text - txt - csv (StarCalc):44,34,76", outDir: out)]
        for ext in ["csv", "xlsx"] {
            let target = out.appendingPathComponent("gnumeric.\(ext)")
            let r = try TestSupport.run("ssconvert", [url.path, target.path])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(target)
        }
        for file in files {
            let result = try CatalogFile.readTable(path: file.path, options: Self.options)
            #expect(result.catalog == CustomsCatalog.catalog, "\(file.lastPathComponent)")
            #expect(result.findings.filter { $0.severity != .info } == [], "\(file.lastPathComponent)")
        }
    }

    /// Tables made by openpyxl in other styles: title rows above the header, one cell of options with ■/□,
    /// a 公开层级 column group, Wingdings glyphs in Wingdings fonts, real booleans.
    @Test func openpyxlTablesInOtherStyles() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-styles")
        let path = dir.appendingPathComponent("market.xlsx").path
        let py = try TestSupport.python("""
        import sys, openpyxl
        from openpyxl.styles import Font
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = '说明'
        ws['A1'] = '本工作簿第二页为目录'
        ws = wb.create_sheet('目录')
        ws['A1'] = '附件'
        ws['A2'] = '市场监管领域基层政务公开标准目录'; ws.merge_cells('A2:P2')
        ws['A3'] = '（县级）'
        h1 = ['序号','公开事项',None,'公开内容（要素）','公开依据','公开时限','公开主体','公开渠道和载体','公开对象',None,'公开方式',None,'公开层级',None,'网站所属栏目','有关说明']
        h2 = [None,'一级事项','二级事项',None,None,None,None,None,'全社会','特定群体','主动','依申请','县级','乡级',None,None]
        for c,v in enumerate(h1, 1): ws.cell(5, c, v)
        for c,v in enumerate(h2, 1): ws.cell(6, c, v)
        for r in ['A5:A6','B5:C5','D5:D6','E5:E6','F5:F6','G5:G6','H5:H6','I5:J5','K5:L5','M5:N5','O5:O6','P5:P6']: ws.merge_cells(r)
        rows = [
          [1,'行政许可','食品经营许可','1. 许可依据 2. 许可结果','①','自作出决定之日起7个工作日内','县级市场监管部门','■政府网站 □政务新媒体 ■其他：政务服务中心窗口','√',None,'√',None,'√',None,'行政许可专栏','/'],
          [2,None,'特种设备许可','许可结果','①②','同上','县级市场监管部门','□政府网站 ■政务新媒体 □其他','√',None,None,None,'√','√','通知公告','无'],
        ]
        for r,row in enumerate(rows, 7):
            for c,v in enumerate(row, 1): ws.cell(r, c, v)
        ws.merge_cells('B7:B8')
        # Wingdings marks in the audience / mode columns of item 2.
        ws['J8'] = 'R'; ws['J8'].font = Font(name='Wingdings 2')
        ws['K8'] = 'þ'; ws['K8'].font = Font(name='Wingdings')
        ws['L8'] = '¨'; ws['L8'].font = Font(name='Wingdings')
        ws['I8'] = True
        ws['A10'] = '备注1'; ws['B10'] = '①《中华人民共和国行政许可法》 ②《特种设备安全法》'; ws.merge_cells('B10:P10')
        wb.save(sys.argv[1])
        """, [path])
        #expect(py.status == 0, "\(py.stderr)")
        let result = try CatalogFile.readTable(path: path, options: .init(file: path))
        let c = result.catalog
        #expect(c.title == "市场监管领域基层政务公开标准目录")
        #expect(c.domain == "市场监管")
        #expect(c.id == "market")
        #expect(c.channels == ["政府网站", "政务新媒体", "其他"])
        #expect(c.extraColumns == ["公开层级·县级", "公开层级·乡级", "网站所属栏目"])
        #expect(c.items.count == 2)
        let i1 = c.items[0], i2 = c.items[1]
        #expect(i1.category == "行政许可" && i2.category == "行政许可")
        #expect(i1.deadlines.first?.deadline.rule == .workingDays(7, after: "作出决定"))
        #expect(i2.deadlines == i1.deadlines)
        #expect(i1.channels == ChannelSelection(recommended: ["政府网站", "其他"], otherForm: "政务服务中心窗口"))
        #expect(i2.channels.recommended == ["政务新媒体"])
        #expect(i1.extraFields == [ExtraField(name: "公开层级·县级", value: "√"), ExtraField(name: "网站所属栏目", value: "行政许可专栏")])
        #expect(i2.audience == [.general, .specificGroups])
        #expect(i2.modes == [.proactive])
        #expect(i2.remarks == nil)
        #expect(c.legalBases.count == 2)
        #expect(result.findings.contains { $0.code == "CAT-TITLE-TEXT" && $0.location?.cell == "A3" })
        #expect(result.findings.filter { $0.severity != .info } == [])
    }
}

/// Another domain's catalog (extra column groups, label-row categories, no 其他 form) written by us and read back.
@Suite struct CatalogOtherDomainRoundTripTests {
    @Test func marketCatalogRoundTripsThroughXLSXAndCSV() throws {
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.json").path
        let catalog = try CatalogFile.readJSON(path: sample)
        #expect(catalog.extraColumns == ["公开层级·县级", "公开层级·乡级", "责任科室"])
        let dir = try TestSupport.makeTemporaryDirectory("market-rt")
        for name in ["m.xlsx", "m.csv"] {
            let path = dir.appendingPathComponent(name).path
            try CatalogFile.write(catalog, to: path)
            let back = try CatalogFile.readTable(path: path, options: .init(file: path, id: catalog.id))
            #expect(back.catalog == catalog, "\(name)")
        }
        // The 公开层级 group is one merged header over 县级 / 乡级 in the XLSX.
        let layout = CatalogTableLayout(catalog: catalog)
        let g = layout.grid
        let column = try #require((0..<g.columnCount).first { g.text(row: 2, column: $0) == "公开层级" })
        #expect(g.text(row: 3, column: column) == "县级" && g.text(row: 3, column: column + 1) == "乡级")
        #expect(layout.merges.contains(CellRange(start: CellReference(row: 2, column: column), end: CellReference(row: 2, column: column + 1))))
    }

    @Test func importedCatalogValidatesAgainstTheSchema() throws {
        let schema = TestSupport.packageRoot.appendingPathComponent("Schemas/catalog.schema.json").path
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.json").path
        let r = try TestSupport.python("""
        import json, sys, jsonschema
        jsonschema.validate(json.load(open(sys.argv[2], encoding='utf-8')), json.load(open(sys.argv[1], encoding='utf-8')))
        print('valid')
        """, [schema, sample])
        #expect(r.stdout == "valid\n", "\(r.stderr)")
    }
}
