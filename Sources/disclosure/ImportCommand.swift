import ArgumentParser
import CatalogTable
import DisclosureCatalog
import FileOutput
import Foundation
import OfficeReturns

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
        Exit status: 0 read, 2 unreadable.
        """)

    @Argument(help: "填报表文件。 (The return file.)")
    var file: String

    @Option(name: .long, help: "目录：内置名称 customs、目录 JSON 或目录表格（XLSX/CSV）。 (Catalog: built-in name, catalog JSON or an official table.)")
    var catalog = "customs"

    @Option(name: .shortAndLong, help: "输出 JSON 文件（默认标准输出）。 (Output JSON file; stdout by default.)")
    var output: String?

    func run() throws {
        let officeReturn: OfficeReturn
        do {
            officeReturn = try ReturnFiles.importReturn(path: file, catalog: try CatalogFile.catalog(catalog))
        } catch let error as ReturnImportError {
            FileHandle.standardError.write(Data("disclosure import: \(error.chineseMessage)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("disclosure import: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(officeReturn)
        if let output {
            do {
                try AtomicFile.write(data, to: output)
            } catch {
                FileHandle.standardError.write(Data("disclosure import: \(error)\n".utf8))
                throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(data)
            print()
        }
    }
}
