import CatalogTable
import DisclosureCatalog
import Foundation
@testable import OfficeReturns
import SheetCore
import Testing
import TestSupport
import WorkCalendar

/// Findings that say why (issue 14): catalog-specific identity words, addresses written as IRIs, marks other
/// than ☑, phone numbers that lost their 0, the cell of an unused recommended channel, catalog versions that are
/// never empty, and channel lists that read unambiguously.
@Suite struct FindingsSayWhyTests {
    typealias F = GridFixtures

    static func market() throws -> Catalog {
        try Catalog(jsonData: Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.json")))
    }

    // MARK: Identity fields from the catalog

    @Test func marketTemplateAsksForItsOwnIdentityFields() throws {
        let market = try Self.market()
        #expect(market.officeFields == nil)
        #expect(market.office == .generic)
        let template = ReturnTemplate(catalog: market)
        let labels = template.identityCells.map { template.mainGrid().text(row: $0.row, column: $0.column) }
        #expect(labels == ["填报单位", "单位代码", "上级单位", "填报人", "联系电话", "填报日期"])
        let csvText = template.csvRows().flatMap { $0 }.joined(separator: "\n")
        let instructions = template.instructions.joined(separator: "\n")
        for customsWord in ["关区代码", "所属直属海关", "隶属海关"] {
            #expect(!csvText.contains(customsWord), "\(customsWord) in the CSV template")
            #expect(!instructions.contains(customsWord), "\(customsWord) in the instructions")
            #expect(!template.inputs.contains { $0.title.contains(customsWord) || $0.message.contains(customsWord) })
        }
        // The customs catalog keeps its words.
        let customs = ReturnTemplate(catalog: CustomsCatalog.catalog)
        #expect(customs.identityLabels == ["填报单位", "关区代码", "所属直属海关", "填报人", "联系电话", "填报日期"])
        #expect(CustomsCatalog.catalog.officeLevels == [.directCustoms, .subordinateCustoms])
        #expect(market.officeLevels.map(\.rawValue) == ["县级市场监管部门", "市场监管所"])
    }

    @Test func marketReturnReadsAndChecksItsOwnIdentityFields() throws {
        let market = try Self.market()
        let template = ReturnTemplate(catalog: market)
        var grid = template.mainGrid()
        let identity = ["某县市场监管局", "A-17", "某市市场监管局", "李四", "0571-88888888", "2025-06-30"]
        for (index, value) in identity.enumerated() { grid[template.identityValueCell(index)] = GridCell(value: .string(value)) }
        let r = try ReturnImporter(catalog: market).read(sheets: [grid, template.metadataGrid()], file: "market.xlsx")
        #expect(r.office.code.text == "A-17")
        #expect(r.office.directCustoms.text == "某市市场监管局")
        let validator = ReturnValidator(catalog: market, calendar: try HolidayCalendar.builtIn(),
                                        settings: ValidationSettings(asOf: CalendarDate(iso: "2025-06-30")))
        let findings = validator.validate(r)
        // No fixed digit count for 单位代码, and the catalog's fingerprint is the template's version.
        #expect(!findings.contains { $0.code == "RET-ID-CODE" || $0.code == "RET-CATALOG-VERSION" || $0.code == "RET-ID-MISSING" })

        // A missing field is named with the catalog's word.
        grid[template.identityValueCell(2)] = GridCell(value: .empty)
        let missing = validator.validate(try ReturnImporter(catalog: market).read(sheets: [grid, template.metadataGrid()], file: "m.xlsx"))
        let finding = try #require(missing.first { $0.code == "RET-ID-MISSING" })
        #expect(finding.message.zh == "未填写上级单位")
    }

    @Test func officeFieldsRoundTripThroughCatalogJSON() throws {
        var catalog = try Self.market()
        catalog.officeFields = OfficeFields(name: "填报单位", code: "统一社会信用代码", parent: "主管部门", codeDigits: 18,
                                            levels: ["市场监管所"])
        let back = try Catalog(jsonData: catalog.jsonData())
        #expect(back == catalog)
        #expect(back.officeLevels == ["市场监管所"])
        #expect(ReturnTemplate(catalog: back).identityLabels.prefix(3) == ["填报单位", "统一社会信用代码", "主管部门"])
        // The schema's additionalProperties must allow the key (checked with jsonschema in CatalogSchemaTests).
        #expect(String(decoding: try catalog.jsonData(), as: UTF8.self).contains("\"officeFields\""))
    }

    // MARK: Addresses

    @Test(arguments: [
        ("https://tianjin.customs.gov.cn/公开/11.html", true),
        ("见 https://tianjin.customs.gov.cn/公开/11.html 栏目", true),
        ("http://中国政府网.政务/zhengce/", true),
        ("https://www.customs.gov.cn/customs/302249/index.html", true),
        ("www.customs.gov.cn", false),
        ("https://公开", false),
        ("https://tianjin.customs.gov.cn:端口/", false),
        ("一楼大厅", false),
    ] as [(String, Bool)])
    func addressesIncludingIRIs(_ text: String, _ accepted: Bool) {
        #expect((URLCheck.firstWellFormedURL(in: text) != nil) == accepted, "\(text)")
    }

    @Test func iriInTheReturnIsNoFinding() throws {
        var grid = F.cleanGrid()
        grid[F.cell(item: 1, .fillIn(.location))] = GridCell(value: .string("https://tianjin.customs.gov.cn/公开/11.html"))
        let findings = try F.validator().validate(try F.read(grid))
        #expect(!findings.contains { $0.code == "RET-URL" })
    }

    // MARK: Marks

    @Test func yesInTheWebsiteColumnCountsAsTickedAndSaysSo() throws {
        var grid = F.cleanGrid()
        let item = try #require(F.catalog.items.first { !$0.channels.isRecommended("直属海关网站") && !F.notForSubordinate.contains($0.number) })
        grid[F.cell(item: item.number, .channel("直属海关网站"))] = GridCell(value: .string("是"))
        let findings = try F.validator().validate(try F.read(grid))
        let url = try #require(findings.first { $0.code == "RET-URL" && $0.itemNumber == item.number })
        #expect(url.message.zh.contains("“直属海关网站”栏填的是“是”，按已勾选该网站渠道计"))
        #expect(url.message.en.contains("counts as the website channel ticked"))
        // Ticked with ☑, the message has no such note.
        grid[F.cell(item: item.number, .channel("直属海关网站"))] = GridCell(value: .string("☑"))
        let plain = try F.validator().validate(try F.read(grid)).first { $0.code == "RET-URL" && $0.itemNumber == item.number }
        #expect(plain?.message.zh.contains("按已勾选") == false)
    }

    // MARK: Phone

    @Test(arguments: [
        ("1065195114", true), ("2223456789", true), ("57188888888", true), ("1065195114.0", true),
        ("010-65195114", false), ("01065195114", false), ("13800138000", false), ("65195114", false),
        ("12345", false), ("", false), ("转 8001", false),
    ] as [(String, Bool)])
    func phoneThatLostItsZero(_ text: String, _ lost: Bool) {
        #expect((PhoneCheck.lostLeadingZero(text) != nil) == lost, "\(text)")
    }

    @Test func phoneTypedAsNumberIsAWarning() throws {
        var grid = F.cleanGrid()
        grid[F.template.identityValueCell(4)] = GridCell(value: .number(1065195114, raw: "1065195114"))
        let findings = try F.validator().validate(try F.read(grid))
        let phone = try #require(findings.first { $0.code == "RET-ID-PHONE" })
        #expect(phone.severity == .warning)
        #expect(phone.location?.cell == F.template.identityValueCell(4).description)
        #expect(phone.message.zh.contains("01065195114"))
        #expect(!(try F.validator().validate(try F.read(F.cleanGrid()))).contains { $0.code == "RET-ID-PHONE" })
    }

    // MARK: RET-RECOMMENDED

    @Test func recommendedPointsAtTheFirstUnusedChannelsCell() throws {
        // An item with two or more recommended channels, the first one left unused.
        let item = try #require(F.catalog.items.first { $0.channels.recommended.count >= 2 && !F.notForSubordinate.contains($0.number) })
        let first = item.channels.recommended[0], second = item.channels.recommended[1]
        var grid = F.cleanGrid()
        grid[F.cell(item: item.number, .channel(first))] = GridCell(value: .string("☐"))
        let finding = try #require(try F.validator().validate(try F.read(grid)).first { $0.code == "RET-RECOMMENDED" && $0.itemNumber == item.number })
        #expect(finding.location?.cell == F.cell(item: item.number, .channel(first)).description)
        // The second unused instead: its cell.
        grid[F.cell(item: item.number, .channel(first))] = GridCell(value: .string("☑"))
        grid[F.cell(item: item.number, .channel(second))] = GridCell(value: .string("☐"))
        let other = try #require(try F.validator().validate(try F.read(grid)).first { $0.code == "RET-RECOMMENDED" && $0.itemNumber == item.number })
        #expect(other.location?.cell == F.cell(item: item.number, .channel(second)).description)
    }

    // MARK: Versions

    @Test func versionlessCatalogIsKnownByItsFingerprint() throws {
        let catalog = CustomsCatalog.catalog
        #expect(catalog.version == nil)
        let fingerprint = catalog.contentFingerprint
        #expect(fingerprint.hasPrefix("sha256:") && fingerprint.count == 7 + 16)
        #expect(catalog.versionLabel == fingerprint)
        #expect(CustomsCatalog.catalog.contentFingerprint == fingerprint)  // stable
        var changed = catalog
        changed.items[0].name += "（修订）"
        #expect(changed.contentFingerprint != fingerprint)
        var versioned = catalog
        versioned.version = "2025"
        #expect(versioned.versionLabel == "2025")
        #expect(versioned.contentFingerprint == fingerprint)  // the version is not content
        // The template records it.
        let meta = F.template.metadataGrid()
        #expect((0..<meta.rowCount).contains { meta.text(row: $0, column: 1) == fingerprint })
        #expect(F.template.csvRows().contains([TemplateMetadata.catalogVersionLabel, fingerprint]))
    }

    @Test func versionMessageNeverShowsAnEmptyVersion() throws {
        var meta = F.template.metadataGrid()
        let row = try #require((0..<meta.rowCount).first { meta.text(row: $0, column: 0) == TemplateMetadata.catalogVersionLabel })
        meta[row, 1] = GridCell(value: .string("2019"))
        let r = try ReturnImporter(catalog: F.catalog).read(sheets: [F.cleanGrid(), meta], file: "0101.xlsx")
        let finding = try #require(F.validator().validate(r).first { $0.code == "RET-CATALOG-VERSION" })
        #expect(!finding.message.zh.contains("“”"))
        #expect(finding.message.zh.contains(F.catalog.contentFingerprint))
        // A template made before fingerprints (empty version) is still this version-less catalog's.
        meta[row, 1] = GridCell(value: .empty)
        let legacy = try ReturnImporter(catalog: F.catalog).read(sheets: [F.cleanGrid(), meta], file: "0101.xlsx")
        #expect(!(try F.validator().validate(legacy)).contains { $0.code == "RET-CATALOG-VERSION" })
    }

    // MARK: Channel lists

    @Test func channelListsUseASeparatorNoChannelContains() throws {
        #expect(CustomsCatalog.channels.contains("查询机、公用电脑"))
        #expect(!CustomsCatalog.channels.contains(where: ChannelName.containsListSeparator))
        #expect(!CustomsCatalog.catalog.consistencyFindings().contains { $0.code == "CAT-CHANNEL-SEPARATOR" })
        #expect(ChannelName.list(["现场电子屏", "查询机、公用电脑"]) == "现场电子屏；查询机、公用电脑")
        var bad = CustomsCatalog.catalog
        bad.channels.append("网站；公众号")
        #expect(bad.consistencyFindings().contains { $0.code == "CAT-CHANNEL-SEPARATOR" && $0.severity == .error })
        // Loaded from JSON, the same finding, located at the file.
        let file = try TestSupport.makeTemporaryDirectory("separator").appendingPathComponent("bad.json")
        try bad.jsonData().write(to: file)
        let loaded = try CatalogFile.load(file.path)
        #expect(loaded.findings.map(\.code) == ["CAT-CHANNEL-SEPARATOR"])
        #expect(loaded.findings.first?.location?.file == file.path)
        #expect(try CatalogFile.load(TestSupport.packageRoot.appendingPathComponent("Samples/catalog-customs.json").path).findings.isEmpty)

        var grid = F.cleanGrid()
        let item = try #require(F.catalog.items.first { !F.notForSubordinate.contains($0.number) })
        grid[F.cell(item: item.number, .fillIn(.status))] = GridCell(value: .string("未公开"))
        grid[F.cell(item: item.number, .fillIn(.reason))] = GridCell(value: .string("尚未形成"))
        for channel in F.catalog.channels { grid[F.cell(item: item.number, .channel(channel))] = GridCell(value: .string("☐")) }
        grid[F.cell(item: item.number, .channel("现场电子屏"))] = GridCell(value: .string("☑"))
        grid[F.cell(item: item.number, .channel("查询机、公用电脑"))] = GridCell(value: .string("☑"))
        let finding = try #require(try F.validator().validate(try F.read(grid)).first { $0.code == "RET-CHANNEL-UNPUBLISHED" })
        #expect(finding.message.zh.hasSuffix("现场电子屏；查询机、公用电脑"))
    }

    // MARK: Calendar

    @Test func unpublishedHolidayYearIsRetCalendar() throws {
        // An unpublished 2027 (no papers, no days) makes a 2027 working-day deadline RET-CALENDAR.
        var grid = F.cleanGrid()
        let item = try #require(F.catalog.items.first { item in
            !F.notForSubordinate.contains(item.number)
                && item.deadlines.contains { if case .workingDays = $0.deadline.rule { return true } else { return false } }
        })
        grid[F.cell(item: item.number, .fillIn(.formedOrChangedDate))] = GridCell(value: .date(DateTimeValue(year: 2027, month: 3, day: 1)))
        grid[F.cell(item: item.number, .fillIn(.publishedDate))] = GridCell(value: .date(DateTimeValue(year: 2027, month: 3, day: 2)))
        var unpublished = try HolidayCalendar.builtIn()
        try unpublished.load(data: Data(#"{"year":2027,"papers":[],"days":[]}"#.utf8), source: "2027.json")
        let validator = ReturnValidator(catalog: F.catalog, calendar: unpublished,
                                        settings: ValidationSettings(asOf: CalendarDate(iso: "2027-06-30")))
        let findings = validator.validate(try F.read(grid)).filter { $0.itemNumber == item.number }
        let finding = try #require(findings.first { $0.code == "RET-CALENDAR" })
        #expect(finding.message.zh.contains("尚未发布"))
        #expect(!findings.contains { $0.code == "RET-DEADLINE" })
    }
}
