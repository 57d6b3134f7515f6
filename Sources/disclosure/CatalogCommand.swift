import ArgumentParser
import CatalogTable
import DisclosureCatalog
import Foundation
import SheetIO

/// `disclosure catalog` — show, export and import standard catalogs.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "查看、导出、导入标准目录。 (Show, export and import standard catalogs.)",
        discussion: """
        --catalog 可为内置目录名 customs、目录 JSON，或任一领域的标准目录表格（XLSX/CSV）。
        --catalog takes the built-in name customs, a catalog JSON, or any domain's official table (XLSX/CSV).
        """,
        subcommands: [Show.self, Export.self, Import.self],
        defaultSubcommand: Show.self
    )

    /// `--catalog` and `--lang`, shared by show and export.
    fileprivate struct Source: ParsableArguments {
        @Option(name: .long, help: "目录：customs、目录 JSON 或目录表格。 (Catalog: customs, a catalog JSON or a table.)")
        var catalog = CustomsCatalog.id

        @Option(name: .long, help: "语言 zh 或 en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Language; default $DISCLOSURE_LANG, else zh.)")
        var lang: Language = .current
    }

    /// The output's extension and folder, the inputs (a catalog file) and the output apart; exit 2 otherwise.
    /// - Parameter input: a `--catalog` value (a built-in name or a file), or with `file` the table to import.
    fileprivate static func checkPaths(_ command: String, input: String?, file: Bool = false, output: String?,
                                       lang: Language) throws {
        try CommandFailure.checkPaths("catalog \(command)", lang) { () throws(PathProblem) in
            let inputs = (file ? input : input.flatMap(catalogFile)).map { [$0] } ?? []
            for input in inputs { try PathCheck.input(input) }
            if let output {
                try PathCheck.output(output, extensions: CatalogFile.Format.allCases.map(\.rawValue), strictExtension: true)
                try PathCheck.distinct(inputs: inputs, outputs: [(output, "-o")])
            }
        }
    }

    fileprivate static func fail(_ command: String, _ error: Error, _ lang: Language) -> ExitCode {
        CommandFailure.fail("catalog \(command)", error, lang)
    }

    fileprivate static func load(_ spec: String, command: String, lang: Language) throws -> Catalog {
        do {
            let (catalog, findings) = try CatalogFile.load(spec)
            for f in findings where f.severity != .info {
                FileHandle.standardError.write(Data((f.formatted(lang) + "\n").utf8))
            }
            return catalog
        } catch {
            throw fail(command, error, lang)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在终端中以表格显示目录。 (Print the catalog as a table in the terminal.)")

        @OptionGroup fileprivate var source: Source

        @Option(name: .long, help: "“公开内容”列的宽度（字符）。 (Width of the content column in characters.)")
        var contentWidth = 30

        func run() throws {
            try CatalogCommand.checkPaths("show", input: source.catalog, output: nil, lang: source.lang)
            let loaded = try CatalogCommand.load(source.catalog, command: "show", lang: source.lang)
            print(CatalogTerminalTable.render(loaded, language: source.lang, contentWidth: contentWidth), terminator: "")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出目录为标准目录表格（XLSX/CSV）或 JSON。 (Export the catalog as the official table, XLSX/CSV, or as JSON.)")

        @OptionGroup fileprivate var source: Source

        @Option(name: .shortAndLong, help: "输出文件 .xlsx、.csv 或 .json。 (Output file, .xlsx, .csv or .json.)")
        var output: String

        func run() throws {
            try CatalogCommand.checkPaths("export", input: source.catalog, output: output, lang: source.lang)
            let loaded = try CatalogCommand.load(source.catalog, command: "export", lang: source.lang)
            do {
                try CatalogFile.write(loaded, to: output)
            } catch {
                throw CatalogCommand.fail("export", error, source.lang)
            }
            print(source.lang == .zh ? "已导出 \(output)（\(loaded.items.count) 个事项）"
                              : "exported \(output) (\(loaded.items.count) items)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "读取任一领域的标准目录表格（XLSX/CSV），写出目录 JSON；发现的问题输出到标准错误。 (Read any domain's official table and write catalog JSON; findings go to stderr.)",
            discussion: """
            退出码：0 无错误；1 有错误级别的问题（仍写出结果）；2 无法读取。
            Exit status: 0 no errors; 1 error-level findings (output still written); 2 unreadable input.
            """)

        @Argument(help: "标准目录表格 .xlsx 或 .csv。 (The official table, .xlsx or .csv.)")
        var file: String

        @Option(name: .shortAndLong, help: "输出文件，通常为 .json（也可 .xlsx/.csv）。 (Output file, normally .json; .xlsx/.csv also work.)")
        var output: String

        @Option(name: .long, help: "只读取此工作表，默认为第一个含目录表头的工作表。 (Read only this sheet; default: the first sheet with a catalog header.)")
        var sheet: String?

        @Option(name: .long, help: "目录标识，默认取文件名。 (Catalog id; default: the file name.)")
        var id: String?

        @Option(name: .long, help: "发布机关。 (Issuer.)")
        var issuer: String?

        @Option(name: .long, help: "领域，默认取自标题。 (Domain; default: from the title.)")
        var domain: String?

        @Option(name: .long, help: "版本。 (Version label.)")
        var version: String?

        @Option(name: .long, help: "语言 zh 或 en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Language; default $DISCLOSURE_LANG, else zh.)")
        fileprivate var lang: Language = .current

        func run() throws {
            try CatalogCommand.checkPaths("import", input: file, file: true, output: output, lang: lang)
            let result: CatalogTableReader.Result
            do {
                result = try CatalogFile.readTable(path: file, options: .init(file: file, id: id, issuer: issuer,
                                                                              version: version, domain: domain),
                                                   sheet: sheet)
            } catch {
                throw CatalogCommand.fail("import", error, lang)
            }
            for f in result.findings {
                FileHandle.standardError.write(Data((f.formatted(lang) + "\n").utf8))
            }
            do {
                try CatalogFile.write(result.catalog, to: output)
            } catch {
                throw CatalogCommand.fail("import", error, lang)
            }
            let c = result.catalog
            let errors = result.findings.filter { $0.severity == .error }.count
            let warnings = result.findings.filter { $0.severity == .warning }.count
            print(lang == .zh
                  ? "已导入“\(c.title)”：\(c.items.count) 个事项，\(c.channels.count) 个渠道，\(c.extraColumns.count) 个附加列；错误 \(errors)，警告 \(warnings) → \(output)"
                  : "imported \"\(c.title)\": \(c.items.count) items, \(c.channels.count) channels, \(c.extraColumns.count) extra columns; \(errors) errors, \(warnings) warnings → \(output)")
            if errors > 0 { throw ExitCode(1) }
        }
    }
}
