import Testing
import SheetCore
import DisclosureCatalog
@testable import CatalogTable

/// Tables in the styles other domains use, built here as grids.
@Suite struct CatalogTableReaderTests {
    let options = CatalogTableReader.Options(file: "t.xlsx")

    /// Title rows above the header, one cell of options with ■/□ (split in two cells on one row),
    /// a 公开层级 column group, 特定群众 / 依申请公开, 同上, "/" and a loose deadline.
    @Test func taxStyleTable() throws {
        var b = GridBuilder("目录", rows: [
            ["附件2"],
            [""],
            ["税收管理领域基层政务公开标准目录"],
            ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "", "公开对象", "", "公开方式", "", "公开层级", "", "备注"],
            ["", "一级事项", "二级事项", "", "", "", "", "", "", "全社会", "特定群众", "主动公开", "依申请公开", "县级", "乡级", ""],
            ["1", "税收政策", "税收法律法规", "1．税收法律 2．税收法规", "①", "20工作日", "县级税务机关",
             "■政府网站 □政务服务中心 ■其他:办税服务厅", "", "✓", "", "✓", "", "√", "", "/"],
            ["2", "", "税收优惠", "减免税政策", "同上", "实时公开", "县级税务机关 乡镇税务所",
             "□政府网站 ■政务服务中心 □其他", "□12366热线", "✓", "✓", "✓", "", "√", "√", "需结合本地实际"],
            ["3", "", "纳税信用", "纳税信用A级纳税人名单", "①②", "每年4月30日前", "同上",
             "■政府网站 □政务服务中心 □其他", "■12366热线", "", "✓", "", "✓", "√", "", ""],
            ["备注1", "①《中华人民共和国税收征收管理法》 ②《纳税信用管理办法（试行）》"],
        ])
        for m in ["A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:I5", "J4:K4", "L4:M4", "N4:O4", "P4:P5",
                  "B6:B8", "B9:P9"] { b.merge(m) }
        let result = try CatalogTableReader.read(b.grid, options: options)
        let c = result.catalog
        #expect(c.title == "税收管理领域基层政务公开标准目录")
        #expect(c.attachmentLabel == "附件2")
        #expect(c.domain == "税收管理")
        #expect(c.id == "t")
        #expect(c.channels == ["政府网站", "政务服务中心", "其他", "12366热线"])
        #expect(c.extraColumns == ["公开层级·县级", "公开层级·乡级"])
        #expect(c.items.count == 3)
        #expect(c.items.map(\.category) == ["税收政策", "税收政策", "税收政策"])
        let i1 = c.items[0], i2 = c.items[1], i3 = c.items[2]
        #expect(i1.content.map(\.text) == ["税收法律", "税收法规"])
        #expect(i1.deadlines.first?.deadline.rule == .workingDays(20, after: ""))
        #expect(i1.channels == ChannelSelection(recommended: ["政府网站", "其他"], otherForm: "办税服务厅"))
        #expect(i1.audience == [.general] && i1.modes == [.proactive])
        #expect(i1.extraFields == [ExtraField(name: "公开层级·县级", value: "√")])
        #expect(i1.remarks == nil)
        #expect(i2.legalBasisSymbols == ["①"])  // 同上
        #expect(i2.deadlines.first?.deadline.rule == .timely(.realTime))
        #expect(i2.publishers.map(\.publisher.rawValue) == ["县级税务机关", "乡镇税务所"])
        #expect(i2.channels.recommended == ["政务服务中心"])
        #expect(i2.audience == [.general, .specificGroups])
        #expect(i2.remarks == "需结合本地实际")
        #expect(i3.publishers == i2.publishers)  // 同上
        #expect(i3.channels.recommended == ["政府网站", "12366热线"])  // union of the split cells
        #expect(i3.modes == [.onRequest] && i3.audience == [.specificGroups])
        #expect(i3.deadlines.first?.deadline.rule == .annual(month: 4, day: 30))
        #expect(c.legalBases.map(\.documents) == [["《中华人民共和国税收征收管理法》"], ["《纳税信用管理办法（试行）》"]])
        let warnings = result.findings.filter { $0.severity != .info }
        #expect(warnings == [], "\(warnings)")
        #expect(result.findings.contains { $0.code == "CAT-EXTRA-COLUMN" && $0.location?.cell == "N4" })
    }

    /// Wingdings letters through the cell's font, booleans, TRUE/FALSE and 是/否, per-channel columns,
    /// category label rows and a single-row header.
    @Test func glyphsThroughFontsAndBooleans() throws {
        var b = GridBuilder(rows: [
            ["序号", "二级事项", "公开内容", "公开时限", "公开主体", "公开渠道·政府网站", "公开渠道·公示栏", "公开渠道·两微一端",
             "公开渠道·其他", "全社会", "特定群体", "主动", "依申请"],
            ["一、机构信息"],
            ["1", "机构职能", "机构概况", "及时更新", "区级", "", "", "是", "否", "", "", "", ""],
            ["二、财务信息"],
            ["2", "预算", "部门预算", "批复后20日内", "区级", "TRUE", "FALSE", "否", "R 政务公开专区", "√", "", "√", ""],
        ])
        b.merge("A2:M2")
        b.set("F3", .string("R"), font: "Wingdings 2")
        b.set("G3", .string("£"), font: "Wingdings 2")
        b.set("J3", .string("þ"), font: "Wingdings")
        b.set("K3", .string("¨"), font: "Wingdings")
        b.set("L3", .bool(true))
        b.set("M3", .bool(false))
        b.set("I5", .string("R 政务公开专区"), font: "Wingdings 2")
        let result = try CatalogTableReader.read(b.grid, options: options)
        let c = result.catalog
        #expect(c.channels == ["政府网站", "公示栏", "两微一端", "其他"])
        #expect(c.items.map(\.category) == ["机构信息", "财务信息"])
        let i1 = c.items[0], i2 = c.items[1]
        #expect(i1.channels.recommended == ["政府网站", "两微一端"])
        #expect(i1.audience == [.general])
        #expect(i1.modes == [.proactive])
        #expect(i2.channels.recommended == ["政府网站", "其他"])
        #expect(i2.channels.otherForm == "政务公开专区")
        #expect(i2.deadlines.first?.deadline.rule == .calendarDays(20, after: "批复"))
        #expect(result.findings.filter { $0.severity != .info } == [])
    }

    /// Without the Wingdings font the same letters are not marks: a located finding, not a silent guess.
    @Test func unknownMarksAreLocatedFindings() throws {
        let b = GridBuilder("表1", rows: [
            ["序号", "二级事项", "公开内容", "公开时限", "公开渠道·网站", "全社会", "主动"],
            ["1", "甲", "内容", "看情况", "R", "可能", "√"],
            ["", "", "", "", "", "", ""],
            ["", "多出来的一行", "", "", "", "", ""],
            ["", "", "孤立文字", "", "", "x", ""],
        ])
        let result = try CatalogTableReader.read(b.grid, options: options)
        let byCode = Dictionary(grouping: result.findings, by: \.code)
        #expect(byCode["CAT-GLYPH"]?.first?.location?.description == "t.xlsx!表1!E2")
        #expect(byCode["CAT-MARK"]?.first?.location?.cell == "F2")
        #expect(byCode["CAT-DEADLINE-UNPARSED"]?.first?.location?.cell == "D2")
        #expect(result.catalog.items.first?.deadlines.first?.deadline == Deadline(wording: "看情况", rule: .unparsed))
        // A row with a name but no number is kept and numbered by position.
        #expect(byCode["CAT-NO-NUMBER"]?.first?.itemNumber == 2)
        #expect(result.catalog.items.map(\.name) == ["甲", "多出来的一行"])
        // A row that is neither an item nor a label is reported.
        #expect(byCode["CAT-UNREAD-ROW"]?.first?.location?.cell == "C5")
    }

    @Test func repeatedCoreColumnIsReported() throws {
        let b = GridBuilder(rows: [
            ["序号", "二级事项", "公开内容", "公开时限", "公开时限", "全社会", "主动"],
            ["1", "甲", "内容", "及时公开", "每年1月31日前", "√", "√"],
        ])
        let result = try CatalogTableReader.read(b.grid, options: options)
        #expect(result.findings.contains { $0.code == "CAT-DUPLICATE-COLUMN" && $0.location?.cell == "E1" })
        #expect(result.catalog.items[0].deadlines.map(\.deadline.rule) == [.annual(month: 1, day: 31)])
    }

    @Test func noHeaderIsALocatedError() {
        let b = GridBuilder("Sheet9", rows: [["姓名", "电话"], ["张三", "123"]])
        do {
            _ = try CatalogTableReader.read(b.grid, options: options)
            Issue.record("expected an error")
        } catch let e as CatalogTableError {
            #expect(e.kind == .headerNotFound)
            #expect(e.location.description == "t.xlsx!Sheet9")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A channel cell split in two (as in customs items 23–25) reads as the union.
    @Test func splitOptionCells() throws {
        var b = GridBuilder(rows: [
            ["序号", "公开事项", "公开内容", "公开时限", "公开渠道和载体", "", "全社会", "主动"],
            ["1", "解读宣贯", "解读", "依据实际情况及时发布", "☑直属海关网站 ☐现场公示栏 ☑其他：海关总署网站", "☑两微一端 口现场电子屏", "√", "√"],
        ])
        b.merge("E1:F1")
        let c = try CatalogTableReader.read(b.grid, options: options).catalog
        #expect(c.channels == ["直属海关网站", "现场公示栏", "其他", "两微一端", "现场电子屏"])
        #expect(c.items[0].channels.recommended == ["直属海关网站", "其他", "两微一端"])
        #expect(c.items[0].channels.otherForm == "海关总署网站")
    }
}

@Suite struct CatalogTableReaderHostileTests {
    /// Text right of the table is reported (capped at 20 findings plus a summary), never dropped silently;
    /// a sheet with thousands of rows and merges is read (the merge lookup is indexed).
    @Test func outsideCellsAndManyMerges() throws {
        var rows: [[String]] = [["序号", "二级事项", "公开内容", "公开时限", "全社会", "主动"]]
        for n in 1...3000 {
            rows.append([String(n), "事项\(n)", "内容", "及时公开", "√", "√", "", "旁注\(n)"])
        }
        var b = GridBuilder("大表", rows: rows)
        for n in stride(from: 1, to: 3000, by: 2) { b.merge("C\(n + 1):C\(n + 2)") }
        let result = try CatalogTableReader.read(b.grid, options: .init(file: "big.xlsx"))
        #expect(result.catalog.items.count == 3000)
        // Merged content is shown on both rows of each merge.
        #expect(result.catalog.items[1].content == [ContentElement(number: nil, text: "内容")])
        let outside = result.findings.filter { $0.code == "CAT-OUTSIDE-TABLE" }
        #expect(outside.count == 21)
        #expect(outside.first?.location?.cell == "H2")
        #expect(outside.last?.message.zh.contains("另有2980个单元格") == true)
    }
}

@Suite struct CatalogTableReaderTextColumnsTests {
    /// 公开对象 and 公开方式 as single columns of words, as some domains print them.
    @Test func audienceAndModeAsWords() throws {
        let b = GridBuilder(rows: [
            ["卫生健康领域基层政务公开标准目录"],
            ["序号", "公开事项", "公开内容", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "备注"],
            ["1", "医疗机构执业登记", "登记结果", "20个工作日内", "县级卫生健康部门", "■政府网站 □其他", "全社会", "主动", ""],
            ["2", "传染病疫情信息", "疫情信息", "及时公开", "县级卫生健康部门", "■政府网站 ■其他：医院公告栏", "全社会、特定群众", "主动公开和依申请公开", ""],
            ["3", "职业卫生", "检查结果", "及时公开", "县级卫生健康部门", "■政府网站", "某些人", "/", ""],
        ])
        let result = try CatalogTableReader.read(b.grid, options: .init(file: "h.csv"))
        let items = result.catalog.items
        #expect(items[0].audience == [.general] && items[0].modes == [.proactive])
        #expect(items[1].audience == [.general, .specificGroups] && items[1].modes == [.proactive, .onRequest])
        #expect(items[1].channels.otherForm == "医院公告栏")
        #expect(items[2].modes == [])
        #expect(result.findings.contains { $0.code == "CAT-MARK" && $0.location?.cell == "G5" })
        #expect(result.findings.contains { $0.code == "CAT-NO-MODE" && $0.itemNumber == 3 })
        // Written back in the official layout (one column per audience/mode) and read again: equal.
        let layout = CatalogTableLayout(catalog: result.catalog)
        let back = try CatalogTableReader.read(layout.grid, options: .init(file: "h.csv"))
        #expect(back.catalog == result.catalog)
    }
}

@Suite struct CatalogTableReaderPlainChannelListTests {
    /// A channel cell without boxes lists the channels to use; the reader says how it read it.
    @Test func plainChannelList() throws {
        let b = GridBuilder(rows: [
            ["序号", "公开事项", "公开内容", "公开时限", "公开渠道和载体", "公开对象", "公开方式"],
            ["1", "住房保障政策", "政策文件", "及时公开", "政府网站、政务新媒体；公示栏", "全社会", "主动"],
        ])
        let result = try CatalogTableReader.read(b.grid, options: .init(file: "z.csv"))
        #expect(result.catalog.channels == ["政府网站", "政务新媒体", "公示栏"])
        #expect(result.catalog.items[0].channels.recommended == ["政府网站", "政务新媒体", "公示栏"])
        #expect(result.findings.contains { $0.code == "CAT-CHANNEL-LIST" && $0.location?.cell == "E2" })
    }
}
