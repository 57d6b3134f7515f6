import ArgumentParser
import CatalogTable
import DisclosureCatalog
import Dispatch
import FileOutput
import Foundation
import OfficeReturns
import ReturnMerge
import WorkCalendar

/// `disclosure merge` — merge a round of office returns into one workbook (+ JSON, CSV).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "汇总合并一轮填报表：一个汇总工作簿，每个输入都有交代。 (Merge a round of returns into one workbook.)",
        discussion: """
        输入为文件或文件夹（递归），XLSX 与 CSV 可混合。每个输入都会被记为：已合并、已合并（有问题）、被替代或被拒绝（并说明原因）。\
        同一关区有两份填报表时，填报日期较晚者优先，其次为文件修改时间较晚者；其余记为被替代，并列出不同之处。

        退出码：0 已写出且无被拒绝的输入、无错误；1 已写出但有被拒绝的输入或错误；2 未能写出（名单不可读、无输入、写入失败）。

        Inputs are files and folders (recursive), XLSX and CSV mixed. Every input is accounted for: merged, merged \
        with findings, superseded, or rejected with its reason. Two returns of one office: the later 填报日期 wins, \
        then the later file time; the other is superseded and its differing answers are listed.

        Exit status: 0 written, nothing rejected and no errors; 1 written with rejected inputs or errors; 2 not written.
        """)

    @Argument(help: "填报表文件或文件夹 (return files or folders)")
    var paths: [String]

    @Option(name: .customLong("roster"), help: "名单：含关区代码、名称、所属直属海关的 CSV 或 XLSX (roster file)")
    var roster: String?

    @Option(name: .customLong("as-of"), help: "校验日期 YYYY-MM-DD（默认今天，北京时间；与 validate 相同） (as-of date; default today in Beijing, as in validate)")
    var asOf: String?

    @Option(name: .customLong("start-day"), help: "起算日：excluded（不计入，民法典第201条，默认）或 included，与 validate 相同。 (Start-day convention, as in validate.)")
    var startDay: String = StartDayConvention.excluded.rawValue

    @Option(name: .customLong("office-level"), help: "各单位层级，须为目录的层级之一，默认按关区代码判断，与 validate 相同。 (Office level, one of the catalog's levels; as in validate.)")
    var officeLevel: String?

    @Option(name: .shortAndLong, help: "汇总工作簿 .xlsx (the consolidated workbook)")
    var output: String

    @Option(name: .customLong("json"), help: "同时写出 JSON（Schemas/merge.schema.json）(also write JSON)")
    var json: String?

    @Option(name: .customLong("csv"), help: "同时把每个工作表写成 CSV 到此文件夹 (also write one CSV per sheet)")
    var csv: String?

    @Option(name: .long, help: "目录：内置名称 customs、目录 JSON 或目录表格（XLSX/CSV）(catalog: built-in name, JSON or official table)")
    var catalog = "customs"

    @Option(name: .customLong("holidays"), help: "追加节假日数据：holiday-cn 格式的 JSON 文件或文件夹，可重复 (more holiday data; repeatable, as in validate)")
    var holidays: [String] = []

    @Option(name: .customLong("lang"), help: "zh 或 en (language of the workbook and messages)")
    var lang: Language = .zh

    func validate() throws {
        try ReturnCheckOptions.validate(asOf: asOf, startDay: startDay)
    }

    func run() throws {
        let language = lang
        let started = Date()
        var calendar: HolidayCalendar
        let catalog: Catalog
        do {
            catalog = try CatalogFile.catalog(self.catalog)
            calendar = try HolidayCalendar.builtIn()
            for path in holidays { try calendar.load(contentsOf: URL(fileURLWithPath: path)) }
        } catch {
            FileHandle.standardError.write(Data("disclosure merge: \(error)\n".utf8))
            throw ExitCode(2)
        }
        // The same settings as validate's, so the same return gets the same findings.
        let settings = try ReturnCheckOptions.settings(asOf: asOf, startDay: startDay, officeLevel: officeLevel, catalog: catalog)
        let loader = OfficeReturnLoader(catalog: catalog, calendar: calendar, settings: settings)
        let options = MergeOptions(catalog: catalog, language: language,
                                   asOf: settings.asOf.map { .init(year: $0.year, month: $0.month, day: $0.day) })
        let job = MergeJob(paths: paths, roster: roster.map { URL(fileURLWithPath: $0) }, options: options, loader: loader)

        // What a merge killed outright (kill -9) left behind: its staging folders, removed now, and said so.
        let outputs = MergeJob.Outputs(workbook: URL(fileURLWithPath: output), json: json.map { URL(fileURLWithPath: $0) },
                                       csvDirectory: csv.map { URL(fileURLWithPath: $0) })
        for folder in MergeJob.removeStaleStaging(for: outputs) {
            FileHandle.standardError.write(Data((language == .zh ? "disclosure merge: 已删除中断的合并留下的临时文件夹 \(folder)\n"
                                                                  : "disclosure merge: removed the staging folder an interrupted merge left: \(folder)\n").utf8))
        }
        // An interrupted merge leaves no partial output: the signal handler removes the staging folders.
        let staging = AtomicOutputSet()
        // A serial queue of its own (overcommitting): the handler runs even while every core is busy loading.
        let signalQueue = DispatchQueue(label: "disclosure.merge.signals")
        let signals = ([SIGINT, SIGTERM, SIGHUP] as [Int32]).map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler {
                staging.discard()
                FileHandle.standardError.write(Data("\ndisclosure merge: interrupted; nothing was written\n".utf8))
                Foundation.exit(128 + number)
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        let progress = TerminalProgress(label: language == .zh ? "读取" : "reading")
        do {
            let result = try job.merge { done, total in progress.update(done, total) }
            progress.finish()
            try MergeJob.write(result, to: outputs, staging: staging) { result, url in try result.writeWorkbook(to: url.path) }
            print(result.summaryLine(seconds: Date().timeIntervalSince(started)))
            let clean = result.count(.rejected) == 0 && result.overall.errors == 0
            if !clean { throw ExitCode(1) }
        } catch let error as MergeError {
            progress.finish()
            FileHandle.standardError.write(Data("disclosure merge: \(error.formatted(language))\n".utf8))
            throw ExitCode(2)
        }
    }
}
