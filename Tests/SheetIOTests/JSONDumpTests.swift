import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport
import XLSXReading

/// `SheetIO.writeJSONDump` (parsing on one thread, ordering and formatting on another) writes the very text
/// `SheetDump.json` makes, sheet after sheet.
@Suite struct JSONDumpTests {
    @Test(arguments: ["Samples/returns/clean.xlsx", "Samples/catalog-market.xlsx", "Samples/catalog-customs.xlsx"])
    func twoThreadDumpIsTheOneThreadText(_ sample: String) throws {
        let path = TestSupport.packageRoot.appendingPathComponent(sample).path
        let workbook = try XLSXWorkbook(path: path)
        let dir = try TestSupport.makeTemporaryDirectory("json-dump")
        let out = dir.appendingPathComponent("dump.json").path
        let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        do {
            try SheetIO.writeJSONDump(workbook.sheets, of: workbook, toFileDescriptor: fd)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        let whole = SheetDump.json(try workbook.sheets.map { try SheetDump.read($0, of: workbook) })
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == whole)
        #expect(written.components(separatedBy: "\"cells\":").count - 1 == workbook.sheets.count)
        #expect(written.count > 500)
    }
}
