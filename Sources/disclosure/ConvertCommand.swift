import ArgumentParser
import CSV
import Foundation
import ODSReading
import SheetCore
import SheetIO
import XLSXReading

/// `disclosure convert IN OUT` — between XLSX, delimited text (CSV/TSV/TXT) and the JSON cell dump.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "在 XLSX、CSV/TSV 与 JSON 单元格清单之间转换。 (Convert between XLSX, CSV/TSV and the JSON cell dump.)",
        discussion: """
        输入格式按文件内容识别，输出格式按扩展名：.xlsx、.csv/.txt（逗号）、.tsv（制表符）、.json（单元格清单）。
        (The input format is told by the file's bytes, the output format by its extension.)

        CSV → XLSX：明确的数字存为数字；前导零（如关区代码 0101）、超过 15 位有效数字、带正号、科学计数法的文本保持文本；日期保持文本，除非使用 --dates。
        (Plain numbers become numbers; text that would lose information stays text; dates stay text unless --dates.)

        XLSX → CSV：日期按单元格格式显示，数字保留全部精度；文本以 = + - @ 制表符 回车 开头时加前缀 '（防公式注入，--no-formula-guard 关闭）；默认 UTF-8 带 BOM、CRLF 换行。
        (Dates as the cell's format shows them, numbers in full precision; text starting with = + - @ tab CR gets a leading ' unless --no-formula-guard; UTF-8 with BOM and CRLF by default.)

        分隔文本的各行字段数可以不同（如 template -o t.csv 写出的模板），写成 CSV 时补齐为矩形。
        (Rows of delimited text may differ in length, as in a template written by template -o t.csv; CSV output pads them to a rectangle.)

        两个方向都是流式处理，内存占用有上限。 (Streaming both ways, in bounded memory.)
        输出与输入是同一文件、扩展名不是上述格式（如 .pdf、.xls）时拒绝执行。 (An output that is the input, or whose extension is none of these, e.g. .pdf or .xls, is refused.)
        退出码 (exit status): 0 成功 success, 2 无法读取或写入、用法错误 cannot read or write, usage error.
        """)

    @Argument(help: "输入文件 (.xlsx/.xls/.csv/.tsv/.txt)。 (The input file.)")
    var input: String

    @Argument(help: "输出文件 (.xlsx/.csv/.tsv/.txt/.json)。 (The output file.)")
    var output: String

    @Option(help: "工作表名称（默认第一张；JSON 默认全部）。 (The sheet: the first by default; JSON: all.)")
    var sheet: String?

    @Option(help: "CSV 一侧的编码：utf-8、gb18030（gbk）、utf-16le、utf-16be；读取时默认自动识别。 (Encoding of the CSV side; detected when reading.)")
    var encoding: String?

    @Option(help: "CSV 一侧的分隔符：, ; tab |；读取时默认自动识别。 (Delimiter of the CSV side; sniffed when reading.)")
    var delimiter: String?

    @Option(help: "输出 CSV 的编码（CSV → CSV 时使用；默认 utf-8 带 BOM）。 (Encoding of the CSV output, for CSV → CSV.)")
    var outputEncoding: String?

    @Option(help: "输出 CSV 的分隔符（CSV → CSV 时使用）。 (Delimiter of the CSV output, for CSV → CSV.)")
    var outputDelimiter: String?

    @Flag(help: "CSV → XLSX：把 yyyy-mm-dd 等日期存为日期。 (CSV → XLSX: store yyyy-mm-dd-like dates as dates.)")
    var dates = false

    @Flag(help: "写 CSV 时不加 BOM。 (Write CSV without a byte order mark.)")
    var noBom = false

    @Flag(help: "写 CSV 时关闭防公式注入前缀。 (Write CSV without the formula-injection guard.)")
    var noFormulaGuard = false

    @Flag(help: "写 CSV 时用 LF 换行（默认 CRLF）。 (Write LF line ends instead of CRLF.)")
    var lf = false

    /// Kept so older scripts still run: rows of differing length are always accepted now (issue 14).
    @Flag(help: ArgumentHelp("已是默认：CSV 各行字段数可以不同。 (The default: CSV rows may differ in field count.)", visibility: .hidden))
    var flexible = false

    @Option(help: "消息语言 zh|en（默认取环境变量 DISCLOSURE_LANG，否则 zh）。 (Message language; default $DISCLOSURE_LANG, else zh.)")
    var lang: Language = .current

    func validate() throws {
        for case let name? in [encoding, outputEncoding] where TextEncoding(name: name) == nil {
            throw usageError(lang, zh: "未知编码“\(name)”：可用 utf-8、gb18030、utf-16le、utf-16be",
                             en: "unknown encoding '\(name)': utf-8, gb18030, utf-16le, utf-16be")
        }
        for case let name? in [delimiter, outputDelimiter] where CSVReadOptions.delimiter(named: name) == nil {
            throw usageError(lang, zh: "无效分隔符“\(name)”：可用 , ; tab |", en: "invalid delimiter '\(name)': , ; tab |")
        }
    }

    func run() throws {
        try CommandFailure.checkPaths("convert", lang) { () throws(PathProblem) in
            try PathCheck.input(input)
            try PathCheck.distinct(inputs: [input], outputs: [(output, "")])
            try PathCheck.output(output, option: "", extensions: SheetFileFormat.convertOutputExtensions, strictExtension: true)
        }
        do {
            try convert()
        } catch {
            throw CommandFailure.fail("convert", error, lang)
        }
    }

    func convert() throws {
        let inputFormat = try SheetFileFormat.detect(path: input)
        let chosenEncoding = encoding.flatMap { TextEncoding(name: $0) }
        let chosenDelimiter = delimiter.flatMap { CSVReadOptions.delimiter(named: $0) }
        // A delimited file is a sheet whose rows may differ in length (templates and catalog tables the tool
        // writes are such files), as `sheet list|dump` read it.
        var readOptions = CSVReadOptions(flexible: true)
        if inputFormat == .delimitedText {
            readOptions.encoding = chosenEncoding
            readOptions.delimiter = chosenDelimiter
        }
        let lower = output.lowercased()
        if lower.hasSuffix(".json") {
            try writeJSON(inputFormat: inputFormat, readOptions: readOptions)
            return
        }
        var writeOptions = CSVWriteOptions(byteOrderMark: !noBom, formulaGuard: !noFormulaGuard, lineEnding: lf ? .lf : .crlf)
        if lower.hasSuffix(".tsv") { writeOptions.delimiter = 9 }
        if inputFormat.isWorkbook {
            if let chosenEncoding { writeOptions.encoding = chosenEncoding }
            if let chosenDelimiter { writeOptions.delimiter = chosenDelimiter }
        }
        if let name = outputEncoding, let chosen = TextEncoding(name: name) { writeOptions.encoding = chosen }
        if let name = outputDelimiter, let chosen = CSVReadOptions.delimiter(named: name) { writeOptions.delimiter = chosen }
        // Listing an .ods parses its content.xml: only when the name is written (an .xlsx output).
        let sheetName = try inputFormat == .ods
            ? sheet ?? (SheetFileFormat.forOutput(path: output) == .xlsx ? SheetIO.sheetNames(path: input).first : nil) ?? "Sheet1"
            : sheet ?? (inputFormat.isWorkbook
            ? SheetIO.openWorkbook(path: input)?.sheets.first { $0.kind != .chartsheet }?.name
            : SheetIO.csvSheetName(input)) ?? "Sheet1"
        let typed = inputFormat == .delimitedText && SheetFileFormat.forOutput(path: output) == .xlsx
        let writer = try SheetIO.makeRowWriter(path: output, sheetName: sheetName, csv: writeOptions)
        do {
            guard typed else {
                // The output is made and written on a second thread while this one reads (see SheetIO.copyRows).
                try SheetIO.copyRows(path: input, sheet: sheet, csv: readOptions, to: writer, background: true)
                try writer.close()
                return
            }
            var converted = SheetRow(row: 0, cells: [], width: 0)
            try SheetIO.forEachRow(path: input, sheet: sheet, csv: readOptions) { row in
                converted.row = row.row
                converted.width = row.width
                converted.cells.removeAll(keepingCapacity: true)
                for cell in row.cells {
                    converted.cells.append(SheetCell(column: cell.column, value: ValueInference.value(cell.value.text, dates: dates)))
                }
                try writer.write(converted)
            }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    func writeJSON(inputFormat: SheetFileFormat, readOptions: CSVReadOptions) throws {
        let names: [String]
        if let sheet {
            names = [sheet]
        } else if inputFormat == .ods {
            names = try SheetIO.sheetNames(path: input)
        } else if inputFormat.isWorkbook {
            names = try SheetIO.openWorkbook(path: input)?.sheets.filter { $0.kind != .chartsheet }.map(\.name) ?? []
        } else {
            names = [SheetIO.csvSheetName(input)]
        }
        let dump = try CellDumpWriter(path: output)
        do {
            for name in names {
                try dump.beginSheet(name)
                try SheetIO.forEachRow(path: input, sheet: inputFormat.isWorkbook ? name : nil, csv: readOptions) { row in
                    try dump.write(row)
                }
            }
            try dump.close()
        } catch {
            dump.discard()
            throw error
        }
    }
}

/// `disclosure sheet list|dump` for OpenDocument spreadsheets: every sheet in one pass over content.xml.
enum ODSSheetCommands {
    static func isODS(_ path: String) throws -> Bool {
        try SheetFileFormat.detect(path: path) == .ods
    }

    /// `1<TAB>name<TAB>A1:C3[<TAB>hidden]` like the XLSX listing.
    static func list(_ path: String) throws {
        var out = ""
        for (sheet, range) in try ODSWorkbook(path: path).usedRanges() {
            out += "\(sheet.index + 1)\t\(sheet.name)\t\(range?.description ?? "-")"
            out += sheet.isHidden ? "\thidden\n" : "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// JSON: every sheet (or `sheet`), streamed; CSV/TSV: one sheet (`sheet` or the first) as a rectangle.
    static func dump(_ path: String, sheet: String?, format: String) throws {
        let workbook = try ODSWorkbook(path: path)
        var row = SheetRow(row: 0, cells: [], width: 0)
        func fill(_ index: Int, _ cells: [ODSCell]) {
            row.row = index
            row.cells.removeAll(keepingCapacity: true)
            for cell in cells { row.cells.append(SheetCell(column: cell.column, value: cell.value)) }
            row.width = (cells.last?.column ?? -1) + 1
        }
        if format == "json" {
            let dump = try CellDumpWriter(path: nil)
            if let sheet {
                var name = sheet
                if let found = try workbook.tables().first(where: { $0.name == sheet || $0.name.lowercased() == sheet.lowercased() }) { name = found.name }
                try dump.beginSheet(name)
                try workbook.forEachRow(in: name) { fill($0, $1); try dump.write(row) }
            } else {
                try workbook.forEachSheet({ try dump.beginSheet($0.name); return true }) { _, index, cells in
                    fill(index, cells)
                    try dump.write(row)
                }
            }
            try dump.close()
            return
        }
        var options = CSVWriteOptions(byteOrderMark: false, formulaGuard: false)
        if format == "tsv" { options.delimiter = 9 }
        let writer = try CSVSheetWriter(options: options)
        try workbook.forEachRow(in: sheet) { fill($0, $1); try writer.write(row) }
        try writer.close()
        FileHandle.standardOutput.write(Data(writer.bytes))
    }
}

/// `disclosure sheet list|dump` for delimited text (CSV/TSV/TXT): one sheet named after the file, cells as
/// strings (no guessing).
enum DelimitedSheetCommands {
    /// True when the file is delimited text rather than a workbook.
    static func isDelimited(_ path: String) throws -> Bool {
        try SheetFileFormat.detect(path: path) == .delimitedText
    }

    /// `1<TAB>name<TAB>A1:C3` like the workbook listing. Rows may differ in length (flexible reading).
    static func list(_ path: String) throws {
        let range = try SheetIO.usedRange(path: path)?.description ?? "-"
        FileHandle.standardOutput.write(Data("1\t\(SheetIO.csvSheetName(path))\t\(range)\n".utf8))
    }

    /// The JSON dump (streamed). Rows may differ in length (flexible reading).
    static func dump(_ path: String, sheet: String?) throws {
        let dump = try CellDumpWriter(path: nil)
        try dump.beginSheet(SheetIO.csvSheetName(path))
        try SheetIO.forEachRow(path: path, sheet: sheet, csv: CSVReadOptions(flexible: true)) { try dump.write($0) }
        try dump.close()
    }
}
