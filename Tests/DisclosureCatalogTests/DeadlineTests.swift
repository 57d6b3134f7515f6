import Testing
import Foundation
@testable import DisclosureCatalog

@Suite struct DeadlineTests {
    @Test(arguments: [
        ("自信息形成或者变更之日起20个工作日内", Deadline.Rule.workingDays(20, after: "信息形成或者变更")),
        ("自信息形成或者变更之日起7个工作日内", .workingDays(7, after: "信息形成或者变更")),
        ("自信息形成或者变更之日起3个工作日内", .workingDays(3, after: "信息形成或者变更")),
        ("20工作日", .workingDays(20, after: "")),
        ("有权批复部门批复后20日内", .calendarDays(20, after: "有权批复部门批复")),
        ("每年1月31日前", .annual(month: 1, day: 31)),
        ("每年3月底前", .annual(month: 3, day: 31)),
        ("每年6月末", .annual(month: 6, day: 30)),
        ("依据实际情况及时更新", .timely(.update)),
        ("依据实际情况及时发布", .timely(.release)),
        ("及时公开", .timely(.publish)),
        ("实时公开", .timely(.realTime)),
        ("按照政府采购法规规定时限", .setByRegulation(reference: "政府采购法规规定时限")),
        ("按照海关总署“双随机、一公开”要求", .setByRegulation(reference: "海关总署“双随机、一公开”要求")),
        ("看情况吧", .unparsed),
        ("每年13月1日前", .unparsed),
    ])
    func parsesWording(_ wording: String, _ expected: Deadline.Rule) {
        let d = Deadline(wording: wording)
        #expect(d.rule == expected)
        #expect(d.wording == wording)
    }

    @Test func jsonKeepsEveryForm() throws {
        let all = ["自信息形成或者变更之日起20个工作日内", "有权批复部门批复后20日内", "每年1月31日前",
                   "依据实际情况及时更新", "按照拍卖法律法规规定时限", "随便"].map { Deadline(wording: $0) }
        let data = try JSONEncoder().encode(all)
        #expect(try JSONDecoder().decode([Deadline].self, from: data) == all)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"kind\":\"workingDays\""))
        #expect(text.contains("\"kind\":\"unparsed\""))
    }
}

@Suite struct NumberedListTests {
    @Test func splitsCountingMarkersOnly() {
        let parts = NumberedList.split("1. 12360投诉渠道 2. 走私违规举报渠道 3. 海关廉政规定和举报渠道")
        #expect(parts.map(\.number) == [1, 2, 3])
        #expect(parts.map(\.text) == ["12360投诉渠道", "走私违规举报渠道", "海关廉政规定和举报渠道"])
    }

    @Test func sentenceIsOnePart() {
        let parts = NumberedList.split("本关政府采购实施情况（包括采购意向、采购公告、采购结果等）。")
        #expect(parts == [NumberedPart(number: nil, text: "本关政府采购实施情况（包括采购意向、采购公告、采购结果等）。")])
    }

    @Test func acceptsLineBreaksAndFullWidthDots() {
        #expect(NumberedList.split("1．甲\n2、乙").map(\.text) == ["甲", "乙"])
        // "2. 12360热线电话": 12360 is not marker 3.
        #expect(NumberedList.split("1. 本关业务咨询电话 2. 12360热线电话").map(\.text) == ["本关业务咨询电话", "12360热线电话"])
    }
}
