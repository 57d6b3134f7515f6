import Foundation
import Testing
import TestSupport

/// .xls end to end through the built binary: a return filled like an office, saved by LibreOffice as Excel
/// 97–2003, validates to the same findings as the .xlsx; `sheet`, `convert` and `import` read it.
@Suite struct XLSCLITests {
    let binary = TestSupport.disclosureBinary.path
    let fill = TestSupport.packageRoot.appendingPathComponent("Samples/returns/fill_return.py").path

    /// The template filled for `scenario`, as .xlsx and as the .xls LibreOffice saves from it.
    private func filledPair(_ scenario: String, in dir: URL) throws -> (xlsx: String, xls: String) {
        let template = dir.appendingPathComponent("template.xlsx").path
        let made = try TestSupport.run(binary, ["template", "-o", template, "--office-name", "北京海关机场单证", "--office-code", "0101"])
        #expect(made.status == 0, "\(made.stderr)")
        let xlsx = dir.appendingPathComponent("\(scenario).xlsx")
        let result = try TestSupport.run("python3", [fill, template, xlsx.path, scenario])
        #expect(result.status == 0, "\(result.stderr)")
        let outDir = dir.appendingPathComponent("lo")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let xls = try TestSupport.sofficeConvert(xlsx, to: "xls", outDir: outDir)
        return (xlsx.path, xls.path)
    }

    /// (rule, item, sheet, cell) of every finding of `validate --format json`, sorted.
    private func findings(_ file: String) throws -> (status: Int32, keys: [String]) {
        let run = try TestSupport.run(binary, ["validate", file, "--as-of", "2025-06-30", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any], "\(run.stderr)")
        let files = try #require(json["files"] as? [[String: Any]])
        let list = try #require(files.first?["findings"] as? [[String: Any]])
        return (run.status, list.map { f in
            ["rule", "item", "sheet", "cell"].map { "\(f[$0] ?? "-")" }.joined(separator: "|")
        }.sorted())
    }

    @Test(arguments: ["clean", "errors"])
    func validateGivesTheSameFindingsForXLSAsForXLSX(scenario: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("xls-validate")
        let (xlsx, xls) = try filledPair(scenario, in: dir)
        #expect(try String(contentsOfFile: xls, encoding: .isoLatin1).hasPrefix("\u{D0}\u{CF}\u{11}\u{E0}"))
        let a = try findings(xlsx), b = try findings(xls)
        #expect(a.status == b.status)
        #expect(a.keys == b.keys)
        if scenario == "errors" { #expect(a.keys.count > 10) }
    }

    @Test func annotatedCopyOfAnXLSIsAnXLSXAndSaysSo() throws {
        let dir = try TestSupport.makeTemporaryDirectory("xls-annotate")
        let (_, xls) = try filledPair("errors", in: dir)
        let out = dir.appendingPathComponent("checked.xlsx").path
        let run = try TestSupport.run(binary, ["validate", xls, "--as-of", "2025-06-30", "--format", "xlsx", "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains(".xls 工作簿：批注副本保存为 .xlsx"), "\(run.stderr)")
        let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: out)).read(upToCount: 4)
        #expect(head == Data([0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func sheetConvertAndImportReadXLS() throws {
        let dir = try TestSupport.makeTemporaryDirectory("xls-cli")
        let (xlsx, xls) = try filledPair("clean", in: dir)
        let list = try TestSupport.run(binary, ["sheet", "list", xls])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("模板信息") && list.stdout.contains("hidden"), "\(list.stdout)")
        // The same cells as the .xlsx, sheet by sheet (LibreOffice wrote both from one workbook).
        let dumpX = try TestSupport.run(binary, ["sheet", "dump", xlsx, "--sheet", "填报表"])
        let dumpL = try TestSupport.run(binary, ["sheet", "dump", xls, "--sheet", "填报表"])
        #expect(dumpL.status == 0, "\(dumpL.stderr)")
        #expect(dumpX.stdout == dumpL.stdout)
        let csv = dir.appendingPathComponent("out.csv").path
        let converted = try TestSupport.run(binary, ["convert", xls, csv, "--sheet", "填报表"])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).contains("落实情况"))
        let imported = try TestSupport.run(binary, ["import", xls])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("\(URL(fileURLWithPath: xls).lastPathComponent)"), "provenance names the .xls")
    }

    /// The 市场监管 sample table (Wingdings and Wingdings 2 marks read through the cell's font) saved as .xls
    /// imports to the same catalog and findings as the .xlsx.
    @Test func catalogImportOfXLSMatchesXLSX() throws {
        let dir = try TestSupport.makeTemporaryDirectory("xls-catalog")
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.xlsx")
        let xls = try TestSupport.sofficeConvert(sample, to: "xls", outDir: dir)
        var outputs: [String] = []
        var stderrs: [String] = []
        for (input, name) in [(sample.path, "x.json"), (xls.path, "l.json")] {
            let out = dir.appendingPathComponent(name).path
            let r = try TestSupport.run(binary, ["catalog", "import", input, "-o", out, "--id", "market"])
            #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
            outputs.append(try String(contentsOfFile: out, encoding: .utf8))
            stderrs.append(r.stderr.replacingOccurrences(of: input, with: "FILE"))
        }
        #expect(outputs[0] == outputs[1])
        #expect(stderrs[0] == stderrs[1])
        #expect(outputs[1].contains("依申请公开") || outputs[1].contains("onRequest"))
    }

    @Test func damagedXLSIsALocatedError() throws {
        let dir = try TestSupport.makeTemporaryDirectory("xls-damaged")
        let (_, xls) = try filledPair("clean", in: dir)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: xls))
        bytes = bytes.prefix(bytes.count / 2)
        let cut = dir.appendingPathComponent("cut.xls")
        try bytes.write(to: cut)
        let run = try TestSupport.run(binary, ["sheet", "dump", cut.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cut.xls["), "\(run.stderr)")
    }
}
