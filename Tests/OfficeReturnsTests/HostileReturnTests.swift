import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport

/// Issue 13: returns that crashed (SIGILL) or hung import and validate. The hostile files are made here from
/// the committed clean sample, with one cell added.
@Suite struct HostileReturnTests {
    typealias S = ScenarioFiles

    /// `Samples/returns/clean.xlsx` with `cellXML` appended to the table sheet's data (as row `row`).
    static func cleanWith(row: Int, cellXML: String, in dir: URL, name: String) throws -> URL {
        let source = TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx").path
        let output = dir.appendingPathComponent(name)
        let result = try TestSupport.python("""
        import sys, zipfile
        src, dst, row, cell = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"</sheetData>", ('<row r="%s">%s</row></sheetData>' % (row, cell)).encode())
                out.writestr(info, data)
        """, [source, output.path, String(row), cellXML])
        guard result.status == 0 else { throw TestSupport.ToolFailure(message: result.stderr) }
        return output
    }

    /// A non-item row whose 序号 is 1e20, 1e400 (infinity once parsed) or INF, as a number cell and as text:
    /// `Int(Double)` trapped in the importer's item matching.
    @Test func hugeOrInfiniteItemNumberIsAnUnknownRowNotACrash() throws {
        let dir = try TestSupport.makeTemporaryDirectory("hostile-number")
        let (clean, cleanFindings) = try S.validate(TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx"))
        for value in ["1e20", "1e400", "INF", "-1e300", "NaN"] {
            // (`<v>NaN</v>` is no number: the reader refuses it with its cell, tested elsewhere.)
            for asText in value == "NaN" ? [true] : [false, true] {
                let cell = asText ? "<c r=\"A999\" t=\"inlineStr\"><is><t>\(value)</t></is></c>" : "<c r=\"A999\"><v>\(value)</v></c>"
                let url = try Self.cleanWith(row: 999, cellXML: cell, in: dir, name: "n-\(value)-\(asText).xlsx")
                let (r, findings) = try S.validate(url)
                #expect(r.items.count == clean.items.count, "\(value)")
                let unknown = findings.filter { $0.code == "RET-ROW-UNKNOWN" }
                #expect(unknown.count == 1, "\(value) \(asText)")
                #expect(unknown.first?.location?.cell == "A999", "\(value) \(asText)")
                #expect(findings.count == cleanFindings.count + 1, "\(value) \(asText)")
            }
        }
    }

    /// One cell at XFD1048576 added to a real return: the importer walked every row and column of the
    /// address space. Now the rows and columns holding cells are walked, with the same result.
    @Test func farCellAtXFD1048576IsReadInBoundedTime() throws {
        let dir = try TestSupport.makeTemporaryDirectory("hostile-far")
        let url = try Self.cleanWith(row: 1_048_576, cellXML: "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c>",
                                     in: dir, name: "far.xlsx")
        let (clean, cleanFindings) = try S.validate(TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx"))
        let start = Date()
        let (r, findings) = try S.validate(url)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(r.items.count == clean.items.count)
        #expect(r.items.map(\.itemNumber) == clean.items.map(\.itemNumber))
        #expect(r.office.code.text == clean.office.code.text)
        let unknown = findings.filter { $0.code == "RET-ROW-UNKNOWN" }
        #expect(unknown.count == 1)
        #expect(unknown.first?.location?.cell == "A1048576")
        #expect(findings.count == cleanFindings.count + 1)
    }
}
