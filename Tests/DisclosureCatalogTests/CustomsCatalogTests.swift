import Testing
import Foundation
import TestSupport
@testable import DisclosureCatalog

/// One item row of the seed text, read independently of the library's parsing helpers.
private struct SeedRow {
    var number: Int
    var categoryLabel: String
    var name: String
    var content: String
    var basis: String
    var deadline: String
    var publishers: String
    var checked: [String]
    var unchecked: [String]
    var general: Bool
    var specific: Bool
    var proactive: Bool
    var tail: [String]
}

private func loadSeed() throws -> (rows: [SeedRow], notes: [String: String], title: String)? {
    guard let shared = TestSupport.sharedDirectory else { return nil }
    let text = try String(contentsOf: shared.appendingPathComponent("seed/customs-catalog.txt"), encoding: .utf8)
    var rows: [SeedRow] = []
    var notes: [String: String] = [:]
    var title = ""
    let option = /<input( checked="")? type="checkbox"\/>\s*(\S+)/
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard let first = cols.first else { continue }
        if first.contains("标准目录") { title = first.trimmingCharacters(in: .whitespaces) }
        if first.hasPrefix("备注"), cols.count > 1 { notes[first] = cols[1].trimmingCharacters(in: .whitespaces) }
        guard let number = Int(first) else { continue }
        var checked: [String] = [], unchecked: [String] = []
        var index = 7
        while index < cols.count, cols[index].contains("<input") {
            for m in cols[index].matches(of: option) {
                if m.1 != nil { checked.append(String(m.2)) } else { unchecked.append(String(m.2)) }
            }
            index += 1
        }
        let rest = Array(cols[index...])
        rows.append(SeedRow(number: number, categoryLabel: cols[1], name: cols[2], content: cols[3], basis: cols[4],
                            deadline: cols[5], publishers: cols[6], checked: checked, unchecked: unchecked,
                            general: rest[0] == "√", specific: rest[1] == "√", proactive: rest[2] == "√",
                            tail: rest.dropFirst(3).filter { !$0.isEmpty }))
    }
    return (rows, notes, title)
}

@Suite struct CustomsCatalogTests {
    let catalog = CustomsCatalog.catalog

    @Test func headerFacts() throws {
        #expect(catalog.title == "海关领域基层政务公开标准目录")
        #expect(catalog.attachmentLabel == "附件")
        #expect(catalog.channels == ["直属海关网站", "两微一端", "现场公示栏", "现场电子屏", "查询机、公用电脑", "服务手册",
                                     "入户/上门/网络精准推送", "其他"])
        #expect(catalog.items.map(\.number) == Array(1...25))
        guard let seed = try loadSeed() else { return }
        #expect(seed.title == catalog.title)
        #expect(seed.rows.count == 25)
    }

    @Test func categorySpansFollowDomainCorrections() {
        let spans = catalog.categories.map { "\($0.name):\($0.items.first ?? 0)-\($0.items.last ?? 0)" }
        #expect(spans == ["机构信息:1-2", "政策法规:3-3", "政务服务:4-7", "行政执法信息:8-13", "财务信息:14-18",
                          "互动交流:19-22", "综合管理:23-25"])
    }

    /// Every item, field by field, against the seed text read here.
    @Test func allItemsMatchTheSeed() throws {
        guard let seed = try loadSeed() else { return }
        var currentLabel = ""
        for row in seed.rows {
            guard let item = catalog.item(row.number) else {
                Issue.record("item \(row.number) missing")
                continue
            }
            if !row.categoryLabel.isEmpty { currentLabel = row.categoryLabel }
            // The seed places 财务信息 on row 15 across a page break; 14 belongs to it (DOMAIN.md).
            let expectedCategory = row.number == 14 ? "财务信息" : currentLabel
            #expect(item.category == expectedCategory, "item \(row.number) category")
            #expect(item.name == row.name)
            #expect(item.contentWording() == row.content, "item \(row.number) content")
            let numberedContent = row.content.hasPrefix("1. ")
            #expect(item.hasNumberedContent == numberedContent)
            if numberedContent {
                let count = row.content.components(separatedBy: ". ").count - 1
                #expect(item.content.count == count, "item \(row.number) element count")
            } else {
                #expect(item.content == [ContentElement(number: nil, text: row.content)])
            }
            #expect(item.legalBasisSymbols.joined() == row.basis)
            #expect(item.deadlineWording() == row.deadline, "item \(row.number) deadline")
            #expect(item.deadlines.allSatisfy { $0.deadline.isParsed }, "item \(row.number) deadline parsed")
            #expect(item.publisherWording() == row.publishers, "item \(row.number) publishers")
            // Channels: union of the (possibly split) cells, in vocabulary order; 其他 by prefix.
            let checkedNames = catalog.channels.filter { name in
                row.checked.contains { $0 == name || (ChannelName.isOther(name) && ChannelName.isOther($0)) }
            }
            #expect(item.channels.recommended == checkedNames, "item \(row.number) channels")
            #expect(Set(row.checked + row.unchecked).count == 8, "item \(row.number) lists all 8 options")
            let otherLabel = (row.checked + row.unchecked).first { $0.hasPrefix("其他") } ?? ""
            #expect(ChannelName.otherLabel(form: item.channels.otherForm, prompt: item.channels.otherPrompt) == otherLabel)
            #expect(item.audience.contains(.general) == row.general)
            #expect(item.audience.contains(.specificGroups) == row.specific)
            #expect(item.modes.contains(.proactive) == row.proactive)
            // The tail is the remark, "/" for none; item 9's "√ …" is 依申请 followed by the remark.
            var tail = row.tail.joined(separator: " ")
            let onRequest = tail.hasPrefix("√")
            if onRequest { tail = String(tail.dropFirst()).trimmingCharacters(in: .whitespaces) }
            #expect(item.modes.contains(.onRequest) == onRequest, "item \(row.number) 依申请")
            #expect(item.remarks == (tail == "/" ? nil : tail), "item \(row.number) remarks")
        }
    }

    @Test func pinnedCorrections() throws {
        let i9 = try #require(catalog.item(9))
        #expect(i9.modes == [.proactive, .onRequest])
        #expect(i9.publishers == [ItemPublisher(.directCustoms, elements: [1]), ItemPublisher(.subordinateCustoms, elements: [2])])
        #expect(i9.publishers(forElement: 1) == [.directCustoms])
        #expect(i9.remarks?.hasPrefix("海关认为具有一定社会影响") == true)
        let i11 = try #require(catalog.item(11))
        #expect(i11.publishers(forElement: 2) == [.subordinateCustoms])
        #expect(i11.deadlines.first?.deadline.rule == .setByRegulation(reference: "海关总署“双随机、一公开”要求"))
        let i24 = try #require(catalog.item(24))
        #expect(i24.deadlines(forElement: 1).map(\.rule) == [.workingDays(3, after: Deadline.formedOrChanged)])
        #expect(i24.deadlines(forElement: 2).map(\.rule) == [.annual(month: 1, day: 31)])
        #expect(i24.channels.recommended == ["直属海关网站"])
        let i25 = try #require(catalog.item(25))
        #expect(i25.channels.recommended == ["直属海关网站", "两微一端", "现场公示栏", "现场电子屏", "入户/上门/网络精准推送"])
        let i3 = try #require(catalog.item(3))
        #expect(i3.channels.recommended.last == "其他")
        #expect(i3.channels.otherForm == "海关总署网站")
        #expect(i3.publishers.map(\.publisher) == [.customsHeadquarters, .directCustoms])
        #expect(i3.remarks?.hasPrefix("所，通过网址引导") == true)
        #expect(i3.remarks?.hasSuffix("海关政策文件公") == true)
        #expect(catalog.item(15)?.channels.recommended == [])
        #expect(catalog.item(16)?.channels.recommended == [])
        #expect(catalog.item(14)?.deadlines.first?.deadline.rule == .calendarDays(20, after: "有权批复部门批复"))
        #expect(catalog.item(8)?.deadlines.first?.deadline.days == 7)
    }

    @Test func legalBasesFromNote1() throws {
        #expect(catalog.legalBases.map(\.number) == Array(1...11))
        #expect(catalog.legalBases.map(\.documents.count) == [1, 1, 1, 2, 1, 2, 2, 2, 1, 1, 1])
        #expect(catalog.legalBasis("①")?.documents == ["《中华人民共和国政府信息公开条例》"])
        #expect(catalog.legalBasis("②")?.documents == ["《国务院关于加快推进“互联网+政务服务”工作的指导意见》（国发〔2016〕55号）"])
        #expect(catalog.legalBasis("⑧")?.documents.last == "《海关总署关于发布〈海关涉案财物拍卖若干问题的规定〉的公告》（海关总署公告2020年第38号）")
        // Every symbol used by an item is defined.
        for item in catalog.items {
            for s in item.legalBasisSymbols { #expect(catalog.legalBasis(s) != nil, "item \(item.number) \(s)") }
        }
        guard let seed = try loadSeed() else { return }
        #expect(catalog.footnotes.map(\.label) == ["备注1", "备注2", "备注3"])
        for note in catalog.footnotes { #expect(seed.notes[note.label] == note.text) }
        // Each document of the list appears in 备注1 verbatim.
        let note1 = try #require(seed.notes["备注1"])
        for basis in catalog.legalBases { for doc in basis.documents { #expect(note1.contains(doc)) } }
    }

    @Test func jsonRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(catalog)
        #expect(try JSONDecoder().decode(Catalog.self, from: data) == catalog)
    }
}
