import Foundation
import Testing
import TestSupport

/// `disclosure template`, `import` and `validate` run as a user runs them: the built binary, its stdout,
/// stderr and exit status.
@Suite struct ReturnsCLITests {
    let binary = TestSupport.disclosureBinary.path
    let fill = TestSupport.packageRoot.appendingPathComponent("Samples/returns/fill_return.py").path

    private func filled(_ scenario: String, ext: String, in dir: URL) throws -> String {
        let template = dir.appendingPathComponent("template.\(ext)").path
        let made = try TestSupport.run(binary, ["template", "-o", template, "--office-name", "北京海关机场单证", "--office-code", "0101"])
        #expect(made.status == 0, "\(made.stderr)")
        let out = dir.appendingPathComponent("\(scenario).\(ext)").path
        let result = try TestSupport.run("python3", [fill, template, out, scenario])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    @Test func validateExitStatusesAndJSON() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-returns")
        let clean = try filled("clean", ext: "xlsx", in: dir)
        let errors = try filled("errors", ext: "xlsx", in: dir)

        let ok = try TestSupport.run(binary, ["validate", clean, "--as-of", "2025-06-30"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("0 个错误，0 个警告"))

        let bad = try TestSupport.run(binary, ["validate", errors, "--as-of", "2025-06-30", "--format", "json", "--lang", "en"])
        #expect(bad.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: bad.stdoutData) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        let office = try #require(files[0]["office"] as? [String: Any])
        #expect(office["code"] as? String == "101")
        let findings = try #require(files[0]["findings"] as? [[String: Any]])
        let url = try #require(findings.first { $0["rule"] as? String == "RET-URL" })
        #expect(url["severity"] as? String == "error")
        #expect(url["sheet"] as? String == "填报表")
        #expect(url["cell"] as? String == "V11")
        #expect(url["item"] as? Int == 4)
        #expect((url["message"] as? String)?.contains("not a well-formed URL") == true)

        // An unreadable input among readable ones: exit 2, the others still reported.
        let junk = dir.appendingPathComponent("junk.xlsx").path
        try Data("PK\u{3}\u{4}not really a zip".utf8).write(to: URL(fileURLWithPath: junk))
        let mixed = try TestSupport.run(binary, ["validate", clean, junk, "--as-of", "2025-06-30", "--format", "json"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("junk.xlsx"))
        let mixedJSON = try #require(try JSONSerialization.jsonObject(with: mixed.stdoutData) as? [String: Any])
        let mixedFiles = try #require(mixedJSON["files"] as? [[String: Any]])
        #expect(mixedFiles.count == 2)
        #expect(mixedFiles[1]["error"] is String)
        #expect((mixedFiles[0]["findings"] as? [Any]) != nil)

        let missing = try TestSupport.run(binary, ["validate", dir.appendingPathComponent("nope.xlsx").path])
        #expect(missing.status == 2)
    }

    @Test func validateWritesAnAnnotatedCopy() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-annotate")
        let errors = try filled("errors", ext: "xlsx", in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: errors))
        let out = dir.appendingPathComponent("checked.xlsx").path
        let result = try TestSupport.run(binary, ["validate", errors, "--as-of", "2025-06-30", "--format", "xlsx", "-o", out])
        #expect(result.status == 1)
        #expect(FileManager.default.fileExists(atPath: out))
        #expect(try Data(contentsOf: URL(fileURLWithPath: errors)) == before)
        let check = try TestSupport.python("""
        import openpyxl, sys
        ws = openpyxl.load_workbook(sys.argv[1])['填报表']
        print(ws['V11'].comment.text if ws['V11'].comment else '')
        """, [out])
        #expect(check.stdout.contains("RET-URL"))

        // Several inputs (two with the same name): one annotated copy each in the -o folder.
        let other = dir.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let twin = other.appendingPathComponent("errors.xlsx").path
        try FileManager.default.copyItem(atPath: errors, toPath: twin)
        let folder = dir.appendingPathComponent("checked").path
        let many = try TestSupport.run(binary, ["validate", errors, twin, "--as-of", "2025-06-30", "--format", "xlsx", "-o", folder])
        #expect(many.status == 1)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["errors.checked.xlsx", "errors-2.checked.xlsx"])
    }

    @Test func importWritesJSONWithProvenance() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-import")
        let clean = try filled("clean", ext: "xlsx", in: dir)
        let out = dir.appendingPathComponent("return.json").path
        let result = try TestSupport.run(binary, ["import", clean, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["layout"] as? String == "template")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 25)
        let status = try #require(items[0]["status"] as? [String: Any])
        #expect(status["value"] as? String == "published")
        #expect((status["source"] as? [String: Any])?["cell"] as? String == "L8")

        let text = dir.appendingPathComponent("notes.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let noTable = try TestSupport.run(binary, ["import", text])
        #expect(noTable.status == 2)
        #expect(noTable.stderr.contains("未找到填报表"))
    }

    @Test func templateRejectsBadArguments() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-template")
        let wrongExt = try TestSupport.run(binary, ["template", "-o", dir.appendingPathComponent("t.txt").path])
        #expect(wrongExt.status != 0)
        #expect(wrongExt.stderr.contains(".xlsx"))
        let badCode = try TestSupport.run(binary, ["template", "-o", dir.appendingPathComponent("t.xlsx").path, "--office-code", "101"])
        #expect(badCode.status != 0)
        #expect(badCode.stderr.contains("4"))
        let badDate = try TestSupport.run(binary, ["validate", "x.xlsx", "--as-of", "2025-02-30"])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("2025-02-30"))
    }

    @Test func listRulesInBothLanguages() throws {
        let zh = try TestSupport.run(binary, ["validate", "--list-rules"])
        #expect(zh.status == 0)
        let lines = zh.stdout.split(separator: "\n")
        #expect(lines.count >= 30)
        #expect(lines.contains { $0.hasPrefix("RET-URL\t错误\t") })
        let en = try TestSupport.run(binary, ["validate", "--list-rules", "--lang", "en"])
        #expect(en.stdout.contains("RET-NA-LEVEL\tinfo\t"))
    }

    @Test func holidaysOptionAddsAYear() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-holidays")
        let errors = try filled("clean", ext: "xlsx", in: dir)
        // As of 2027 nothing in the clean return needs 2027 data; a malformed file is still refused loudly.
        let bad = dir.appendingPathComponent("2027.json").path
        try Data("{\"year\": 2027}".utf8).write(to: URL(fileURLWithPath: bad))
        let refused = try TestSupport.run(binary, ["validate", errors, "--holidays", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("2027.json"))
        try Data("{\"year\": 2027, \"papers\": [], \"days\": []}".utf8).write(to: URL(fileURLWithPath: bad))
        let accepted = try TestSupport.run(binary, ["validate", errors, "--holidays", dir.path, "--as-of", "2025-06-30"])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    }
}
