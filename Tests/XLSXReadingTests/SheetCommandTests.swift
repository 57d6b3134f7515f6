import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// `disclosure sheet list|dump` end to end: the built binary, its stdout, stderr and exit status.
@Suite struct SheetCommandTests {
    static var binary: String? {
        let url = TestSupport.disclosureBinary
        if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        FileHandle.standardError.write(Data("SKIPPING: the disclosure binary is not built at \(url.path)\n".utf8))
        return nil
    }

    static func sample() throws -> String {
        try Fixture.python(#"""
        import sys, datetime, xlsxwriter
        wb = xlsxwriter.Workbook(sys.argv[1])
        ws = wb.add_worksheet("目录")
        ws.write_string(0, 0, "text")
        ws.write_number(0, 1, 1.5)
        ws.write_boolean(0, 2, True)
        ws.write_datetime(0, 3, datetime.datetime(2017, 2, 27), wb.add_format({"num_format": "yyyy-mm-dd"}))
        ws.write_formula(0, 4, "=1/0", None, "#DIV/0!")
        ws.write_string(2, 1, 'say "hi", ok')
        ws.write_datetime(2, 2, datetime.datetime(2017, 2, 27, 13, 5), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
        ws.write_number(2, 3, 0.5, wb.add_format({"num_format": "hh:mm:ss"}))
        other = wb.add_worksheet("Other")
        other.write_string(4, 2, "x")
        wb.add_worksheet("Empty")
        wb.close()
        """#)
    }

    @Test func dumpJSON() throws {
        guard let binary = Self.binary else { return }
        let path = try Self.sample()
        let result = try TestSupport.run(binary, ["sheet", "dump", path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["目录", "Other", "Empty"])
        let cells = try #require(sheets[0]["cells"] as? [[Any]])
        let rendered = cells.map { cell in cell.map { "\($0)" }.joined(separator: "|") }
        #expect(rendered == [
            "A1|s|text", "B1|n|1.5", "C1|b|1", "D1|d|2017-02-27", "E1|e|#DIV/0!",
            "B3|s|say \"hi\", ok", "C3|d|2017-02-27T13:05:00", "D3|d|12:00:00",
        ])
        #expect(result.stdout.contains("[\"C1\",\"b\",true]"))   // a JSON boolean, not 1
        #expect((sheets[2]["cells"] as? [Any])?.isEmpty == true)
    }

    @Test func dumpOneSheetAsCSVAndTSV() throws {
        guard let binary = Self.binary else { return }
        let path = try Self.sample()
        let csv = try TestSupport.run(binary, ["sheet", "dump", path, "--sheet", "目录", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout == "text,1.5,TRUE,2017-02-27,#DIV/0!\r\n,,,,\r\n,\"say \"\"hi\"\", ok\",2017-02-27T13:05:00,12:00:00,\r\n")
        let tsv = try TestSupport.run(binary, ["sheet", "dump", path, "--sheet", "Other", "--format", "tsv"])
        #expect(tsv.status == 0)
        #expect(tsv.stdout == "\t\t\n\t\t\n\t\t\n\t\t\n\t\tx\n")
    }

    @Test func list() throws {
        guard let binary = Self.binary else { return }
        let path = try Self.sample()
        let result = try TestSupport.run(binary, ["sheet", "list", path])
        #expect(result.status == 0)
        #expect(result.stdout == "1\t目录\tA1:E3\n2\tOther\tC5\n3\tEmpty\t-\n")
    }

    @Test func unreadableInputsExitWithStatusTwo() throws {
        guard let binary = Self.binary else { return }
        let dir = try TestSupport.makeTemporaryDirectory("cli")
        let text = dir.appendingPathComponent("notes.xlsx")
        // Binary content (a PNG header) under an .xlsx name: neither a workbook nor delimited text.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]).write(to: text)
        let encrypted = dir.appendingPathComponent("locked.xlsx")
        try HostileInputTests.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"]).write(to: encrypted)
        let cases: [([String], String)] = [
            (["sheet", "dump", text.path], "not"),
            (["sheet", "list", text.path], "not"),
            (["sheet", "dump", dir.appendingPathComponent("missing.xlsx").path], "cannot open"),
            (["sheet", "dump", encrypted.path], "工作簿设有密码"),
            (["sheet", "dump", encrypted.path, "--lang", "en"], "The workbook is password protected"),
            (["sheet", "list", text.path, "--lang", "en"], "binary content at byte offset 8"),
            (["sheet", "dump", try Self.sample(), "--sheet", "nope"], "no sheet named"),
        ]
        for (arguments, hint) in cases {
            let result = try TestSupport.run(binary, arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(hint), "\(arguments): \(result.stderr)")
        }
    }
}

/// The row-major order of the dump, also for files whose rows or cells are out of order.
@Suite struct SheetDumpOrderTests {
    static let misordered = """
        <sheetData><row r="3"><c r="B3"><v>32</v></c><c r="A3"><v>31</v></c></row>\
        <row r="1"><c r="A1"><v>11</v></c></row><row r="2"><c r="C2"><v>23</v></c></row></sheetData>
        """

    @Test func smallMisorderedSheetIsSorted() throws {
        let path = try Fixture.workbook(sheetData: Self.misordered)
        let workbook = try XLSXWorkbook(path: path)
        var refs: [String] = []
        try SheetDump.forEachCell(workbook.sheets[0], of: workbook) { ref, _ in refs.append(ref.description) }
        #expect(refs == ["A1", "C2", "A3", "B3"])
        #expect(SheetDump.json([try SheetDump.read(workbook.sheets[0], of: workbook)]).contains("[\"A1\",\"n\",11],\n[\"C2\""))
    }

    @Test func misorderedRowsPastTheBufferAreAnError() throws {
        let path = try Fixture.workbook(sheetData: Self.misordered)
        let workbook = try XLSXWorkbook(path: path)
        var streamed: [String] = []
        let error = try #require(throws: XLSXError.self) {
            try SheetDump.forEachCell(workbook.sheets[0], of: workbook, buffering: 1) { ref, _ in streamed.append(ref.description) }
        }
        #expect(error.kind == .invalidContent)
        #expect(error.description.hasSuffix("!Sheet1!A1: row 1 comes after row 3: the rows are out of order"))
        #expect(streamed == ["A3", "B3"])
    }

    @Test func writeJSONEqualsJSON() throws {
        let path = try SheetCommandTests.sample()
        let workbook = try XLSXWorkbook(path: path)
        var streamed: [UInt8] = []
        try SheetDump.writeJSON(workbook.sheets, of: workbook) { streamed += $0 }
        let whole = SheetDump.json(try workbook.sheets.map { try SheetDump.read($0, of: workbook) })
        #expect(String(decoding: streamed, as: UTF8.self) == whole)
        #expect(try JSONSerialization.jsonObject(with: Data(streamed)) is [String: Any])
        var empty: [UInt8] = []
        try SheetDump.writeJSON([], of: workbook) { empty += $0 }
        #expect(String(decoding: empty, as: UTF8.self) == "{\"sheets\":[]}\n")
    }

    /// The dump's exact text, one line per sheet start and per cell (the shared JSONWriter's line-break layout).
    @Test func dumpTextLayout() {
        let text = SheetDump.json([
            SheetDump.Sheet(name: "表\"1", cells: [(CellReference(row: 0, column: 0), .string("a\u{1}\n")),
                                                 (CellReference(row: 0, column: 1), .number(1.5, raw: nil)),
                                                 (CellReference(row: 1, column: 0), .number(.infinity, raw: nil)),
                                                 (CellReference(row: 1, column: 2), .bool(true)),
                                                 (CellReference(row: 2, column: 0), .date(DateTimeValue(year: 2025, month: 3, day: 1)))]),
            SheetDump.Sheet(name: "empty", cells: []),
        ])
        #expect(text == """
            {"sheets":[
            {"name":"表\\"1","cells":[
            ["A1","s","a\\u0001\\n"],
            ["B1","n",1.5],
            ["A2","n",null],
            ["C2","b",true],
            ["A3","d","2025-03-01"]]},
            {"name":"empty","cells":[]}]}

            """)
    }
}
