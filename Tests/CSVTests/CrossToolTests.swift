import CSV
import Foundation
import Testing
import TestSupport

/// Files written by real tools in the test run — Python's csv module in every dialect, LibreOffice's CSV
/// export in several encodings — must read back as the rows those tools were given.
@Suite("CSV cross-tool")
struct CrossToolTests {
    static let table = [
        ["关区代码", "名称", "备注"],
        ["0101", "北京海关, 总关", "含\"引号\"的文本"],
        ["0102", "两行\n文本", "  前后空格  "],
        ["0103", "𠀀😀", "☑ ☐"],
        ["=1+1", "-5", "@x|y;z"],
    ]

    @Test func pythonCSVModuleEveryDialect() throws {
        let dir = try TestSupport.makeTemporaryDirectory("csv-py")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = #"""
        import csv, json, os, sys
        rows = json.loads(sys.argv[2])
        files = []
        for dname, delim in [("comma", ","), ("semicolon", ";"), ("tab", "\t"), ("pipe", "|")]:
            for qname, q in [("minimal", csv.QUOTE_MINIMAL), ("all", csv.QUOTE_ALL), ("nonnumeric", csv.QUOTE_NONNUMERIC)]:
                for lname, lt in [("crlf", "\r\n"), ("lf", "\n")]:
                    path = os.path.join(sys.argv[1], f"{dname}-{qname}-{lname}.csv")
                    with open(path, "w", encoding="utf-8", newline="") as f:
                        csv.writer(f, delimiter=delim, quoting=q, lineterminator=lt).writerows(rows)
                    files.append([path, delim])
        for dialect in ["excel", "excel-tab", "unix"]:
            path = os.path.join(sys.argv[1], f"dialect-{dialect}.csv")
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f, dialect=dialect).writerows(rows)
            files.append([path, csv.get_dialect(dialect).delimiter])
        print(json.dumps(files))
        """#
        let table = String(decoding: try JSONEncoder().encode(Self.table), as: UTF8.self)
        let result = try TestSupport.python(script, [dir.path, table])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try JSONDecoder().decode([[String]].self, from: result.stdoutData)
        #expect(files.count == 27)
        for file in files {
            let reader = try CSVReader(path: file[0])
            #expect(reader.delimiter == Array(file[1].utf8)[0], "sniffed delimiter of \(file[0])")
            #expect(try reader.readAll() == Self.table, "\(file[0])")
        }
    }

    /// Python's csv module and ours agree on a seeded random corpus with quotes, delimiters, CR/LF and CJK
    /// (supplementary plane included), in both directions: we read what it writes, it reads what we write.
    @Test(arguments: [",", ";", "\t", "|"])
    func agreesWithPythonOnARandomCorpus(_ delimiter: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("csv-agree")
        defer { try? FileManager.default.removeItem(at: dir) }
        let theirs = dir.appendingPathComponent("python.csv").path
        let script = #"""
        import csv, json, random, sys
        rnd = random.Random(4 + ord(sys.argv[2]))
        pieces = ["a", "b", " ", ",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r", "中", "文", "𠀀", "😀", "=", "0101", "关区"]
        rows = []
        for _ in range(400):
            width = rnd.choice([1, 2, 3, 5, 8])
            rows.append(["".join(rnd.choice(pieces) for _ in range(rnd.choice([0, 0, 1, 2, 4, 9]))) for _ in range(width)])
        with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=sys.argv[2]).writerows(rows)
        with open(sys.argv[1], encoding="utf-8", newline="") as f:
            read_back = list(csv.reader(f, delimiter=sys.argv[2]))
        print(json.dumps({"rows": rows, "python_read": read_back}))
        """#
        let made = try TestSupport.python(script, [theirs, delimiter])
        #expect(made.status == 0, "\(made.stderr)")
        struct Corpus: Decodable { var rows: [[String]]; var python_read: [[String]] }
        let corpus = try JSONDecoder().decode(Corpus.self, from: made.stdoutData)
        #expect(corpus.rows.count == 400)
        var options = CSVReadOptions(delimiter: Array(delimiter.utf8)[0], flexible: true)
        // Python's reader and ours agree on Python's file, read in odd-sized chunks.
        options.chunkSize = 777
        let ours = try CSVReader(path: theirs, options: options).readAll()
        #expect(ours == corpus.python_read)
        #expect(ours == corpus.rows)

        // The other way: our writer's file, read by Python.
        let mine = dir.appendingPathComponent("ours.csv").path
        let writer = try CSVWriter(path: mine, options: CSVWriteOptions(delimiter: Array(delimiter.utf8)[0],
                                                                        byteOrderMark: false, formulaGuard: false))
        for row in corpus.rows { try writer.writeRecord(row) }
        try writer.close()
        let check = try TestSupport.python(#"""
        import csv, json, sys
        with open(sys.argv[1], encoding="utf-8", newline="") as f:
            print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))
        """#, [mine, delimiter])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try JSONDecoder().decode([[String]].self, from: check.stdoutData) == corpus.rows)
    }

    /// LibreOffice's CSV export (`soffice --convert-to csv:…` with filter options: separator, quote,
    /// character set — 76 UTF-8, 85 GB18030, 65535 UTF-16) of a workbook openpyxl made.
    @Test(arguments: [
        ("44,34,76", TextEncoding.utf8, ","),
        ("59,34,85", TextEncoding.gb18030, ";"),
        ("9,34,65535", TextEncoding.utf16LE, "\t"),
    ])
    func libreOfficeExports(_ options: String, _ encoding: TextEncoding, _ delimiter: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("csv-lo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.xlsx")
        let table = String(decoding: try JSONEncoder().encode(Self.table), as: UTF8.self)
        let made = try TestSupport.python(#"""
        import json, sys, openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        for row in json.loads(sys.argv[2]):
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                cell.data_type = "s"
        book.save(sys.argv[1])
        """#, [source.path, table])
        #expect(made.status == 0, "\(made.stderr)")
        let csv = try TestSupport.sofficeConvert(source, to: "csv:Text - txt - csv (StarCalc):\(options)", outDir: dir)
        let reader = try CSVReader(path: csv.path)
        let rows = try reader.readAll()
        #expect(reader.encoding == encoding)
        #expect(reader.delimiter == Array(delimiter.utf8)[0])
        #expect(rows == Self.table)
    }

    /// iconv's UTF-16 (with its BOM) and GB18030 of a UTF-8 file read the same.
    @Test(arguments: ["UTF-16", "UTF-16LE", "GB18030"])
    func iconvConvertedFiles(_ target: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("csv-iconv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let utf8 = dir.appendingPathComponent("utf8.csv")
        let writer = try CSVWriter(path: utf8.path, options: CSVWriteOptions(byteOrderMark: false, formulaGuard: false))
        for row in Self.table { try writer.writeRecord(row) }
        try writer.close()
        let converted = try TestSupport.run("iconv", ["-f", "UTF-8", "-t", target, utf8.path])
        #expect(converted.status == 0)
        var bytes = [UInt8](converted.stdoutData)
        if target == "UTF-16LE" { bytes = [0xFF, 0xFE] + bytes }
        let reader = try CSVReader(bytes: bytes, name: target)
        #expect(try reader.readAll() == Self.table)
        #expect(reader.encoding != .utf8)
    }
}
