import Foundation
import Testing
@testable import SheetCore

/// Our own located wording for JSON that does not decode (issue 14): never Foundation's English.
@Suite struct JSONProblemTests {
    private struct Doc: Decodable {
        var year: Int
        var days: [Day]
        struct Day: Decodable { var name: String; var date: String }
    }

    private func problem(_ text: String) -> JSONProblem {
        let data = Data(text.utf8)
        do {
            _ = try JSONDecoder().decode(Doc.self, from: data)
        } catch {
            return JSONProblem(error, in: data)
        }
        Issue.record("\(text) decoded")
        return JSONProblem(.invalidValue(""))
    }

    @Test(arguments: [
        ("{\n  \"year\": 2027,\n  \"days\": [1, 2,]\n}", JSONProblem.Expectation.value, 3, 17, "]"),
        ("{\"year\": 2027 \"days\": []}", .commaOrObjectEnd, 1, 15, "\""),
        ("{\"year\" 2027}", .colon, 1, 9, "2"),
        ("{year: 1}", .key, 1, 2, "y"),
        ("{\"year\": 1} x", .end, 1, 13, "x"),
        ("{\"year\": \"2027}", .closingQuote, 1, 16, nil),
        ("{\"year\": 01}", .commaOrObjectEnd, 1, 11, "1"),
        ("{\"year\": \"\\x\"}", .escape, 1, 11, "\\"),
        ("{\"名\": \"中\ttab\"}", .escapedControlCharacter, 1, 9, "\\t"),
        ("", .value, 1, 1, nil),
        ("[1, 2", .commaOrArrayEnd, 1, 6, nil),
        ("{\"year\": -}", .digit, 1, 11, "}"),
    ] as [(String, JSONProblem.Expectation, Int, Int, String?)])
    func syntaxErrorsSayWhereAndWhat(_ text: String, _ expected: JSONProblem.Expectation, _ line: Int, _ column: Int, _ found: String?) {
        let p = problem(text)
        #expect(p.kind == .syntax(expected: expected, found: found), "\(text)")
        #expect(p.line == line && p.column == column, "\(text): \(p.line ?? 0):\(p.column ?? 0)")
        #expect(p.text.zh.contains("不是有效的 JSON") && p.text.en.contains("not valid JSON"))
        #expect(!p.text.zh.contains("expected"), "\(p.text.zh)")
    }

    @Test func invalidUTF8IsNamedWithTheByte() {
        let data = Data([0x7B, 0x0A, 0x22, 0x61, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        let p = JSONProblem(DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "x")), in: data)
        #expect(p.kind == .syntax(expected: .utf8, found: "0xFF"))
        #expect(p.line == 2 && p.column == 3)
    }

    @Test func decodingErrorsNameThePathAndTheKinds() {
        let wrong = problem("{\n  \"year\": 2027,\n  \"days\": [\n    {\"name\": \"元旦\", \"date\": 20270101}\n  ]\n}")
        #expect(wrong.kind == .wrongType(expected: .string, found: .number))
        #expect(wrong.path == "days[0].date")
        #expect(wrong.line == 4 && wrong.column == 28, "\(wrong.line ?? 0):\(wrong.column ?? 0)")
        #expect(wrong.text.zh == "days[0].date应为字符串，实际是数字", "\(wrong.text.zh)")
        #expect(wrong.text.en == "days[0].date: expected a string, found a number")

        let missing = problem("{\"year\": 2027,\n \"days\": [{\"name\": \"x\"}]}")
        #expect(missing.kind == .missingKey("date"))
        #expect(missing.path == "days[0]" && missing.line == 2 && missing.column == 11)
        #expect(missing.text.zh.contains("缺少键“date”") && missing.text.en.contains("lacks the key \"date\""))

        let top = problem("{\"days\": []}")
        #expect(top.kind == .missingKey("year") && top.path.isEmpty && top.line == 1 && top.column == 1)
        #expect(top.text.zh.hasPrefix("顶层"), "\(top.text.zh)")

        let null = problem("{\"year\": null, \"days\": []}")
        #expect(null.kind == .missingValue(expected: .number) && null.path == "year" && null.column == 10)

        // Foundation reports a fraction given for an Int without a coding path: the value is then named by the
        // document it sits in, still in our words and located.
        let fraction = problem("{\"year\": 2027.5, \"days\": []}")
        #expect(fraction.line == 1 && fraction.column != nil)
        #expect(fraction.text.zh.contains("2027.5") && fraction.text.zh.contains("无效"), "\(fraction.text.zh)")
        #expect(!fraction.text.zh.contains("representable") && !fraction.text.zh.contains("Number"))
    }

    @Test func positionsOfValuesByPath() {
        let data = Data("{\"a\": [10, {\"b\\u0022\": true, \"c\": \"中文\"}]}".utf8)
        #expect(JSONProblem.position(of: [.key("a"), .index(1), .key("c")], in: data)?.column == 35)
        #expect(JSONProblem.position(of: [.key("a"), .index(1), .key("b\"")], in: data)?.column == 24)
        #expect(JSONProblem.position(of: [.key("a"), .index(2)], in: data) == nil)
        #expect(JSONProblem.position(of: [.key("z")], in: data) == nil)
    }
}

@Suite struct JSONWriterFastPathTests {
    /// The cell reference written straight into the buffer spells what `CellReference.description` spells.
    @Test func cellReferencesMatchTheirDescription() {
        var refs: [CellReference] = []
        for column in [0, 1, 25, 26, 27, 51, 52, 675, 676, 701, 702, 703, 18_277, 18_278, 16_383] {
            for row in [0, 8, 9, 98, 99, 1_048_575, 999_999_998, 999_999_999] { refs.append(CellReference(row: row, column: column)) }
        }
        let fast = JSONWriter(layout: .lineBreaks(atDepths: []))
        let slow = JSONWriter(layout: .lineBreaks(atDepths: []))
        fast.beginArray(); slow.beginArray()
        for ref in refs {
            fast.element(); fast.string(ref)
            slow.element(); slow.string(ref.description)
        }
        fast.element(); fast.string(literal: "s")
        slow.element(); slow.string("s")
        fast.endArray(); slow.endArray()
        let a = fast.finished(), b = slow.finished()
        #expect(a == b, "\(String(decoding: a, as: UTF8.self))")
        #expect(String(decoding: a, as: UTF8.self).contains("\"AAA1\""))
    }
}
