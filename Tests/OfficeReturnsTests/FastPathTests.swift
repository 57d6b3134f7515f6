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
                #expect(SheetOrigin.cellName(row: row, column: column) == CellReference(row: row, column: column).description)
            }
        }
    }

    @Test func markCellsTrimLikeTrimming() {
        for s in ["☑", "☐", " ☑", "☑ ", "□", "■", "√", "✓", "☑\u{301}", "\u{3000}☐"] {
            #expect(CellParsing.text(.string(s)) == s.trimmingWhitespace(), "\(s.debugDescription)")
        }
    }
}

/// The ASCII/CJK fast paths of import agree with the Unicode definitions they replace.
@Suite struct ImportFastPathTests {
    @Test func whiteSpaceListIsTheUnicodeProperty() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if WhiteSpace.contains(scalar) != scalar.properties.isWhitespace {
                Issue.record("U+\(String(value, radix: 16)): list says \(WhiteSpace.contains(scalar))")
            }
            checked += 1
        }
        #expect(checked > 1_100_000)
    }

    /// Texts from an alphabet of what offices type and what trips grapheme rules: CJK, full-width and
    /// ideographic spaces, NBSP, CR LF, combining marks, ZWJ and emoji, folded brackets.
    static func randomTexts(count: Int) -> [String] {
        let alphabet: [String] = ["序", "号", "填", "a", "Z", "1", " ", "\t", "\r", "\n", "\u{3000}", "\u{00A0}", "\u{2003}",
                                  "\u{202F}", "\u{85}", "（", "）", "：", "*", "＊", ":", "(", "\u{301}", "\u{200D}", "❤",
                                  "☑", "☐", "。", "“", "”", "①", "\u{302A}", "\u{FE0F}", "Ｆ", "、", "\u{200B}", "ᄀ", "ᅡ",
                                  "\u{1F1E8}", "\u{1F1F3}", "e", "\u{0600}"]
        var seed: UInt64 = 0x5EED  // a fixed linear congruential sequence: the same texts every run
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        return (0..<count).map { _ in
            String((0..<(next() % 9)).map { _ in alphabet[next() % alphabet.count] }.joined())
        }
    }

    @Test func headerKeyAndTrimmingAgreeOnRandomTexts() {
        for text in Self.randomTexts(count: 20_000) {
            #expect(text.headerKey == text.headerKeyByCharacter, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(text.trimmed == text.trimmingWhitespace(), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(CellParsing.text(.string(text)) == text.trimmingWhitespace())
            for long in [text + text + text, "海关领域基层政务公开标准目录" + text, text + "\r\n填报单位填报单位填报单位"] {
                #expect(SheetReader.isLabelLength(long) == (long.prefix(13).count <= 12), "\(long.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            for colons in [text + ":", text + "::", ":" + text + "：:", text] {
                var stripped = colons
                while let last = stripped.last, last == ":" { stripped.removeLast() }
                let dropped = TextKey(colons).droppingTrailingColons()
                #expect(dropped.text.hasSameBytes(as: stripped) && dropped.isPlain == TextKey(stripped).isPlain)
            }
            let key = TextKey.headerKey(of: text), plain = TextKey(text.headerKey)
            #expect(key.text.hasSameBytes(as: plain.text) && key.isPlain == plain.isPlain)
        }
    }

    @Test(arguments: ["\u{3000}填报单位：\u{3000}", "\u{00A0}关区代码\u{00A0}", "填报 人", "“已公开”", "①②", "说明。",
                      "☑\u{3000}", "（备注）\r\n", "e\u{301}", "\u{2003}*序号"])
    func fullWidthAndNoBreakSpaces(text: String) {
        #expect(text.headerKey == text.headerKeyByCharacter)
        #expect(text.trimmed == text.trimmingWhitespace())
    }

    @Test func mergeLookupFindsTheFirstRangeInGridOrder() throws {
        var grid = Grid(name: "t")
        for row in 0..<12 { for column in 0..<6 { grid[CellReference(row: row, column: column)] = GridCell(value: .number(Double(row * 10 + column))) } }
        grid.mergedRanges = try ["A1:F1", "B3:B9", "C3:D4", "C4:C6", "F8:H12", "G1:G3", "A12:B20"].map {
            try #require(CellRange($0))
        }
        for row in 0..<22 {
            for column in 0..<10 {
                let ref = CellReference(row: row, column: column)
                #expect(grid.mergedRange(containing: ref) == grid.mergedRanges.first { $0.contains(ref) }, "\(ref)")
            }
        }
        let reader = SheetReader(grid: grid, file: "f", sheetName: "t")
        for row in 0..<14 {
            for column in 0..<8 {
                #expect(reader.displayedText(row: row, column: column)
                        == CellParsing.text(grid.displayedValue(CellReference(row: row, column: column))))
            }
        }
    }
}

/// The ASCII path of the URL check agrees with its character-by-character definition.
@Suite struct URLFastPathTests {
    static let pieces = ["http://", "HTTPS://", "hTTp://", "https:/", "www", ".", "..", "gov", "cn", "a-b", "1", "80", ":", "::",
                         "/", "?", "#", "x=1", " ", "\t", "\r\n", ";", ",", "(", ")", "\"", "-", "_", "@", "[", "{", "Z"]
    static let schemes = ["http://", "HTTPS://", "hTTp://", "https:/", "http:", "ftp://", ""]
    static let hostPieces = ["www", ".", "gov", ".cn", "a-b", "1", ".2", ":80", ":", "/", "?q", "#f", "Z", "..", "-", "_", "x"]

    @Test func asciiTextsGiveWhatTheCharacterLoopGives() {
        var seed: UInt64 = 0xC0FFEE  // a fixed linear congruential sequence: the same texts every run
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        var found = 0
        for _ in 0..<30_000 {
            func run(_ from: [String], _ most: Int) -> String { (0..<(next() % (most + 1))).map { _ in from[next() % from.count] }.joined() }
            // Noise, a scheme, a host-like run, noise.
            let text = run(Self.pieces, 3) + Self.schemes[next() % Self.schemes.count] + run(Self.hostPieces, 6) + run(Self.pieces, 3)
            let fast = URLCheck.firstWellFormedURL(in: text)
            #expect(fast == URLCheck.firstWellFormedURLByCharacter(in: text), "\(text.debugDescription)")
            if fast != nil { found += 1 }
        }
        #expect(found > 50)  // the generator does make URLs (76 with this seed)
    }

    @Test(arguments: ["http://a.b", "HTTP://WWW.CUSTOMS.GOV.CN/x", "http://1.2.3.4:80/", "http://a.b:x", "http://a.b:",
                      "https://:80", "http://a..b", "http://-.b", "http://a.1", "x http://a.b;http://c.d", "http://a.b\r\nhttp://c.d",
                      "http://a_b.c", "见 http://a.b", "http://a.b\u{301}", "\u{3000}http://a.b"])
    func knownTexts(text: String) {
        #expect(URLCheck.firstWellFormedURL(in: text) == URLCheck.firstWellFormedURLByCharacter(in: text))
    }
}

@Suite struct CellTextFastPathTests {
    @Test func isoDateIsTheDateTimeValueText() {
        let values = [DateTimeValue(year: 2025, month: 3, day: 1), DateTimeValue(year: 1, month: 1, day: 1),
                      DateTimeValue(year: 9999, month: 12, day: 31), DateTimeValue(year: 10_000, month: 1, day: 1),
                      DateTimeValue(year: -5, month: 1, day: 1), DateTimeValue(year: 2025, month: 3, day: 1, hour: 10, kind: .dateTime),
                      DateTimeValue(year: 0, month: 0, day: 0, hour: 13, minute: 5, kind: .time)]
        for value in values {
            #expect(CellParsing.isoDate(value) == value.iso8601)
            #expect(CellParsing.text(.date(value)) == value.iso8601)
        }
    }

    @Test(arguments: ["已公开", "部分公开", "未公开", "不适用", " 已公开 ", "已 公开", "Published", "NOT_PUBLISHED", "notApplicable",
                      "partiallypublished", "已公开。", "", "\u{3000}不适用"])
    func statusReadsAsItsDefinition(text: String) {
        // The definition: white space dropped, then a Chinese label or an English code in any case.
        let t = text.filter { !$0.isWhitespace }
        let expected = ImplementationStatus.allCases.first { t == $0.chineseLabel || t.lowercased() == $0.rawValue.lowercased() }
        #expect(ImplementationStatus(cellText: text) == expected)
    }
}

@Suite struct TextKeyTests {
    @Test func byteComparisonAgreesWithStringComparison() {
        let texts = ImportFastPathTests.randomTexts(count: 3_000) + ["序号", "序号\u{301}", "\u{2000}", "\u{2002}", "\u{F900}", "\u{8C48}",
                                                                   "e\u{301}", "\u{E9}", "a\r", "a\r\n", "实际公开渠道", "实际公开渠道·网站"]
        let keys = texts.map(TextKey.init)
        for (i, a) in keys.enumerated() {
            // Against every sample text around it and against each of its own prefixes.
            for b in keys[max(0, i - 30)..<min(keys.count, i + 30)] {
                #expect(a.equals(b) == (a.text == b.text), "\(a.text.debugDescription) \(b.text.debugDescription)")
                #expect(a.hasPrefix(b) == a.text.hasPrefix(b.text), "\(a.text.debugDescription) \(b.text.debugDescription)")
            }
            for n in 0...a.text.unicodeScalars.count {
                let prefix = TextKey(String(String.UnicodeScalarView(a.text.unicodeScalars.prefix(n))))
                #expect(a.hasPrefix(prefix) == a.text.hasPrefix(prefix.text), "\(a.text.debugDescription) \(n)")
            }
        }
        // Canonically equal, different bytes: never plain, so compared as Strings.
        #expect(TextKey("\u{F900}").equals(TextKey("\u{8C48}")))
        #expect(TextKey("\u{2000}").equals(TextKey("\u{2002}")))
        #expect(TextKey("e\u{301}").equals(TextKey("\u{E9}")))
    }

    @Test func fixedHeaderKeysArePlain() {
        let fixed = [HeaderKeys.number, HeaderKeys.category, HeaderKeys.name, HeaderKeys.status, HeaderKeys.items, HeaderKeys.everyone,
                     HeaderKeys.proactive, HeaderKeys.other, HeaderKeys.channelsAndCarriers, HeaderKeys.channels, HeaderKeys.keyColumn]
            + HeaderKeys.fillIn.map(\.0) + HeaderKeys.officialExact.map(\.0) + HeaderKeys.officialPrefixes.map(\.0)
        for key in fixed { #expect(key.isPlain, "\(key.text)") }
    }
}

@Suite struct SameBytesTests {
    @Test func sameBytesIsByteEquality() {
        let texts = ["", "a", "☑", "☐", "已公开", "已公开 ", "e\u{301}", "\u{E9}", String(repeating: "长文本", count: 40),
                     String(repeating: "长文本", count: 40) + "x", "ASCII text that is long enough not to be small"]
        for a in texts {
            for b in texts {
                #expect(a.hasSameBytes(as: b) == Array(a.utf8).elementsEqual(Array(b.utf8)), "\(a.debugDescription) \(b.debugDescription)")
            }
            // A bridged or sliced copy with the same bytes.
            #expect(a.hasSameBytes(as: String(a[...])))
        }
    }
}

@Suite struct NotesRowTests {
    @Test(arguments: ["备注", "备注1：", "注：以上", "说明：", "1", "25", "", "a备注", " 备注", "备 注", "注:", "说明", "\u{3000}备注"])
    func notesStartAsTheirDefinition(text: String) {
        #expect(ReturnImporter.startsNotes(text) == (text.hasPrefix("备注") || text.hasPrefix("注：") || text.hasPrefix("说明：")))
    }
}

@Suite struct IdentityLabelTests {
    @Test(arguments: [OfficeFields.customs, .generic])
    func keyedLabelsAreTheDictionary(_ fields: OfficeFields) {
        let labels = IdentityLabels.for(fields)
        #expect(labels.keyed.count == labels.byKey.count)
        for (key, label) in labels.keyed { #expect(labels.byKey[key.text] == label) }
        #expect(labels.keyed.allSatisfy { $0.key.isPlain })
    }
}

@Suite struct ColumnIdentityTests {
    @Test func columnsAreEqualExactlyWhenTheirHeadersAre() {
        for a in FillInColumn.allCases {
            for b in FillInColumn.allCases {
                #expect((a == b) == (a.rawValue == b.rawValue))
                if a == b { #expect(a.hashValue == b.hashValue) }
            }
        }
        for a in OfficialColumn.allCases {
            for b in OfficialColumn.allCases {
                #expect((a == b) == (a.rawValue == b.rawValue))
                if a == b { #expect(a.hashValue == b.hashValue) }
            }
        }
        #expect(Set(FillInColumn.allCases).count == FillInColumn.allCases.count)
        #expect(Set(OfficialColumn.allCases).count == OfficialColumn.allCases.count)
    }
}

/// Item keys read by bytes give what reading them by characters gives.
@Suite struct ItemKeyTests {
    static let keys = ["customs:5", "customs:05", "customs:+5", "customs:-1", "customs:", "customs:5x", "Customs:5", "customs5",
                       "custom:5", "customs:\r\n5", "customs\r\n:5", "customs:５", "customs:5\u{301}", "customs:\u{301}5", " customs:5",
                       "customs::5", "customs:99999999999999999999", "customs:25 ", "", ":5", "海关:5", "e\u{301}:5", "é:5"]
    static let catalogs = ["customs", "market", "c\r", "海关", "é", "e\u{301}", ""]

    @Test func bytesAgreeWithCharacters() {
        for key in Self.keys {
            for id in Self.catalogs {
                #expect(TemplateMetadata.itemNumber(fromKey: key, catalogID: id)
                        == TemplateMetadata.itemNumberByCharacter(fromKey: key, catalogID: id), "\(key.debugDescription) \(id.debugDescription)")
            }
        }
        #expect(TemplateMetadata.itemNumber(fromKey: "customs:25", catalogID: "customs") == 25)
    }
}
