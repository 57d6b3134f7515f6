import Foundation
import SheetCore
import Testing
import TestSupport
import XMLStream
@testable import XLSXWriting

/// Excel's limits and bad arguments give clear, located errors instead of broken files.
@Suite struct LimitsTests {
    @Test(arguments: [
        ("", "empty"),
        (String(repeating: "表", count: 32), "31"),
        ("a[b", "["), ("a]b", "]"), ("a:b", ":"), ("a*b", "*"), ("a?b", "?"), ("a/b", "/"), ("a\\b", "\\"),
        ("'quoted'", "apostrophe"), ("History", "reserved"),
    ])
    func badSheetNames(name: String, fragment: String) {
        let book = XLSXWriter()
        #expect {
            _ = try book.addSheet(named: name)
        } throws: { error in
            guard let e = error as? XLSXWriteError, e.kind == .invalidSheetName else { return false }
            return e.description.contains(fragment)
        }
    }

    @Test func thirtyOneCharactersAndDuplicates() throws {
        let book = XLSXWriter()
        _ = try book.addSheet(named: String(repeating: "表", count: 31))
        _ = try book.addSheet(named: "Data")
        #expect { _ = try book.addSheet(named: "DATA") } throws: { ($0 as? XLSXWriteError)?.kind == .duplicateSheetName }
        #expect { _ = try book.addStreamingSheet(named: "data") } throws: { ($0 as? XLSXWriteError)?.kind == .duplicateSheetName }
        #expect { _ = try book.addSheet(named: "_LISTS") } throws: { ($0 as? XLSXWriteError)?.kind == .duplicateSheetName }
    }

    @Test func cellTextLimitIs32767UTF16Units() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        try sheet.set(ref("A1"), .string(String(repeating: "字", count: 32_767)))
        #expect {
            try sheet.set(ref("C14"), .string(String(repeating: "a", count: 32_768)))
        } throws: { error in
            (error as? XLSXWriteError)?.description == "s!C14: text is 32768 characters long; Excel allows 32,767 per cell"
        }
        // An emoji is two UTF-16 units, as Excel counts.
        #expect { try sheet.set(ref("A2"), .string(String(repeating: "😀", count: 16_384))) } throws: {
            ($0 as? XLSXWriteError)?.kind == .textTooLong
        }
        let stream = try book.addStreamingSheet(named: "t")
        try stream.appendRow([.number(1)])
        #expect {
            try stream.appendRow([.empty, .string(String(repeating: "x", count: 40_000))])
        } throws: { ($0 as? XLSXWriteError)?.description == "t!B2: text is 40000 characters long; Excel allows 32,767 per cell" }
    }

    @Test func gridBounds() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        try sheet.set(CellReference(row: 1_048_575, column: 16_383), .number(1))
        #expect { try sheet.set(CellReference(row: 1_048_576, column: 0), .number(1)) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
        #expect { try sheet.set(CellReference(row: 0, column: 16_384), .number(1)) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
        #expect { try sheet.set(CellReference(row: -1, column: 0), .number(1)) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
        #expect { try sheet.setColumnWidth(16_384, 10) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
        let stream = try book.addStreamingSheet(named: "t")
        #expect { try stream.appendRow([CellValue](repeating: .number(1), count: 16_385)) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
        try stream.skipRows(1_048_575)
        try stream.appendRow([.string("last row")])
        #expect { try stream.appendRow([.string("one too many")]) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfRange }
    }

    @Test func valuesExcelCannotStore() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect { try sheet.set(ref("A1"), .number(bad)) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidValue }
        }
        #expect { try sheet.set(ref("A1"), .date(DateTimeValue(year: 1899, month: 12, day: 31))) } throws: {
            ($0 as? XLSXWriteError)?.description.contains("before 1900") == true
        }
        #expect { try sheet.set(ref("A1"), .date(DateTimeValue(year: 2025, month: 13, day: 1))) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidValue }
        #expect { try sheet.setFormula(ref("A1"), "=") } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        let stream = try book.addStreamingSheet(named: "t")
        #expect { try stream.appendRow([.number(.nan)]) } throws: { ($0 as? XLSXWriteError)?.description == "t!A1: nan cannot be stored in a spreadsheet" }
    }

    @Test func streamingHeadSettingsMustComeFirst() throws {
        let book = XLSXWriter()
        let stream = try book.addStreamingSheet(named: "t")
        try stream.appendRow([.number(1)])
        #expect { try stream.freeze(rows: 1) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfOrder }
        #expect { try stream.setColumnWidth(0, 10) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfOrder }
        #expect { try stream.setPageSetup(PageSetup(fitToWidth: true)) } throws: { ($0 as? XLSXWriteError)?.kind == .outOfOrder }
        // Things written after the rows are still fine.
        try stream.merge(range("A1:B1"))
        try stream.setPageSetup(PageSetup(paper: .a3))
        try stream.addComment(at: ref("A1"), text: "ok")
    }

    @Test func rangesAndValidationArguments() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        try sheet.merge(range("A1:B2"))
        #expect { try sheet.merge(range("B2:C3")) } throws: { ($0 as? XLSXWriteError)?.description == "s!B2: merged range B2:C3 overlaps A1:B2" }
        #expect { try sheet.merge(range("D4")) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect { try sheet.addListValidation(range("A1:A3"), options: []) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect {
            try sheet.addListValidation(range("A1:A3"), options: ["a"], inputTitle: String(repeating: "标", count: 33))
        } throws: { ($0 as? XLSXWriteError)?.kind == .textTooLong }
        #expect {
            try sheet.addValidation(DataValidation(ranges: [range("A1")], rule: .wholeNumber(.between, 1)))
        } throws: { ($0 as? XLSXWriteError)?.description.contains("between needs two bounds") == true }
        #expect {
            try sheet.addValidation(DataValidation(ranges: [], rule: .custom("TRUE")))
        } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect { try sheet.protect(SheetProtection(password: "密码")) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect { try book.defineName("A1", refersTo: "1") } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect { try book.defineName("has space", refersTo: "1") } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        #expect { try book.defineName("R1C1", refersTo: "1") } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        try book.defineName("事项列表", refersTo: "'s'!$A$1")
        #expect { try book.defineName("事项列表", refersTo: "'s'!$A$2") } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        let other = XLSXWriter()
        let foreign = other.style(CellStyle(font: Font(bold: true)))
        #expect { try sheet.set(ref("A1"), .number(1), style: foreign) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
    }

    @Test func legacyPasswordHashMatchesOpenpyxl() throws {
        let result = try TestSupport.python("from openpyxl.utils.protection import hash_password as h\nprint(h('password'), h('Customs-2025'), h('a'))")
        #expect(result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                == [SheetProtection.legacyHash("password"), SheetProtection.legacyHash("Customs-2025"), SheetProtection.legacyHash("a")])
    }

    @Test func noVisibleSheet() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-limits")
        let empty = XLSXWriter()
        #expect { try empty.write(to: dir.appendingPathComponent("a.xlsx").path) } throws: { ($0 as? XLSXWriteError)?.kind == .noVisibleSheet }
        let hidden = XLSXWriter()
        _ = try hidden.addSheet(named: "h", visibility: .hidden)
        #expect { try hidden.write(to: dir.appendingPathComponent("b.xlsx").path) } throws: { ($0 as? XLSXWriteError)?.kind == .noVisibleSheet }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}

/// The OOXML escaping of the XML writer.
@Suite struct XMLWriterTests {
    @Test(arguments: [
        ("plain 文本", "plain 文本"),
        ("a<b>&\"c\"", "a&lt;b&gt;&amp;\"c\""),
        ("tab\tline\nend", "tab\tline\nend"),
        ("cr\r", "cr&#13;"),
        ("nul\u{0}bell\u{7}", "nul_x0000_bell_x0007_"),
        ("_x0041_", "_x005F_x0041_"),
        ("_x004_ and _xZZZZ_ and _x", "_x004_ and _xZZZZ_ and _x"),
        ("\u{FFFE}", "_xFFFE_"),
    ])
    func textEscaping(input: String, expected: String) {
        var w = XMLWriter()
        w.text(input)
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    @Test func attributeEscaping() {
        var w = XMLWriter()
        w.empty("a", [("v", "x\"y\n<z>")])
        #expect(String(decoding: w.bytes, as: UTF8.self) == "<a v=\"x&quot;y&#10;&lt;z&gt;\"/>")
    }

    @Test func replacePolicyUsesReplacementCharacter() {
        var w = XMLWriter(policy: .replace)
        w.text("a\u{1}b_x0041_")
        #expect(String(decoding: w.bytes, as: UTF8.self) == "a\u{FFFD}b_x0041_")
    }

    @Test(arguments: [(0, "0"), (7, "7"), (-12, "-12"), (1_048_576, "1048576"), (Int.min, "-9223372036854775808")])
    func integers(value: Int, text: String) {
        var w = XMLWriter()
        w.integer(value)
        #expect(String(decoding: w.bytes, as: UTF8.self) == text)
    }

    @Test(arguments: [(1.0, "1"), (1.25, "1.25"), (-0.125, "-0.125"), (1e20, "1e+20"), (0.1, "0.1"), (123456789012.0, "123456789012")])
    func doubles(value: Double, text: String) {
        var w = XMLWriter()
        w.double(value)
        #expect(String(decoding: w.bytes, as: UTF8.self) == text)
    }

    @Test func calamineDecodesOurEscapes() throws {
        // python-calamine undoes _xHHHH_ the way Excel does; the text must come back exactly.
        let dir = try TestSupport.makeTemporaryDirectory("writer-escape")
        let path = dir.appendingPathComponent("escape.xlsx").path
        let texts = ["nul\u{0}bell\u{7}", "_x0041_ literal", "cr\r\nlf", "  spaces  ", "<&>\"'", "\u{1F}end"]
        for strings in [StringStorage.shared, .inline] {
            let book = XLSXWriter(options: XLSXWriter.Options(strings: strings))
            let sheet = try book.addStreamingSheet(named: "s")
            for text in texts { try sheet.appendRow([.string(text)]) }
            try book.write(to: path)
            let result = try TestSupport.python("""
            import json, sys
            from python_calamine import CalamineWorkbook
            rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
            print(json.dumps([r[0] for r in rows]))
            """, [path])
            #expect(result.status == 0, "\(result.stderr)")
            let got = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String]) ?? []
            #expect(got == texts, "\(strings)")
        }
    }
}

@Suite struct ColumnFormatTests {
    @Test func hidingKeepsTheWidthAndWidthKeepsHidden() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        try sheet.setColumnWidth(2, 25)
        try sheet.setColumns(2...2, hidden: true)
        try sheet.setColumns(4...4, hidden: true)
        try sheet.setColumnWidth(4, 7)
        #expect(sheet.columns[2] == Sheet.ColumnFormat(width: 25, hidden: true, style: nil))
        #expect(sheet.columns[4] == Sheet.ColumnFormat(width: 7, hidden: true, style: nil))
    }
}

@Suite struct FitColumnWidthTests {
    @Test func widthsFollowTheWidestText() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        try sheet.set(ref("A1"), .string("序号"))
        try sheet.set(ref("A2"), .number(123_456_789))
        try sheet.set(ref("B1"), .string("自信息形成或者变更之日起20个工作日内"))
        try sheet.set(ref("C1"), .string("短\n第二行更长一些"))
        try sheet.set(ref("D1"), .date(DateTimeValue(year: 2025, month: 1, day: 1)))
        try sheet.mergeAndSet(range("E1:G1"), .string(String(repeating: "宽", count: 100)))
        try sheet.set(ref("H1"), .string(String(repeating: "x", count: 300)))
        try sheet.setColumnWidth(8, 33)
        try sheet.set(ref("I1"), .string("kept"))
        try sheet.fitColumnWidths()
        #expect(sheet.columns[0]?.width == 11)  // "123456789" is 9 wide, + 2
        #expect(sheet.columns[1]?.width == 38)  // 17 CJK × 2 + "20" + 2
        #expect(sheet.columns[2]?.width == 16)  // the longer line: 7 CJK × 2 + 2
        #expect(sheet.columns[3]?.width == 12)
        #expect(sheet.columns[4] == nil)        // merged across columns: skipped
        #expect(sheet.columns[7]?.width == 60)  // capped
        #expect(sheet.columns[8]?.width == 33)  // kept
    }
}
