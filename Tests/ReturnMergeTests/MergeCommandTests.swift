import Foundation
import TestSupport
import Testing

/// End to end: the built `disclosure merge` over the sample round, checked by an independent recount.
@Suite(.serialized) struct MergeCommandTests {
    static let sampleRound = TestSupport.packageRoot.appendingPathComponent("Samples/round")

    /// A private copy of the sample round (the merge never modifies inputs, but tests must not depend on that).
    func copyOfRound() throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("round")
        for name in ["returns", "roster.csv", "check_round.py"] {
            try FileManager.default.copyItem(at: Self.sampleRound.appendingPathComponent(name),
                                             to: dir.appendingPathComponent(name))
        }
        return dir
    }

    func merge(_ dir: URL, _ extra: [String] = [], out: String = "out") throws -> TestSupport.ProcessResult {
        try TestSupport.run(TestSupport.disclosureBinary.path,
                            ["merge", "returns", "--roster", "roster.csv", "--as-of", "2025-06-30",
                             "-o", "\(out)/merged.xlsx", "--json", "\(out)/merged.json", "--csv", "\(out)/csv"] + extra,
                            currentDirectory: dir)
    }

    @Test func sampleRoundAgreesWithAnIndependentRecount() throws {
        let dir = try copyOfRound()
        let result = try merge(dir)
        // Rejected inputs and errors in the round: written, exit 1.
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("合并 13 个输入"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(result.stderr)")
        let holidays = TestSupport.packageRoot.appendingPathComponent("Sources/WorkCalendar/Holidays").path
        let check = try TestSupport.run("python3", ["check_round.py", "returns", "roster.csv", "out/merged.json",
                                                    "out/merged.xlsx", "2025-06-30", holidays], currentDirectory: dir)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // The recount notices a wrong figure: one channel count and one deadline verdict altered.
        let tamper = try TestSupport.python("""
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            d["summary"]["items"][0]["channels"]["直属海关网站"] += 1
            d["offices"][0]["items"][0]["deadline_met"] = not d["offices"][0]["items"][0]["deadline_met"]
            json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
            """, [dir.appendingPathComponent("out/merged.json").path, dir.appendingPathComponent("out/bad.json").path])
        #expect(tamper.status == 0, "\(tamper.stderr)")
        let caught = try TestSupport.run("python3", ["check_round.py", "returns", "roster.csv", "out/bad.json",
                                                     "out/merged.xlsx", "2025-06-30", holidays], currentDirectory: dir)
        #expect(caught.status == 1 && caught.stdout.contains("item 1 channel 直属海关网站")
                && caught.stdout.contains("item 1 deadline_met"), "\(caught.stdout)")
        let schema = TestSupport.packageRoot.appendingPathComponent("Schemas/merge.schema.json").path
        let valid = try TestSupport.python("""
            import json, sys, jsonschema
            jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
            d = json.load(open(sys.argv[2]))
            print(sorted((i["status"], i["reason"] or "") for i in d["inputs"]))
            """, [schema, dir.appendingPathComponent("out/merged.json").path])
        #expect(valid.status == 0, "\(valid.stderr)")
        for expected in ["('rejected', 'not-a-return')", "('rejected', 'other-catalog')", "('rejected', 'unreadable')",
                         "('superseded', '')", "('merged-with-findings', '')", "('merged', '')"] {
            #expect(valid.stdout.contains(expected), "\(valid.stdout)")
        }
        let csv = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/csv").path).sorted()
        #expect(csv == ["channels.csv", "conflicts.csv", "deadlines.csv", "details.csv", "findings.csv", "inputs.csv",
                        "missing.csv", "summary.csv"])
    }

    /// The round holds 2201.xls (saved by LibreOffice as Excel 97–2003): merged like the same return as .xlsx.
    @Test func roundWithAnXLSReturnMergesLikeTheAllXLSXRound() throws {
        let withXLS = try copyOfRound()
        let xls = withXLS.appendingPathComponent("returns/2201.xls")
        #expect(FileManager.default.fileExists(atPath: xls.path))
        let allXLSX = try copyOfRound()
        let converted = try TestSupport.sofficeConvert(xls, to: "xlsx", outDir: allXLSX.appendingPathComponent("returns"))
        try FileManager.default.removeItem(at: allXLSX.appendingPathComponent("returns/2201.xls"))
        #expect(converted.lastPathComponent == "2201.xlsx")
        _ = try merge(withXLS)
        _ = try merge(allXLSX)
        func normalized(_ dir: URL) throws -> String {
            try String(contentsOf: dir.appendingPathComponent("out/merged.json"), encoding: .utf8)
                .replacingOccurrences(of: "2201.xlsx", with: "2201.xls")
                .replacingOccurrences(of: dir.path, with: "ROUND")
        }
        let a = try normalized(withXLS), b = try normalized(allXLSX)
        #expect(a == b)
        #expect(a.contains("\"returns/2201.xls\""))
    }

    @Test func workbookHasFrozenFilteredFittedSheetsAndTheRoundsFacts() throws {
        let dir = try copyOfRound()
        _ = try merge(dir)
        let facts = try TestSupport.python("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets:
                widths = [ws.column_dimensions[c].width for c in "AB"]
                print(ws.title, ws.freeze_panes, bool(ws.auto_filter.ref), all(w and w > 5 for w in widths))
            conflicts = [r for r in wb["冲突"].iter_rows(min_row=2, values_only=True)]
            print("conflict", sorted({(r[0], r[3], r[4]) for r in conflicts}))
            print("missing", [r[0] for r in wb["未报送"].iter_rows(min_row=2, values_only=True)])
            problems = [r for r in wb["问题"].iter_rows(min_row=2, values_only=True)]
            print("late", [(r[0], r[3], r[4]) for r in problems if r[6] == "RET-DEADLINE"])
            print("numeric", [(r[0], r[3]) for r in problems if r[6] == "RET-MERGE-CODE-NUMERIC"])
            print("unknown", [r[0] for r in problems if r[6] == "RET-MERGE-UNKNOWN-OFFICE"])
            charts = wb["汇总"]._charts
            refs = [(s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f, s.val.numRef.f) for c in charts for s in c.series]
            print("charts", len(charts), refs)
            items = [r for r in wb["汇总"].iter_rows(min_row=13, max_row=37, values_only=True)
                     if isinstance(r[0], int) and isinstance(r[1], str) and 0 <= r[9] <= 1]
            print("chart rows", len(items))
            """, [dir.appendingPathComponent("out/merged.xlsx").path])
        #expect(facts.status == 0, "\(facts.stderr)")
        let lines = facts.stdout.split(separator: "\n").map(String.init)
        // 汇总's header row comes after its title block (three lines and an empty row).
        #expect(lines.contains("汇总 A6 True True"), "\(facts.stdout)")
        for sheet in ["明细", "渠道", "时限", "问题", "未报送", "冲突", "输入"] {
            #expect(lines.contains("\(sheet) A2 True True"), "\(sheet): \(facts.stdout)")
        }
        // 0103's draft said 部分公开 on item 5 and a remark on item 13; the later return wins.
        #expect(facts.stdout.contains("('0103', 5, '落实情况')") && facts.stdout.contains("('0103', 13, '备注')"))
        #expect(facts.stdout.contains("missing ['0104', '2203']"))
        #expect(facts.stdout.contains("late [('0102', 'X15', 8)]"), "\(facts.stdout)")
        #expect(facts.stdout.contains("numeric [('0203', 'G3')]"))
        #expect(facts.stdout.contains("unknown ['5101']"))
        // The bar chart on 汇总 draws 合规率 (column J) per item name (column B) of the 25 item rows
        // (rows 1–3: the title block, 5: the header, 6–10: four 直属海关 and 合计, 12: the item section's header).
        #expect(facts.stdout.contains("charts 1 [(\"'汇总'!$B$13:$B$37\", \"'汇总'!$J$13:$J$37\")]"), "\(facts.stdout)")
        #expect(facts.stdout.contains("chart rows 25"))
    }

    @Test func sameInputsGiveByteIdenticalOutputs() throws {
        let dir = try copyOfRound()
        _ = try merge(dir, out: "a")
        _ = try merge(dir, out: "b")
        let fm = FileManager.default
        for name in ["merged.xlsx", "merged.json"] + MergeCommandTests.csvNames.map({ "csv/" + $0 }) {
            let a = fm.contents(atPath: dir.appendingPathComponent("a/\(name)").path)
            let b = fm.contents(atPath: dir.appendingPathComponent("b/\(name)").path)
            #expect(a != nil && a == b, "\(name) differs between two runs")
        }
    }

    static let csvNames = ["summary.csv", "details.csv", "channels.csv", "deadlines.csv", "findings.csv", "missing.csv",
                           "conflicts.csv", "inputs.csv"]

    @Test func englishWorkbookAndBadArguments() throws {
        let dir = try copyOfRound()
        let en = try merge(dir, ["--lang", "en"])
        #expect(en.stdout.hasPrefix("merged 13 inputs"), "\(en.stdout)")
        let names = try TestSupport.python("import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)",
                                           [dir.appendingPathComponent("out/merged.xlsx").path])
        #expect(names.stdout.contains("'Summary', 'Details', 'Channels', 'Deadlines', 'Findings', 'Missing', 'Conflicts', 'Inputs'"))
        let badDate = try merge(dir, ["--as-of", "2025-13-01"], out: "bad")
        #expect(badDate.status != 0 && badDate.stderr.contains("--as-of"))
        let badRoster = try TestSupport.run(TestSupport.disclosureBinary.path,
            ["merge", "returns", "--roster", "returns/会议安排.xlsx", "-o", "bad/merged.xlsx"], currentDirectory: dir)
        #expect(badRoster.status == 2 && badRoster.stderr.contains("关区代码"), "\(badRoster.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    @Test func interruptedMergeLeavesNoPartialOutput() throws {
        let dir = try copyOfRound()
        // Enough returns that the merge is still running when the signal comes.
        let many = dir.appendingPathComponent("returns/many")
        try FileManager.default.createDirectory(at: many, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("returns/0101.xlsx")
        for i in 0..<600 { try FileManager.default.copyItem(at: source, to: many.appendingPathComponent("copy\(i).xlsx")) }
        let process = Process()
        process.executableURL = TestSupport.disclosureBinary
        process.arguments = ["merge", "returns", "-o", "out/merged.xlsx", "--json", "out/merged.json", "--csv", "out/csv"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Signal once the merge's handler is in place (SIGTERM caught by its dispatch source), so the
        // clean-up path is what runs, however slowly a loaded machine starts the process.
        Self.waitUntilCatching(SIGTERM, pid: process.processIdentifier)
        Thread.sleep(forTimeInterval: 0.2)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        // Either way the signal ended it: the handler exits 128 + 15 (143); a signal that came before the
        // handler was in place kills the process (Foundation reports the signal, 15). Finishing (0, 1) does not count.
        let byHandler = process.terminationReason == .exit && process.terminationStatus == 128 + SIGTERM
        let bySignal = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM
        #expect(byHandler || bySignal,
                "not ended by SIGTERM: reason \(process.terminationReason.rawValue), status \(process.terminationStatus) (did the merge finish first? make the round larger)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["check_round.py", "returns", "roster.csv"], "left behind: \(left)")
    }

    /// Waits (at most 20 s) until process `pid` catches `signal` (its handler is in place), as /proc/PID/status
    /// (`SigCgt`) shows; returns at once where there is no /proc, or when the process is gone.
    static func waitUntilCatching(_ signal: Int32, pid: Int32) {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  !status.contains("\nState:\tZ") else { return }
            // libdispatch's signal source catches the signal (SigCgt) once it is registered.
            let masks = status.split(separator: "\n").filter { $0.hasPrefix("SigCgt:") }
                .compactMap { UInt64($0.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
            if masks.contains(where: { $0 & (1 << UInt64(signal - 1)) != 0 }) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    @Test func progressBarOnlyOnATerminal() throws {
        let dir = try copyOfRound()
        // `script` gives the merge a pseudo-terminal: the bar is drawn on stderr, then cleared for the summary.
        let command = "\(TestSupport.disclosureBinary.path) merge returns -o out/merged.xlsx"
        let tty = try TestSupport.run("script", ["-qec", command, "/dev/null"], currentDirectory: dir)
        #expect(tty.stdout.contains("█") && tty.stdout.contains("/13"), "\(tty.stdout)")
        #expect(tty.stdout.contains("合并 13 个输入"))
        let piped = try merge(dir, out: "piped")
        #expect(!piped.stderr.contains("█") && !piped.stdout.contains("█"))
    }

    @Test func xlsxRosterWithANumericCode() throws {
        let dir = try copyOfRound()
        // A roster typed in Excel: 0101 became the number 101; 0102 kept as text.
        let made = try TestSupport.python("""
            import sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "名单"
            ws.append(["关区代码", "关区名称", "所属直属海关"])
            ws.append([101, "首都机场海关", "北京海关"])
            ws.append(["0102", "北京西站海关", "北京海关"])
            ws.append(["0199", "未报海关", "北京海关"])
            wb.save(sys.argv[1])
            """, [dir.appendingPathComponent("roster.xlsx").path])
        #expect(made.status == 0, "\(made.stderr)")
        let result = try TestSupport.run(TestSupport.disclosureBinary.path,
            ["merge", "returns/0101.xlsx", "returns/0102.xlsx", "--roster", "roster.xlsx", "-o", "out/m.xlsx", "--json", "out/m.json"],
            currentDirectory: dir)
        #expect(result.status == 1, "\(result.stderr)")
        let facts = try TestSupport.python("""
            import json, sys
            d = json.load(open(sys.argv[1]))
            print(d["missing"], [o["code"] for o in d["offices"]], d["unknown_offices"])
            print([(f["rule"], f["cell"]) for f in d["findings"] if f["rule"].startswith("RET-ROSTER-")])
            """, [dir.appendingPathComponent("out/m.json").path])
        #expect(facts.stdout.contains("['0199'] ['0101', '0102'] []"), "\(facts.stdout)")
        #expect(facts.stdout.contains("[('RET-ROSTER-CODE-NUMERIC', 'A2')]"), "\(facts.stdout)")
    }

    @Test func libreOfficeOpensTheWorkbookAndSeesTheSameTotals() throws {
        let dir = try copyOfRound()
        _ = try merge(dir)
        // LibreOffice exports the first sheet (汇总) as CSV: its 合计 row must be ours.
        let csv = try TestSupport.sofficeConvert(dir.appendingPathComponent("out/merged.xlsx"),
                                                 to: "csv:Text - txt - csv (StarCalc):44,34,76", outDir: dir)
        let text = try String(contentsOf: csv, encoding: .utf8)
        let total = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("合计,") }.map(String.init)
        #expect(total?.hasPrefix("合计,10,8,2,1,80.0%,225,") == true, "\(text.prefix(400))")
    }

    @Test func seededRandomRoundAgreesWithTheRecount() throws {
        // 45 returns from our template with varied valid and invalid answers, a CSV, a broken file and an
        // office that answered twice (make_round.py --count, the generator of benchmark W2).
        let dir = try TestSupport.makeTemporaryDirectory("random-round")
        let bin = TestSupport.disclosureBinary.path
        for blank in ["blank.xlsx", "blank.csv"] {
            let made = try TestSupport.run(bin, ["template", "-o", dir.appendingPathComponent(blank).path])
            #expect(made.status == 0, "\(made.stderr)")
        }
        let script = Self.sampleRound.appendingPathComponent("make_round.py").path
        let made = try TestSupport.run("python3", [script, "blank.xlsx", "blank.csv", "round", "--count", "45", "--seed", "11"],
                                       currentDirectory: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let round = dir.appendingPathComponent("round")
        let merged = try TestSupport.run(bin, ["merge", "returns", "--roster", "roster.csv", "--as-of", "2025-06-30",
                                               "-o", "m.xlsx", "--json", "m.json"], currentDirectory: round)
        #expect(merged.stdout.contains("被替代 1，被拒绝 1"), "\(merged.stdout)\(merged.stderr)")
        let holidays = TestSupport.packageRoot.appendingPathComponent("Sources/WorkCalendar/Holidays").path
        let check = try TestSupport.run("python3", [Self.sampleRound.appendingPathComponent("check_round.py").path, "returns",
                                                    "roster.csv", "m.json", "m.xlsx", "2025-06-30", holidays],
                                        currentDirectory: round)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
