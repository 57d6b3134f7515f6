import ArgumentParser
import CatalogTable
import DisclosureCatalog
import FileOutput
import Foundation
import OfficeReturns
import SheetIO
import CSV

/// `disclosure import` — read a filled return into JSON.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入填报表（XLSX、XLS 或任意编码的 CSV），输出 JSON。 (Import a filled return, XLSX, XLS or CSV, as JSON.)",
        discussion: """
        识别本工具的模板（按隐藏的模板信息对应各行），也识别办公室直接在官方目录表上勾选☑的文件（按序号和事项名称对应）。\
        每个值都带有来源（文件、工作表、单元格）。JSON 格式见 Schemas/return.schema.json。
        Reads our template (rows mapped by its metadata) and the plain official table with edited ☑ marks (rows mapped by
        number and name). Every value carries its provenance. JSON per Schemas/return.schema.json.
        Exit status: 0 read, 2 unreadable (or a usage error, or -o naming the input).
        """)

    @Argument(help: "填报表文件。 (The return file.)")
    var file: String

    @Option(name: .long, help: "目录：内置名称 customs、目录 JSON 或目录表格（XLSX/CSV）。 (Catalog: built-in name, catalog JSON or an official table.)")
    var catalog = "customs"

    @Option(name: .shortAndLong, help: "输出 JSON 文件（默认标准输出）。 (Output JSON file; stdout by default.)")
    var output: String?

    @Option(help: "消息语言 zh|en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Message language; default $DISCLOSURE_LANG, else zh.)")
    var lang: Language = .current

    func run() throws {
        try CommandFailure.checkPaths("import", lang) { () throws(PathProblem) in
            try PathCheck.input(file)
            var inputs = [file]
            if let catalog = catalogFile(catalog) {
                try PathCheck.input(catalog)
                inputs.append(catalog)
            }
            if let output {
                try PathCheck.distinct(inputs: inputs, outputs: [(output, "-o")])
                try PathCheck.output(output, extensions: ["json"])
            }
        }
        let officeReturn: OfficeReturn
        do {
            officeReturn = try ReturnFiles.importReturn(path: file, catalog: try CatalogFile.catalog(catalog))
        } catch {
            throw CommandFailure.fail("import", error, lang)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(officeReturn)
        data.append(0x0A)
        if let output {
            do {
                try AtomicFile.write(data, to: output)
            } catch {
                throw CommandFailure.fail("import", error, lang)
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
