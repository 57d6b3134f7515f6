import ArgumentParser
import CatalogTable
import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetIO

/// `disclosure template` — export the blank office return.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "导出空白填报模板（XLSX 或 CSV）。 (Export the blank office return template, XLSX or CSV.)",
        discussion: """
        XLSX 模板含：锁定的目录原文列、填报列（落实情况、实际公开渠道、其他渠道说明、公开网址或位置、信息形成或变更日期、\
        公开日期、责任部门、未公开或不适用原因、备注）、表头上方的填报单位信息、下拉选项与输入提示、填报说明工作表和隐藏的模板信息。
        The XLSX template has the locked catalog columns, the fill-in columns, the identity block, dropdowns with input
        messages, an instructions sheet and a hidden metadata sheet. The CSV template has the same columns, one row per item.
        """)

    @Option(name: .long, help: "目录：内置名称 customs、目录 JSON 或目录表格（XLSX/CSV）。 (Catalog: built-in name, catalog JSON or an official table.)")
    var catalog = "customs"

    @Option(name: .customLong("office-name"), help: "预填填报单位。 (Prefill the office name.)")
    var officeName: String?

    @Option(name: .customLong("office-code"), help: "预填关区代码（4位）。 (Prefill the 4-digit customs code.)")
    var officeCode: String?

    @Option(name: .customLong("direct-customs"), help: "预填所属直属海关。 (Prefill the customs district.)")
    var directCustoms: String?

    @Option(name: .shortAndLong, help: "输出文件 .xlsx 或 .csv。 (Output file, .xlsx or .csv.)")
    var output: String

    @Option(help: "消息语言 zh|en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Message language; default $DISCLOSURE_LANG, else zh.)")
    var lang: Language = .current

    func validate() throws {
        if let officeCode, !(officeCode.count == 4 && officeCode.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw usageError(lang, zh: "关区代码须为4位数字：\(officeCode)", en: "the customs code must be four digits: \(officeCode)")
        }
    }

    func run() throws {
        try CommandFailure.checkPaths("template", lang) { () throws(PathProblem) in
            try PathCheck.output(output, extensions: ["xlsx", "csv"], strictExtension: true)
            if let catalog = catalogFile(catalog) {
                try PathCheck.input(catalog)
                try PathCheck.distinct(inputs: [catalog], outputs: [(output, "-o")])
            }
        }
        let loaded: Catalog
        do {
            loaded = try CatalogFile.catalog(catalog)
        } catch {
            throw CommandFailure.fail("template", error, lang)
        }
        let template = ReturnTemplate(catalog: loaded, prefill: .init(officeName: officeName, officeCode: officeCode,
                                                                      directCustoms: directCustoms))
        do {
            try template.write(to: output)
        } catch {
            throw CommandFailure.fail("template", error, lang)
        }
        print(lang == .zh ? "已写出模板：\(output)（\(loaded.items.count) 个事项，\(loaded.channels.count) 个渠道）"
                          : "template written: \(output) (\(loaded.items.count) items, \(loaded.channels.count) channels)")
    }
}
