import Foundation
import Testing
import TestSupport

/// End to end with the built binary: every command that reads a workbook reads .ods (LibreOffice's format),
/// told by the bytes, and gives what it gives for the same workbook as .xlsx.
@Suite struct ODSCLITests {
    static let returns = TestSupport.packageRoot.appendingPathComponent("Samples/returns")

    func disclosure(_ arguments: [String], in dir: URL? = nil) throws -> TestSupport.ProcessResult {
        try TestSupport.run(TestSupport.disclosureBinary.path, arguments, currentDirectory: dir)
    }

    @Test func sheetListNamesSheetsAndHiddenOnesAsForXLSX() throws {
        let ods = try disclosure(["sheet", "list", Self.returns.appendingPathComponent("clean.ods").path])
        let xlsx = try disclosure(["sheet", "list", Self.returns.appendingPathComponent("clean.xlsx").path])
        #expect(ods.status == 0, "\(ods.stderr)")
        func namesAndVisibility(_ out: String) -> [String] {
            out.split(separator: "\n").map { line in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                return "\(f[0]) \(f[1]) \(f.count > 3 ? String(f[3]) : "visible")"
            }
        }
        #expect(namesAndVisibility(ods.stdout) == namesAndVisibility(xlsx.stdout))
        #expect(ods.stdout.contains("\thidden"))
    }

    @Test func dumpIsToldByBytesAndMatchesTheXLSX() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-cli")
        // An .ods under a misleading name: read as .ods all the same.
        let disguised = dir.appendingPathComponent("return.xlsx")
        try FileManager.default.copyItem(at: Self.returns.appendingPathComponent("clean.ods"), to: disguised)
        let ods = try disclosure(["sheet", "dump", disguised.path])
        let xlsx = try disclosure(["sheet", "dump", Self.returns.appendingPathComponent("clean.xlsx").path])
        #expect(ods.status == 0, "\(ods.stderr)")
        let compare = try TestSupport.python("""
            import json, sys
            a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
            cells = lambda d: {(s["name"], c[0]): (c[1], c[2]) for s in d["sheets"] for c in s["cells"]}
            ca, cb = cells(a), cells(b)
            print(len(ca), len(cb), sorted(set(ca.items()) ^ set(cb.items()))[:5])
            """, [ods.stdout, xlsx.stdout])
        #expect(compare.status == 0, "\(compare.stderr)")
        let words = compare.stdout.split(separator: " ", maxSplits: 2)
        #expect(words.count == 3 && words[0] == words[1] && words[2].hasPrefix("[]"), "\(compare.stdout)")
    }

    @Test func convertODSToCSVXLSXAndJSON() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-convert")
        let input = Self.returns.appendingPathComponent("clean.ods").path
        for out in ["out.csv", "out.xlsx", "out.json"] {
            let result = try disclosure(["convert", input, out], in: dir)
            #expect(result.status == 0, "\(out): \(result.stderr)")
        }
        let csv = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(csv.contains("北京海关机场单证") && csv.contains("0101"))
        // The .xlsx written from the .ods reads back with its first sheet's name and the same cells.
        let list = try disclosure(["sheet", "list", dir.appendingPathComponent("out.xlsx").path])
        let odsList = try disclosure(["sheet", "list", input])
        #expect(list.stdout.split(separator: "\n").first.map { $0.split(separator: "\t")[1] }
                == odsList.stdout.split(separator: "\n").first.map { $0.split(separator: "\t")[1] })
        let back = try disclosure(["convert", dir.appendingPathComponent("out.xlsx").path, "back.csv"], in: dir)
        #expect(back.status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("back.csv"), encoding: .utf8) == csv)
        let json = try Data(contentsOf: dir.appendingPathComponent("out.json"))
        let sheets = try #require((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["sheets"] as? [[String: Any]])
        #expect(sheets.count == odsList.stdout.split(separator: "\n").count)
    }

    @Test func validateODSGivesTheXLSXFindingsAndAnXLSXCopy() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-validate")
        func findings(_ name: String) throws -> [String] {
            let result = try disclosure(["validate", Self.returns.appendingPathComponent(name).path, "--as-of", "2025-06-30", "--format", "json"])
            #expect(result.status == 1, "\(result.stderr)")
            let check = try TestSupport.python("""
                import json, sys
                d = json.loads(sys.argv[1])
                for f in d["files"][0]["findings"]: print(f["rule"], f.get("item"), f.get("sheet"), f.get("cell"))
                """, [result.stdout])
            return check.stdout.split(separator: "\n").map(String.init)
        }
        let ods = try findings("errors.ods"), xlsx = try findings("errors.xlsx")
        #expect(ods.count > 20)
        #expect(ods == xlsx)
        let annotated = try disclosure(["validate", Self.returns.appendingPathComponent("errors.ods").path, "--as-of", "2025-06-30",
                                        "--format", "xlsx", "-o", "checked.xlsx"], in: dir)
        #expect(annotated.status == 1, "\(annotated.stderr)")
        let list = try disclosure(["sheet", "list", dir.appendingPathComponent("checked.xlsx").path])
        #expect(list.status == 0 && list.stdout.contains("校验结果"), "\(list.stdout)\(list.stderr)")
        let head = try FileHandle(forReadingFrom: dir.appendingPathComponent("checked.xlsx")).read(upToCount: 64) ?? Data()
        #expect(!String(decoding: head, as: UTF8.self).contains("mimetype"), "the copy is an .xlsx, not an .ods")
    }

    @Test func importAndCatalogImportReadODS() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-import")
        let imported = try disclosure(["import", Self.returns.appendingPathComponent("clean.ods").path, "-o", "r.json"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let json = try String(contentsOf: dir.appendingPathComponent("r.json"), encoding: .utf8)
        #expect(json.contains("clean.ods") && json.contains("0101"))
        let catalog = try TestSupport.sofficeConvert(TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.xlsx"), to: "ods", outDir: dir)
        let fromODS = try disclosure(["catalog", "import", catalog.path, "--id", "market", "-o", "ods.json"], in: dir)
        let fromXLSX = try disclosure(["catalog", "import", TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.xlsx").path,
                                       "--id", "market", "-o", "xlsx.json"], in: dir)
        #expect(fromODS.status == 0 && fromXLSX.status == 0, "\(fromODS.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("ods.json")) == Data(contentsOf: dir.appendingPathComponent("xlsx.json")))
    }

    @Test func unreadableODSIsLocated() throws {
        let dir = try TestSupport.makeTemporaryDirectory("ods-bad")
        let data = try Data(contentsOf: Self.returns.appendingPathComponent("clean.ods"))
        let cut = dir.appendingPathComponent("cut.ods")
        try data.prefix(data.count / 3).write(to: cut)
        let result = try disclosure(["sheet", "dump", cut.path, "--lang", "en"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cut.ods"), "\(result.stderr)")
    }
}
