import Testing
import Foundation
import TestSupport

/// `disclosure catalog …` end to end: the built binary, its stdout, stderr and exit status.
@Suite(.serialized) struct CatalogCLITests {
    let binary = TestSupport.disclosureBinary.path

    @Test func showPrintsTheCatalogInBothLanguages() throws {
        let zh = try TestSupport.run(binary, ["catalog", "show"])
        #expect(zh.status == 0, "\(zh.stderr)")
        #expect(zh.stdout.hasPrefix("海关领域基层政务公开标准目录\n"))
        #expect(zh.stdout.contains("| 25   | 综合管理"))
        #expect(zh.stdout.contains("其他：海关总署网站"))
        #expect(zh.stdout.contains("⑪ 《国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知》"))
        // Every table line has the same display width (CJK counted as two columns).
        let tableLines = zh.stdout.split(separator: "\n").filter { $0.hasPrefix("|") || $0.hasPrefix("+") }
        let widths = Set(tableLines.map { line in line.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x2E80 && $1.value <= 0x9FFF) || ($1.value >= 0xFF00 && $1.value <= 0xFF60) ? 2 : 1) } })
        #expect(widths.count == 1, "\(widths)")
        let en = try TestSupport.run(binary, ["catalog", "show", "--lang", "en"])
        #expect(en.stdout.contains("Recommended channels") && en.stdout.contains("on request"))
    }

    @Test func exportThenImportGivesTheSameJSON() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-cli")
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        for name in ["c.json", "c.xlsx", "c.csv"] {
            let r = try TestSupport.run(binary, ["catalog", "export", "-o", path(name)])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("25 个事项"))
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: path("c.json")))
        for table in ["c.xlsx", "c.csv"] {
            let out = path(table + ".json")
            let r = try TestSupport.run(binary, ["catalog", "import", path(table), "-o", out, "--id", "customs", "--issuer", "海关总署"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("25 个事项，8 个渠道"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == original, "\(table)")
        }
        // --catalog accepts the exported JSON and a table.
        let fromJSON = try TestSupport.run(binary, ["catalog", "show", "--catalog", path("c.json")])
        let fromTable = try TestSupport.run(binary, ["catalog", "show", "--catalog", path("c.xlsx")])
        let builtIn = try TestSupport.run(binary, ["catalog", "show"])
        #expect(fromJSON.stdout == builtIn.stdout)
        #expect(fromTable.stdout == builtIn.stdout)
    }

    @Test func importReportsLocatedFindingsOnStderr() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-cli-findings")
        let csv = dir.appendingPathComponent("tax.csv").path
        let text = """
        税务领域基层政务公开标准目录
        序号,二级事项,公开内容,公开时限,公开渠道·政府网站,全社会,主动
        1,税收政策,政策文件,看情况,？,√,√
        2,办税指南,指南,20工作日,☑,√,√

        """
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        let out = dir.appendingPathComponent("tax.json").path
        let r = try TestSupport.run(binary, ["catalog", "import", csv, "-o", out])
        #expect(r.status == 0)
        #expect(r.stderr.contains("tax.csv!tax!D3: 警告 [CAT-DEADLINE-UNPARSED] 第1项"))
        #expect(r.stderr.contains("tax.csv!tax!E3: 警告 [CAT-GLYPH]"))
        let en = try TestSupport.run(binary, ["catalog", "import", csv, "-o", out, "--lang", "en"])
        #expect(en.stderr.contains("warning [CAT-GLYPH] item 1: check mark"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect(json?["domain"] as? String == "税务")
        #expect((json?["items"] as? [Any])?.count == 2)
    }

    @Test func badInputFailsClearly() throws {
        let dir = try TestSupport.makeTemporaryDirectory("catalog-cli-bad")
        let notTable = dir.appendingPathComponent("x.csv").path
        try Data("姓名,电话\n张三,1\n".utf8).write(to: URL(fileURLWithPath: notTable))
        let r = try TestSupport.run(binary, ["catalog", "import", notTable, "-o", dir.appendingPathComponent("o.json").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("x.csv!x: 没有找到标准目录的表头"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.json").path))
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.xlsx").path
        let noSheet = try TestSupport.run(binary, ["catalog", "import", sample, "--sheet", "无此表", "-o", dir.appendingPathComponent("m.json").path])
        #expect(noSheet.status == 2 && noSheet.stderr.contains("无此表"))
        let sheet = try TestSupport.run(binary, ["catalog", "import", sample, "--sheet", "市场监管", "-o", dir.appendingPathComponent("m.json").path])
        #expect(sheet.status == 0 && sheet.stdout.contains("4 个事项"))
        let missing = try TestSupport.run(binary, ["catalog", "show", "--catalog", "nope"])
        #expect(missing.status == 2 && missing.stderr.contains("nope: 既不是内置目录"))
        let badOut = try TestSupport.run(binary, ["catalog", "export", "-o", dir.appendingPathComponent("a.txt").path])
        #expect(badOut.status != 0 && badOut.stderr.contains("可用 .xlsx、.csv、.json"))
        let badJSON = dir.appendingPathComponent("bad.json").path
        try Data(#"{"id": 1}"#.utf8).write(to: URL(fileURLWithPath: badJSON))
        let j = try TestSupport.run(binary, ["catalog", "show", "--catalog", badJSON])
        #expect(j.status == 2 && j.stderr.contains("bad.json:1:8: 目录 JSON 无效：id应为字符串，实际是数字"), "\(j.stderr)")
    }
}
