import Foundation
import Testing
import TestSupport

/// What every subcommand promises alike (issues 13 and 14): inputs are never outputs, paths are checked
/// before any work, outputs are of the formats the command writes, one language per run, the exit statuses
/// of the README, and every file the tool writes or ships can be looked at with `sheet`.
@Suite struct CommandLineContractTests {
    let binary = TestSupport.disclosureBinary.path

    /// Runs the binary under `timeout` so a command that waits forever fails the test instead of hanging it.
    private func run(_ arguments: [String], in dir: URL? = nil, environment: [String: String]? = nil) throws -> TestSupport.ProcessResult {
        try TestSupport.run("timeout", ["60", binary] + arguments, environment: environment, currentDirectory: dir)
    }

    /// A folder with a blank template `X.xlsx` (code 0101) and a second return `Y.xlsx` (code 0102).
    private func workspace(_ label: String) throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory(label)
        for (name, code) in [("X.xlsx", "0101"), ("Y.xlsx", "0102")] {
            let made = try run(["template", "-o", dir.appendingPathComponent(name).path, "--office-code", code,
                                "--office-name", "单位\(code)"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        return dir
    }

    private func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    // MARK: - Inputs are never outputs (issue 13)

    @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws {
        let dir = try workspace("cli-same")
        let x = dir.appendingPathComponent("X.xlsx")
        let before = try bytes(x)
        let round = dir.appendingPathComponent("round")
        try FileManager.default.createDirectory(at: round, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: x, to: round.appendingPathComponent("0101.xlsx"))
        try FileManager.default.copyItem(at: dir.appendingPathComponent("Y.xlsx"), to: round.appendingPathComponent("0102.xlsx"))
        let roundBefore = try FileManager.default.contentsOfDirectory(atPath: round.path).sorted().map {
            try bytes(round.appendingPathComponent($0))
        }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.xlsx").path, withDestinationPath: "X.xlsx")

        let cases: [[String]] = [
            ["import", "X.xlsx", "-o", "X.xlsx"],
            ["import", "X.xlsx", "-o", "link.xlsx"],
            ["validate", "X.xlsx", "--format", "xlsx", "-o", "X.xlsx"],
            ["validate", "X.xlsx", "--format", "xlsx", "-o", "./X.xlsx"],
            ["validate", "X.xlsx", "--format", "xlsx", "-o", "round/../X.xlsx"],
            ["validate", "X.xlsx", "--format", "json", "-o", "X.xlsx"],
            ["validate", "X.xlsx", "-o", "X.xlsx"],
            ["merge", "round", "-o", "round/0101.xlsx"],
            ["merge", "round", "-o", "m.xlsx", "--json", "round/0102.xlsx"],
            ["merge", "round", "-o", "m.xlsx", "--json", "m.xlsx"],
            ["merge", "round", "-o", "m.xlsx", "--json", "./out/../m.xlsx"],
            ["merge", "round", "-o", "m.xlsx", "--json", "m.json", "--csv", "m.json"],
            ["convert", "X.xlsx", "X.xlsx"],
            ["convert", "X.xlsx", "./link.xlsx"],
            ["catalog", "import", "X.xlsx", "-o", "X.xlsx"],
        ]
        for arguments in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("是同一个文件"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): one line: \(result.stderr)")
        }
        #expect(try bytes(x) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: round.path).sorted().map {
            try bytes(round.appendingPathComponent($0))
        } == roundBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["X.xlsx", "Y.xlsx", "link.xlsx", "round"])

        let english = try run(["import", "X.xlsx", "-o", "./X.xlsx", "--lang", "en"], in: dir)
        #expect(english.stderr == "disclosure import: -o ./X.xlsx: is the same file as the input \"X.xlsx\"; inputs are never overwritten: choose another output name\n")
        // An output beside the inputs in an input folder is fine.
        let beside = try run(["merge", "round", "-o", "round/merged.xlsx", "--as-of", "2025-06-30"], in: dir)
        #expect(beside.status != 2, "\(beside.stderr)")
        #expect(FileManager.default.fileExists(atPath: round.appendingPathComponent("merged.xlsx").path))
    }

    @Test func mergeOfAnEmptyFolderWritesNothingAndExits2() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-empty-merge")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let result = try run(["merge", "empty", "-o", "m.xlsx", "--json", "m.json"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("没有找到任何输入文件"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["empty"])
        let help = try run(["merge", "--help"])
        #expect(help.stdout.contains("2 未能写出"))
    }

    @Test func emptyFilesAreALocatedErrorForWorkbooksAndAnEmptySheetForText() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-zero")
        let xlsx = dir.appendingPathComponent("empty.xlsx").path
        let csv = dir.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: xlsx, contents: Data())
        FileManager.default.createFile(atPath: csv, contents: Data())
        for command in ["dump", "list"] {
            let result = try run(["sheet", command, xlsx])
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("\(xlsx): 文件为空（0 字节），不是工作簿"), "\(result.stderr)")
        }
        let english = try run(["sheet", "dump", xlsx, "--lang", "en"])
        #expect(english.stderr.contains("\(xlsx): the file is empty (0 bytes): not a workbook"), "\(english.stderr)")
        let list = try run(["sheet", "list", csv])
        #expect(list.status == 0)
        #expect(list.stdout == "1\tempty\t-\n")
        let dump = try run(["sheet", "dump", csv])
        #expect(dump.status == 0)
        #expect(dump.stdout == "{\"sheets\":[\n{\"name\":\"empty\",\"cells\":[]}]}\n")
    }

    @Test func namedPipesAndDevicesAreRefusedWithoutWaiting() throws {
        let dir = try workspace("cli-fifo")
        let fifo = dir.appendingPathComponent("pipe.xlsx").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [[String]] = [
            ["sheet", "list", fifo], ["sheet", "dump", fifo], ["sheet", "dump", "/dev/zero", "--format", "csv"],
            ["convert", fifo, "out.csv"], ["import", fifo], ["validate", fifo],
            ["catalog", "import", fifo, "-o", "c.json"], ["catalog", "show", "--catalog", fifo],
            ["template", "--catalog", fifo, "-o", "t.xlsx"],
            ["merge", "X.xlsx", "--roster", fifo, "-o", "m.xlsx"],
            ["convert", "X.xlsx", "/dev/null"],
        ]
        for arguments in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("不是普通文件"), "\(arguments): \(result.stderr)")
        }
        // Inside a merged folder, a pipe is one rejected input; the merge goes on.
        let round = dir.appendingPathComponent("round")
        try FileManager.default.createDirectory(at: round, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.appendingPathComponent("X.xlsx"), to: round.appendingPathComponent("0101.xlsx"))
        #expect(mkfifo(round.appendingPathComponent("zz.xlsx").path, 0o600) == 0)
        let merged = try run(["merge", "round", "-o", "m.xlsx", "--json", "m.json", "--as-of", "2025-06-30"], in: dir)
        #expect(merged.status == 1, "\(merged.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: bytes(dir.appendingPathComponent("m.json"))) as? [String: Any])
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        let pipe = try #require(inputs.first { ($0["file"] as? String)?.hasSuffix("zz.xlsx") == true })
        #expect(pipe["status"] as? String == "rejected")
    }

    @Test func badOutputPlacesAreSaidInWords() throws {
        let dir = try workspace("cli-badout")
        let cases: [([String], String)] = [
            (["import", "X.xlsx", "-o", "."], "-o .: 是一个文件夹；请给出输出文件名"),
            (["import", "X.xlsx", "-o", "nowhere/r.json"], "-o nowhere/r.json: 文件夹“nowhere”不存在"),
            (["import", "X.xlsx", "-o", "Y.xlsx/r.json"], "不是文件夹"),
            (["validate", "X.xlsx", "--format", "json", "-o", "/"], "是一个文件夹"),
            (["template", "-o", "nowhere/t.xlsx"], "文件夹“nowhere”不存在"),
            (["catalog", "export", "-o", "nowhere/c.csv"], "文件夹“nowhere”不存在"),
            (["convert", "X.xlsx", "nowhere/x.csv"], "文件夹“nowhere”不存在"),
            (["merge", "X.xlsx", "-o", "."], "是一个文件夹"),
        ]
        for (arguments, expected) in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("error 512"))
            let path = arguments[arguments.count - 1]
            #expect(result.stderr.components(separatedBy: path + ":").count == 2, "path printed once: \(result.stderr)")
        }
    }

    // MARK: - Reads what it writes, refuses what it cannot do (issue 14)

    @Test func sheetCommandsReadEveryCSVTheToolWritesOrShips() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-own-csv")
        let template = dir.appendingPathComponent("t.csv").path
        let catalog = dir.appendingPathComponent("c.csv").path
        #expect(try run(["template", "-o", template]).status == 0)
        #expect(try run(["catalog", "export", "-o", catalog]).status == 0)
        let samples = TestSupport.packageRoot.appendingPathComponent("Samples/returns")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter { $0.hasSuffix(".csv") }
            .map { samples.appendingPathComponent($0).path }
        #expect(!shipped.isEmpty)
        for file in [template, catalog] + shipped {
            let list = try run(["sheet", "list", file])
            #expect(list.status == 0, "\(file): \(list.stderr)")
            #expect(list.stdout.hasPrefix("1\t") && list.stdout.contains("\tA1:"), "\(file): \(list.stdout)")
            let dump = try run(["sheet", "dump", file])
            #expect(dump.status == 0, "\(file): \(dump.stderr)")
            #expect(try JSONSerialization.jsonObject(with: dump.stdoutData) is [String: Any])
            let csv = try run(["sheet", "dump", file, "--format", "csv"])
            #expect(csv.status == 0, "\(file): \(csv.stderr)")
            // Rectangular: every line has as many fields as the first (no quoted newlines in these files).
            let counts = Set(csv.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).count })
            #expect(counts.count >= 1)
        }
    }

    /// `convert` reads a delimited file as a sheet whose rows may differ in length, without a flag: the template
    /// CSV the tool writes converts to a rectangle (CSV) and to XLSX, and both read back to the same cells.
    @Test func convertReadsTheTemplateCSVWithoutAFlag() throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-convert-ragged")
        let template = dir.appendingPathComponent("t.csv").path
        #expect(try run(["template", "-o", template]).status == 0)
        // The template really is ragged (else this test proves nothing).
        let widths = Set(try String(contentsOfFile: template, encoding: .utf8).split(separator: "\r\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).count })
        #expect(widths.count > 1, "the template CSV has rows of one length: \(widths)")
        let csv = dir.appendingPathComponent("out.csv").path, xlsx = dir.appendingPathComponent("out.xlsx").path
        for out in [csv, xlsx, dir.appendingPathComponent("out.json").path] {
            let converted = try run(["convert", template, out])
            #expect(converted.status == 0, "\(out): \(converted.stderr)")
        }
        let rectangle = Set(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).count })
        #expect(rectangle.count == 1, "\(rectangle)")
        let original = try run(["sheet", "dump", template])
        let viaXLSX = try run(["sheet", "dump", xlsx])
        #expect(original.status == 0 && viaXLSX.status == 0)
        func cells(_ data: Data) throws -> [[String]] {
            let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let sheets = try #require(root["sheets"] as? [[String: Any]])
            return try #require(sheets.first?["cells"] as? [[Any]]).map { cell in cell.map { "\($0)" }.filter { $0 != "s" && $0 != "n" } }
        }
        let before = try cells(original.stdoutData), after = try cells(viaXLSX.stdoutData)
        #expect(before.count > 20 && before.count == after.count)
        #expect(before.map(\.first) == after.map(\.first))
    }

    @Test func outputFormatsTheCommandDoesNotWriteAreRefusedBeforeAnyWork() throws {
        let dir = try workspace("cli-ext")
        let cases: [([String], String)] = [
            (["convert", "X.xlsx", "out.pdf"], "本命令不写 .pdf 文件"),
            (["convert", "X.xlsx", "out.xls"], "本命令不写 .xls 文件"),
            (["convert", "X.xlsx", "out"], "没有扩展名"),
            (["merge", "X.xlsx", "-o", "m.csv"], "本命令不写 .csv 文件"),
            (["merge", "X.xlsx", "-o", "m.xlsx", "--json", "m.xlsx.txt"], "本命令不写 .txt 文件"),
            (["merge", "X.xlsx", "-o", "m.xlsx", "--json", "j.xlsx"], "本命令不写 .xlsx 文件"),
            (["validate", "X.xlsx", "Y.xlsx", "--format", "xlsx", "-o", "x.xlsx"], "有多个输入时须为文件夹"),
            (["validate", "X.xlsx", "--format", "xlsx", "-o", "x.csv"], "本命令不写 .csv 文件"),
            (["validate", "X.xlsx", "--format", "json", "-o", "x.xlsx"], "本命令不写 .xlsx 文件"),
            (["import", "X.xlsx", "-o", "r.xlsx"], "本命令不写 .xlsx 文件"),
            (["template", "-o", "t.pdf"], "本命令不写 .pdf 文件"),
            (["catalog", "export", "-o", "c.xls"], "本命令不写 .xls 文件"),
        ]
        for (arguments, expected) in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["X.xlsx", "Y.xlsx"])
    }

    @Test func versionAndUsageErrorsExit2() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
        let usage: [[String]] = [
            ["no-such-command"], ["sheet", "dump"], ["sheet", "dump", "x", "--format", "pdf"], ["convert", "x"],
            ["catalog", "export"], ["template"], ["import"], ["validate"], ["merge", "x"], ["validate", "x", "--bogus"],
            ["convert", "a", "b", "--encoding", "latin9"], ["template", "-o", "t.xlsx", "--office-code", "12"],
            ["validate", "x", "--lang", "fr"], ["merge", "x", "-o", "m.xlsx", "--as-of", "2025-02-30"],
        ]
        for arguments in usage {
            let result = try run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(!result.stderr.isEmpty && result.stdout.isEmpty, "\(arguments)")
        }
    }

    /// The README's table: 0 success, 1 findings of error severity (validate, catalog import) or a merge
    /// written with rejected inputs or errors, 2 nothing done as asked.
    @Test func exitStatusTableOfTheReadme() throws {
        let dir = try workspace("cli-status")
        let fill = TestSupport.packageRoot.appendingPathComponent("Samples/returns/fill_return.py").path
        let filled = try TestSupport.run("python3", [fill, dir.appendingPathComponent("X.xlsx").path,
                                                      dir.appendingPathComponent("clean.xlsx").path, "clean"])
        #expect(filled.status == 0, "\(filled.stderr)")
        let market = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.xlsx").path
        let cases: [([String], Int32)] = [
            (["sheet", "list", "X.xlsx"], 0), (["sheet", "dump", "missing.xlsx"], 2),
            (["convert", "X.xlsx", "x.csv"], 0), (["convert", "missing.xlsx", "y.csv"], 2),
            (["catalog", "show"], 0), (["catalog", "export", "-o", "c.json"], 0), (["catalog", "show", "--catalog", "nope"], 2),
            (["catalog", "import", market, "-o", "market.json"], 0), (["catalog", "import", "c.json", "-o", "bad.json"], 2),
            (["template", "-o", "t.xlsx"], 0), (["template", "--catalog", "missing.json", "-o", "t2.xlsx"], 2),
            (["import", "clean.xlsx", "-o", "r.json"], 0), (["import", "c.json"], 2),
            (["validate", "clean.xlsx", "--as-of", "2025-06-30"], 0), (["validate", "X.xlsx", "--as-of", "2025-06-30"], 1),
            (["validate", "missing.xlsx"], 2),
            (["merge", "clean.xlsx", "-o", "m1.xlsx", "--as-of", "2025-06-30"], 0),
            (["merge", "clean.xlsx", "c.json", "-o", "m2.xlsx", "--as-of", "2025-06-30"], 1),
            (["merge", "missing.xlsx", "-o", "m3.xlsx"], 2),
        ]
        for (arguments, status) in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == status, "\(arguments): \(result.status) \(result.stderr)")
        }
    }

    // MARK: - One language at a time (issue 14)

    @Test func everySubcommandTakesLangAndTheEnvironmentDefault() throws {
        let dir = try workspace("cli-lang")
        let subcommands: [[String]] = [["sheet", "list"], ["sheet", "dump"], ["convert"], ["catalog", "show"],
                                       ["catalog", "export"], ["catalog", "import"], ["template"], ["import"],
                                       ["validate"], ["merge"]]
        for subcommand in subcommands {
            let help = try run(subcommand + ["--help"])
            #expect(help.stdout.contains("--lang"), "\(subcommand)")
            #expect(help.stdout.contains("DISCLOSURE_LANG"), "\(subcommand)")
        }
        // The same failure in each command: Chinese by default, English by the environment or --lang.
        let missing = "missing.xlsx"
        let failing: [[String]] = [
            ["sheet", "list", missing], ["sheet", "dump", missing], ["convert", missing, "o.csv"],
            ["catalog", "show", "--catalog", missing], ["catalog", "export", "--catalog", missing, "-o", "c.csv"],
            ["catalog", "import", missing, "-o", "c.json"], ["template", "--catalog", missing, "-o", "t.xlsx"],
            ["import", missing], ["validate", missing], ["merge", missing, "X.xlsx", "--roster", missing, "-o", "m.xlsx"],
        ]
        for arguments in failing {
            // A missing --catalog is "neither a built-in catalog nor an existing file".
            let catalog = arguments.contains("--catalog")
            let (zhWords, enWords) = catalog ? ("不是存在的文件", "nor an existing file") : ("文件不存在", "no such file")
            let zh = try run(arguments, in: dir)
            #expect(zh.status == 2 && zh.stderr.contains(zhWords) && !zh.stderr.contains(enWords), "\(arguments): \(zh.stderr)")
            let env = try run(arguments, in: dir, environment: ["DISCLOSURE_LANG": "en"])
            #expect(env.status == 2 && env.stderr.contains(enWords) && !env.stderr.contains(zhWords), "\(arguments): \(env.stderr)")
            let flag = try run(arguments + ["--lang", "zh"], in: dir, environment: ["DISCLOSURE_LANG": "en"])
            #expect(flag.stderr.contains(zhWords), "\(arguments): --lang wins: \(flag.stderr)")
        }
        let template = try run(["template", "-o", "t.xlsx"], in: dir)
        #expect(template.stdout.hasPrefix("已写出模板：") && !template.stdout.contains("written"))
        let english = try run(["template", "-o", "t.csv"], in: dir, environment: ["DISCLOSURE_LANG": "en_US.UTF-8"])
        #expect(english.stdout.hasPrefix("template written: ") && !english.stdout.contains("已写出"))
    }

    @Test func readerErrorsSpeakOneLanguageAndAreSaidOnce() throws {
        let dir = try workspace("cli-one-language")
        let junk = dir.appendingPathComponent("junk.xlsx")
        try Data("PK\u{3}\u{4}not really a zip".utf8).write(to: junk)
        let notZip = dir.appendingPathComponent("text.xlsm")
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]).write(to: notZip)
        // Words of the library's English descriptions that must not appear inside a Chinese message.
        let english = ["cannot", "not a zip", "no sheet named", "zip archive", "the file", "Not a", "not an"]
        let cases: [[String]] = [
            ["sheet", "dump", "junk.xlsx"], ["sheet", "dump", "X.xlsx", "--sheet", "nope"], ["convert", "junk.xlsx", "o.csv"],
            ["import", "junk.xlsx"], ["validate", "junk.xlsx"], ["import", "text.xlsm"], ["catalog", "import", "junk.xlsx", "-o", "c.json"],
        ]
        for arguments in cases {
            let result = try run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments)")
            for word in english { #expect(!result.stderr.contains(word), "\(arguments): \(result.stderr)") }
            let en = try run(arguments + ["--lang", "en"], in: dir)
            #expect(en.stderr.range(of: "\\p{Han}", options: .regularExpression) == nil
                    || en.stderr.contains("填报") || en.stderr.contains("序号"), "\(arguments): \(en.stderr)")
        }
        // validate: an unreadable file is said once, on stderr; the text report holds the others.
        let validated = try run(["validate", "Y.xlsx", "junk.xlsx", "--as-of", "2025-06-30"], in: dir)
        #expect(validated.status == 2)
        #expect(validated.stderr.components(separatedBy: "junk.xlsx").count == 2, "\(validated.stderr)")
        #expect(!validated.stdout.contains("junk.xlsx") && validated.stdout.contains("Y.xlsx"))
        // The merge's 问题 (findings) in Chinese hold no English reader detail.
        let merged = try run(["merge", "Y.xlsx", "junk.xlsx", "-o", "m.xlsx", "--json", "m.json", "--as-of", "2025-06-30"], in: dir)
        #expect(merged.status == 1, "\(merged.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: bytes(dir.appendingPathComponent("m.json"))) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let rejected = try #require(findings.first { "\($0)".contains("junk.xlsx") })
        let message = try #require(rejected["message"] as? String)
        #expect(message.contains("无法读取"), "\(message)")
        for word in english { #expect(!message.contains(word), "\(message)") }
    }

    // MARK: - One fast path for sheet dump --format csv and convert (issue 14)

    @Test func sheetDumpCSVIsWhatConvertWrites() throws {
        let dir = try workspace("cli-dump-csv")
        let converted = dir.appendingPathComponent("x.csv")
        #expect(try run(["convert", "X.xlsx", converted.path, "--no-bom", "--no-formula-guard"], in: dir).status == 0)
        let dumped = try run(["sheet", "dump", "X.xlsx", "--format", "csv"], in: dir)
        #expect(dumped.status == 0)
        #expect(dumped.stdoutData == (try bytes(converted)))
        #expect(dumped.stdoutData.count > 1000)
        let tsv = try run(["sheet", "dump", "X.xlsx", "--format", "tsv"], in: dir)
        #expect(tsv.stdout.hasPrefix("海关领域基层政务公开标准目录落实情况填报表\t"), "\(tsv.stdout.prefix(80))")
        #expect(tsv.stdout.contains("\t填报单位：\t单位0101\t"))
        #expect(!tsv.stdout.contains("\r\n"))
    }
}
