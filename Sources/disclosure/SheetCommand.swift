import ArgumentParser
import DisclosureCatalog
import CSV
import Foundation
import SheetCore
import SheetIO
import XLSXReading

/// `disclosure sheet list|dump` — look inside workbooks.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "查看工作簿：列出工作表、导出单元格。 (Inspect workbooks: list sheets, dump cells.)",
        subcommands: [List.self, Dump.self]
    )

    /// Prints a read error on stderr (a one-line explanation in `lang`, then the located description, in
    /// the same language) and exits with status 2.
    static func fail(_ error: any Error, lang: Language = .zh) -> ExitCode {
        let lead: String
        if let error = error as? XLSXError {
            lead = error.summary(language: lang.rawValue)
        } else {
            lead = lang == .zh ? "无法读取输入。" : "The input cannot be read."
        }
        FileHandle.standardError.write(Data("disclosure: \(lead)\n  \(ErrorText.describe(error, in: lang))\n".utf8))
        return ExitCode(2)
    }

    /// The workbook of a file that is not delimited text (XLSX or XLS, told by its bytes).
    static func openWorkbook(_ path: String) throws -> any SheetWorkbook {
        guard let workbook = try SheetIO.openWorkbook(path: path) else {
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path), "not a workbook")
        }
        return workbook
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出工作表及其已用区域。 (List the sheets with their used ranges.)")

        @Argument(help: "工作簿 (.xlsx/.xlsm/.xltx/.xls/.et/.ods) 或分隔文本 (.csv/.tsv/.txt)。 (The workbook or delimited text.)")
        var file: String

        @Option(help: "消息语言 zh|en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Message language; default $DISCLOSURE_LANG, else zh.)")
        var lang: Language = .current

        func run() throws {
            do {
                try PathCheck.input(file)
                if try DelimitedSheetCommands.isDelimited(file) { return try DelimitedSheetCommands.list(file) }
                if try ODSSheetCommands.isODS(file) { return try ODSSheetCommands.list(file) }
                let workbook = try SheetCommand.openWorkbook(file)
                var out = ""
                for sheet in workbook.sheets {
                    let range = try workbook.usedRange(sheet)
                    var line = "\(sheet.index + 1)\t\(sheet.name)\t\(range?.description ?? "-")"
                    if sheet.visibility != .visible { line += "\t\(sheet.visibility.rawValue)" }
                    if sheet.kind == .chartsheet { line += "\tchartsheet" }
                    out += line + "\n"
                }
                FileHandle.standardOutput.write(Data(out.utf8))
            } catch {
                throw SheetCommand.fail(error, lang: lang)
            }
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出非空单元格（JSON 稀疏格式，或 CSV/TSV）。 (Dump the non-empty cells: sparse JSON, or CSV/TSV.)",
            discussion: """
            JSON: {"sheets":[{"name":"…","cells":[["A1","s","text"],["B1","n",1.5],["C1","b",true],["D1","d","2017-02-27"],["E1","e","#DIV/0!"]]}]}
            类型 (types): s 文本 text, n 数字 number, b 布尔 boolean, d 日期/时间 date/time (ISO 8601), e 错误 error.
            CSV/TSV 输出一张工作表（--sheet 或第一张），从 A1 起的矩形，与 convert 写出的相同（日期为 ISO 8601，无 BOM、无防公式注入前缀）。
            (CSV/TSV write one sheet, --sheet or the first, as a rectangle from A1, as convert writes it: ISO 8601 dates, no BOM, no formula guard.)
            分隔文本的各行字段数可以不同。空文件（0 字节）的 .csv 为一张空表；名为 .xlsx 的空文件是错误。
            (Rows of delimited text may differ in length. A 0-byte .csv is one empty sheet; a 0-byte .xlsx is an error.)
            退出码 (exit status): 0 成功 success, 2 无法读取输入 the input cannot be read.
            """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, tsv }

        @Argument(help: "工作簿 (.xlsx/.xlsm/.xltx/.xls/.et/.ods) 或分隔文本 (.csv/.tsv/.txt)。 (The workbook or delimited text.)")
        var file: String

        @Option(help: "只导出这张工作表。 (Dump only this sheet.)")
        var sheet: String?

        @Option(help: "输出格式 json|csv|tsv。 (Output format.)")
        var format: Format = .json

        @Option(help: "消息语言 zh|en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Message language; default $DISCLOSURE_LANG, else zh.)")
        var lang: Language = .current

        func run() throws {
            do {
                try PathCheck.input(file)
                if format != .json {
                    // The same streaming path as `convert` to .csv/.tsv, ISO dates, no BOM or formula guard.
                    var options = CSVWriteOptions(byteOrderMark: false, formulaGuard: false)
                    if format == .tsv { options.delimiter = 9; options.lineEnding = .lf }
                    try SheetIO.writeDelimited(path: file, sheet: sheet, csv: CSVReadOptions(flexible: true),
                                               options: options, datesAsISO: true, toFileDescriptor: STDOUT_FILENO)
                    return
                }
                if try DelimitedSheetCommands.isDelimited(file) {
                    return try DelimitedSheetCommands.dump(file, sheet: sheet)
                }
                if try ODSSheetCommands.isODS(file) {
                    return try ODSSheetCommands.dump(file, sheet: sheet, format: format.rawValue)
                }
                let workbook = try SheetCommand.openWorkbook(file)
                let chosen = try sheet.map { [try workbook.sheet(named: $0)] } ?? workbook.sheets
                // Parsed on this thread, ordered and formatted on a second one.
                try SheetIO.writeJSONDump(chosen, of: workbook, toFileDescriptor: STDOUT_FILENO)
            } catch {
                throw SheetCommand.fail(error, lang: lang)
            }
        }
    }
}
