import DisclosureCatalog
import OfficeReturns
import Foundation
import ReturnMerge
import SheetCore
import Testing
import TestSupport

@Suite struct MergerTests {
    /// Runs discovery + the table loader + the merge over a folder.
    func merge(_ dir: URL, _ outcomes: [String: LoadOutcome], roster: Roster? = nil, extraPaths: [String] = [])
        -> MergeResult {
        let found = InputDiscovery.discover([dir.path] + extraPaths)
        let loaded = ParallelLoad.load(found.files, with: TableLoader(outcomes: outcomes))
        return Merger.merge(loaded, roster: roster, missingPaths: found.missingPaths,
                            options: MergeOptions(items: (1...3).map { MergeItem(number: $0, name: "事项\($0)") }))
    }

    @Test func everyInputIsAccountedFor() throws {
        let names = ["a/0101.xlsx", "a/b/0102.csv", "bad.xlsx", "notes.txt", "~$0101.xlsx", "other.xlsx", "nocode.xlsx",
                     ".hidden.xlsx"]
        let dir = try Fixture.folder(names)
        let outcomes: [String: LoadOutcome] = [
            "0101.xlsx": .loaded(Fixture.submission(code: .string("0101"), file: "0101.xlsx", filledOn: Fixture.date(2025, 4, 1),
                                                    answers: [Fixture.answer(1, .published, file: "0101.xlsx")])),
            "0102.csv": .loaded(Fixture.submission(code: .string("0102"), file: "0102.csv", filledOn: nil,
                                                   answers: [Fixture.answer(1, .notPublished, file: "0102.csv")],
                                                   findings: [Finding(code: "reason.missing", severity: .error, itemNumber: 1,
                                                                      zh: "缺原因", en: "no reason")])),
            "bad.xlsx": .rejected(.unreadable, LocalizedText(zh: "损坏", en: "corrupt")),
            "other.xlsx": .rejected(.otherCatalog, LocalizedText(zh: "其他目录", en: "other catalog")),
            "nocode.xlsx": .loaded(Fixture.submission(code: .string("北京"), file: "nocode.xlsx", filledOn: nil, answers: [])),
        ]
        let result = merge(dir, outcomes, extraPaths: ["/nonexistent/round"])
        let byName = Dictionary(uniqueKeysWithValues: result.inputs.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0) })
        #expect(result.inputs.count == names.count - 1 + 1)  // hidden skipped, missing path added
        #expect(byName["0101.xlsx"]?.status == .merged)
        #expect(byName["0102.csv"]?.status == .mergedWithFindings)
        #expect(byName["0102.csv"]?.errors == 1)
        #expect(byName["bad.xlsx"]?.reason == .unreadable)
        #expect(byName["notes.txt"]?.reason == .notAReturn)
        #expect(byName["~$0101.xlsx"]?.reason == .notAReturn)
        #expect(byName["other.xlsx"]?.reason == .otherCatalog)
        #expect(byName["nocode.xlsx"]?.reason == .noOfficeCode)
        #expect(byName["round"]?.reason == .unreadable)
        #expect(byName[".hidden.xlsx"] == nil)
        let counted = InputStatus.allCases.map(result.count).reduce(0, +)
        #expect(counted == result.inputs.count)
        #expect(result.offices.map(\.code) == ["0101", "0102"])
        // Every rejection is also a finding located at its file.
        let rejectedFindings = result.findings.filter { $0.code.hasPrefix("RET-REJECTED-") }
        #expect(rejectedFindings.count == result.count(.rejected))
    }

    @Test func laterFillDateWinsAndDifferencesAreListed() throws {
        let dir = try Fixture.folder(["old.xlsx", "new.xlsx", "undated.xlsx"])
        let old = Fixture.submission(code: .string("0101"), file: "old.xlsx", filledOn: Fixture.date(2025, 4, 1), answers: [
            Fixture.answer(1, .notPublished, channels: [], deadlineMet: nil, file: "old.xlsx", reason: "未形成"),
            Fixture.answer(2, .published, file: "old.xlsx"),
        ])
        let new = Fixture.submission(code: .string("0101"), file: "new.xlsx", filledOn: Fixture.date(2025, 4, 2), answers: [
            Fixture.answer(1, .published, channels: ["直属海关网站", "两微一端"], file: "new.xlsx"),
            Fixture.answer(2, .published, file: "new.xlsx"),
        ])
        let undated = Fixture.submission(code: .string("0101"), file: "undated.xlsx", filledOn: nil,
                                         answers: [Fixture.answer(2, .published, file: "undated.xlsx")])
        let result = merge(dir, ["old.xlsx": .loaded(old), "new.xlsx": .loaded(new), "undated.xlsx": .loaded(undated)])
        #expect(result.offices.count == 1)
        #expect(result.offices[0].file.hasSuffix("new.xlsx"))
        #expect(result.count(.superseded) == 2)
        let oldConflicts = result.conflicts.filter { $0.supersededFile.hasSuffix("old.xlsx") }
        #expect(Set(oldConflicts.map(\.field)) == ["落实情况", "实际公开渠道", "未公开或不适用原因"])
        #expect(oldConflicts.allSatisfy { $0.item == 1 })
        let status = try #require(oldConflicts.first { $0.field == "落实情况" })
        #expect(status.keptValue == "已公开" && status.supersededValue == "未公开")
        // The undated return lacks item 1 altogether: every field of item 1 differs.
        #expect(result.conflicts.contains { $0.supersededFile.hasSuffix("undated.xlsx") && $0.item == 1 && $0.field == "落实情况" })
        let superseded = result.inputs.filter { $0.status == .superseded }
        #expect(superseded.allSatisfy { $0.supersededBy?.hasSuffix("new.xlsx") == true })
    }

    @Test func sameFillDateFallsBackToFileTime() throws {
        let early = Date(timeIntervalSince1970: 1_700_000_000), late = early.addingTimeInterval(3600)
        let dir = try Fixture.folder(["z.xlsx", "a.xlsx"], modified: ["z.xlsx": early, "a.xlsx": late])
        let day = Fixture.date(2025, 4, 1)
        let z = Fixture.submission(code: .string("0101"), file: "z.xlsx", filledOn: day, answers: [Fixture.answer(1, .published, file: "z")])
        let a = Fixture.submission(code: .string("0101"), file: "a.xlsx", filledOn: day, answers: [Fixture.answer(1, .published, file: "a")])
        let result = merge(dir, ["z.xlsx": .loaded(z), "a.xlsx": .loaded(a)])
        #expect(result.offices.first?.file.hasSuffix("a.xlsx") == true)
        // Same answers: superseded, but no conflict.
        #expect(result.conflicts.isEmpty)
        #expect(result.conflictSheet.rows.count == 1)
    }

    @Test func rosterGivesMissingUnknownAndRestoresNumericCodes() throws {
        let dir = try Fixture.folder(["r1.xlsx", "r2.xlsx", "r3.xlsx"])
        let outcomes: [String: LoadOutcome] = [
            // Excel turned 0101 into the number 101.
            "r1.xlsx": .loaded(Fixture.submission(code: .number(101), file: "r1.xlsx", filledOn: nil,
                                                  answers: [Fixture.answer(1, .published, file: "r1")])),
            "r2.xlsx": .loaded(Fixture.submission(code: .string("2201"), file: "r2.xlsx", filledOn: nil,
                                                  answers: [Fixture.answer(1, .notApplicable, channels: [], file: "r2")])),
            "r3.xlsx": .loaded(Fixture.submission(code: .string("9901"), file: "r3.xlsx", filledOn: nil, district: "外关",
                                                  answers: [Fixture.answer(1, .partiallyPublished, file: "r3")])),
        ]
        let result = merge(dir, outcomes, roster: Fixture.roster)
        #expect(result.offices.map(\.code) == ["0101", "2201", "9901"])
        #expect(result.missing.map(\.code) == ["0102", "2202"])
        #expect(result.unknownOffices == ["9901"])
        #expect(result.findings.contains { $0.code == "RET-MERGE-CODE-NUMERIC" && $0.location?.cell == "B3" })
        #expect(result.findings.contains { $0.code == "RET-MERGE-UNKNOWN-OFFICE" })
        #expect(result.offices[0].name == "北京海关隶属一")  // roster name wins
        #expect(result.overall.expected == 4 && result.overall.answered == 2 && result.overall.missing == 2)
        #expect(result.overall.unknown == 1)
        #expect(result.overall.responseRate == 0.5)
        let beijing = try #require(result.districtSummaries.first { $0.district == "北京海关" })
        #expect(beijing.expected == 2 && beijing.answered == 1 && beijing.missing == 1)
        #expect(result.districtSummaries.map(\.district).contains("外关"))
    }

    /// The roster's name is used, and a return naming its office otherwise gets a warning (RET-MERGE-NAME), not a
    /// silent replacement.
    @Test func rosterNameDifferingFromTheReturnIsAWarning() throws {
        let dir = try Fixture.folder(["r1.xlsx", "r2.xlsx"])
        var same = Fixture.submission(code: .string("0102"), file: "r2.xlsx", filledOn: nil, answers: [Fixture.answer(1, .published, file: "r2")])
        same.identity.officeName = "北京海关隶属二"
        let outcomes: [String: LoadOutcome] = [
            "r1.xlsx": .loaded(Fixture.submission(code: .string("0101"), file: "r1.xlsx", filledOn: nil,
                                                  answers: [Fixture.answer(1, .published, file: "r1")])),
            "r2.xlsx": .loaded(same),
        ]
        let result = merge(dir, outcomes, roster: Fixture.roster)
        let names = result.findings.filter { $0.code == "RET-MERGE-NAME" }
        #expect(names.count == 1)
        #expect(names.first?.severity == .warning)
        #expect(names.first?.message.zh.contains("北京海关隶属一") == true && names.first?.message.zh.contains("单位0101") == true)
        #expect(result.offices.first { $0.code == "0101" }?.name == "北京海关隶属一")
        #expect(result.inputs.first { $0.file.hasSuffix("r1.xlsx") }?.status == .mergedWithFindings)
        #expect(result.inputs.first { $0.file.hasSuffix("r2.xlsx") }?.status == .merged)
    }

    /// Another domain's identity fields (OfficeFields.generic): the roster's 单位代码 header, codes of any text, the
    /// sheets' headers and the JSON's office_fields.
    @Test func genericOfficeFieldsInRosterSheetsAndJSON() throws {
        var grid = Grid(name: "名单")
        for (c, header) in ["单位代码", "单位名称", "上级单位"].enumerated() { grid[0, c] = GridCell(value: .string(header)) }
        grid[1, 0] = GridCell(value: .string("A-17")); grid[1, 1] = GridCell(value: .string("某县市场监管局")); grid[1, 2] = GridCell(value: .string("某市"))
        grid[2, 0] = GridCell(value: .number(330101)); grid[2, 1] = GridCell(value: .string("某所")); grid[2, 2] = GridCell(value: .string("某市"))
        #expect(throws: MergeError.self) { try Roster(grids: [grid], file: "roster.xlsx") }  // no 关区代码 header
        let roster = try Roster(grids: [grid], file: "roster.xlsx", fields: .generic)
        #expect(roster.entries.map(\.code) == ["A-17", "330101"])
        #expect(roster.findings.isEmpty)

        let dir = try Fixture.folder(["m.xlsx"])
        let outcomes: [String: LoadOutcome] = [
            "m.xlsx": .loaded(Fixture.submission(code: .string("A-17"), file: "m.xlsx", filledOn: nil, district: "某市",
                                                 answers: [Fixture.answer(1, .published, channels: ["政府网站"], file: "m")])),
        ]
        var options = MergeOptions(items: [MergeItem(number: 1, name: "事项1")], channelVocabulary: ["政府网站", "其他"])
        options.officeFields = .generic
        let found = InputDiscovery.discover([dir.path])
        let result = Merger.merge(ParallelLoad.load(found.files, with: TableLoader(outcomes: outcomes)), roster: roster, options: options)
        #expect(result.offices.map(\.code) == ["A-17"])
        #expect(result.missing.map(\.code) == ["330101"])
        #expect(result.detailSheet.columns.prefix(3).map(\.header) == ["单位代码", "填报单位", "上级单位"])
        #expect(result.missingSheet.columns.first?.header == "单位代码")
        #expect(!result.summaryLine().contains("关区"))
        let file = dir.appendingPathComponent("m.json")
        try result.writeJSON(toFile: file)
        let written = try JSONDecoder().decode(MergeDocument.self, from: Data(contentsOf: file))
        #expect(written == result.document)
        #expect([written.office_fields.code, written.office_fields.name, written.office_fields.district] == ["单位代码", "填报单位", "上级单位"])
    }

    @Test func rosterSheetReadsTextAndNumericCodes() throws {
        var grid = Grid(name: "名单")
        grid[0, 0] = GridCell(value: .string("关区代码"))
        grid[0, 1] = GridCell(value: .string("关区名称"))
        grid[0, 2] = GridCell(value: .string("所属直属海关"))
        grid[1, 0] = GridCell(value: .string("0101")); grid[1, 1] = GridCell(value: .string("甲")); grid[1, 2] = GridCell(value: .string("北京海关"))
        grid[2, 0] = GridCell(value: .number(102)); grid[2, 1] = GridCell(value: .string("乙")); grid[2, 2] = GridCell(value: .string("北京海关"))
        grid[3, 0] = GridCell(value: .string("0101")); grid[3, 1] = GridCell(value: .string("重复"))
        grid[4, 0] = GridCell(value: .string("abc")); grid[4, 1] = GridCell(value: .string("坏"))
        let roster = try Roster(grids: [grid], file: "roster.xlsx")
        #expect(roster.entries.map(\.code) == ["0101", "0102"])
        #expect(roster.findings.map(\.code) == ["RET-ROSTER-CODE-NUMERIC", "RET-ROSTER-DUPLICATE", "RET-ROSTER-CODE"])
        #expect(roster.findings.map { $0.location?.cell } == ["A3", "A4", "A5"])
        #expect(throws: MergeError.self) { try Roster(grids: [Grid(name: "x")], file: "empty.xlsx") }
    }

    /// The figures equal a plain recount over a seeded random round.
    @Test(arguments: [1, 2, 3] as [UInt64]) func figuresEqualARecount(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let codes = (1...12).map { String(format: "%02d%02d", $0 % 3 == 0 ? 22 : 1, $0) }
        var outcomes: [String: LoadOutcome] = [:]
        var names: [String] = []
        for code in codes where Int.random(in: 0..<5, using: &rng) > 0 {
            let name = "\(code).xlsx"
            names.append(name)
            let answers = (1...3).map { item -> ItemAnswer in
                let status = [ImplementationStatus.published, .partiallyPublished, .notPublished, .notApplicable, nil].randomElement(using: &rng)!
                let channels = MergeOptions.customsChannels.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
                let met = [true, false, nil].randomElement(using: &rng)!
                return Fixture.answer(item, status, channels: channels, deadlineMet: met, file: name)
            }
            outcomes[name] = .loaded(Fixture.submission(code: .string(code), file: name, filledOn: nil, answers: answers))
        }
        let dir = try Fixture.folder(names)
        let result = merge(dir, outcomes, roster: Roster(entries: codes.map {
            RosterEntry(code: $0, name: $0, district: $0.hasPrefix("22") ? "上海海关" : "北京海关") }))
        // Recount straight from the submissions.
        let subs = outcomes.values.compactMap { if case .loaded(let s) = $0 { return s } else { return nil } }
        for item in 1...3 {
            let answers = subs.compactMap { $0.answers.first { $0.item == item } }
            let summary = try #require(result.itemSummaries.first { $0.item.number == item })
            #expect(summary.answered == answers.count)
            for status in ImplementationStatus.allCases {
                #expect((summary.byStatus[status] ?? 0) == answers.filter { $0.status == status }.count)
            }
            for channel in MergeOptions.customsChannels {
                #expect((summary.channelUse[channel] ?? 0) == answers.filter { $0.channels.contains(channel) }.count)
            }
            #expect(summary.deadlineMissed == answers.filter { $0.deadlineMet == false }.count)
            let compliant = answers.filter {
                ($0.status == .published && !$0.channels.isEmpty && $0.deadlineMet != false) || $0.status == .notApplicable
            }.count
            #expect(summary.compliant == compliant)
        }
        #expect(result.overall.answered == subs.count)
        #expect(result.missing.count == codes.count - subs.count)
        #expect(result.detailSheet.rows.count == subs.count * 3)
    }
}
