import ArgumentParser
import Foundation
import SheetCore
import XLSXReading

/// `disclosure sheet list|dump` — look inside workbooks.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "查看工作簿：列出工作表、导出单元格。 (Inspect workbooks: list sheets, dump cells.)",
        subcommands: [List.self, Dump.self]
    )

    /// Prints a read error on stderr and exits with status 2.
    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("disclosure: \(error)\n".utf8))
        return ExitCode(2)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出工作表及其已用区域。 (List the sheets with their used ranges.)")

        @Argument(help: "工作簿 (.xlsx/.xlsm/.xltx)。 (The workbook.)")
        var file: String

        func run() throws {
            do {
                let workbook = try XLSXWorkbook(path: file)
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
                throw SheetCommand.fail(error)
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

        @Argument(help: "工作簿 (.xlsx/.xlsm/.xltx)。 (The workbook.)")
        var file: String

        @Option(help: "只导出这张工作表。 (Dump only this sheet.)")
        var sheet: String?

        @Option(help: "输出格式 json|csv|tsv。 (Output format.)")
        var format: Format = .json

        func run() throws {
            do {
                let workbook = try XLSXWorkbook(path: file)
                let chosen: [SheetInfo]
                if let sheet {
                    chosen = [try workbook.sheet(named: sheet)]
                } else if format == .json {
                    chosen = workbook.sheets
                } else {
                    chosen = Array(workbook.sheets.prefix(1))
                }
                let dumps = try chosen.map { try SheetDump.read($0, of: workbook) }
                let text: String
                switch format {
                case .json: text = SheetDump.json(dumps)
                case .csv: text = dumps.first.map { Self.delimited($0, separator: ",") } ?? ""
                case .tsv: text = dumps.first.map { Self.delimited($0, separator: "\t") } ?? ""
                }
                FileHandle.standardOutput.write(Data(text.utf8))
            } catch {
                throw SheetCommand.fail(error)
            }
        }

        /// A dense rectangle from A1 to the last used cell, RFC 4180 quoting (CSV) or tab-separated (TSV).
        static func delimited(_ sheet: SheetDump.Sheet, separator: Character) -> String {
            guard let last = sheet.cells.last else { return "" }
            let columns = (sheet.cells.map(\.0.column).max() ?? 0) + 1
            var rows = [[String]](repeating: [String](repeating: "", count: columns), count: last.0.row + 1)
            for (ref, value) in sheet.cells { rows[ref.row][ref.column] = value.text }
            var out = ""
            for row in rows {
                out += row.map { escape($0, separator: separator) }.joined(separator: String(separator))
                out += separator == "," ? "\r\n" : "\n"
            }
            return out
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
