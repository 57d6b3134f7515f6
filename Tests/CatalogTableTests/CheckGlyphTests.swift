import Testing
import SheetCore
import DisclosureCatalog
@testable import CatalogTable

@Suite struct CheckGlyphTests {
    @Test(arguments: [
        ("☑", true), ("■", true), ("√", true), ("✓", true), ("✔", true), ("☒", true), ("TRUE", true), ("是", true),
        ("☐", false), ("□", false), ("口", false), ("×", false), ("FALSE", false), ("否", false), ("/", false), ("", false),
    ])
    func marks(_ text: String, _ expected: Bool) {
        #expect(CheckGlyph.readMark(text: text).state == expected)
    }

    @Test func unknownMarkIsNil() {
        #expect(CheckGlyph.readMark(text: "可能").state == nil)
        #expect(CheckGlyph.readMark(text: "R").state == nil)  // not in a Wingdings font
    }

    @Test(arguments: [
        ("Wingdings 2", "R", true), ("Wingdings 2", "£", false), ("Wingdings 2", "S", true), ("Wingdings 2", "P", true),
        ("Wingdings", "þ", true), ("Wingdings", "¨", false), ("Wingdings", "ý", true), ("Wingdings", "ü", true),
        ("WINGDINGS", "þ", true),
    ])
    func wingdingsLettersThroughTheFont(_ font: String, _ letter: String, _ expected: Bool) {
        #expect(CheckGlyph.readMark(GridCell(value: .string(letter), fontName: font)).state == expected)
    }

    @Test func booleanCells() {
        #expect(CheckGlyph.readMark(GridCell(value: .bool(true))).state == true)
        #expect(CheckGlyph.readMark(GridCell(value: .bool(false))).state == false)
        #expect(CheckGlyph.readMark(nil).state == false)
    }

    @Test func markFollowedByText() {
        let r = CheckGlyph.readMark(text: "√ 海关认为具有一定社会影响的行政处罚决定，应当主动公开。")
        #expect(r.state == true && r.rest == "海关认为具有一定社会影响的行政处罚决定，应当主动公开。")
    }

    @Test func optionCells() {
        let (options, leading) = CheckGlyph.options(in: "☒网站 ×公示栏 ☑其他：出入口LED屏 口服务手册")
        #expect(leading == "")
        #expect(options.map(\.label) == ["网站", "公示栏", "其他：出入口LED屏", "服务手册"])
        #expect(options.map(\.checked) == [true, false, true, false])
    }
}

@Suite struct CatalogTableReaderPlacementTests {
    /// The header may start anywhere (here C4); item 9's "√ remark" in the 依申请 cell is split into the mark and
    /// the remark.
    @Test func headerAnywhereAndMarkWithRemark() throws {
        let pad = ["", ""]
        var b = GridBuilder(rows: [
            [], [], ["", "", "某领域基层政务公开标准目录"],
            pad + ["序号", "公开事项", "", "公开内容（要素）", "公开时限", "公开对象", "", "公开方式", "", "有关说明"],
            pad + ["", "一级事项", "二级事项", "", "", "全社会", "特定群体", "主动", "依申请", ""],
            pad + ["9", "行政执法信息", "行政处罚", "1. 行政处罚依据 2. 行政处罚决定", "自信息形成或者变更之日起7个工作日内",
                   "√", "", "√", "√ 海关认为具有一定社会影响的行政处罚决定，应当主动公开。", "/"],
        ])
        for m in ["C4:C5", "D4:E4", "F4:F5", "G4:G5", "H4:I4", "J4:K4", "L4:L5"] { b.merge(m) }
        let result = try CatalogTableReader.read(b.grid, options: .init(file: "x.xlsx"))
        let item = try #require(result.catalog.items.first)
        #expect(result.catalog.title == "某领域基层政务公开标准目录")
        #expect(item.number == 9 && item.category == "行政执法信息" && item.name == "行政处罚")
        #expect(item.modes == [.proactive, .onRequest])
        #expect(item.remarks == "海关认为具有一定社会影响的行政处罚决定，应当主动公开。")
        #expect(result.findings.contains { $0.code == "CAT-MARK-TEXT" && $0.location?.cell == "K6" })
    }
}
