import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading
import ZipArchive

/// Hostile and broken inputs: each ends in a located error, in bounded time, never a crash or a hang.
@Suite struct HostileInputTests {
    static let simple = "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>"

    /// Opens and reads every sheet; returns the error.
    private func readAll(_ path: String, limits: XLSXLimits = .default) throws -> XLSXError {
        try #require(throws: XLSXError.self) {
            let workbook = try XLSXWorkbook(path: path, limits: limits)
            for sheet in workbook.sheets { _ = try workbook.grid(sheet) }
        }
    }

    /// Writes a package with python's zipfile (streaming big parts) — independent of our ZipWriter.
    private func pythonPackage(sheetScript: String, extra: String = "", after: String = "") throws -> String {
        try Fixture.python("""
        import sys, zipfile
        M = "\(Fixture.main)"; R = "\(Fixture.rel)"; P = "\(Fixture.pkgRel)"
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("_rels/.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            z.writestr("xl/workbook.xml", f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            with z.open("xl/worksheets/sheet1.xml", "w") as f:
        \(sheetScript.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        \(after)
        """)
    }

    @Test func truncatedZip() throws {
        let path = try Fixture.workbook(sheetData: Self.simple, sharedStrings: ["<si><t>" + String(repeating: "abc ", count: 5000) + "</t></si>"])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = path.replacingOccurrences(of: ".xlsx", with: "-cut.xlsx")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let error = try readAll(cut)
        #expect([.corruptPackage, .notASpreadsheet].contains(error.kind))
        #expect(error.description.hasPrefix(cut))
    }

    @Test func corruptDeflateStream() throws {
        // A big sheet whose compressed bytes are then overwritten in the middle.
        let path = try pythonPackage(sheetScript: """
        f.write(b'<worksheet xmlns="' + M.encode() + b'"><sheetData>')
        for r in range(1, 20001):
            f.write(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d.5</v></c></row>' % (r, r, r * 7919 % 10007, r, r * 31))
        f.write(b'</sheetData></worksheet>')
        """, after: """
        info = zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml")
        with open(sys.argv[1], "r+b") as raw:
            raw.seek(info.header_offset + 26)
            n, m = int.from_bytes(raw.read(2), "little"), int.from_bytes(raw.read(2), "little")
            start = info.header_offset + 30 + n + m
            raw.seek(start + info.compress_size // 2)
            raw.write(bytes([0xFF] * 64))
        """)
        let error = try readAll(path)
        #expect(error.kind == .corruptPackage || error.kind == .malformedXML)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
        #expect(error.description.hasPrefix(path + "[xl/worksheets/sheet1.xml]"))
    }

    @Test func billionLaughs() throws {
        var doctype = "<!DOCTYPE worksheet [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            doctype += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n"
        }
        doctype += "]>\n"
        let sheet = "<?xml version=\"1.0\"?>\n" + doctype + "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
        let path = try Fixture.package([
            Fixture.rootRels(), Fixture.workbookPart(),
            Fixture.rels("xl/_rels/workbook.xml.rels", [("rId1", "worksheet", "worksheets/sheet1.xml")]),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
        let start = Date()
        let error = try readAll(path)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(error.kind == .malformedXML)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
        #expect(error.location.line == 2)
        #expect(error.description.contains("[xl/worksheets/sheet1.xml]:2:"))
    }

    @Test func externalEntityPointingAtALocalFile() throws {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        for target in ["sheet", "sharedStrings"] {
            let sheet = (target == "sheet" ? xxe + "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"
                : "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>")
            let strings = target == "sharedStrings" ? xxe + "<sst xmlns=\"\(Fixture.main)\"><si><t>&xxe;</t></si></sst>"
                : "<sst xmlns=\"\(Fixture.main)\"><si><t>plain</t></si></sst>"
            let path = try Fixture.package([
                Fixture.rootRels(), Fixture.workbookPart(),
                Fixture.rels("xl/_rels/workbook.xml.rels", [("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId2", "sharedStrings", "sharedStrings.xml")]),
                ("xl/worksheets/sheet1.xml", sheet),
                ("xl/sharedStrings.xml", strings),
            ])
            let error = try readAll(path)
            #expect(error.kind == .malformedXML, "\(target)")
            #expect(error.location.line == 2, "\(target)")
            #expect(!error.description.contains("root:"), "\(target)")
            // Nothing of /etc/passwd leaks into any value either, whatever part is read.
            if let workbook = try? XLSXWorkbook(path: path), let strings = try? workbook.sharedStrings() {
                #expect(!strings.joined().contains("root:"))
            }
        }
    }

    @Test func zipBombHitsTheRatioGuard() throws {
        // ~64 MB of one byte deflates past 1000:1; the default guard stops it after 32 MB.
        let path = try pythonPackage(sheetScript: """
        f.write(b'<worksheet xmlns="' + M.encode() + b'"><sheetData>')
        chunk = b" " * (1 << 20)
        for _ in range(64):
            f.write(chunk)
        f.write(b'</sheetData></worksheet>')
        """)
        let start = Date()
        let error = try readAll(path)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
        #expect(error.message.contains("zip bomb"))
        // A lowered per-part limit stops it earlier, with its own message.
        var limits = XLSXLimits.default
        limits.zip.maxEntrySize = 1 << 20
        let small = try readAll(path, limits: limits)
        #expect(small.kind == .limitExceeded)
        #expect(small.message.contains("per-part limit"))
    }

    @Test func tenMegabyteSingleString() throws {
        let path = try pythonPackage(sheetScript: """
        f.write(b'<worksheet xmlns="' + M.encode() + b'"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        """, extra: """
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{M}"><si><t>' + "数" * (10 * 1024 * 1024 // 3) + 'x</t></si></sst>')
        """)
        let workbook = try XLSXWorkbook(path: path)
        let grid = try workbook.grid(workbook.sheets[0])
        let text = try #require(grid[0, 0]?.value.string)
        #expect(text.utf8.count == (10 * 1024 * 1024 / 3) * 3 + 1)
        #expect(text.hasSuffix("数x"))
        // With a lower text limit: a clear, located limit error.
        var limits = XLSXLimits.default
        limits.maxTextBytes = 1 << 20
        let error = try readAll(path, limits: limits)
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "xl/sharedStrings.xml")
        #expect(error.location.line == 1)
    }

    @Test func aMillionEmptyRows() throws {
        let path = try pythonPackage(sheetScript: """
        f.write(b'<worksheet xmlns="' + M.encode() + b'"><sheetData>')
        f.write(b"<row/>" * 1_000_000)
        f.write(b'<row><c t="inlineStr"><is><t>last</t></is></c></row></sheetData></worksheet>')
        """)
        let start = Date()
        let workbook = try XLSXWorkbook(path: path)
        var rows: [Int] = []
        try workbook.forEachRow(in: workbook.sheets[0]) { row, _ in rows.append(row) }
        #expect(rows == [1_000_000])   // empty rows cost nothing and deliver nothing
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func moreRowsThanASheetHolds() throws {
        let path = try pythonPackage(sheetScript: """
        f.write(b'<worksheet xmlns="' + M.encode() + b'"><sheetData>')
        f.write(b"<row/>" * 1_100_000)
        f.write(b'</sheetData></worksheet>')
        """)
        let error = try readAll(path)
        #expect(error.kind == .invalidContent)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
        #expect(error.location.line != nil)
    }

    @Test(arguments: ["A0", "1A", "ABCD1", "XFE1", "A1048577", "A-1", ""])
    func invalidCellReferences(ref: String) throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"\(ref)\"><v>1</v></c></row></sheetData>")
        let error = try readAll(path)
        #expect(error.kind == .invalidContent)
        #expect(error.message.contains("cell reference"))
    }

    @Test func malformedSheetXMLIsLocated() throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\">\n<c r=\"A1\"><v>1</v></row></sheetData>")
        let error = try readAll(path)
        #expect(error.kind == .malformedXML)
        #expect(error.location.line == 2)
        #expect(error.location.column != nil)
    }

    @Test func notANumber() throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"7\"><c r=\"B7\"><v>12abc</v></c></row></sheetData>")
        let error = try readAll(path)
        #expect(error.kind == .invalidContent)
        #expect(error.description.hasSuffix("!Sheet1!B7: expected a number, found \"12abc\""))
    }

    // MARK: Not a workbook at all

    @Test func textFileIsNotASpreadsheet() throws {
        let dir = try TestSupport.makeTemporaryDirectory("hostile")
        let path = dir.appendingPathComponent("fake.xlsx").path
        try Data("序号,名称\n1,a\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error.kind == .notASpreadsheet)
        #expect(try SpreadsheetFormat.detect(path: path) == .other)
        let empty = dir.appendingPathComponent("empty.xlsx").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try #require(throws: XLSXError.self) { try XLSXWorkbook(path: empty) }.kind == .notASpreadsheet)
    }

    @Test func missingFile() throws {
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: "/nonexistent/book.xlsx") }
        #expect(error.kind == .cannotOpen)
        #expect(error.description.hasPrefix("/nonexistent/book.xlsx: "))
    }

    @Test func zipWithoutWorkbook() throws {
        let path = try Fixture.package([("hello.txt", "hi")], name: "other.zip")
        #expect(try SpreadsheetFormat.detect(path: path) == .zip)
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error.kind == .missingPart)
    }

    @Test func binaryWorkbookIsNamed() throws {
        let path = try Fixture.package([Fixture.rootRels("xl/workbook.bin"), ("xl/workbook.bin", "\u{0}\u{1}binary")], name: "book.xlsb")
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains(".xlsb"))
    }

    /// A minimal Compound File: header, one FAT sector, one directory sector with the given stream names.
    static func compoundFile(streams: [String]) -> Data {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { header[offset + i] = b } }
        put([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], at: 0)
        put(u16(0x3E), at: 24); put(u16(3), at: 26); put(u16(0xFFFE), at: 28); put(u16(9), at: 30); put(u16(6), at: 32)
        put(u32(1), at: 44)            // one FAT sector
        put(u32(1), at: 48)            // directory starts at sector 1
        put(u32(4096), at: 56)
        put(u32(0xFFFF_FFFE), at: 60)  // no mini FAT
        put(u32(0xFFFF_FFFE), at: 68)  // no DIFAT sectors
        for i in 0..<109 { put(u32(i == 0 ? 0 : 0xFFFF_FFFF), at: 76 + 4 * i) }
        var fat = [UInt8]()
        fat += u32(0xFFFF_FFFD)        // sector 0: FAT
        fat += u32(0xFFFF_FFFE)        // sector 1: directory, end of chain
        while fat.count < 512 { fat += u32(0xFFFF_FFFF) }
        var directory = [UInt8]()
        for name in ["Root Entry"] + streams {
            var entry = [UInt8](repeating: 0, count: 128)
            let units = Array(name.utf16) + [0]
            for (i, u) in units.enumerated() { entry[2 * i] = UInt8(u & 0xFF); entry[2 * i + 1] = UInt8(u >> 8) }
            entry[64] = UInt8(units.count * 2)
            entry[66] = name == "Root Entry" ? 5 : 2
            directory += entry
        }
        while directory.count < 512 { directory += [UInt8](repeating: 0, count: 128) }
        return Data(header + fat + directory)
    }

    @Test(arguments: [
        (["\u{6}DataSpaces", "EncryptionInfo", "EncryptedPackage"], SpreadsheetFormat.encryptedOOXML, XLSXError.Kind.encrypted, "password"),
        (["Workbook", "\u{5}SummaryInformation"], .legacyXLS, .legacyXLS, ".xlsx"),
        (["Book"], .legacyXLS, .legacyXLS, ".xlsx"),
        (["WordDocument", "1Table"], .otherCFB, .notASpreadsheet, "CFB"),
    ])
    func compoundFiles(streams: [String], format: SpreadsheetFormat, kind: XLSXError.Kind, hint: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("cfb")
        let path = dir.appendingPathComponent("book.xlsx").path
        try Self.compoundFile(streams: streams).write(to: URL(fileURLWithPath: path))
        #expect(try SpreadsheetFormat.detect(path: path) == format)
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error.kind == kind)
        #expect(error.message.contains(hint))
        #expect(error.description.hasPrefix(path + ": "))
    }
}

/// Big parts are inflated on a helper thread; values and errors come through it unchanged.
@Suite struct PipelinedReadTests {
    static let script = #"""
    import sys, zipfile, random
    M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    P = "http://schemas.openxmlformats.org/package/2006/relationships"
    rows = int(sys.argv[2]); corrupt = sys.argv[3] == "corrupt"
    rng = random.Random(7)
    with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(f'<worksheet xmlns="{M}"><sheetData>'.encode())
            for r in range(1, rows + 1):
                f.write(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>%x</t></is></c></row>' % (r, r, r, r, rng.getrandbits(64)))
            f.write(b'</sheetData></worksheet>')
    info = zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml")
    print(info.compress_size)
    if corrupt:
        with open(sys.argv[1], "r+b") as raw:
            raw.seek(info.header_offset + 26)
            n, m = int.from_bytes(raw.read(2), "little"), int.from_bytes(raw.read(2), "little")
            raw.seek(info.header_offset + 30 + n + m + info.compress_size * 3 // 4)
            raw.write(bytes([0x55] * 256))
    """#

    private func make(rows: Int, corrupt: Bool) throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("pipe")
        let path = dir.appendingPathComponent("big.xlsx").path
        let result = try TestSupport.python(Self.script, [path, String(rows), corrupt ? "corrupt" : "ok"])
        try #require(result.status == 0, "\(result.stderr)")
        // The sheet must be big enough to take the two-thread path (≥ 1 MiB compressed).
        #expect((Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 1 << 20)
        return path
    }

    @Test func bigSheetReadsCompletely() throws {
        let path = try make(rows: 120_000, corrupt: false)
        let workbook = try XLSXWorkbook(path: path)
        var count = 0
        var lastRow = -1
        try workbook.forEachRow(in: workbook.sheets[0]) { row, cells in
            #expect(row == lastRow + 1)
            #expect(cells.first?.value.number == Double(row + 1))
            lastRow = row
            count += 1
        }
        #expect(count == 120_000)
    }

    @Test func damageInABigSheetIsLocated() throws {
        let path = try make(rows: 120_000, corrupt: true)
        let workbook = try XLSXWorkbook(path: path)
        let error = try #require(throws: XLSXError.self) { try workbook.forEachRow(in: workbook.sheets[0]) { _, _ in } }
        #expect(error.kind == .corruptPackage || error.kind == .malformedXML)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
    }

    @Test func errorsInTheRowCallbackStopTheHelperThread() throws {
        struct Enough: Error {}
        let path = try make(rows: 120_000, corrupt: false)
        let workbook = try XLSXWorkbook(path: path)
        #expect(throws: Enough.self) {
            try workbook.forEachRow(in: workbook.sheets[0]) { row, _ in if row == 10 { throw Enough() } }
        }
        // The workbook stays usable afterwards.
        var count = 0
        try workbook.forEachRow(in: workbook.sheets[0]) { _, _ in count += 1 }
        #expect(count == 120_000)
    }
}

@Suite struct AnnotationLimitTests {
    @Test func tooManyMergedRanges() throws {
        let merges = (1...50).map { "<mergeCell ref=\"A\($0):B\($0)\"/>" }.joined()
        let path = try Fixture.workbook(sheetData: "<sheetData/><mergeCells>\(merges)</mergeCells>")
        #expect(try XLSXWorkbook(path: path).grid(named: "Sheet1").mergedRanges.count == 50)
        var limits = XLSXLimits.default
        limits.maxSheetAnnotations = 20
        let workbook = try XLSXWorkbook(path: path, limits: limits)
        let error = try #require(throws: XLSXError.self) { try workbook.grid(named: "Sheet1") }
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "xl/worksheets/sheet1.xml")
    }
}

@Suite struct ErrorSummaryTests {
    @Test func everyKindHasAChineseAndAnEnglishSummary() {
        let kinds: [XLSXError.Kind] = [.cannotOpen, .notASpreadsheet, .encrypted, .legacyXLS, .corruptPackage, .missingPart,
                                       .malformedXML, .invalidContent, .limitExceeded, .unsupported, .noSuchSheet]
        let zh = kinds.map { $0.summary() }
        let en = kinds.map { $0.summary(language: "en") }
        #expect(Set(zh).count == kinds.count)
        #expect(Set(en).count == kinds.count)
        #expect(zh.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
        #expect(en.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } })
    }
}

/// Randomly damaged XML parts (re-zipped so the zip layer is intact) never crash the reader: every read ends
/// in values or an `XLSXError`, and nothing else escapes.
@Suite struct FuzzedWorkbookTests {
    @Test func damagedPartsFailCleanly() throws {
        let dir = try TestSupport.makeTemporaryDirectory("fuzz")
        let source = dir.appendingPathComponent("source.xlsx").path
        let made = try TestSupport.python(PeerWorkbookTests.xlsxwriterScript, [source, "1900"])
        try #require(made.status == 0)
        let mutate = try TestSupport.python(#"""
        import random, zipfile, sys, io
        src, outdir = sys.argv[1], sys.argv[2]
        rng = random.Random(20261129)
        z = zipfile.ZipFile(src)
        names = z.namelist()
        for case in range(150):
            target = rng.choice([n for n in names if n.endswith((".xml", ".rels"))])
            with zipfile.ZipFile(f"{outdir}/case{case}.xlsx", "w", zipfile.ZIP_DEFLATED) as w:
                for n in names:
                    data = bytearray(z.read(n))
                    if n == target and data:
                        for _ in range(rng.randint(1, 6)):
                            i = rng.randrange(len(data))
                            op = rng.random()
                            if op < 0.4:
                                data[i] = rng.choice(b'<>/"=&;0123456789ABCrtsvx -')
                            elif op < 0.7:
                                del data[i:i + rng.randint(1, 20)]
                            else:
                                j = rng.randrange(len(data)); data[i:i] = data[j:j + rng.randint(1, 40)]
                    w.writestr(n, bytes(data))
        """#, [source, dir.path])
        try #require(mutate.status == 0, "\(mutate.stderr)")
        var failures = 0, successes = 0
        for index in 0..<150 {
            let path = dir.appendingPathComponent("case\(index).xlsx").path
            do {
                let workbook = try XLSXWorkbook(path: path)
                for sheet in workbook.sheets { _ = try workbook.grid(sheet) }
                successes += 1
            } catch let error as XLSXError {
                #expect(error.description.hasPrefix(path), "case \(index): \(error)")
                failures += 1
            } catch {
                Issue.record("case \(index): an error that is not an XLSXError: \(error)")
            }
        }
        #expect(failures + successes == 150)
        #expect(failures > 0)   // the damage is real
    }
}
