import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport
import WorkCalendar

@Suite struct GridValidationTests {
    typealias F = GridFixtures

    @Test func cleanReturnHasNoErrorsOrWarnings() throws {
        let r = try F.read(F.cleanGrid())
        #expect(r.layout == .template)
        #expect(r.items.count == 25)
        #expect(r.items.allSatisfy { $0.matchedBy == .metadata })
        #expect(r.office.code.text == "0101")
        #expect(r.office.code.source?.cell == "I3" || r.office.code.source?.cell != nil)
        #expect(r.channels == CustomsCatalog.channels)
        #expect(r.missingColumns.isEmpty)
        let findings = try F.validator().validate(r)
        let serious = findings.filter { $0.severity != .info }
        #expect(serious.isEmpty, "\(serious.map(\.description))")
        // Info findings: 不适用 for the items a 隶属海关 does not publish, and timely deadlines noted.
        let naItems = Set(findings.filter { $0.code == "RET-NA-LEVEL" }.compactMap(\.itemNumber))
        #expect(naItems == F.notForSubordinate)
        #expect(F.notForSubordinate == [3, 10, 18])
        #expect(findings.contains { $0.code == "RET-DEADLINE-NOTED" && $0.itemNumber == 2 })
    }

    @Test func provenanceNamesSheetAndCell() throws {
        let r = try F.read(F.cleanGrid())
        let item5 = try #require(r.entries(forItem: 5).first)
        let statusCell = F.cell(item: 5, .fillIn(.status))
        #expect(item5.status.value == .published)
        #expect(item5.status.source == SourceLocation(file: "0101.xlsx", sheet: "填报表", cell: statusCell.description))
        #expect(item5.publishedDate.value == CalendarDate(iso: "2025-03-05"))
        #expect(item5.usedChannels == ["直属海关网站", "现场公示栏", "查询机、公用电脑"])
        #expect(r.stamp?.catalogID.value == "customs")
        #expect(r.stamp?.templateVersion.source?.sheet == TemplateMetadata.sheetName)
    }

    /// Each broken answer yields exactly its rule at exactly its cell.
    @Test(arguments: [
        // (item, column, new value, rule)
        (5, ReturnTemplate.ColumnRole.fillIn(.status), "已经公开", "RET-STATUS-INVALID"),
        (5, .fillIn(.status), "", "RET-STATUS-MISSING"),
        (5, .fillIn(.location), "beijing.customs.gov.cn", "RET-URL"),
        (5, .fillIn(.location), "http://海关/", "RET-URL"),
        (5, .fillIn(.publishedDate), "2025-02-30", "RET-DATE-INVALID"),
        (2, .fillIn(.publishedDate), "2025-07-01", "RET-DATE-FUTURE"),
        (5, .fillIn(.publishedDate), "2025-03-01", "RET-DATE-ORDER"),
        // 20 working days after Mon 3 Mar 2025 is Mon 31 Mar; 1 Apr is late.
        (5, .fillIn(.publishedDate), "2025-04-01", "RET-DEADLINE"),
        // 7 working days after 3 Mar is 12 Mar.
        (8, .fillIn(.publishedDate), "2025-03-13", "RET-DEADLINE"),
        (5, .channel("现场公示栏"), "x?", "RET-CHANNEL-MARK"),
        (5, .fillIn(.otherChannelNote), "微信群", "RET-OTHER-UNCHECKED"),
        (6, .channel("其他"), "☑", "RET-OTHER-NOTE@其他渠道说明"),
        (5, .official(.name), "办事指南（本关）", "RET-TEXT-CHANGED"),
        (5, .official(.deadline), "自信息形成或者变更之日起30个工作日内", "RET-TEXT-CHANGED"),
    ])
    func singleRuleAtItsCell(_ item: Int, _ role: ReturnTemplate.ColumnRole, _ value: String, _ ruleAndCell: String) throws {
        var grid = F.cleanGrid()
        let ref = F.cell(item: item, role)
        grid[ref] = GridCell(value: value.isEmpty ? .empty : .string(value))
        // "RULE@header" when the finding sits in another column of the row than the edited cell.
        let parts = ruleAndCell.split(separator: "@").map(String.init)
        let rule = parts[0]
        let expectedCell = parts.count > 1 ? F.cell(item: item, .fillIn(FillInColumn(rawValue: parts[1]) ?? .remarks)) : ref
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(findings.map(\.code) == [rule], "\(findings.map(\.description))")
        #expect(findings.first?.location?.cell == expectedCell.description)
        #expect(findings.first?.itemNumber == item)
        #expect(findings.first?.location?.sheet == "填报表")
    }

    @Test func publishedWithoutChannels() throws {
        var grid = F.cleanGrid()
        for channel in CustomsCatalog.channels { grid[F.cell(item: 1, .channel(channel))] = GridCell(value: .string("☐")) }
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.severity == .error }
        #expect(findings.map(\.code) == ["RET-CHANNEL-NONE"])
        #expect(findings.first?.location?.cell == F.cell(item: 1, .channel("直属海关网站")).description)
    }

    @Test func notPublishedNeedsAReasonAndNoChannels() throws {
        var grid = F.cleanGrid()
        grid[F.cell(item: 7, .fillIn(.status))] = GridCell(value: .string("未公开"))
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(Set(findings.map(\.code)) == ["RET-REASON", "RET-CHANNEL-UNPUBLISHED"])
        #expect(findings.first { $0.code == "RET-REASON" }?.location?.cell == F.cell(item: 7, .fillIn(.reason)).description)
        grid[F.cell(item: 7, .fillIn(.reason))] = GridCell(value: .string("现场改造中"))
        grid[F.cell(item: 7, .channel("现场公示栏"))] = GridCell(value: .string("☐"))
        #expect(try F.validator().validate(try F.read(grid)).filter { $0.severity != .info }.isEmpty)
    }

    @Test func identityRules() throws {
        var grid = F.cleanGrid()
        grid[F.template.identityValueCell(1)] = GridCell(value: .number(101, raw: "101"))
        grid[F.template.identityValueCell(3)] = nil
        grid[F.template.identityValueCell(5)] = GridCell(value: .string("2025-07-02"))
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-ID-MISSING", "RET-ID-CODE", "RET-ID-DATE"])
        #expect(findings.map { $0.location?.cell ?? "" } == [3, 1, 5].map { F.template.identityValueCell($0).description })
        #expect(findings[1].message.zh.contains("前导0"))
        #expect(findings[1].message.en.contains("leading zero"))
    }

    @Test func itemsMissingDuplicatedAndUnknownRows() throws {
        var grid = F.cleanGrid()
        // Item 2's row becomes a second item 1 (key and number changed), and an extra row is added.
        let row2 = F.row(ofItem: 2)
        grid[row2, F.template.itemKeyColumn] = GridCell(value: .string("customs:1"))
        let extra = F.template.lastDataRow + 1
        grid[extra, F.column(.official(.number))] = GridCell(value: .number(26))
        grid[extra, F.column(.official(.name))] = GridCell(value: .string("自拟事项"))
        grid[extra, F.column(.fillIn(.status))] = GridCell(value: .string("已公开"))
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.severity == .error }
        #expect(Set(findings.map(\.code)) == ["RET-ITEM-DUPLICATE", "RET-ITEM-MISSING", "RET-ROW-UNKNOWN"])
        #expect(findings.first { $0.code == "RET-ITEM-MISSING" }?.itemNumber == 2)
        #expect(findings.first { $0.code == "RET-ROW-UNKNOWN" }?.location?.cell == "A\(extra + 1)")
    }

    @Test func rowsSortedAndColumnsInsertedStillImport() throws {
        let grid = F.cleanGrid()
        // Reverse the data rows and insert an empty column before 落实情况.
        var moved = Grid(name: grid.name)
        let insertAt = F.column(.fillIn(.status))
        for (ref, cell) in grid.sortedCells {
            var target = ref
            if ref.row >= F.template.firstDataRow, ref.row <= F.template.lastDataRow {
                target.row = F.template.lastDataRow - (ref.row - F.template.firstDataRow)
            }
            if target.column >= insertAt { target.column += 1 }
            moved[target] = cell
        }
        moved[F.template.headerRow, insertAt] = GridCell(value: .string("本单位自加列"))
        moved.mergedRanges = grid.mergedRanges.map { range in
            func shift(_ r: CellReference) -> CellReference {
                CellReference(row: r.row, column: r.column >= insertAt ? r.column + 1 : r.column)
            }
            return CellRange(start: shift(range.start), end: shift(range.end))
        }
        let r = try F.read(moved)
        #expect(r.items.count == 25)
        #expect(r.items.first?.itemNumber == 25)
        #expect(r.items.allSatisfy { $0.matchedBy == .metadata })
        let findings = try F.validator().validate(r).filter { $0.severity != .info }
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        let item25 = try #require(r.entries(forItem: 25).first)
        #expect(item25.status.source?.cell == CellReference(row: F.template.firstDataRow, column: insertAt + 1).description)
    }

    @Test func deadlinesAcrossHolidaysAndCalendarData() throws {
        var grid = F.cleanGrid()
        // Item 8 (7 working days): formed Fri 26 Sep 2025; 28 Sep worked, 1–8 Oct off, 11 Oct worked:
        // 28,29,30 Sep, 9,10,11,13 Oct → due 13 Oct. Published 13 Oct is on time.
        grid[F.cell(item: 8, .fillIn(.formedOrChangedDate))] = GridCell(value: .string("2025-09-26"))
        grid[F.cell(item: 8, .fillIn(.publishedDate))] = GridCell(value: .string("2025/10/13"))
        // Item 14 (20 calendar days): approved 11 Sep 2025, day 20 is 1 Oct (holiday) → 9 Oct (art. 203).
        grid[F.cell(item: 14, .fillIn(.formedOrChangedDate))] = GridCell(value: .string("2025年9月11日"))
        grid[F.cell(item: 14, .fillIn(.publishedDate))] = GridCell(value: .string("2025-10-09"))
        var findings = try F.validator(asOf: "2025-10-31").validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        grid[F.cell(item: 8, .fillIn(.publishedDate))] = GridCell(value: .string("2025-10-14"))
        grid[F.cell(item: 14, .fillIn(.publishedDate))] = GridCell(value: .string("2025-10-10"))
        findings = try F.validator(asOf: "2025-10-31").validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-DEADLINE", "RET-DEADLINE"])
        #expect(findings.map(\.itemNumber) == [8, 14])
        #expect(findings[0].message.zh.contains("2025-10-13"))
        #expect(findings[1].message.en.contains("2025-10-09"))
        // Item 12 (annual by 31 January): formed 2025-01-10, published 2025-02-03 is late.
        grid[F.cell(item: 12, .fillIn(.publishedDate))] = GridCell(value: .string("2025-02-03"))
        findings = try F.validator(asOf: "2025-10-31").validate(try F.read(grid)).filter { $0.itemNumber == 12 && $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-DEADLINE"])
        #expect(findings.first?.message.zh.contains("2025-01-31") == true)
    }

    @Test func yearWithoutHolidayDataIsReportedNotGuessed() throws {
        var grid = F.cleanGrid()
        grid[F.cell(item: 8, .fillIn(.formedOrChangedDate))] = GridCell(value: .string("2027-03-01"))
        grid[F.cell(item: 8, .fillIn(.publishedDate))] = GridCell(value: .string("2027-03-05"))
        let findings = try F.validator(asOf: "2027-12-31").validate(try F.read(grid)).filter { $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-CALENDAR"])
        #expect(findings.first?.severity == .warning, "missing holiday data is not the office's error")
        #expect(findings.first?.message.zh.contains("2027") == true)
        #expect(findings.first?.message.en.contains("--holidays") == true)
    }

    @Test func wrongCatalogVersionAndTemplateVersion() throws {
        var meta = F.template.metadataGrid()
        meta[2, 1] = GridCell(value: .string("2019版"))
        meta[3, 1] = GridCell(value: .string("9"))
        let r = try ReturnImporter(catalog: F.catalog).read(sheets: [F.cleanGrid(), meta], file: "x.xlsx")
        let findings = try F.validator().validate(r).filter { $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-CATALOG-VERSION", "RET-TEMPLATE-VERSION"])
        #expect(findings.map { $0.location?.cell } == ["B3", "B4"])
        #expect(findings.map { $0.location?.sheet } == [TemplateMetadata.sheetName, TemplateMetadata.sheetName])
    }

    @Test func templateOfAnotherCatalog() throws {
        var meta = F.template.metadataGrid()
        meta[1, 1] = GridCell(value: .string("tax"))
        let r = try ReturnImporter(catalog: F.catalog).read(sheets: [F.cleanGrid(), meta], file: "x.xlsx")
        // Keys of another catalog are not trusted: rows fall back to number and name.
        #expect(r.items.allSatisfy { $0.matchedBy == .numberAndName })
        let findings = try F.validator().validate(r).filter { $0.severity != .info }
        #expect(findings.map(\.code) == ["RET-CATALOG"])
        #expect(findings.first?.location?.cell == "B2")
        #expect(findings.first?.message.zh.contains("tax") == true)
    }

    /// Another domain's catalog (Samples/catalog-market.json): the template and the rules are generic, and
    /// the customs office levels are not applied to its publishers.
    @Test func anotherDomainsCatalog() throws {
        let url = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.json")
        let market = try Catalog(jsonData: Data(contentsOf: url))
        let template = ReturnTemplate(catalog: market)
        var grid = template.mainGrid()
        let identity = ["某县市场监管局", "0101", "某市", "李四", "123", "2025-06-30"]
        for (index, value) in identity.enumerated() { grid[template.identityValueCell(index)] = GridCell(value: .string(value)) }
        let statusColumn = try #require(template.column(.fillIn(.status)))
        for row in template.firstDataRow...template.lastDataRow { grid[row, statusColumn] = GridCell(value: .string("不适用")) }
        let r = try ReturnImporter(catalog: market).read(sheets: [grid, template.metadataGrid()], file: "market.xlsx")
        #expect(r.items.count == market.items.count)
        #expect(r.channels == market.channels)
        let validator = ReturnValidator(catalog: market, calendar: try HolidayCalendar.builtIn(),
                                        settings: ValidationSettings(asOf: CalendarDate(iso: "2025-06-30")))
        #expect(validator.officeLevel(of: r.office) == nil)
        let findings = validator.validate(r)
        #expect(findings.filter { $0.code == "RET-REASON" }.count == market.items.count)
        #expect(!findings.contains { $0.code == "RET-NA-LEVEL" })
    }

    @Test func directCustomsLevelFromCode() throws {
        var grid = F.cleanGrid()
        grid[F.template.identityValueCell(1)] = GridCell(value: .string("0100"))
        // A 直属海关 publishes item 10 itself: 不适用 now needs a reason.
        let findings = try F.validator().validate(try F.read(grid))
        #expect(findings.filter { $0.code == "RET-REASON" }.compactMap(\.itemNumber) == [3, 10, 18])
        #expect(!findings.contains { $0.code == "RET-NA-LEVEL" })
    }

    @Test func recommendedChannelsUnusedIsInfo() throws {
        var grid = F.cleanGrid()
        grid[F.cell(item: 2, .channel("现场电子屏"))] = GridCell(value: .string("☐"))
        let findings = try F.validator().validate(try F.read(grid)).filter { $0.itemNumber == 2 && $0.code == "RET-RECOMMENDED" }
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.message.zh.contains("现场电子屏") == true)
    }

    @Test(arguments: [
        ("☑", true), ("☐", false), ("√", true), ("■", true), ("□", false), ("口", false), ("TRUE", true),
        ("是", true), ("否", false), ("", false), ("maybe", nil),
    ] as [(String, Bool?)])
    func checkMarks(_ text: String, _ expected: Bool?) {
        #expect(CheckMark.read(GridCell(value: text.isEmpty ? .empty : .string(text))) == expected)
    }

    @Test func wingdingsGlyphsDependOnTheFont() {
        #expect(CheckMark.read(GridCell(value: .string("R"), fontName: "Wingdings 2")) == true)
        #expect(CheckMark.read(GridCell(value: .string("£"), fontName: "Wingdings 2")) == false)
        #expect(CheckMark.read(GridCell(value: .string("þ"), fontName: "Wingdings")) == true)
        #expect(CheckMark.read(GridCell(value: .string("¨"), fontName: "Wingdings")) == false)
        #expect(CheckMark.read(GridCell(value: .string("R"), fontName: "Calibri")) == nil)
        #expect(CheckMark.read(GridCell(value: .bool(true))) == true)
    }

    @Test(arguments: [
        ("2025-03-01", "2025-03-01"), ("2025/3/1", "2025-03-01"), ("2025.3.1", "2025-03-01"),
        ("2025年3月1日", "2025-03-01"), ("20250301", "2025-03-01"), ("2025 年 3 月 1 日", "2025-03-01"),
        ("2025-03-01 10:30", "2025-03-01"), ("2025-03-01T10:30:00", "2025-03-01"), ("2025-02-29", nil), ("3/1/2025", nil), ("明天", nil),
    ] as [(String, String?)])
    func dateTexts(_ text: String, _ iso: String?) {
        #expect(CellParsing.date(text: text)?.iso8601 == iso)
    }

    @Test func excelSerialDates() {
        #expect(CellParsing.date(.number(45717, raw: nil))?.iso8601 == "2025-03-01")
        #expect(CellParsing.date(.number(12, raw: nil)) == nil)
    }

    /// The official table's one-cell channel list (items 23–25 split over two cells), edited by the office.
    @Test func oneCellChannelListsSplitInTwo() throws {
        var grid = Grid(name: "目录")
        let header = ["序号", "一级事项", "二级事项", "公开渠道和载体 (见备注3)", ""]
        for (c, t) in header.enumerated() where !t.isEmpty { grid[2, c] = GridCell(value: .string(t)) }
        grid.mergedRanges = [CellRange(start: CellReference(row: 2, column: 3), end: CellReference(row: 2, column: 4))]
        grid[3, 0] = GridCell(value: .number(23))
        grid[3, 1] = GridCell(value: .string("综合管理"))
        grid[3, 2] = GridCell(value: .string("解读宣贯"))
        grid[3, 3] = GridCell(value: .string("☑直属海关网站 ☐现场公示栏 ☐查询机、公用电脑 ☑入户/上门/网络精准推送 ☑其他（注明具体形式）"))
        grid[3, 4] = GridCell(value: .string("☑两微一端 口现场电子屏 ☐服务手册"))
        let r = try ReturnImporter(catalog: F.catalog).read(sheets: [grid], file: "official.xlsx")
        #expect(r.layout == .officialTable)
        let item = try #require(r.entries(forItem: 23).first)
        #expect(item.matchedBy == .numberAndName)
        #expect(Set(item.usedChannels) == ["直属海关网站", "入户/上门/网络精准推送", "其他", "两微一端"])
        #expect(item.channels.count == 8)
        #expect(item.channels.first { $0.channel == "两微一端" }?.used.source?.cell == "E4")
    }
}
