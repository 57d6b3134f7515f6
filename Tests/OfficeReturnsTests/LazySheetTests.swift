import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport

/// Import parses only the sheets a return needs (`ReturnWorkbook`): the table and the metadata sheet.
@Suite struct LazySheetTests {
    typealias S = ScenarioFiles

    @Test func corruptInstructionsSheetStillImports() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy")
        let clean = try S.filled("errors", ext: "xlsx", in: dir)
        let broken = dir.appendingPathComponent("errors-broken-instructions.xlsx")
        try TestSupport.corruptingSheet(named: ReturnTemplate.instructionsSheetName, of: clean, to: broken)

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
        try TestSupport.corruptingSheet(named: sheet, of: clean, to: broken)
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
