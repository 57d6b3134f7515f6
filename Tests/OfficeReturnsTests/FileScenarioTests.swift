import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport
import WorkCalendar

@Suite struct FileScenarioTests {
    typealias S = ScenarioFiles

    @Test func cleanReturnFilledWithOpenpyxl() throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns")
        let (r, findings) = try S.validate(try S.filled("clean", ext: "xlsx", in: dir))
        #expect(r.layout == .template)
        #expect(r.items.count == 25)
        #expect(r.office.code.text == "0101")
        #expect(r.office.reportDate.value == CalendarDate(iso: "2025-06-30"))
        #expect(S.pins(findings).isEmpty, "\(S.pins(findings))")
        #expect(Set(findings.filter { $0.code == "RET-NA-LEVEL" }.compactMap(\.itemNumber)) == [3, 10, 18])
    }

    @Test func everyRuleAtItsCellFilledWithOpenpyxl() throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns")
        let (_, findings) = try S.validate(try S.filled("errors", ext: "xlsx", in: dir))
        let got = S.pins(findings)
        #expect(got == S.expectedErrorsXLSX, "missing: \(S.expectedErrorsXLSX.subtracting(got)) extra: \(got.subtracting(S.expectedErrorsXLSX))")
        // Messages in both languages name the facts.
        let deadline = try #require(findings.first { $0.code == "RET-DEADLINE" && $0.itemNumber == 9 })
        #expect(deadline.message.zh.contains("2025-02-10"))
        #expect(deadline.message.en.contains("due by 2025-02-10"))
    }

    /// The office opens the filled file in LibreOffice and saves it again as XLSX.
    @Test func roundTripThroughLibreOfficeKeepsEveryFinding() throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns-lo")
        let outDir = dir.appendingPathComponent("lo")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let errors = try TestSupport.sofficeConvert(try S.filled("errors", ext: "xlsx", in: dir), to: "xlsx", outDir: outDir)
        let (_, errorFindings) = try S.validate(errors)
        let got = S.pins(errorFindings)
        #expect(got == S.expectedErrorsXLSX, "missing: \(S.expectedErrorsXLSX.subtracting(got)) extra: \(got.subtracting(S.expectedErrorsXLSX))")
        let clean = try TestSupport.sofficeConvert(try S.filled("clean", ext: "xlsx", in: dir), to: "xlsx", outDir: outDir)
        let (r, cleanFindings) = try S.validate(clean)
        #expect(S.pins(cleanFindings).isEmpty, "\(S.pins(cleanFindings))")
        #expect(r.office.code.text == "0101")
        #expect(r.stamp?.catalogID.value == "customs")
    }

    @Test(arguments: ["gb18030", "utf-8-sig", "utf-16"])
    func csvTemplateInAnyEncoding(_ encoding: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns-csv")
        let (r, findings) = try S.validate(try S.filled("clean", ext: "csv", in: dir, encoding: encoding))
        #expect(r.layout == .csv)
        #expect(r.items.count == 25)
        #expect(r.office.name.text == "北京海关机场单证")
        #expect(S.pins(findings).isEmpty, "\(S.pins(findings))")
        let (_, errorFindings) = try S.validate(try S.filled("errors", ext: "csv", in: dir, encoding: encoding))
        let got = S.pins(errorFindings)
        #expect(got == S.expectedErrorsCSV, "missing: \(S.expectedErrorsCSV.subtracting(got)) extra: \(got.subtracting(S.expectedErrorsCSV))")
    }

    /// An office opens the CSV template in LibreOffice and saves it as XLSX: LibreOffice turns 0101 into
    /// the number 101 and the dates into date cells. Only the lost leading zero is reported.
    @Test func csvTemplateSavedAsXLSXByLibreOffice() throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns-csv-lo")
        let csv = try S.filled("clean", ext: "csv", in: dir)
        let profile = URL(fileURLWithPath: "/tmp/lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let outDir = dir.appendingPathComponent("lo")
        let result = try TestSupport.run("soffice", ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                                                    "--outdir", outDir.path, csv.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xlsx = outDir.appendingPathComponent("clean.xlsx")
        let (r, findings) = try S.validate(xlsx)
        #expect(r.layout == .template)
        #expect(r.stamp?.catalogID.value == "customs")
        #expect(r.items.count == 25)
        #expect(r.entries(forItem: 5).first?.publishedDate.value == CalendarDate(iso: "2025-03-05"))
        #expect(S.pins(findings) == [S.Pin(rule: "RET-ID-CODE", sheet: "clean", cell: "B2", item: nil)])
    }

    /// An office that builds its own sheet (XlsxWriter here) following only the header contract: columns in
    /// another order, a flat header with 实际公开渠道·<channel>, channel flags as booleans (Excel 365 check
    /// boxes), real date cells, no metadata. Rows are matched by 序号 and 二级事项.
    @Test func ownSheetFollowingTheHeaderContract() throws {
        let dir = try TestSupport.makeTemporaryDirectory("returns-own")
        let path = dir.appendingPathComponent("own.xlsx").path
        let items = S.catalog.items.map { item -> [String: Any] in
            ["n": item.number, "name": item.name,
             "rec": item.channels.recommended.isEmpty ? ["直属海关网站"] : item.channels.recommended,
             "sub": item.publishers.contains { $0.publisher == .subordinateCustoms },
             "annual": item.deadlines.contains { if case .annual = $0.deadline.rule { return true } else { return false } }]
        }
        let script = """
        import xlsxwriter, json, sys, datetime
        items = json.loads(sys.argv[2]); channels = json.loads(sys.argv[3])
        wb = xlsxwriter.Workbook(sys.argv[1]); ws = wb.add_worksheet('我的填报')
        date = wb.add_format({'num_format': 'yyyy/m/d'}); text = wb.add_format({'num_format': '@'})
        ws.write_string(0, 0, '填报单位'); ws.write_string(0, 1, '北京海关机场单证')
        ws.write_string(0, 3, '关区代码'); ws.write_string(0, 4, '0101', text)
        ws.write_string(1, 0, '所属直属海关'); ws.write_string(1, 1, '北京海关')
        ws.write_string(1, 3, '填报人'); ws.write_string(1, 4, '王五')
        ws.write_string(2, 0, '联系电话'); ws.write_string(2, 1, '010-1')
        ws.write_string(2, 3, '填报日期'); ws.write_datetime(2, 4, datetime.datetime(2025, 6, 30), date)
        header = ['二级事项', '序号', '落实情况', '公开日期', '信息形成或变更日期', '本单位备用'] + \
                 ['实际公开渠道·' + c for c in channels] + ['其他渠道说明', '公开网址或位置', '责任部门', '未公开或不适用原因', '备注']
        for c, h in enumerate(header): ws.write_string(4, c, h)
        col = {h: i for i, h in enumerate(header)}
        for r, it in enumerate(items, start=5):
            ws.write_string(r, col['二级事项'], it['name']); ws.write_number(r, col['序号'], it['n'])
            if not it['sub']:
                ws.write_string(r, col['落实情况'], '不适用'); continue
            ws.write_string(r, col['落实情况'], '已公开')
            for c in channels: ws.write_boolean(r, col['实际公开渠道·' + c], c in it['rec'])
            if '其他' in it['rec']: ws.write_string(r, col['其他渠道说明'], '海关总署网站')
            ws.write_string(r, col['公开网址或位置'], 'https://beijing.customs.gov.cn/' if '直属海关网站' in it['rec'] else '大厅')
            m, d1, d2 = (1, 10, 14) if it['annual'] else (3, 3, 5)
            ws.write_datetime(r, col['信息形成或变更日期'], datetime.datetime(2025, m, d1), date)
            ws.write_datetime(r, col['公开日期'], datetime.datetime(2025, m, d2), date)
            ws.write_string(r, col['责任部门'], '办公室')
        wb.close()
        """
        let itemsJSON = String(decoding: try JSONSerialization.data(withJSONObject: items), as: UTF8.self)
        let channelsJSON = String(decoding: try JSONSerialization.data(withJSONObject: CustomsCatalog.channels), as: UTF8.self)
        let result = try TestSupport.python(script, [path, itemsJSON, channelsJSON])
        #expect(result.status == 0, "\(result.stderr)")
        let (r, findings) = try S.validate(URL(fileURLWithPath: path))
        #expect(r.layout == .officialTable)
        #expect(r.sheet == "我的填报")
        #expect(r.items.count == 25)
        #expect(r.items.allSatisfy { $0.matchedBy == .numberAndName })
        #expect(r.missingColumns.isEmpty)
        #expect(r.office.code.text == "0101")
        #expect(r.entries(forItem: 1).first?.usedChannels == ["直属海关网站", "现场公示栏"])
        #expect(r.entries(forItem: 1).first?.status.source?.cell == "C6")
        #expect(S.pins(findings).isEmpty, "\(S.pins(findings))")
        #expect(findings.contains { $0.code == "RET-LAYOUT" })
    }

    /// The template as Excel sees it (read by openpyxl): protection, unlocked fill-in cells, dropdowns with
    /// input messages, date validation, recommended channels marked, hidden metadata, print setup.
    @Test func templateStructureAsOpenpyxlSeesIt() throws {
        let dir = try TestSupport.makeTemporaryDirectory("template")
        let path = dir.appendingPathComponent("t.xlsx").path
        try ReturnTemplate(catalog: S.catalog).write(to: path)
        let script = """
        import openpyxl, json, sys
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb['填报表']
        out = {'sheets': wb.sheetnames, 'states': [wb[s].sheet_state for s in wb.sheetnames],
               'protected': ws.protection.sheet, 'password': ws.protection.password,
               'header': [ws.cell(6, c).value for c in range(1, ws.max_column + 1)],
               'channels': [ws.cell(7, c).value for c in range(13, 21)],
               'locked': {}, 'fill': {}, 'validations': [], 'print_titles': ws.print_title_rows,
               'paper': ws.page_setup.paperSize, 'orientation': ws.page_setup.orientation,
               'keyHidden': ws.column_dimensions['AB'].hidden,
               'labels': [ws['C3'].value, ws['F3'].value, ws['H3'].value, ws['C4'].value, ws['F4'].value, ws['H4'].value],
               'codeFormat': ws['G3'].number_format,
               'meta': [[c.value for c in row] for row in wb['模板信息'].iter_rows(max_row=8)]}
        for r in range(8, 33):
            for c in range(1, 28):
                cell = ws.cell(r, c)
                out['locked'][cell.coordinate] = cell.protection.locked
                out['fill'][cell.coordinate] = cell.fill.fgColor.rgb if cell.fill.fill_type == 'solid' else None
        for dv in ws.data_validations.dataValidation:
            out['validations'].append({'type': dv.type, 'sqref': str(dv.sqref), 'prompt': dv.prompt or '',
                                       'formula1': dv.formula1, 'showInput': bool(dv.showInputMessage)})
        print(json.dumps(out, ensure_ascii=False))
        """
        let result = try TestSupport.python(script, [path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["填报表", "填报说明", "模板信息"])
        #expect(json["states"] as? [String] == ["visible", "visible", "hidden"])
        #expect(json["protected"] as? Bool == true)
        #expect(json["password"] is NSNull)
        let header = try #require(json["header"] as? [Any])
        let texts = header.compactMap { $0 as? String }
        for column in FillInColumn.allCases { #expect(texts.contains(column.header), "\(column.header)") }
        #expect(json["channels"] as? [String] == CustomsCatalog.channels)
        #expect(json["labels"] as? [String] == OfficeIdentity.labels.map { $0 + "：" })
        #expect(json["codeFormat"] as? String == "@")
        #expect(json["keyHidden"] as? Bool == true)
        #expect(json["print_titles"] as? String == "$6:$7")
        #expect(json["orientation"] as? String == "landscape")
        let locked = try #require(json["locked"] as? [String: Bool])
        // Columns A–K are the catalog (locked); L–AA are filled in (unlocked).
        for row in 8...32 {
            for column in 0..<27 {
                let ref = CellReference(row: row - 1, column: column).description
                #expect(locked[ref] == (column < 11), "\(ref)")
            }
        }
        // Recommended channels are highlighted, others not: item 2 recommends M, O, P, Q.
        let fill = try #require(json["fill"] as? [String: Any])
        for (column, recommended) in zip(["M", "N", "O", "P", "Q", "R", "S", "T"], [true, false, true, true, true, false, false, false]) {
            #expect((fill["\(column)9"] as? String) == (recommended ? "FFFFEB9C" : nil), "\(column)9")
        }
        let validations = try #require(json["validations"] as? [[String: Any]])
        // Every fill-in column of the table has a validation with an input message over rows 8–32.
        for column in ["L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "AA"] {
            let v = validations.first { ($0["sqref"] as? String) == "\(column)8:\(column)32" }
            #expect(v != nil, "\(column)")
            #expect((v?["prompt"] as? String)?.isEmpty == false, "\(column)")
            #expect(v?["showInput"] as? Bool == true, "\(column)")
        }
        #expect(validations.first { ($0["sqref"] as? String) == "W8:W32" }?["type"] as? String == "date")
        #expect(validations.first { ($0["sqref"] as? String) == "L8:L32" }?["formula1"] as? String == "\"已公开,部分公开,未公开,不适用\"")
        #expect(validations.first { ($0["sqref"] as? String) == "G3" }?["type"] as? String == "textLength")
        let meta = try #require(json["meta"] as? [[Any]])
        #expect(meta[1].first as? String == TemplateMetadata.catalogIDLabel)
        #expect(meta[1][1] as? String == "customs")
        #expect(meta[7].first as? String == "customs:1")
    }

    /// The plain official table (no template), its ☑ marks edited by the office, categories merged.
    @Test func plainOfficialTableWithEditedMarks() throws {
        let dir = try TestSupport.makeTemporaryDirectory("official")
        let path = dir.appendingPathComponent("official.xlsx").path
        let items = S.catalog.items.map { item -> [String: Any] in
            ["n": item.number, "cat": item.category, "name": item.name, "content": item.contentWording(),
             "deadline": item.deadlineWording(), "pub": item.publisherWording()]
        }
        let itemsJSON = String(decoding: try JSONSerialization.data(withJSONObject: items), as: UTF8.self)
        let script = """
        import openpyxl, json, sys
        items = json.loads(sys.argv[2]); channels = json.loads(sys.argv[3])
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = '目录'
        ws['A1'] = '附件'; ws['A2'] = '海关领域基层政务公开标准目录'
        top = ['序号', '公开事项', None, '公开内容（要素）', '公开依据 (见备注1)', '公开时限', '公开主体 (见备注2)', '公开渠道和载体 (见备注3)']
        for c, t in enumerate(top, 1): ws.cell(3, c).value = t
        ws.cell(4, 2).value = '一级事项'; ws.cell(4, 3).value = '二级事项'
        for i, name in enumerate(channels): ws.cell(4, 8 + i).value = name
        ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=3)
        ws.merge_cells(start_row=3, start_column=8, end_row=3, end_column=7 + len(channels))
        for c in (1, 4, 5, 6, 7): ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
        row = 5; first = {}
        for it in items:
            ws.cell(row, 1).value = it['n']
            if it['cat'] not in first: first[it['cat']] = row; ws.cell(row, 2).value = it['cat']
            ws.cell(row, 3).value = it['name'] if it['n'] != 6 else '办事详解（本关）'
            ws.cell(row, 4).value = it['content']; ws.cell(row, 6).value = it['deadline']; ws.cell(row, 7).value = it['pub']
            for i, name in enumerate(channels):
                used = (it['n'] % 2 == 1 and i == 0) or (it['n'] % 3 == 0 and i == 2)
                ws.cell(row, 8 + i).value = '☑' if used else '☐'
            row += 1
        last = {}
        for it_row in range(5, row):
            pass
        cats = [it['cat'] for it in items]
        for cat, start in first.items():
            end = start + cats.count(cat) - 1
            if end > start: ws.merge_cells(start_row=start, start_column=2, end_row=end, end_column=2)
        ws.cell(row, 1).value = '备注1'; ws.cell(row, 2).value = '①…'
        wb.save(sys.argv[1])
        """
        let channelsJSON = String(decoding: try JSONSerialization.data(withJSONObject: CustomsCatalog.channels), as: UTF8.self)
        let result = try TestSupport.python(script, [path, itemsJSON, channelsJSON])
        #expect(result.status == 0, "\(result.stderr)")
        let (r, findings) = try S.validate(URL(fileURLWithPath: path))
        #expect(r.layout == .officialTable)
        #expect(r.stamp == nil)
        #expect(r.items.count == 25)
        #expect(r.unmatchedRows.isEmpty)
        #expect(r.items.first { $0.itemNumber == 6 }?.matchedBy == .number)
        #expect(r.items.filter { $0.itemNumber != 6 }.allSatisfy { $0.matchedBy == .numberAndName })
        #expect(r.entries(forItem: 3).first?.usedChannels == ["直属海关网站", "现场公示栏"])
        #expect(r.entries(forItem: 4).first?.usedChannels == [])
        #expect(r.entries(forItem: 3).first?.channels.first?.used.source?.cell == "H7")
        #expect(Set(r.missingColumns) == Set(FillInColumn.allCases.filter { $0 != .channels }.map(\.header)))
        let codes = Set(findings.map(\.code))
        #expect(codes.contains("RET-LAYOUT"))
        #expect(findings.filter { $0.code == "RET-COLUMN-MISSING" }.count == 8)
        let rowMatch = findings.filter { $0.code == "RET-ROW-MATCH" }
        #expect(rowMatch.map(\.itemNumber) == [6])
        #expect(rowMatch.first?.location?.cell == "C10")
        #expect(findings.first { $0.code == "RET-TEXT-CHANGED" }?.location?.cell == "C10")
        // Categories merged over their items are read through the merge: nothing else changed.
        #expect(findings.filter { $0.code == "RET-TEXT-CHANGED" }.count == 1)
    }

    @Test func importedJSONAndReportMatchTheSchemas() throws {
        let dir = try TestSupport.makeTemporaryDirectory("schema")
        let (r, findings) = try S.validate(try S.filled("errors", ext: "xlsx", in: dir))
        let encoder = JSONEncoder()
        let returnPath = dir.appendingPathComponent("return.json")
        try encoder.encode(r).write(to: returnPath)
        let report = ValidationReport(files: [.init(file: "errors.xlsx", office: .init(r.office),
                                                    findings: findings.map { .init($0, language: .zh) }),
                                              .init(file: "broken.xlsx", office: nil, error: "无法读取", findings: [])])
        #expect(report.exitStatus == 2)
        let reportPath = dir.appendingPathComponent("report.json")
        try encoder.encode(report).write(to: reportPath)
        let script = """
        import json, sys, jsonschema
        for schema, doc in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
            jsonschema.Draft202012Validator(json.load(open(schema))).validate(json.load(open(doc)))
        r = json.load(open(sys.argv[2]))
        print(r['office']['code']['text'], r['items'][0]['status']['source']['cell'], len(r['items']))
        """
        let schemas = TestSupport.packageRoot.appendingPathComponent("Schemas")
        let result = try TestSupport.python(script, [schemas.appendingPathComponent("return.schema.json").path, returnPath.path,
                                                     schemas.appendingPathComponent("findings.schema.json").path, reportPath.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "101 L8 25")
        // Round trip through JSON keeps everything.
        #expect(try JSONDecoder().decode(OfficeReturn.self, from: Data(contentsOf: returnPath)) == r)
    }

    @Test func annotatedCopyHighlightsCellsAndLeavesTheInputAlone() throws {
        let dir = try TestSupport.makeTemporaryDirectory("annotate")
        let input = try S.filled("errors", ext: "xlsx", in: dir)
        let before = try Data(contentsOf: input)
        let loaded = try ReturnFiles.load(path: input.path)
        let r = try ReturnImporter(catalog: S.catalog).read(sheets: loaded.sheets, file: input.path)
        let findings = try S.validator().validate(r)
        let out = dir.appendingPathComponent("checked.xlsx").path
        try ReturnAnnotation.write(loaded, findings: findings, to: out)
        #expect(try Data(contentsOf: input) == before)
        let script = """
        import openpyxl, json, sys
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb['填报表']
        def info(ref):
            c = ws[ref]
            return [c.fill.fgColor.rgb if c.fill.fill_type == 'solid' else None, c.comment.text if c.comment else None, c.value]
        print(json.dumps({'sheets': wb.sheetnames, 'G3': info('G3'), 'X16': info('X16'), 'A8': info('A8'),
                          'summary': [[c.value for c in row] for row in wb['校验结果'].iter_rows(min_row=1, max_row=2)],
                          'metaHidden': wb['模板信息'].sheet_state, 'count': wb['校验结果'].max_row}, ensure_ascii=False, default=str))
        """
        let result = try TestSupport.python(script, [out])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["校验结果", "填报表", "填报说明", "模板信息"])
        let g3 = try #require(json["G3"] as? [Any])
        #expect(g3[0] as? String == "FFFFC7CE")
        #expect((g3[1] as? String)?.contains("RET-ID-CODE") == true)
        let x16 = try #require(json["X16"] as? [Any])
        #expect((x16[1] as? String)?.contains("2025-02-10") == true)
        #expect((x16[2] as? String)?.hasPrefix("2025-02-11") == true)
        let a8 = try #require(json["A8"] as? [Any])
        // A cell without a finding keeps the template's own fill (no highlight).
        #expect(!["FFFFC7CE", "FFFFEB9C", "FFDDEBF7"].contains(a8[0] as? String ?? ""), "\(a8[0])")
        #expect(a8[2] as? Int == 1)
        #expect(json["metaHidden"] as? String == "hidden")
        #expect(json["count"] as? Int == findings.count + 1)
    }
}
