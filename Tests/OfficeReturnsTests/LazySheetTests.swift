import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport

/// Import parses only the sheets a return needs (`ReturnWorkbook`): the table and the metadata sheet.
@Suite struct LazySheetTests {
    typealias S = ScenarioFiles

    /// Replaces the XML part of sheet `sheet` in the XLSX at `input` with a truncated document, writing `output`.
    static func corrupting(sheet: String, of input: URL, to output: URL) throws {
        let script = """
        import re, sys, zipfile
        src, dst, name = sys.argv[1], sys.argv[2], sys.argv[3]
        z = zipfile.ZipFile(src)
        book = z.read('xl/workbook.xml').decode()
        rels = z.read('xl/_rels/workbook.xml.rels').decode()
        rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(name), book).group(1)
        target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \\
                 re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
        part = target.group(1).lstrip('/')
        part = part if part.startswith('xl/') else 'xl/' + part
        out = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == part:
                data = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
            out.writestr(info, data)
        out.close()
        print(part)
        """
        let result = try TestSupport.python(script, [input.path, output.path, sheet])
        guard result.status == 0 else { throw S.FillFailure(message: "corrupting \(sheet): \(result.stderr)") }
    }

    @Test func corruptInstructionsSheetStillImports() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy")
        let clean = try S.filled("errors", ext: "xlsx", in: dir)
        let broken = dir.appendingPathComponent("errors-broken-instructions.xlsx")
        try Self.corrupting(sheet: ReturnTemplate.instructionsSheetName, of: clean, to: broken)

        // The whole workbook cannot be loaded (the annotated copy needs every sheet) …
        #expect(throws: ReturnImportError.self) { try ReturnFiles.load(path: broken.path) }
        // … but the return imports, with exactly the findings of the intact file.
        let (intact, intactFindings) = try S.validate(clean)
        let workbook = try ReturnWorkbook(path: broken.path)
        let r = try ReturnImporter(catalog: S.catalog).read(workbook, file: clean.lastPathComponent)
        #expect(r == intact)
        #expect(try S.validator().validate(r) == intactFindings)
        let instructions = try #require(workbook.sheetNames.firstIndex(of: ReturnTemplate.instructionsSheetName))
        #expect(!workbook.isParsed(instructions))
        #expect(workbook.sheetNames.indices.filter(workbook.isParsed).map { workbook.sheetNames[$0] }
                == [ReturnTemplate.mainSheetName, TemplateMetadata.sheetName])
        // Asking for every sheet then fails with the reader's located error.
        let error = try #require(throws: ReturnImportError.self) { try workbook.allSheets() }
        #expect(error.description.contains(ReturnTemplate.instructionsSheetName) || error.description.contains("xl/worksheets/"),
                "\(error)")
    }

    @Test(arguments: [ReturnTemplate.mainSheetName, TemplateMetadata.sheetName])
    func corruptSheetTheReturnNeedsIsRejectedWithItsLocation(sheet: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy")
        let clean = try S.filled("clean", ext: "xlsx", in: dir)
        let broken = dir.appendingPathComponent("broken.xlsx")
        try Self.corrupting(sheet: sheet, of: clean, to: broken)
        let error = try #require(throws: ReturnImportError.self) {
            try ReturnFiles.importReturn(path: broken.path, catalog: S.catalog)
        }
        guard case .unreadable(let detail) = error.kind else {
            Issue.record("expected unreadable, got \(error.kind)")
            return
        }
        #expect(error.location.file == broken.path)
        // Located: the file, and the sheet's part or name.
        #expect(detail.contains(broken.path), "\(detail)")
        #expect(detail.contains("xl/worksheets/") || detail.contains(sheet), "\(detail)")
    }

    /// Without a sheet named 模板信息 the metadata sheet is found by its marker in A1: every sheet is looked at.
    @Test func metadataSheetFoundByMarkerWhenRenamed() throws {
        let template = ReturnTemplate(catalog: S.catalog)
        var meta = template.metadataGrid()
        meta.name = "Sheet9"
        let grid = GridFixtures.cleanGrid()
        let byName = try ReturnImporter(catalog: S.catalog).read(sheets: [grid, template.metadataGrid()], file: "x.xlsx")
        let byMarker = try ReturnImporter(catalog: S.catalog).read(sheets: [meta, grid], file: "x.xlsx")
        #expect(byMarker.layout == .template)
        #expect(byMarker.stamp?.catalogID.value == byName.stamp?.catalogID.value)
        #expect(byMarker.stamp?.catalogID.source?.sheet == "Sheet9")
        #expect(byMarker.items == byName.items)
    }

    /// A file whose metadata sheet was renamed (say by an office tidying tabs): all sheets are parsed, the
    /// stamp still comes from the marker.
    @Test func renamedMetadataSheetInAFileParsesEverySheet() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy")
        let clean = try S.filled("clean", ext: "xlsx", in: dir)
        let renamed = dir.appendingPathComponent("renamed.xlsx")
        let script = """
        import openpyxl, sys
        wb = openpyxl.load_workbook(sys.argv[1])
        wb['\(TemplateMetadata.sheetName)'].title = 'meta'
        wb.save(sys.argv[2])
        """
        let result = try TestSupport.python(script, [clean.path, renamed.path])
        #expect(result.status == 0, "\(result.stderr)")
        let workbook = try ReturnWorkbook(path: renamed.path)
        let r = try ReturnImporter(catalog: S.catalog).read(workbook)
        #expect(r.layout == .template)
        #expect(r.stamp?.catalogID.source?.sheet == "meta")
        #expect(workbook.sheetNames.indices.allSatisfy(workbook.isParsed))
        #expect(S.pins(try S.validator().validate(r)).isEmpty)
    }
}
