import ArgumentParser
import DisclosureCatalog
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

    /// The language of messages: Chinese (default) or English.

    /// Prints a read error on stderr (a one-line explanation in `lang`, then the located description) and
    /// exits with status 2.
    static func fail(_ error: any Error, lang: Language = .zh) -> ExitCode {
        let lead: String
        if let error = error as? XLSXError {
            lead = error.kind.summary(language: lang.rawValue)
        } else {
            lead = lang == .zh ? "无法读取输入。" : "The input cannot be read."
        }
        FileHandle.standardError.write(Data("disclosure: \(lead)\n  \(error)\n".utf8))
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

        @Option(help: "消息语言 zh|en。 (Message language.)")
        var lang: Language = .zh

        func run() throws {
            do {
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
            CSV/TSV 输出一张工作表（--sheet 或第一张）。 (CSV/TSV write one sheet: --sheet or the first.)
            退出码 (exit status): 0 成功 success, 2 无法读取输入 the input cannot be read.
            """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, tsv }

        @Argument(help: "工作簿 (.xlsx/.xlsm/.xltx/.xls/.et/.ods) 或分隔文本 (.csv/.tsv/.txt)。 (The workbook or delimited text.)")
        var file: String

        @Option(help: "只导出这张工作表。 (Dump only this sheet.)")
        var sheet: String?

        @Option(help: "输出格式 json|csv|tsv。 (Output format.)")
        var format: Format = .json

        @Option(help: "消息语言 zh|en。 (Message language.)")
        var lang: Language = .zh

        func run() throws {
            do {
                if try DelimitedSheetCommands.isDelimited(file) {
                    return try DelimitedSheetCommands.dump(file, sheet: sheet, format: format.rawValue)
                }
                if try ODSSheetCommands.isODS(file) {
                    return try ODSSheetCommands.dump(file, sheet: sheet, format: format.rawValue)
                }
                let workbook = try SheetCommand.openWorkbook(file)
                let chosen: [SheetInfo]
                if let sheet {
                    chosen = [try workbook.sheet(named: sheet)]
                } else if format == .json {
                    chosen = workbook.sheets
                } else {
                    chosen = Array(workbook.sheets.prefix(1))
                }
                let output = FileHandle.standardOutput
                switch format {
                case .json:
                    try SheetDump.writeJSON(chosen, of: workbook) { output.write(Data(buffer: $0)) }
                case .csv, .tsv:
                    if let sheet = chosen.first {
                        try Self.writeDelimited(sheet, of: workbook, separator: format == .csv ? "," : "\t") {
                            output.write(Data($0.utf8))
                        }
                    }
                }
            } catch {
                throw SheetCommand.fail(error, lang: lang)
            }
        }

        /// A dense rectangle from A1 to the last used column and row, RFC 4180 quoting (CSV, CRLF) or
        /// tab-separated (TSV, LF). Two passes over the sheet (the first finds the width), bounded memory.
        static func writeDelimited(_ sheet: SheetInfo, of workbook: some SheetWorkbook, separator: Character,
                                   to output: (String) throws -> Void) throws {
            guard let range = try workbook.usedRange(sheet) else { return }
            let columns = range.end.column + 1
            let newline = separator == "," ? "\r\n" : "\n"
            var buffer = ""
            var fields = [String](repeating: "", count: columns)
            var currentRow = 0
            func emitRow() {
                buffer += fields.map { escape($0, separator: separator) }.joined(separator: String(separator)) + newline
                for i in fields.indices { fields[i] = "" }
            }
            try SheetDump.forEachCell(sheet, of: workbook) { ref, value in
                while currentRow < ref.row {
                    emitRow()
                    currentRow += 1
                }
                if ref.column < columns { fields[ref.column] = value.text }
                if buffer.utf8.count >= 1 << 20 {
                    try output(buffer)
                    buffer = ""
                }
            }
            emitRow()
            try output(buffer)
        }

        static func escape(_ field: String, separator: Character) -> String {
            if separator == "\t" {
                // TSV has no quoting: tabs and line breaks become spaces.
                return String(field.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            }
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
