import DisclosureCatalog
import Dispatch
import FileOutput
import Foundation
import SheetCore

/// A whole merge run: discover inputs, load them on all cores, merge, and write the outputs atomically.
public struct MergeJob: Sendable {
    /// Where to write; nil outputs are skipped.
    public struct Outputs: Sendable {
        public var workbook: URL?
        public var json: URL?
        public var csvDirectory: URL?
        public init(workbook: URL? = nil, json: URL? = nil, csvDirectory: URL? = nil) {
            self.workbook = workbook; self.json = json; self.csvDirectory = csvDirectory
        }
    }

    public var paths: [String]
    public var roster: URL?
    public var options: MergeOptions
    public var loader: any ReturnLoader

    public init(paths: [String], roster: URL? = nil, options: MergeOptions, loader: any ReturnLoader) {
        self.paths = paths; self.roster = roster; self.options = options; self.loader = loader
    }

    /// Discovers, loads and merges.
    /// - Throws: `MergeError` `.roster` when the roster cannot be read, `.noInputs` when no path exists.
    public func merge(progress: (@Sendable (Int, Int) -> Void)? = nil) throws(MergeError) -> MergeResult {
        let roster = try roster.map { url throws(MergeError) in try Roster(contentsOf: url, fields: options.officeFields) }
        let found = InputDiscovery.discover(paths)
        if found.files.isEmpty && !found.missingPaths.isEmpty && found.missingPaths.count == paths.count {
            throw MergeError(.noInputs, location: SourceLocation(file: found.missingPaths.joined(separator: ", ")),
                             message: LocalizedText(zh: "没有可读取的输入路径", en: "none of the input paths exists"))
        }
        let loaded = ParallelLoad.load(found.files, with: loader, progress: progress)
        return Merger.merge(loaded, roster: roster, missingPaths: found.missingPaths, options: options)
    }

    /// Writes the outputs of `result`: all of them appear together, or none does.
    /// - Parameters:
    ///   - writeWorkbook: renders the sheets into an XLSX file at the given (staged) path.
    ///   - staging: the output set to stage into (pass one a signal handler can `discard()`).
    public static func write(_ result: MergeResult, to outputs: Outputs, staging: AtomicOutputSet = AtomicOutputSet(),
                             writeWorkbook: @escaping @Sendable (MergeResult, URL) throws -> Void) throws(MergeError) {
        do throws(MergeError) {
            // Stage every target first (cheap), then render the three outputs side by side on the cores.
            let workbookTemp = try outputs.workbook.map { url throws(MergeError) in try stage(url, in: staging) }
            let jsonTemp = try outputs.json.map { url throws(MergeError) in try stage(url, in: staging) }
            let csvTemps = try outputs.csvDirectory.map { dir throws(MergeError) in
                try MergeResult.csvFileNames.map { name throws(MergeError) in try stage(dir.appendingPathComponent(name), in: staging) }
            }
            let failures = FailureBox()
            let tasks: [@Sendable () -> MergeError?] = [
                {
                    guard let url = outputs.workbook, let temp = workbookTemp else { return nil }
                    do { try writeWorkbook(result, temp) } catch {
                        return failure(url, zh: "无法写入工作簿", en: "cannot write the workbook", error)
                    }
                    return nil
                },
                {
                    guard let url = outputs.json, let temp = jsonTemp else { return nil }
                    do { try result.writeJSON(toFile: temp) } catch {
                        return failure(url, zh: "无法写入 JSON", en: "cannot write JSON", error)
                    }
                    return nil
                },
                {
                    guard let dir = outputs.csvDirectory, let temps = csvTemps else { return nil }
                    do {
                        for (file, temp) in zip(try result.csvFiles(), temps) { try Self.writeBytes(file.bytes, to: temp) }
                    } catch {
                        return failure(dir, zh: "无法写入 CSV", en: "cannot write CSV", error)
                    }
                    return nil
                },
            ]
            // The workbook on this thread, the others beside it. (Not concurrentPerform: a concurrentPerform
            // nested in one runs serially once the outer one fills the cores, and the workbook fills its sheets
            // with one.)
            let group = DispatchGroup()
            for i in tasks.indices.dropFirst() {
                DispatchQueue.global().async(group: group) {
                    if let error = tasks[i]() { failures.record(error, order: i) }
                }
            }
            if let error = tasks[0]() { failures.record(error, order: 0) }
            group.wait()
            if let first = failures.first { throw first }
            do { try staging.commit() } catch { throw outputFailure(error) }
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Removes the staging folders a merge killed outright (`kill -9`) left beside these outputs, and returns
    /// them for the caller to report. A folder of a process still running is never touched.
    public static func removeStaleStaging(for outputs: Outputs) -> [String] {
        let targets = [outputs.workbook, outputs.json, outputs.csvDirectory?.appendingPathComponent("summary.csv")]
        return AtomicOutputSet.removeStale(besides: targets.compactMap { $0 })
    }

    private static func stage(_ target: URL, in staging: AtomicOutputSet) throws(MergeError) -> URL {
        do { return try staging.stage(target) } catch { throw outputFailure(error) }
    }

    /// A staging or renaming failure as a merge error located at the output.
    static func outputFailure(_ error: FileOutputError) -> MergeError {
        MergeError(.output, location: SourceLocation(file: error.path),
                   message: LocalizedText(zh: "无法写入：\(error.message)", en: "cannot write: \(error.message)"))
    }

    /// Writes bytes to a file without first copying them into a `Data` (the JSON runs to tens of MB).
    static func writeBytes(_ bytes: [UInt8], to url: URL) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return try Data().write(to: url) }
            try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none)
                .write(to: url)
        }
    }

    private static func failure(_ url: URL, zh: String, en: String, _ error: any Error) -> MergeError {
        MergeError(.output, location: SourceLocation(file: url.path),
                   message: LocalizedText(zh: "\(zh)：\(error)", en: "\(en): \(error)"))
    }
}

/// The first failure (in task order) of outputs rendered in parallel.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(Int, MergeError)] = []
    func record(_ error: MergeError, order: Int) {
        lock.lock(); defer { lock.unlock() }
        errors.append((order, error))
    }
    var first: MergeError? {
        lock.lock(); defer { lock.unlock() }
        return errors.min { $0.0 < $1.0 }?.1
    }
}

extension MergeResult {
    /// The one line printed at the end of a merge.
    public func summaryLine(seconds: Double? = nil) -> String {
        let merged = count(.merged) + count(.mergedWithFindings)
        let time = seconds.map { String(format: "%.2f", $0) }
        if language == .zh {
            var s = "合并 \(inputs.count) 个输入：已合并 \(merged)（其中有问题 \(count(.mergedWithFindings))），被替代 \(count(.superseded))，被拒绝 \(count(.rejected))"
            if hasRoster, let expected = overall.expected {
                s += "；名单 \(expected) 个\(officeFields == .customs ? "关区" : "单位")，已报 \(overall.answered)，未报 \(overall.missing)，名单外 \(overall.unknown)"
            }
            s += "；冲突 \(conflicts.count) 处，问题 \(findings.count) 条"
            if let time { s += "；用时 \(time) 秒" }
            return s
        }
        var s = "merged \(inputs.count) inputs: \(merged) merged (\(count(.mergedWithFindings)) with findings), \(count(.superseded)) superseded, \(count(.rejected)) rejected"
        if hasRoster, let expected = overall.expected {
            s += "; roster \(expected) offices, \(overall.answered) answered, \(overall.missing) missing, \(overall.unknown) not on roster"
        }
        s += "; \(conflicts.count) conflicts, \(findings.count) findings"
        if let time { s += "; \(time) s" }
        return s
    }
}
