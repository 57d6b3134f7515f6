import CSV
import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport

/// `disclosure convert` end to end: the built binary, real peers reading what it wrote.
@Suite("disclosure convert")
struct ConversionTests {
    static var binary: String { TestSupport.disclosureBinary.path }

    /// A seeded corpus of text that must survive: leading zeros, long IDs, plus signs, formula-like text,
    /// spaces, quotes, line breaks, CJK with supplementary-plane characters; plus plain numbers.
    static func corpus() -> [[String]] {
        var generator = SeededRandom(seed: 20251129)
        let pieces = ["0101", "关区", "𠀀", "😀", " ", "\"", ",", "\n", "=SUM(A1)", "+86", "-", "@", "123456789012345678", "a", "☑"]
        var rows = [["关区代码", "名称", "金额", "说明"]]
        for r in 1...60 {
            var row = [String(format: "%04d", r), "", String(Double(r) * 1.25 == Double(Int(Double(r) * 1.25)) ? String(Int(Double(r) * 1.25)) : String(Double(r) * 1.25)), ""]
            for k in [1, 3] {
                let count = Int(generator.next() % 5)
                row[k] = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            }
            rows.append(row)
        }
        return rows
    }

    @Test func csvToXLSXToCSVIsLosslessAndTypesNumbers() throws {
        let dir = try TestSupport.makeTemporaryDirectory("convert-rt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = Self.corpus()
        let source = dir.appendingPathComponent("returns.csv").path
        let writer = try CSVWriter(path: source, options: CSVWriteOptions(formulaGuard: false))
        for row in rows { try writer.writeRecord(row) }
        try writer.close()

        let xlsx = dir.appendingPathComponent("returns.xlsx").path
        let toXLSX = try TestSupport.run(Self.binary, ["convert", source, xlsx])
        #expect(toXLSX.status == 0, "\(toXLSX.stderr)")
        let back = dir.appendingPathComponent("back.csv").path
        let toCSV = try TestSupport.run(Self.binary, ["convert", xlsx, back, "--no-formula-guard"])
        #expect(toCSV.status == 0, "\(toCSV.stderr)")
        #expect(try CSVReader(path: back).readAll() == rows)

        // openpyxl sees numbers where the text was a plain number, text everywhere else.
        let types = try TestSupport.python(#"""
        import json, sys, openpyxl
        sheet = openpyxl.load_workbook(sys.argv[1]).active
        print(json.dumps([[type(c.value).__name__ if c.value is not None else "none" for c in row] for row in sheet.iter_rows()]))
        """#, [xlsx])
        #expect(types.status == 0, "\(types.stderr)")
        let kinds = try JSONDecoder().decode([[String]].self, from: types.stdoutData)
        #expect(kinds.count == rows.count)
        for (r, row) in rows.enumerated() where r > 0 {
            #expect(kinds[r][0] == "str", "关区代码 \(row[0]) must stay text")
            #expect(kinds[r][2] == "int" || kinds[r][2] == "float", "\(row[2]) must be a number")
        }

        // LibreOffice reads our workbook with the same values.
        let lo = try TestSupport.sofficeConvert(URL(fileURLWithPath: xlsx), to: "csv:Text - txt - csv (StarCalc):44,34,76",
                                                outDir: dir.appendingPathComponent("lo"))
        #expect(try CSVReader(path: lo.path).readAll() == rows)
    }

    @Test func guardIsOnByDefaultWhenExportingXLSX() throws {
        let dir = try TestSupport.makeTemporaryDirectory("convert-guard")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("g.csv").path
        try Data("a,b\n=1+1,-5\n".utf8).write(to: URL(fileURLWithPath: source))
        let xlsx = dir.appendingPathComponent("g.xlsx").path
        #expect(try TestSupport.run(Self.binary, ["convert", source, xlsx]).status == 0)
        let out = dir.appendingPathComponent("g2.csv").path
        #expect(try TestSupport.run(Self.binary, ["convert", xlsx, out]).status == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "a,b\r\n'=1+1,-5\r\n")
    }

    @Test func jsonDumpAndSheetCommandsAcceptCSV() throws {
        let dir = try TestSupport.makeTemporaryDirectory("convert-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("名单.csv").path
        let gb = try TestSupport.run("iconv", ["-f", "UTF-8", "-t", "GB18030"], input: Data("关区代码;数量\r\n0101;2.5\r\n".utf8))
        try gb.stdoutData.write(to: URL(fileURLWithPath: source))
        let expected = "{\"sheets\":[\n{\"name\":\"名单\",\"cells\":[\n[\"A1\",\"s\",\"关区代码\"],\n[\"B1\",\"s\",\"数量\"],\n[\"A2\",\"s\",\"0101\"],\n[\"B2\",\"s\",\"2.5\"]]}]}\n"
        let json = dir.appendingPathComponent("d.json").path
        let converted = try TestSupport.run(Self.binary, ["convert", source, json])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try String(contentsOfFile: json, encoding: .utf8) == expected)
        let dumped = try TestSupport.run(Self.binary, ["sheet", "dump", source])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        #expect(dumped.stdout == expected)
        let listed = try TestSupport.run(Self.binary, ["sheet", "list", source])
        #expect(listed.stdout == "1\t名单\tA1:B2\n")

        // Through XLSX the number becomes numeric and the dump says so; the same dump as `sheet dump`.
        let xlsx = dir.appendingPathComponent("t.xlsx").path
        #expect(try TestSupport.run(Self.binary, ["convert", source, xlsx]).status == 0)
        let viaXLSX = dir.appendingPathComponent("t.json").path
        #expect(try TestSupport.run(Self.binary, ["convert", xlsx, viaXLSX]).status == 0)
        let text = try String(contentsOfFile: viaXLSX, encoding: .utf8)
        #expect(text.contains("[\"B2\",\"n\",2.5]"))
        #expect(text.contains("[\"A2\",\"s\",\"0101\"]"))
        #expect(text == (try TestSupport.run(Self.binary, ["sheet", "dump", xlsx])).stdout)
    }

    @Test func encodingAndDelimiterOptions() throws {
        let dir = try TestSupport.makeTemporaryDirectory("convert-opts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("s.csv").path
        try Data("x|y\n中|文\n".utf8).write(to: URL(fileURLWithPath: source))
        let xlsx = dir.appendingPathComponent("s.xlsx").path
        #expect(try TestSupport.run(Self.binary, ["convert", source, xlsx, "--delimiter", "|"]).status == 0)
        let out = dir.appendingPathComponent("o.tsv").path
        let result = try TestSupport.run(Self.binary, ["convert", xlsx, out, "--encoding", "gbk", "--no-bom", "--lf"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try TestSupport.run("iconv", ["-f", "UTF-8", "-t", "GB18030"], input: Data("x\ty\n中\t文\n".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected.stdoutData)
        let bad = try TestSupport.run(Self.binary, ["convert", source, xlsx, "--encoding", "latin9"])
        #expect(bad.status != 0)

        // CSV → CSV: GB18030 with semicolons to UTF-16 with tabs.
        let gbPath = dir.appendingPathComponent("gb.csv").path
        try expected.stdoutData.write(to: URL(fileURLWithPath: gbPath))
        let utf16 = dir.appendingPathComponent("u16.txt").path
        let recoded = try TestSupport.run(Self.binary, ["convert", gbPath, utf16, "--output-encoding", "utf-16le",
                                                        "--output-delimiter", "tab"])
        #expect(recoded.status == 0, "\(recoded.stderr)")
        let reread = try CSVReader(path: utf16)
        #expect(try reread.readAll() == [["x", "y"], ["中", "文"]])
        #expect(reread.encoding == .utf16LE && reread.delimiter == 9)
    }

    @Test func badInputIsALocatedErrorWithExitStatus2AndNoOutput() throws {
        let dir = try TestSupport.makeTemporaryDirectory("convert-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let unclosed = dir.appendingPathComponent("unclosed.csv").path
        try Data("a,b,c\n1,2,3\n4,\"5\n".utf8).write(to: URL(fileURLWithPath: unclosed))
        let out = dir.appendingPathComponent("out.xlsx").path
        let result = try TestSupport.run(Self.binary, ["convert", unclosed, out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unclosed.csv:3:3:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))

        let invalid = dir.appendingPathComponent("invalid.csv").path
        try Data([0x61, 0x2C, 0x62, 0x0A, 0x63, 0x2C, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: invalid))
        let decoded = try TestSupport.run(Self.binary, ["convert", invalid, dir.appendingPathComponent("i.json").path,
                                                        "--encoding", "utf-8", "--lang", "en"])
        #expect(decoded.status == 2)
        #expect(decoded.stderr.contains("invalid.csv:2:3:") && decoded.stderr.contains("byte offset 6"), "\(decoded.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["invalid.csv", "unclosed.csv"])
    }
}

