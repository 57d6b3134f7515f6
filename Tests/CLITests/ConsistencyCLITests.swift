import Foundation
import Testing
import TestSupport

/// validate and merge agree, and what they print is readable (issue 14): the built binary, as a user runs it.
@Suite struct ConsistencyCLITests {
    let binary = TestSupport.disclosureBinary.path
    let samples = TestSupport.packageRoot.appendingPathComponent("Samples")

    private func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: ["validate", "merge"], ["总署", "foo", "海关总署x"])
    func officeLevelAcceptsOnlyTheCatalogsLevels(_ command: String, _ level: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-level")
        let clean = samples.appendingPathComponent("returns/clean.xlsx").path
        var arguments = [command, clean, "--office-level", level]
        if command == "merge" { arguments += ["-o", dir.appendingPathComponent("m.xlsx").path] }
        let result = try TestSupport.run(binary, arguments)
        #expect(result.status != 0 && result.status != 1, "\(result.stdout)")
        #expect(result.stderr.contains("--office-level"))
        #expect(result.stderr.contains("直属海关") && result.stderr.contains("隶属海关"), "\(result.stderr)")
        #expect(result.stderr.contains(level))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.xlsx").path))
        // A level of the catalog is accepted.
        var good = [command, clean, "--office-level", "隶属海关", "--as-of", "2025-06-30"]
        if command == "merge" { good += ["-o", dir.appendingPathComponent("ok.xlsx").path] }
        let ok = try TestSupport.run(binary, good)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func textHidesInfosBehindOneCountingLineAndJSONKeepsThem() throws {
        let clean = samples.appendingPathComponent("returns/clean.xlsx").path
        let text = try TestSupport.run(binary, ["validate", clean, "--as-of", "2025-06-30"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n")
        #expect(!text.stdout.contains("提示 ["), "infos listed:\n\(text.stdout)")
        #expect(lines.count == 2, "\(text.stdout)")
        #expect(lines.first?.contains("另有 16 条提示未列出") == true)
        #expect(lines.first?.contains("--min-severity info") == true)

        let all = try TestSupport.run(binary, ["validate", clean, "--as-of", "2025-06-30", "--min-severity", "info"])
        #expect(all.stdout.components(separatedBy: "提示 [").count - 1 == 16)
        #expect(!all.stdout.contains("未列出"))

        let errorsOnly = try TestSupport.run(binary, ["validate", samples.appendingPathComponent("returns/errors.xlsx").path,
                                                       "--as-of", "2025-06-30", "--min-severity", "error", "--lang", "en"])
        #expect(errorsOnly.status == 1)
        #expect(!errorsOnly.stdout.contains(" warning ["))
        #expect(errorsOnly.stdout.contains("4 warnings and 12 infos not shown"), "\(errorsOnly.stdout)")

        let asJSON = try TestSupport.run(binary, ["validate", clean, "--as-of", "2025-06-30", "--format", "json"])
        let files = try #require(try json(asJSON.stdoutData)["files"] as? [[String: Any]])
        let findings = try #require(files.first?["findings"] as? [[String: Any]])
        #expect(findings.count == 16)
        #expect(findings.allSatisfy { $0["severity"] as? String == "info" })

        let bad = try TestSupport.run(binary, ["validate", clean, "--min-severity", "loud"])
        #expect(bad.status != 0 && bad.status != 1)
    }

    @Test func listRulesIncludesTheMergeRules() throws {
        let result = try TestSupport.run(binary, ["validate", "--list-rules", "--lang", "en"])
        #expect(result.status == 0)
        for code in ["RET-REJECTED-NOT-A-RETURN", "RET-REJECTED-UNREADABLE", "RET-REJECTED-OTHER-CATALOG", "RET-REJECTED-NO-CODE",
                     "RET-MERGE-NAME", "RET-MERGE-UNKNOWN-OFFICE", "RET-ROSTER-DUPLICATE", "RET-ID-PHONE", "RET-URL"] {
            #expect(result.stdout.contains("\(code)\t"), "\(code) missing")
        }
        #expect(result.stdout.contains("RET-MERGE-NAME\twarning"))
        #expect(!result.stdout.contains("merge."))
    }

    /// The same return gets the same findings from validate and from merge, with the same defaults and options:
    /// every sample return (merged one at a time: they are all office 0101), with --as-of and without (both then
    /// use today).
    @Test(arguments: [["--as-of", "2025-06-30"], [], ["--as-of", "2025-06-30", "--start-day", "included", "--office-level", "直属海关"]])
    func validateAndMergeAgreeOverTheSampleReturns(_ options: [String]) throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-agree")
        let returns = samples.appendingPathComponent("returns")
        let names = ["clean.xlsx", "clean-libreoffice.xlsx", "clean-gb18030.csv", "errors.xlsx", "errors-gb18030.csv"]
        func key(_ f: [String: Any]) -> String {
            "\(f["rule"] ?? "")|\(f["severity"] ?? "")|\(f["cell"] ?? "")|\(f["item"] ?? "")|\(f["message"] ?? "")"
        }
        var compared = 0, overdue = false
        for name in names {
            let path = returns.appendingPathComponent(name).path
            let validated = try TestSupport.run(binary, ["validate", path] + options + ["--format", "json"])
            let files = try #require(try json(validated.stdoutData)["files"] as? [[String: Any]])
            let fromValidate = try #require(files.first?["findings"] as? [[String: Any]])
            let out = dir.appendingPathComponent("\(name).json")
            let merged = try TestSupport.run(binary, ["merge", path] + options
                                             + ["-o", dir.appendingPathComponent("\(name).xlsx").path, "--json", out.path])
            // The same verdict: errors make both exit 1, none makes both exit 0.
            #expect(merged.status == validated.status, "\(name) \(options): merge \(merged.status), validate \(validated.status)")
            let mergeJSON = try json(Data(contentsOf: out))
            let mergeFindings = try #require(mergeJSON["findings"] as? [[String: Any]])
            let inputs = try #require(mergeJSON["inputs"] as? [[String: Any]])
            if inputs.first?["status"] as? String == "rejected" {
                // Rejected for another catalog or template version: validate reports that very rule as an error.
                #expect(mergeFindings.map { $0["rule"] as? String } == ["RET-REJECTED-OTHER-CATALOG"])
                #expect(fromValidate.contains { ["RET-CATALOG", "RET-CATALOG-VERSION", "RET-TEMPLATE-VERSION"].contains($0["rule"] as? String)
                    && $0["severity"] as? String == "error" })
                continue
            }
            let fromMerge = mergeFindings.filter { !(($0["rule"] as? String) ?? "").hasPrefix("RET-MERGE-") }
            #expect(fromMerge.map(key).sorted() == fromValidate.map(key).sorted(), "\(name) \(options)")
            #expect(!fromValidate.isEmpty)
            overdue = overdue || fromMerge.contains { $0["rule"] as? String == "RET-DEADLINE-OVERDUE" }
            compared += 1
        }
        #expect(compared == 4)
        // errors-gb18030.csv's item 1 is overdue as of 2025-06-30 and as of today: merge finds it without --as-of too.
        #expect(overdue)
    }

    @Test func mergeWarnsWhenTheRosterNamesTheOfficeOtherwise() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-roster-name")
        let roster = dir.appendingPathComponent("roster.csv")
        try Data("关区代码,关区名称,所属直属海关\n0101,首都机场海关,北京海关\n".utf8).write(to: roster)
        let clean = samples.appendingPathComponent("returns/clean.xlsx").path
        let result = try TestSupport.run(binary, ["merge", clean, "--roster", roster.path, "--as-of", "2025-06-30",
                                                  "-o", dir.appendingPathComponent("m.xlsx").path, "--json", dir.appendingPathComponent("m.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try json(Data(contentsOf: dir.appendingPathComponent("m.json")))
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let name = try #require(findings.first { $0["rule"] as? String == "RET-MERGE-NAME" })
        #expect(name["severity"] as? String == "warning")
        #expect((name["message"] as? String)?.contains("首都机场海关") == true)
        #expect((name["message"] as? String)?.contains("北京海关机场单证") == true)
    }

    @Test func marketTemplateHasNoCustomsWords() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-market-template")
        let catalog = samples.appendingPathComponent("catalog-market.json").path
        for ext in ["csv", "xlsx"] {
            let out = dir.appendingPathComponent("t.\(ext)").path
            let made = try TestSupport.run(binary, ["template", "--catalog", catalog, "-o", out])
            #expect(made.status == 0, "\(made.stderr)")
            let text: String
            if ext == "xlsx" {
                let dump = try TestSupport.run(binary, ["sheet", "dump", out, "--format", "json"])
                #expect(dump.status == 0, "\(dump.stderr)")
                text = dump.stdout
            } else {
                text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
            }
            #expect(text.contains("单位代码") && text.contains("上级单位"), "\(ext)")
            #expect(!text.contains("关区代码") && !text.contains("所属直属海关"), "\(ext)")
        }
    }
}

/// Reader details as `sheet dump` and `convert` show them (issue 14): durations are not dates, serial 0 is no date.
@Suite struct DurationDumpCLITests {
    let binary = TestSupport.disclosureBinary.path

    @Test func durationsAndSerialZero() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-durations")
        let book = dir.appendingPathComponent("durations.xlsx").path
        let made = try TestSupport.python("""
            import sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "times"
            for ref, value, fmt in [("A1", 58, "[h]:mm:ss"), ("B1", 1.5, "[mm]:ss"), ("C1", 0, "yyyy-mm-dd"),
                                    ("D1", 0.25, "yyyy-mm-dd"), ("E1", 0, "h:mm:ss"), ("F1", 45658, "yyyy-mm-dd")]:
                ws[ref] = value; ws[ref].number_format = fmt
            wb.save(sys.argv[1])
            """, [book])
        #expect(made.status == 0, "\(made.stderr)")
        let dump = try TestSupport.run(binary, ["sheet", "dump", book])
        #expect(dump.status == 0, "\(dump.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any])
        let cells = try #require((json["sheets"] as? [[String: Any]])?.first?["cells"] as? [[Any]])
        func cell(_ ref: String) -> [String] {
            (cells.first { $0.first as? String == ref } ?? []).dropFirst().map { "\($0)" }
        }
        #expect(cell("A1") == ["d", "1392:00:00"])   // 1900-02-27 before
        #expect(cell("B1") == ["d", "36:00:00"])
        #expect(cell("C1") == ["n", "0"])            // 1899-12-31 before
        #expect(cell("D1") == ["d", "06:00:00"])
        #expect(cell("E1") == ["d", "00:00:00"])
        #expect(cell("F1") == ["d", "2025-01-01"])
        // convert shows them as the formats do.
        let csv = dir.appendingPathComponent("out.csv").path
        let converted = try TestSupport.run(binary, ["convert", book, csv, "--no-bom", "--lf"])
        #expect(converted.status == 0, "\(converted.stderr)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: csv)), as: UTF8.self)
        #expect(text.hasPrefix("1392:00:00,2160:00,0,"), "\(text)")
    }
}
