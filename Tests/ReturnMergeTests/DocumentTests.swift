import DisclosureCatalog
import Foundation
@testable import ReturnMerge
import SheetCore
import TestSupport
import Testing

@Suite struct DocumentTests {
    /// A small round: two offices, one superseded return, one rejected file, a roster with a missing office.
    func round(order: [String]) throws -> (MergeResult, URL) {
        let dir = try Fixture.folder(["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let outcomes: [String: LoadOutcome] = [
            "0101.xlsx": .loaded(Fixture.submission(code: .string("0101"), file: "0101.xlsx", filledOn: Fixture.date(2025, 5, 2),
                answers: [Fixture.answer(1, .published, file: "0101.xlsx"), Fixture.answer(2, .notPublished, channels: [],
                                                                                            deadlineMet: false, file: "0101.xlsx")],
                findings: [Finding(code: "deadline.missed", severity: .error, location: SourceLocation(file: "0101.xlsx", sheet: "填报", cell: "P12"),
                                   itemNumber: 2, zh: "逾期", en: "late")])),
            "0101-old.xlsx": .loaded(Fixture.submission(code: .string("0101"), file: "0101-old.xlsx", filledOn: Fixture.date(2025, 5, 1),
                answers: [Fixture.answer(1, .published, channels: ["其他"], file: "0101-old.xlsx")])),
            "2201.csv": .loaded(Fixture.submission(code: .number(2201), file: "2201.csv", filledOn: nil,
                answers: [Fixture.answer(1, .notApplicable, channels: [], deadlineMet: nil, file: "2201.csv", reason: "无此业务")])),
            "broken.xlsx": .rejected(.unreadable, LocalizedText(zh: "不是 zip 文件", en: "not a zip file")),
        ]
        let paths = order.map { dir.appendingPathComponent($0).path }
        let found = InputDiscovery.discover(paths)
        let loaded = ParallelLoad.load(found.files, with: TableLoader(outcomes: outcomes))
        let result = Merger.merge(loaded.reversed(), roster: Fixture.roster, options: MergeOptions(catalog: CustomsCatalog.catalog,
                                                                                                 asOf: Fixture.date(2025, 6, 1)))
        return (result, dir)
    }

    @Test func jsonFollowsTheSchema() throws {
        let (result, dir) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let json = dir.appendingPathComponent("merged.json")
        try Data(result.document.encoded()).write(to: json)
        let schema = TestSupport.packageRoot.appendingPathComponent("Schemas/merge.schema.json")
        let check = try TestSupport.python("""
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator(schema).validate(doc)
            print(len(doc["inputs"]), len(doc["offices"]), ",".join(doc["missing"]), doc["summary"]["inputs"]["superseded"])
            """, [schema.path, json.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4 2 0102,2202 1")
        // The schema really constrains: a code that lost its zero is refused.
        let bad = try TestSupport.python("""
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            doc["offices"][0]["code"] = "101"
            try:
                jsonschema.Draft202012Validator(schema).validate(doc); print("accepted")
            except jsonschema.ValidationError: print("refused")
            """, [schema.path, json.path])
        #expect(bad.stdout.contains("refused"))
    }

    @Test func jsonStreamedToAFileIsTheEncodedDocument() throws {
        let (result, dir) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let document = result.document
        let expected = document.encoded()
        // Small chunks make the writer spill many times mid-document; the default spills only big documents.
        for chunk in [1, 64, 4096, 1 << 20] {
            let file = dir.appendingPathComponent("streamed-\(chunk).json")
            try document.write(toFile: file, chunk: chunk)
            #expect(Array(try Data(contentsOf: file)) == expected, "chunk \(chunk)")
        }
        #expect(expected.count > 4096)
        // An unwritable target is an error, not a silent loss.
        #expect(throws: (any Error).self) { try document.write(toFile: dir.appendingPathComponent("no/such/dir/m.json")) }
    }

    /// The JSON written straight from the result is the document's encoding, in memory and streamed in chunks.
    @Test func jsonWrittenFromTheResultIsTheEncodedDocument() throws {
        var (result, dir) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        // Text to escape, a date of another kind, a location with part, line and column, a channel off the vocabulary.
        result.offices[0].answers[0].remarks = "说明 \"引号\" \\ 反斜杠\n第二行\t\u{01}"
        result.offices[0].answers[0].formedOn = DateTimeValue(year: 2025, month: 3, day: 4, hour: 5, minute: 6, second: 7, kind: .dateTime)
        result.offices[0].answers[0].source = SourceLocation(file: "a\"b.xlsx", part: "xl/x.xml", sheet: "表", cell: "C3", line: 4, column: 5)
        result.offices[0].answers[1].source = SourceLocation(file: "r.csv", line: 12)
        result.offices[0].answers[1].publishedOn = DateTimeValue(year: 10_000, month: 1, day: 2)
        result.itemSummaries[0].channelUse["旧渠道"] = 2
        result.findings[0].location?.line = 1_234_567_890
        let expected = result.document.encoded()
        #expect(result.encodedJSON() == expected)
        for chunk in [1, 7, 4096, 1 << 19] {
            let file = dir.appendingPathComponent("direct-\(chunk).json")
            try result.writeJSON(toFile: file, chunk: chunk)
            #expect(Array(try Data(contentsOf: file)) == expected, "chunk \(chunk)")
        }
        #expect(throws: (any Error).self) { try result.writeJSON(toFile: dir.appendingPathComponent("no/such/dir/m.json")) }
    }

    @Test func jsonReadsBackIntoTheSameDocument() throws {
        var (result, _) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        // Text that needs escaping survives: quotes, backslashes, control characters, line breaks, CJK.
        result.offices[0].answers[0].remarks = "说明 \"引号\" \\ 反斜杠\n第二行\t\u{01}"
        let bytes = result.document.encoded()
        let decoded = try JSONDecoder().decode(MergeDocument.self, from: Data(bytes))
        #expect(decoded == result.document)
        #expect(decoded.offices[0].items[0].remarks == "说明 \"引号\" \\ 反斜杠\n第二行\t\u{01}")
        // Python's json agrees about the text and the numbers.
        let dir = try TestSupport.makeTemporaryDirectory("json")
        let file = dir.appendingPathComponent("m.json")
        try Data(bytes).write(to: file)
        let py = try TestSupport.python("""
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            print(repr(d["offices"][0]["items"][0]["remarks"]), d["summary"]["overall"]["response_rate"])
            """, [file.path])
        #expect(py.stdout.contains(#"'说明 "引号" \\ 反斜杠\n第二行\t\x01' 0.5"#), "\(py.stdout)\(py.stderr)")
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        let (a, _) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let (b, _) = try round(order: ["broken.xlsx", "2201.csv", "0101-old.xlsx", "0101.xlsx"])
        // Different folders: compare after making paths relative.
        func normalized(_ r: MergeResult) throws -> String {
            let text = String(decoding: r.document.encoded(), as: UTF8.self)
            return text.replacingOccurrences(of: #"/[^"!]*/disclosurekit-merge-[^/"]*/"#, with: "", options: .regularExpression)
        }
        #expect(try normalized(a) == normalized(b))
        #expect(a.sheets.map(\.textRows).description.count > 0)
        #expect(a.sheets.map { $0.textRows.count } == b.sheets.map { $0.textRows.count })
    }

    @Test func summaryFiguresMatchTheOffices() throws {
        let (result, _) = try round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let doc = result.document
        #expect(doc.summary.inputs.total == 4)
        #expect(doc.summary.inputs.merged + doc.summary.inputs.merged_with_findings + doc.summary.inputs.superseded
                + doc.summary.inputs.rejected == 4)
        #expect(doc.inputs.first { $0.file.hasSuffix("broken.xlsx") }?.reason == "unreadable")
        #expect(doc.offices.map(\.code) == ["0101", "2201"])
        #expect(doc.summary.items.count == CustomsCatalog.catalog.items.count)
        let item1 = try #require(doc.summary.items.first { $0.item == 1 })
        #expect(item1.answered == 2 && item1.compliant == 2 && item1.status["不适用"] == 1)
        let item2 = try #require(doc.summary.items.first { $0.item == 2 })
        #expect(item2.deadline_missed == 1 && item2.compliant == 0)
        #expect(doc.conflicts.contains { $0.field == "实际公开渠道" && $0.superseded_value == "其他" })
        #expect(doc.findings.contains { $0.rule == "deadline.missed" && $0.cell == "P12" && $0.office == "0101" })
        #expect(doc.findings.contains { $0.rule == "RET-MERGE-CODE-NUMERIC" && $0.office == "2201" })
        // 汇总 holds the same totals as the JSON.
        let summary = result.summarySheet
        let total = try #require(summary.rows.first { $0.first == .string("合计") })
        #expect(total[1] == .number(4) && total[2] == .number(2) && total[3] == .number(2))
        #expect(summary.chart != nil)
    }
}

/// gnumeric (ssconvert) reads every cell of the merged workbook: it drops cells written without `r="…"`
/// (printing "Invalid cell [C-1]0"), so the merge writes every reference.
@Suite struct MergedWorkbookGnumericTests {
    @Test func ssconvertReadsEverySheetOfTheMergedWorkbook() throws {
        guard (try? TestSupport.run("ssconvert", ["--version"]))?.status == 0 else {
            Issue.record("ssconvert (gnumeric) is not installed: `make test-deps` installs it; this test did not run")
            return
        }
        let (result, dir) = try DocumentTests().round(order: ["0101.xlsx", "0101-old.xlsx", "2201.csv", "broken.xlsx"])
        let xlsx = dir.appendingPathComponent("merged.xlsx")
        try result.writeWorkbook(to: xlsx.path)
        let out = dir.appendingPathComponent("merged-%n.csv")
        let run = try TestSupport.run("ssconvert", ["-S", xlsx.path, out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("Invalid cell"), "\(run.stderr.prefix(500))")
        // 汇总 (sheet 0): the header row of its first table has every column, not just the first.
        let summary = try String(contentsOf: dir.appendingPathComponent("merged-0.csv"), encoding: .utf8)
        let header = try #require(summary.split(separator: "\n").first { $0.hasPrefix("所属直属海关") })
        #expect(header.split(separator: ",").count >= 5, "\(header)")
        // 明细 (sheet 1): its rows keep their cells.
        let detail = try String(contentsOf: dir.appendingPathComponent("merged-1.csv"), encoding: .utf8)
        let first = try #require(detail.split(separator: "\n").first)
        #expect(first.split(separator: ",").count >= 10, "\(first)")
    }
}
