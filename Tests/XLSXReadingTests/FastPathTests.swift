import Foundation
import SheetCore
import Testing
@testable import XLSXReading
@testable import ZipArchive

/// The byte and scalar fast paths of the reader agree with the Character/Foundation code they bypass.
@Suite struct FastPathTests {
    static let listFormulas: [String] = [
        "\"已公开,部分公开,未公开,不适用\"", "\"☑,☐\"", "\"是,否,\"\"引号\"\"\"", "  \"a, b ,c\"\t", "\"\"", "\"", "\"a\"\"\"",
        "$A$1:$A$4", " Lists!$A$1:$A$4 ", "", "   ", "\t", "\"x,\"", "\",x\"", "\",,\"", "\"a,,b\"",
        // Grapheme joins next to quotes and commas, other whitespace at the ends: the Character path decides.
        "\"a,\u{301}b\"", "\"\u{301}a\"", "\"a\u{301}\"", "\"e\u{301},b\"", "\"a,b\"\u{301}", "\u{3000}\"a,b\"\u{3000}",
        "\u{00A0}\"a\"", "\"a\"\u{2003}", "\"👍🏽,👍\"", "\"a\u{200D},b\"", "\"\u{0600},a\"", "\"한,글\"", "\"\r\n,a\"", "\",\r\n\"",
        "\"ｆｕｌｌ，ｗｉｄｔｈ,全角\"", "\"…,—,“引”\"", "\"a\"b\"", "=\"a,b\"", "\"a,b\" ", " \"\"\"\" ",
    ]

    @Test(arguments: listFormulas)
    func listFormulaFastPathAgrees(formula: String) {
        let ranges = [CellRange(CellReference(row: 1, column: 1))]
        let fast = WorksheetState.listValidation(ranges: ranges, formula: formula)
        let slow = WorksheetState.listValidationByCharacters(ranges: ranges, formula: formula)
        #expect(fast == slow, "\(formula.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func listFormulaFastPathIsTakenForTheTemplateLists() {
        #expect(ListFormula.split("\"已公开,部分公开,未公开,不适用\"")?.options == ["已公开", "部分公开", "未公开", "不适用"])
        #expect(ListFormula.split("\"☑,☐\"")?.options == ["☑", "☐"])
        #expect(ListFormula.split("\"a,\u{301}b\"") == nil)
    }

    /// `CellRange`'s former definition: a Character split on `:`.
    static func rangeBySplitting(_ text: String) -> CellRange? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return CellReference(parts[0]).map { CellRange($0) }
        case 2:
            guard let a = CellReference(parts[0]), let b = CellReference(parts[1]) else { return nil }
            return CellRange(start: a, end: b)
        default: return nil
        }
    }

    @Test(arguments: ["A1", "A1:C3", "C3:A1", "$A$1:$B$2", "A1:", ":A1", "A1::B2", "A1:B2:C3", "", ":", "XFD1048576",
                      "A1:\u{301}B2", "A1\u{301}:B2", "A1:B2\u{301}", "Ａ1:B2", "a1:b2", "A0:B1", "A1:XFE1", "AB12:AC13 "])
    func cellRangeFromBytesAgrees(text: String) {
        #expect(CellRange(text) == Self.rangeBySplitting(text))
        #expect(CellRange(Substring(text)) == Self.rangeBySplitting(text))
    }

    @Test(arguments: ["http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "styles", "", "/",
                      "a/b/", "a//", "//", "http://x/y/sharedStrings", "类型/工作表", "a/b\u{301}"])
    func relationshipTypeSegmentAgrees(type: String) {
        #expect(Relationships.lastSegment(of: type) == (type.split(separator: "/").last.map(String.init) ?? type))
    }

    @Test(arguments: ["xl/workbook.xml", "/XL\\Worksheets\\Sheet1.xml", "//a", "[Content_Types].xml", "", "/", "Ünïcode/Part.XML",
                      "xl/ＷＯＲＫ.xml", "A\\B"])
    func zipNameNormalizationAgrees(name: String) {
        #expect(ZipReader.normalize(name) == ZipReader.normalizeGenerally(name))
    }

    @Test func relationshipTargetResolutionAgrees() {
        let sources = ["", "xl/workbook.xml", "xl\\workbook.xml", "/xl/workbook.xml", "xl/worksheets/sheet1.xml", "a//b/c.xml", "workbook.xml", "xl/"]
        let targets = ["worksheets/sheet1.xml", "/xl/styles.xml", "\\xl\\styles.xml", "../media/image1.png", "../../../x.xml", "./a/./b.xml",
                       "a//b", "", ".", "..", "a/..", "sharedStrings.xml", "x\\..\\y.xml", "工作表/表1.xml", "e\u{301}/a.xml"]
        for source in sources {
            for target in targets {
                #expect(Relationships.resolve(target, from: source) == Relationships.resolveByCharacters(target, from: source),
                        "\(target) from \(source)")
            }
        }
        #expect(Relationships.resolveASCII("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(Relationships.resolveASCII("工作表.xml", from: "xl/workbook.xml") == nil)
    }

    @Test(arguments: ["L8:L32", "A1 B2:C3", "  A1\tB2\nC3:D4  ", "", " ", "A1  B2", "A1\r\nB2", "A1\rB2", "A1 \u{301}B2",
                      "bad A1", "A1:B2:C3 D4", "$A$1:$B$9 XFD1048576"])
    func sqrefSplittingAgrees(sqref: String) {
        #expect(WorksheetState.ranges(sqref) == WorksheetState.rangesByCharacters(sqref))
    }
}
