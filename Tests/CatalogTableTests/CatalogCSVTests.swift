import Testing
import Foundation
import CSV
import SheetCore
import DisclosureCatalog
import TestSupport
@testable import CatalogTable

@Suite struct CatalogCSVTests {
    @Test func recordsHaveFlattenedHeaderAndFootnotes() {
        let records = CatalogCSV.records(CustomsCatalog.catalog)
        #expect(records[0] == ["附件"])
        #expect(records[1] == ["海关领域基层政务公开标准目录"])
        #expect(records[2][1] == "公开事项·一级事项")
        #expect(records[2][7] == "公开渠道和载体 (见备注3)·直属海关网站")
        #expect(records[2][15] == "公开对象·全社会")
        #expect(records.count == 3 + 25 + 1 + 3)
        #expect(records[3 + 8][18] == "√")  // item 9 依申请
        #expect(records[3 + 25] == [])
        #expect(records.last?.first == "备注3")
    }

    /// built-in → CSV file (our writer) → CSV reader → table reader → equal model.
    @Test func csvFileRoundTrip() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-csv")
        let path = dir.appendingPathComponent("customs.csv").path
        try CatalogCSV.write(CustomsCatalog.catalog, to: path)
        let records = try CSVReader(path: path, options: CSVReadOptions(flexible: true)).readAll()
        let result = try CatalogTableReader.read(CatalogCSV.grid(records, name: "customs"),
                                                 options: .init(file: path, id: "customs", issuer: "海关总署"))
        #expect(result.catalog == CustomsCatalog.catalog)
        #expect(result.findings.filter { $0.severity != .info } == [])
        // Python's csv module reads the same 32 records and the 其他 form of item 3.
        let py = try TestSupport.python("""
        import csv, sys
        rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
        print(len(rows)); print(rows[5][14])
        """, [path])
        #expect(py.stdout == "32\n☑ 海关总署网站\n", "\(py.stderr)")
    }

    /// A CSV saved by Excel/WPS in GB18030 (no BOM) imports the same as UTF-8.
    @Test func gb18030CSVImports() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-gb")
        let utf8 = dir.appendingPathComponent("u.csv").path
        try CatalogCSV.write(CustomsCatalog.catalog, to: utf8)
        let gb = dir.appendingPathComponent("gb.csv").path
        let py = try TestSupport.python("""
        import sys
        t = open(sys.argv[1], encoding='utf-8-sig').read()
        open(sys.argv[2], 'wb').write(t.encode('gb18030'))
        """, [utf8, gb])
        #expect(py.status == 0, "\(py.stderr)")
        let result = try CatalogFile.readTable(path: gb, options: .init(file: gb, id: "customs", issuer: "海关总署"))
        #expect(result.catalog == CustomsCatalog.catalog)
    }
}
