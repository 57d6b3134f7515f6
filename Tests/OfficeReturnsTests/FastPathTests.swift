import CatalogTable
import DisclosureCatalog
@testable import OfficeReturns
import SheetCore
import Testing

/// The fast paths of text handling give exactly what the plain character-by-character code gives.
@Suite struct FastPathTests {
    static let samples = [
        "", "序号", "落实情况", " 落实 情况 ", "公开渠道和载体（必填）", "填报单位：", "*关区代码", "＊联系电话",
        "实际公开渠道·直属海关网站", "\u{3000}全角空格\u{3000}", "a\u{301}", " \u{301}x", "x \u{301}", "（\u{301}）",
        "tab\there", "line\r\nbreak", "\u{00A0}nbsp", "nbsp\u{00A0}", "☑", "☐ ", "2025-03-01", "https://www.x.gov.cn",
        "末尾组合\u{301}", "\u{200B}零宽", "ASCII only", "e\u{301}", "Ｆｕｌｌ", "１２３", "\u{85}next-line",
    ]

    @Test func headerKeyMatchesTheCharacterLoop() {
        for s in Self.samples {
            #expect(s.headerKey == s.headerKeyByCharacter, "\(s.debugDescription)")
        }
    }

    @Test func cellTextMatchesTrimming() {
        for s in Self.samples {
            #expect(CellParsing.text(.string(s)) == s.trimmingWhitespace(), "\(s.debugDescription)")
        }
        #expect(CellParsing.text(.empty) == "")
    }

    @Test func checkMarksReadTheSameWithAndWithoutTheShortcut() {
        for text in ["☑", "☐", "☑ ", "√", "", "x", "TRUE", "否"] {
            for font in [nil, "Wingdings 2", "Wingdings", "宋体"] {
                let cell = GridCell(value: .string(text), fontName: font)
                #expect(CheckMark.read(cell) == CheckGlyph.readMark(cell).state, "\(text) \(font ?? "-")")
            }
        }
    }

    @Test func urlCheckFindsURLsAndSkipsTextWithout() {
        #expect(URLCheck.firstWellFormedURL(in: "见 HTTPS://www.customs.gov.cn/a，及其他") == "HTTPS://www.customs.gov.cn/a")
        #expect(URLCheck.firstWellFormedURL(in: "网址（http://nanjing.customs.gov.cn/x?y=1）") == "http://nanjing.customs.gov.cn/x?y=1")
        #expect(URLCheck.firstWellFormedURL(in: "“https://a.b”；http://c.d") == "https://a.b")
        #expect(URLCheck.firstWellFormedURL(in: "hhttp://x.y htttp://x.y") == nil)
        #expect(URLCheck.firstWellFormedURL(in: "xhttp://a.b http://a.b") == "http://a.b")
        #expect(URLCheck.firstWellFormedURL(in: "www.customs.gov.cn") == nil)
        #expect(URLCheck.firstWellFormedURL(in: "海关门户网站首页") == nil)
        #expect(URLCheck.firstWellFormedURL(in: "") == nil)
    }
}

@Suite struct CellNameTests {
    @Test func cellNamesAreCellReferenceDescriptions() {
        for row in [0, 1, 8, 9, 10, 99, 1_048_575] {
            for column in [0, 1, 25, 26, 27, 51, 52, 127, 128, 701, 702, 16_383] {
                #expect(SheetReader.cellName(row: row, column: column) == CellReference(row: row, column: column).description)
            }
        }
    }

    @Test func markCellsTrimLikeTrimming() {
        for s in ["☑", "☐", " ☑", "☑ ", "□", "■", "√", "✓", "☑\u{301}", "\u{3000}☐"] {
            #expect(CellParsing.text(.string(s)) == s.trimmingWhitespace(), "\(s.debugDescription)")
        }
    }
}
