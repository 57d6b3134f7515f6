import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport

/// The annotated copy of an .xlsx return (`validate --format xlsx`) is still the return: the office fixes
/// its findings in it and sends it back. openpyxl (a real peer) reads the input and the copy and every guard
/// rail of the template must be the same in both.
@Suite struct AnnotatedCopyTests {
    typealias S = ScenarioFiles

    /// What openpyxl sees of a workbook's guard rails and print setup, per sheet, plus a few cells.
    static let inspect = """
    import openpyxl, json, sys
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {'sheets': wb.sheetnames, 'active': wb.active.title, 'book': {}, 'cells': {}}
    for ws in wb.worksheets:
        p = ws.protection
        ps = ws.page_setup
        pm = ws.page_margins
        fit = ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr is not None else None
        dv = [[str(v.sqref), v.type, v.operator, v.formula1, v.formula2, v.allow_blank, v.showInputMessage,
               v.showErrorMessage, v.prompt, v.promptTitle, v.error, v.errorTitle, v.errorStyle]
              for v in ws.data_validations.dataValidation]
        out['book'][ws.title] = {
            'state': ws.sheet_state,
            'protection': [p.sheet, p.password, p.algorithmName, p.hashValue, p.saltValue, p.spinCount,
                           p.formatCells, p.formatColumns, p.formatRows, p.insertRows, p.deleteRows, p.sort,
                           p.autoFilter, p.selectLockedCells, p.selectUnlockedCells, p.objects, p.scenarios],
            'validations': sorted(dv, key=json.dumps),
            'page': [ps.paperSize, ps.orientation, ps.fitToWidth, ps.fitToHeight, fit],
            'margins': [pm.left, pm.right, pm.top, pm.bottom, pm.header, pm.footer],
            'footer': ws.oddFooter.center.text,
            'printTitles': ws.print_title_rows, 'printArea': ws.print_area,
            'widths': {k: [d.width, d.hidden] for k, d in sorted(ws.column_dimensions.items())},
            'hiddenColumns': sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
            'rows': {str(k): [d.height, d.hidden] for k, d in sorted(ws.row_dimensions.items()) if d.height or d.hidden},
            'merges': sorted(str(r) for r in ws.merged_cells.ranges),
            'freeze': ws.freeze_panes,
            'conditionalFormats': len(ws.conditional_formatting),
        }
    ws = wb[sys.argv[2]]
    for ref in sys.argv[3:]:
        c = ws[ref]
        out['cells'][ref] = {'fill': c.fill.fgColor.rgb if c.fill.fill_type == 'solid' else None,
                             'note': c.comment.text if c.comment else None, 'value': c.value,
                             'format': c.number_format, 'locked': c.protection.locked, 'font': c.font.name,
                             'bold': c.font.b}
    if '校验结果' in wb.sheetnames:
        s = wb['校验结果']
        out['summary'] = {'rows': s.max_row, 'header': [c.value for c in s[1]], 'titles': s.print_title_rows,
                          'links': [c.hyperlink.location for c in s['C'][1:] if c.hyperlink is not None]}
    print(json.dumps(out, ensure_ascii=False, default=str))
    """

    /// Cells looked at: findings (G3 the office code, X16 a date, L32 the status, I4 the report date) and
    /// cells without one (A8, C8).
    static let cells = ["G3", "X16", "L32", "I4", "A8", "C8"]

    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func look(_ url: URL) throws -> [String: Any] {
        let result = try TestSupport.python(inspect, [url.path, ReturnTemplate.mainSheetName] + cells)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Annotates `input` through the library as `validate --format xlsx` does and checks the copy against it.
    func checkCopy(of input: URL, in dir: URL) throws {
        let before = try Data(contentsOf: input)
        let workbook = try ReturnWorkbook(path: input.path)
        let original = try ReturnImporter(catalog: S.catalog).read(workbook, file: input.path)
        let findings = try S.validator().validate(original)
        #expect(!findings.isEmpty)
        let copy = dir.appendingPathComponent(input.deletingPathExtension().lastPathComponent + "-checked.xlsx")
        try ReturnAnnotation.write(try workbook.allSheets(), findings: findings, to: copy.path)
        #expect(try Data(contentsOf: input) == before, "the input was modified")

        let was = try Self.look(input), now = try Self.look(copy)
        // Every sheet of the input keeps its guard rails and print setup as they were.
        let wasBook = try #require(was["book"] as? [String: [String: Any]])
        let nowBook = try #require(now["book"] as? [String: [String: Any]])
        #expect(now["sheets"] as? [String] == [ReturnAnnotation.summarySheetName] + (was["sheets"] as? [String] ?? []))
        #expect(now["active"] as? String == ReturnAnnotation.summarySheetName)
        for (name, sheet) in wasBook {
            let kept = try #require(nowBook[name], "sheet \(name) is gone")
            for (key, value) in sheet {
                #expect(try Self.canonical([key: value]) == Self.canonical([key: kept[key] ?? NSNull()]),
                        "\(name) \(key): was \(value), now \(kept[key] ?? "nil")")
            }
        }
        // The guard rails the template has are there at all (so the equality above says something).
        let main = try #require(nowBook[ReturnTemplate.mainSheetName])
        let protection = try #require(main["protection"] as? [Any])
        #expect(protection.first as? Bool == true, "the table sheet is not protected")
        let validations = try #require(main["validations"] as? [[Any]])
        #expect(validations.count >= 20, "\(validations.count) validations")
        #expect(validations.contains { $0[1] as? String == "date" }, "no date validation")
        #expect(validations.contains { $0[1] as? String == "textLength" && $0[3] as? String == "4" }, "no 4-character 关区代码 check")
        #expect(validations.contains { ($0[8] as? String).map { !$0.isEmpty } == true }, "no input prompt")
        let page = try #require(main["page"] as? [Any])
        #expect(page[0] as? String == "8" || page[0] as? Int == 8, "paper \(page[0])")  // A3
        #expect(page[1] as? String == "landscape")
        #expect((main["printTitles"] as? String)?.isEmpty == false)
        #expect((main["hiddenColumns"] as? [String])?.isEmpty == false, "the key column is not hidden")
        #expect(nowBook[TemplateMetadata.sheetName]?["state"] as? String == "hidden")

        // The highlights and notes; cells without findings as they were.
        let cells = try #require(now["cells"] as? [String: [String: Any]])
        let wasCells = try #require(was["cells"] as? [String: [String: Any]])
        #expect(cells["G3"]?["fill"] as? String == "FFFFC7CE")
        #expect((cells["G3"]?["note"] as? String)?.contains("RET-ID-CODE") == true)
        #expect((cells["X16"]?["note"] as? String)?.contains("2025-02-10") == true)
        for ref in ["G3", "X16", "L32", "I4"] {
            for key in ["value", "format", "locked", "font", "bold"] {
                #expect(String(describing: cells[ref]?[key]) == String(describing: wasCells[ref]?[key]), "\(ref) \(key)")
            }
        }
        for ref in ["A8", "C8"] {
            #expect(try Self.canonical(cells[ref] ?? [:]) == Self.canonical(wasCells[ref] ?? [:]), "\(ref) changed")
        }
        // 校验结果: one row per finding, printed with its header row, links to the cells.
        let summary = try #require(now["summary"] as? [String: Any])
        #expect(summary["rows"] as? Int == findings.count + 1)
        #expect(summary["header"] as? [String] == ["级别", "规则", "位置", "事项", "说明"])
        #expect(summary["titles"] as? String == "$1:$1")
        #expect((summary["links"] as? [String])?.contains("'\(ReturnTemplate.mainSheetName)'!G3") == true)

        // Re-validating the copy gives the same findings.
        let (_, again) = try S.validate(copy)
        #expect(S.pins(again, includeInfo: true) == S.pins(findings, includeInfo: true),
                "missing: \(S.pins(findings, includeInfo: true).subtracting(S.pins(again, includeInfo: true))) extra: \(S.pins(again, includeInfo: true).subtracting(S.pins(findings, includeInfo: true)))")

        // LibreOffice opens it.
        let pdfDir = dir.appendingPathComponent("pdf-\(copy.lastPathComponent)")
        try FileManager.default.createDirectory(at: pdfDir, withIntermediateDirectories: true)
        let pdf = try TestSupport.sofficeConvert(copy, to: "pdf", outDir: pdfDir)
        #expect(try Data(contentsOf: pdf).prefix(5) == Data("%PDF-".utf8))
    }

    @Test func annotatedCopyOfAnOpenpyxlFilledReturnKeepsEveryGuardRail() throws {
        let dir = try TestSupport.makeTemporaryDirectory("annotated-openpyxl")
        try checkCopy(of: try S.filled("errors", ext: "xlsx", in: dir), in: dir)
    }

    @Test func annotatedCopyOfALibreOfficeSavedReturnKeepsEveryGuardRail() throws {
        let dir = try TestSupport.makeTemporaryDirectory("annotated-lo")
        let loDir = dir.appendingPathComponent("lo")
        try FileManager.default.createDirectory(at: loDir, withIntermediateDirectories: true)
        let saved = try TestSupport.sofficeConvert(try S.filled("errors", ext: "xlsx", in: dir), to: "xlsx", outDir: loDir)
        try checkCopy(of: saved, in: dir)
    }

    /// Checking the annotated copy again (the office sent it back unchanged) replaces its 校验结果 and the
    /// finding lines of its notes instead of adding a second set.
    @Test func annotatingTheCopyAgainReplacesTheEarlierResults() throws {
        let dir = try TestSupport.makeTemporaryDirectory("annotated-twice")
        let input = try S.filled("errors", ext: "xlsx", in: dir)
        let (_, findings) = try S.validate(input)
        let first = dir.appendingPathComponent("first.xlsx"), second = dir.appendingPathComponent("second.xlsx")
        try ReturnAnnotation.write(try ReturnWorkbook(path: input.path).allSheets(), findings: findings, to: first.path)
        let (_, again) = try S.validate(first)
        try ReturnAnnotation.write(try ReturnWorkbook(path: first.path).allSheets(), findings: again, to: second.path)
        let was = try Self.look(first), now = try Self.look(second)
        #expect(now["sheets"] as? [String] == was["sheets"] as? [String])
        #expect(now["sheets"] as? [String] == [ReturnAnnotation.summarySheetName, ReturnTemplate.mainSheetName, "填报说明", TemplateMetadata.sheetName])
        let summary = try #require(now["summary"] as? [String: Any])
        #expect(summary["rows"] as? Int == again.count + 1)
        #expect(summary["titles"] as? String == "$1:$1")
        let note = try #require((now["cells"] as? [String: [String: Any]])?["G3"]?["note"] as? String)
        #expect(note.components(separatedBy: "RET-ID-CODE").count == 2, "\(note)")
        // The table sheet's print titles are still its own.
        let book = try #require(now["book"] as? [String: [String: Any]])
        let wasBook = try #require(was["book"] as? [String: [String: Any]])
        #expect(book[ReturnTemplate.mainSheetName]?["printTitles"] as? String == wasBook[ReturnTemplate.mainSheetName]?["printTitles"] as? String)
        #expect((book[ReturnTemplate.mainSheetName]?["printTitles"] as? String)?.isEmpty == false)
    }
}
