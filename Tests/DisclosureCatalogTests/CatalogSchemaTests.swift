import Testing
import Foundation
import TestSupport
@testable import DisclosureCatalog

@Suite struct CatalogSchemaTests {
    static let validator = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1], encoding='utf-8'))
    doc = json.load(open(sys.argv[2], encoding='utf-8'))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors: print('/'.join(map(str, e.path)), e.message)
    sys.exit(1 if errors else 0)
    """

    func validate(_ data: Data) throws -> TestSupport.ProcessResult {
        let dir = try TestSupport.makeTemporaryDirectory("schema")
        let file = dir.appendingPathComponent("catalog.json")
        try data.write(to: file)
        let schema = TestSupport.packageRoot.appendingPathComponent("Schemas/catalog.schema.json")
        return try TestSupport.python(Self.validator, [schema.path, file.path])
    }

    @Test func builtInCatalogValidates() throws {
        let result = try validate(try CustomsCatalog.catalog.jsonData())
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    }

    /// A catalog naming its office identity fields validates; a channel name with the list separator does not.
    @Test func officeFieldsValidateAndSeparatorsDoNot() throws {
        var catalog = CustomsCatalog.catalog
        catalog.officeFields = OfficeFields(name: "填报单位", code: "单位代码", parent: "上级单位", codeDigits: 6,
                                            englishCode: "office code", levels: ["县级", "乡级"])
        let ok = try validate(try catalog.jsonData())
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        catalog.channels.append("网站；公众号")
        let bad = try validate(try catalog.jsonData())
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("channels"), "\(bad.stdout)")
    }

    @Test func everyDeadlineKindAndExtraFieldsValidate() throws {
        var item = CatalogItem(number: 1, category: "甲", name: "乙", content: [ContentElement(number: nil, text: "丙")],
                               legalBasisText: "《某条例》",
                               deadlines: ["20工作日", "批复后20日内", "每年3月31日前", "实时公开", "按照某规定", "不清楚"]
                                   .map { ItemDeadline(Deadline(wording: $0)) },
                               publishers: [ItemPublisher("县级税务机关")],
                               channels: ChannelSelection(recommended: ["政府网站", "其他"], otherForm: "办税服务厅"),
                               audience: [.specificGroups], modes: [.onRequest], remarks: "无",
                               extraFields: [ExtraField(name: "公开层级·县级", value: "√")])
        item.number = 2
        let catalog = Catalog(id: "tax", title: "税", domain: "税收管理", channels: ["政府网站", "其他"],
                              extraColumns: ["公开层级·县级"], items: [item])
        let data = try catalog.jsonData()
        let result = try validate(data)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(try Catalog(jsonData: data) == catalog)
    }

    /// The validator really rejects: a wrong deadline kind and a missing field are reported.
    @Test func schemaRejectsBrokenDocuments() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: CustomsCatalog.catalog.jsonData()) as? [String: Any])
        var items = try #require(json["items"] as? [[String: Any]])
        items[0].removeValue(forKey: "name")
        var deadlines = try #require(items[1]["deadlines"] as? [[String: Any]])
        var d = try #require(deadlines[0]["deadline"] as? [String: Any])
        d["kind"] = "soon"
        deadlines[0]["deadline"] = d
        items[1]["deadlines"] = deadlines
        json["items"] = items
        let result = try validate(try JSONSerialization.data(withJSONObject: json))
        #expect(result.status == 1)
        #expect(result.stdout.contains("'name' is a required property"))
        #expect(result.stdout.contains("soon"))
    }

    @Test func decodingErrorNamesThePath() throws {
        let bad = Data(#"{"id":"x","title":"t","domain":"d","channels":[],"legalBases":[],"footnotes":[],"extraColumns":[],"items":[{"number":"one"}]}"#.utf8)
        #expect(throws: CatalogJSONError.self) { try Catalog(jsonData: bad) }
        do { _ = try Catalog(jsonData: bad) } catch let e as CatalogJSONError { #expect(e.path == "items[0].number") }
    }

    @Test func builtInCatalogIsConsistent() {
        // Item 3 checks 其他 with its form, every symbol is in 备注1: nothing to report.
        #expect(CustomsCatalog.catalog.consistencyFindings() == [])
    }

    @Test func consistencyFindsProblems() {
        var c = CustomsCatalog.catalog
        c.items[0].legalBasisSymbols.append("⑫")
        c.items[1].channels.recommended.append("电视台")
        c.items[2].channels.otherForm = nil
        c.items[3].deadlines = [ItemDeadline(Deadline(wording: "尽快"))]
        c.items[4].number = 4
        let codes = c.consistencyFindings().map(\.code)
        #expect(codes == ["CAT-UNKNOWN-BASIS", "CAT-UNKNOWN-CHANNEL", "CAT-OTHER-WITHOUT-FORM", "CAT-DEADLINE-UNPARSED",
                          "CAT-DUPLICATE-NUMBER"])
    }
}
