import ArgumentParser
import CatalogTable
import DisclosureCatalog
import FileOutput
import Foundation
import OfficeReturns
import ReturnMerge
import SheetIO
import WorkCalendar

/// `disclosure validate` — check returns against the catalog and the working-day calendar.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "校验填报表，指出错误及其单元格。 (Validate office returns and point at the cells at fault.)",
        discussion: """
        退出码：0 无错误，1 发现错误，2 有文件无法读取。
        Exit status: 0 no errors, 1 errors found, 2 an input could not be read.
        --format json 输出 {"files":[{"file":…,"office":…,"findings":[{"rule":…,"severity":…,"sheet":…,"cell":…,"item":…,"message":…}]}]}。
        --format xlsx 写出标注了问题单元格的副本（原文件不变）。 (--format xlsx writes an annotated copy; inputs are never modified.)
        工作日按内置的 2019–2026 年国务院节假日安排计算；其他年份用 --holidays 载入 holiday-cn 格式的 JSON。
        Working days use the built-in 2019–2026 holiday data; add years with --holidays (holiday-cn JSON).
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, xlsx }

    @Argument(help: "填报表文件（XLSX、XLS 或 CSV）。 (Return files, XLSX, XLS or CSV.)")
    var files: [String] = []

    @Flag(name: .customLong("list-rules"), help: "列出全部校验规则。 (List every rule with its code and severity.)")
    var listRules = false

    @Option(name: .long, help: "目录：内置名称 customs、目录 JSON 或目录表格（XLSX/CSV）。 (Catalog: built-in name, catalog JSON or an official table.)")
    var catalog = "customs"

    @Option(name: .customLong("as-of"), help: "校验日期 YYYY-MM-DD（默认今天，北京时间）。 (As-of date; default today in Beijing.)")
    var asOf: String?

    @Option(name: .long, help: "输出格式 text、json 或 xlsx。 (Output format.)")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "输出文件；xlsx 格式多个输入时为目录。 (Output file; a folder for xlsx with several inputs.)")
    var output: String?

    @Option(name: .long, help: "语言 zh 或 en。 (Language of messages.)")
    var lang: Language = .zh

    @Option(name: .long, help: "追加节假日数据：holiday-cn 格式的 JSON 文件或目录。 (Extra holiday data, holiday-cn JSON file or folder.)")
    var holidays: [String] = []

    @Option(name: .customLong("start-day"), help: "起算日：excluded（不计入，民法典第201条，默认）或 included。 (Start-day convention.)")
    var startDay: String = StartDayConvention.excluded.rawValue

    @Option(name: .customLong("office-level"), help: "本单位层级，须为目录的层级之一（海关：直属海关/隶属海关），默认按关区代码判断。 (Office level, one of the catalog's levels; derived from the code by default.)")
    var officeLevel: String?

    @Option(name: .customLong("min-severity"), help: "显示的最低级别 error、warning 或 info；文本输出默认 warning（另起一行统计提示条数），JSON 默认全部。 (Least serious findings shown; text defaults to warning plus a count of infos, JSON to all.)")
    var minSeverity: Severity?

    func validate() throws {
        if !listRules, files.isEmpty { throw ValidationError("请指定至少一个填报表文件 (give at least one return file)") }
        try ReturnCheckOptions.validate(asOf: asOf, startDay: startDay)
        if format == .xlsx, output == nil { throw ValidationError("--format xlsx 需要 -o (needs -o)") }
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("disclosure validate: \(message)\n".utf8))
        return ExitCode(2)
    }

    func run() throws {
        let language = lang
        if listRules {
            for rule in ReturnRule.allCases {
                print("\(rule.code)\t\(rule.severity.label(language))\t\(rule.summary.text(language))")
            }
            for rule in MergeRule.allCases {
                print("\(rule.code)\t\(rule.severity.label(language))\t\(rule.summary.text(language))")
            }
            return
        }
        let loadedCatalog: Catalog
        do { loadedCatalog = try CatalogFile.catalog(catalog) } catch { throw fail("\(error)") }
        var calendar: HolidayCalendar
        do {
            calendar = try HolidayCalendar.builtIn()
            for path in holidays { try calendar.load(contentsOf: URL(fileURLWithPath: path)) }
        } catch let error as WorkCalendarError {
            throw fail(error.message(english: language == .en))
        }
        let settings = try ReturnCheckOptions.settings(asOf: asOf, startDay: startDay, officeLevel: officeLevel,
                                                       catalog: loadedCatalog)
        // Text shows errors and warnings (and counts the infos) unless told otherwise; JSON keeps everything.
        let textMinimum = minSeverity ?? .warning
        let jsonMinimum = minSeverity ?? .info
        let validator = ReturnValidator(catalog: loadedCatalog, calendar: calendar, settings: settings)
        let importer = ReturnImporter(catalog: loadedCatalog)

        // Files are independent: check them on all cores, report them in the order given.
        let outcomes = OutcomeStore(count: files.count)
        let annotate = format == .xlsx ? output : nil
        let targets = annotate.map { Self.annotationTargets(files: files, output: $0) } ?? []
        if annotate != nil, files.count > 1, let output {
            try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        }
        // An .xls input's annotated copy is an .xlsx workbook (we read .xls, we write only .xlsx): say so.
        for (file, target) in zip(files, targets) where (try? SheetFileFormat.detect(path: file)) == .xls {
            let note = language == .en
                ? "\(file) is an .xls workbook: its annotated copy is written as .xlsx (\(target))"
                : "\(file) 是 .xls 工作簿：批注副本保存为 .xlsx 格式（\(target)）"
            FileHandle.standardError.write(Data("disclosure validate: \(note)\n".utf8))
        }
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            do {
                // Only the sheets the return needs are parsed; the annotated copy needs them all.
                let workbook = try ReturnWorkbook(path: file)
                let officeReturn = try importer.read(workbook, file: file)
                let findings = validator.validate(officeReturn)
                if annotate != nil {
                    try ReturnAnnotation.write(try workbook.allSheets(), findings: findings, language: language, to: targets[index])
                }
                outcomes.set(index, .init(result: .init(file: file, office: .init(officeReturn.office),
                                                        findings: findings.filter { $0.severity <= jsonMinimum }.map { .init($0, language: language) }),
                                          text: Self.textReport(file: file, office: officeReturn.office, findings: findings,
                                                                language: language, minimum: textMinimum)))
            } catch let error as ReturnImportError {
                let message = language == .en ? error.englishMessage : error.chineseMessage
                outcomes.set(index, .init(result: .init(file: file, office: nil, error: message, findings: []),
                                          text: "\(message)\n", stderr: message))
            } catch {
                outcomes.set(index, .init(result: .init(file: file, office: nil, error: "\(error)", findings: []),
                                          text: "\(error)\n", stderr: "\(error)"))
            }
        }
        var report = ValidationReport()
        var text = ""
        for outcome in outcomes.all {
            report.files.append(outcome.result)
            text += outcome.text
            if let message = outcome.stderr {
                FileHandle.standardError.write(Data("disclosure validate: \(message)\n".utf8))
            }
        }

        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(report)
            try emit(data + Data("\n".utf8))
        case .text:
            try emit(Data(text.utf8))
        case .xlsx:
            print(text, terminator: "")
        }
        let status = report.exitStatus
        if status != 0 { throw ExitCode(status) }
    }

    /// Where the annotated copy of each input goes: `-o` itself for one input and an .xlsx path, else
    /// `-o/<name>.checked.xlsx` (numbered when two inputs share a name).
    static func annotationTargets(files: [String], output: String) -> [String] {
        if files.count == 1, output.lowercased().hasSuffix(".xlsx") { return [output] }
        var used: [String: Int] = [:]
        return files.map { file in
            let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let n = used[base, default: 0]
            used[base] = n + 1
            let name = n == 0 ? "\(base).checked.xlsx" : "\(base)-\(n + 1).checked.xlsx"
            return URL(fileURLWithPath: output).appendingPathComponent(name).path
        }
    }

    private func emit(_ data: Data) throws {
        if let output {
            do { try AtomicFile.write(data, to: output) } catch { throw fail("\(error)") }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// One file's text report: the findings at least as serious as `minimum`, one line counting those left out,
    /// then the totals.
    static func textReport(file: String, office: OfficeIdentity, findings: [Finding], language: Language,
                           minimum: Severity = .info) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.count - errors - warnings
        var out = ""
        var hidden: [Severity: Int] = [:]
        for finding in findings {
            if finding.severity <= minimum {
                out += finding.formatted(language) + "\n"
            } else {
                hidden[finding.severity, default: 0] += 1
            }
        }
        if !hidden.isEmpty {
            let counts = [Severity.warning, .info].compactMap { severity in
                hidden[severity].map { language == .zh ? "\($0) 条\(severity.label(.zh))" : "\($0) \(severity == .info ? "infos" : "warnings")" }
            }
            out += language == .zh
                ? "（另有 \(counts.joined(separator: "、"))未列出，用 --min-severity \(hidden[.info] == nil ? "warning" : "info") 查看）\n"
                : "(\(counts.joined(separator: " and ")) not shown; see them with --min-severity \(hidden[.info] == nil ? "warning" : "info"))\n"
        }
        let name = office.name.text.isEmpty ? "" : "（\(office.name.text) \(office.code.text)）"
        out += language == .zh
            ? "\(file)\(name)：\(errors) 个错误，\(warnings) 个警告，\(infos) 条提示\n"
            : "\(file)\(name): \(errors) errors, \(warnings) warnings, \(infos) notes\n"
        return out
    }

}

/// One file's outcome, kept in input order.
private struct Outcome: Sendable {
    var result: ValidationReport.FileResult
    var text: String
    var stderr: String? = nil
}

/// Results written from several threads, read once all are done.
private final class OutcomeStore: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Outcome?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: Outcome) {
        lock.lock()
        outcomes[index] = outcome
        lock.unlock()
    }

    var all: [Outcome] {
        lock.lock()
        defer { lock.unlock() }
        return outcomes.compactMap { $0 }
    }
}
