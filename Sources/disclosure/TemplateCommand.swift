import ArgumentParser
import CatalogTable
import DisclosureCatalog
import Foundation
import OfficeReturns

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

    func validate() throws {
        if let officeCode, !(officeCode.count == 4 && officeCode.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw ValidationError("关区代码须为4位数字 (the customs code must be four digits): \(officeCode)")
        }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ext == "xlsx" || ext == "csv" else {
            throw ValidationError("输出文件须为 .xlsx 或 .csv (the output must be .xlsx or .csv): \(output)")
        }
    }

    func run() throws {
        let loaded: Catalog
        do {
            loaded = try CatalogFile.catalog(catalog)
        } catch {
            FileHandle.standardError.write(Data("disclosure template: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let template = ReturnTemplate(catalog: loaded, prefill: .init(officeName: officeName, officeCode: officeCode,
                                                                      directCustoms: directCustoms))
        do {
            try template.write(to: output)
        } catch {
            FileHandle.standardError.write(Data("disclosure template: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print("已写出模板 (template written): \(output)（\(loaded.items.count) 个事项, \(loaded.channels.count) 个渠道）")
    }
}
