import Foundation
import Testing
import TestSupport

/// A malformed catalog or holiday JSON given to the CLI: our own located wording in the language asked,
/// never Foundation's English detail (issue 14).
@Suite struct JSONErrorsCLITests {
    let binary = TestSupport.disclosureBinary.path
    /// Words of Foundation's own messages that must not leak into ours.
    let foundationWords = ["The given data", "Unexpected character", "Expected to decode", "debugDescription", "NSCocoaErrorDomain",
                           "not valid JSON text", "around line", "No value associated"]

    @Test(arguments: ["zh", "en"])
    func malformedCatalogJSONIsLocatedInOneLanguage(_ lang: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-json-catalog")
        let syntax = dir.appendingPathComponent("syntax.json")
        try Data("{\n  \"id\": \"x\",\n  \"items\": [1, 2,]\n}\n".utf8).write(to: syntax)
        let broken = try TestSupport.run(binary, ["catalog", "show", "--catalog", syntax.path, "--lang", lang])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("syntax.json:3:18:"), "\(broken.stderr)")
        if lang == "zh" {
            #expect(broken.stderr.contains("目录 JSON 无效") && broken.stderr.contains("应为一个值") && broken.stderr.contains("“]”"), "\(broken.stderr)")
            #expect(!broken.stderr.contains("expected"), "\(broken.stderr)")
        } else {
            #expect(broken.stderr.contains("invalid catalog JSON") && broken.stderr.contains("expected a value") && broken.stderr.contains("found ']'"),
                    "\(broken.stderr)")
            #expect(!broken.stderr.contains("应为"))
        }
        for word in foundationWords { #expect(!broken.stderr.contains(word), "\(broken.stderr)") }

        // A value of the wrong type in an otherwise good catalog: the JSON path, the kinds, the line and column.
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/catalog-market.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any])
        var items = try #require(root["items"] as? [[String: Any]])
        items[0]["number"] = "一"
        root["items"] = items
        let typed = dir.appendingPathComponent("typed.json")
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: typed)
        let wrong = try TestSupport.run(binary, ["catalog", "show", "--catalog", typed.path, "--lang", lang])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.range(of: #"typed\.json:\d+:\d+: "#, options: .regularExpression) != nil, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("items[0].number"))
        #expect(wrong.stderr.contains(lang == "zh" ? "应为数字，实际是字符串" : "expected a number, found a string"), "\(wrong.stderr)")
        for word in foundationWords { #expect(!wrong.stderr.contains(word), "\(wrong.stderr)") }
    }

    @Test(arguments: ["zh", "en"])
    func malformedHolidayJSONIsLocatedInOneLanguage(_ lang: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("cli-json-holidays")
        let clean = TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx").path
        let file = dir.appendingPathComponent("2027.json")
        try Data("{\n  \"year\": 2027,\n  \"papers\": [],\n  \"days\": [\n    {\"name\": \"元旦\", \"date\": 20270101, \"isOffDay\": true}\n  ]\n}\n".utf8)
            .write(to: file)
        let typed = try TestSupport.run(binary, ["validate", clean, "--holidays", file.path, "--lang", lang])
        #expect(typed.status == 2)
        #expect(typed.stderr.contains("2027.json:5:28:"), "\(typed.stderr)")
        #expect(typed.stderr.contains("days[0].date"))
        #expect(typed.stderr.contains(lang == "zh" ? "应为字符串，实际是数字" : "expected a string, found a number"), "\(typed.stderr)")
        #expect(typed.stderr.contains(lang == "zh" ? "节假日数据不是 holiday-cn JSON 格式" : "not in the holiday-cn JSON format"))

        try Data("{\"year\": 2027, \"papers\": [] \"days\": []}".utf8).write(to: file)
        let syntax = try TestSupport.run(binary, ["validate", clean, "--holidays", file.path, "--lang", lang])
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("2027.json:1:29:"), "\(syntax.stderr)")
        #expect(syntax.stderr.contains(lang == "zh" ? "应为“,”或“}”" : "expected ',' or '}'"), "\(syntax.stderr)")
        for text in [typed.stderr, syntax.stderr] {
            for word in foundationWords { #expect(!text.contains(word), "\(text)") }
            #expect(lang == "zh" ? !text.contains("expected") : !text.contains("应为"), "\(text)")
        }
    }
}
