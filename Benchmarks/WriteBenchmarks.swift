// Write benchmark: workload W1 (../shared/bench/README.md) with our XLSX writer vs libxlsxwriter (C),
// side by side. Every job runs in a child process so that time and peak memory (wait4's ru_maxrss) are
// the job's own. Run: `swift run -c release Benchmarks write` (W1_BIG=0 skips the 1,000,000-row jobs,
// W1_REPEATS=n sets the runs per job, W1_LEVEL=1...9 overrides our deflate level).
import Foundation
import SheetCore
import XLSXWriting

private let childVariable = "DISCLOSUREKIT_WRITE_CHILD"

func writeBenchmarks() throws {
    if let job = ProcessInfo.processInfo.environment[childVariable] {
        try runWriteChild(job)
        exit(0)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("disclosurekit-write-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let peer = folder.appendingPathComponent("write_w1").path
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/write_w1.c").path
    let cc = try spawnAndMeasure(["/usr/bin/cc", "-O2", "-o", peer, source, "-lxlsxwriter"], environment: [:])
    let peerAvailable = cc.status == 0
    if !peerAvailable { print("libxlsxwriter peer did not build (is libxlsxwriter-dev installed?); ours only") }

    let repeats = Int(ProcessInfo.processInfo.environment["W1_REPEATS"] ?? "") ?? 3
    let big = ProcessInfo.processInfo.environment["W1_BIG"] != "0"
    let me = ProcessInfo.processInfo.arguments[0]
    let myPath = me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me

    struct Pair { var label: String; var ours: String; var peer: String; var rows: Int; var repeats: Int }
    var pairs = [
        Pair(label: "W1 shared strings", ours: "shared", peer: "shared", rows: 100_000, repeats: repeats),
        Pair(label: "W1 inline / constant-memory", ours: "inline", peer: "constant", rows: 100_000, repeats: repeats),
    ]
    if big { pairs.append(Pair(label: "W1 × 10 (1,000,000 rows) inline / constant-memory", ours: "inline", peer: "constant", rows: 1_000_000, repeats: 1)) }

    print("job | ours time | ours peak | ours size | libxlsxwriter time | peak | size | time ratio (ours/peer)")
    for pair in pairs {
        let oursPath = folder.appendingPathComponent("ours-\(pair.ours)-\(pair.rows).xlsx").path
        let peerPath = folder.appendingPathComponent("lxw-\(pair.peer)-\(pair.rows).xlsx").path
        var ours: [WriteRun] = []
        var theirs: [WriteRun] = []
        for _ in 0..<pair.repeats {
            // Alternate so that machine noise hits both alike.
            ours.append(try spawnAndMeasure([myPath, "write"], environment: [childVariable: "\(pair.ours):\(pair.rows):\(oursPath)"]))
            if peerAvailable { theirs.append(try spawnAndMeasure([peer, peerPath, pair.peer, String(pair.rows)], environment: [:])) }
        }
        guard ours.allSatisfy({ $0.status == 0 }), theirs.allSatisfy({ $0.status == 0 }) else {
            print("\(pair.label): a run failed (ours \(ours.map(\.status)), peer \(theirs.map(\.status)))")
            continue
        }
        let o = WriteRun.median(ours)
        let oursSize = fileSize(oursPath)
        if let t = theirs.isEmpty ? nil : WriteRun.median(theirs) {
            print(String(format: "%@ | %.2f s | %.1f MB | %.1f MB | %.2f s | %.1f MB | %.1f MB | %.2f×", pair.label,
                         o.seconds, o.peakMB, oursSize, t.seconds, t.peakMB, fileSize(peerPath), o.seconds / t.seconds))
        } else {
            print(String(format: "%@ | %.2f s | %.1f MB | %.1f MB | – | – | – | –", pair.label, o.seconds, o.peakMB, oursSize))
        }
        try? FileManager.default.removeItem(atPath: oursPath)
        try? FileManager.default.removeItem(atPath: peerPath)
    }
    print("(medians of \(repeats) runs; deflate level \(XLSXWriter.Options().compressionLevel); peak = max resident set of the child process)")
}

private func fileSize(_ path: String) -> Double {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
    return size / 1_048_576
}

private struct WriteRun {
    var seconds: Double
    var peakMB: Double
    var status: Int32

    static func median(_ list: [WriteRun]) -> WriteRun {
        let sorted = list.sorted { $0.seconds < $1.seconds }
        return sorted[sorted.count / 2]
    }
}

/// Runs a program and returns its wall time and its own peak resident set.
///
/// The program runs under `/usr/bin/time`: a child spawned straight from this (large) process would report
/// this process's resident set as its peak (Linux carries the pre-exec high-water mark over `vfork`+`exec`).
/// Without `/usr/bin/time`, `wait4`'s figure is used and may overstate small children.
private func spawnAndMeasure(_ arguments: [String], environment: [String: String]) throws -> WriteRun {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    let timeTool = "/usr/bin/time"
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("disclosurekit-time-\(getpid())-\(UUID().uuidString)").path
    defer { unlink(report) }
    let useTime = FileManager.default.isExecutableFile(atPath: timeTool)
    let command = useTime ? [timeTool, "-f", "%M", "-o", report] + arguments : arguments
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    // The child's stdout (our own binary prints its "== write" banner) goes to /dev/null; stderr stays.
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, command[0], &actions, nil, argv, envp) == 0 else {
        return WriteRun(seconds: 0, peakMB: 0, status: -1)
    }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    var peakKB = Double(usage.ru_maxrss)
    if useTime, let text = try? String(contentsOfFile: report, encoding: .utf8),
       let last = text.split(separator: "\n").last, let kb = Double(last.trimmingCharacters(in: .whitespaces)) {
        peakKB = kb
    }
    return WriteRun(seconds: seconds, peakMB: peakKB / 1024, status: exitStatus)
}

/// The 700 dates of W1's date column: 2025-01-01 + k days.
private func w1Dates() -> [DateTimeValue] {
    var dates: [DateTimeValue] = []
    var (year, month, day) = (2025, 1, 1)
    for _ in 0..<700 {
        dates.append(DateTimeValue(year: year, month: month, day: day))
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        day += 1
        if day > length { day = 1; month += 1 }
        if month > 12 { month = 1; year += 1 }
    }
    return dates
}

/// One job in the child: `shared|inline:ROWS:PATH`.
private func runWriteChild(_ job: String) throws {
    let parts = job.split(separator: ":", maxSplits: 2).map(String.init)
    guard parts.count == 3, let rows = Int(parts[1]) else { throw XLSXWriteError(.invalidArgument, message: "bad job \(job)") }
    var options = XLSXWriter.Options(strings: parts[0] == "inline" ? .inline : .shared)
    if let level = ProcessInfo.processInfo.environment["W1_LEVEL"].flatMap({ Int($0) }) { options.compressionLevel = level }
    let book = XLSXWriter(options: options)
    let sheet = try book.addStreamingSheet(named: "data")
    let header = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "网站", "两微一端", "公示栏", "金额", "日期", "备注"]
    try sheet.appendRow(header.map { .string($0) })
    let categories = ["机构信息", "政策法规", "政务服务", "行政执法信息", "财务信息", "互动交流", "综合管理"].map { CellValue.string($0) }
    let level2 = (0..<97).map { CellValue.string("二级事项\($0)") }
    let deadline = CellValue.string("自信息形成或者变更之日起20个工作日内")
    let publisher = CellValue.string("隶属海关")
    let checked = CellValue.string("☑"), unchecked = CellValue.string("☐")
    let dates = w1Dates().map { CellValue.date($0) }
    var row = [CellValue](repeating: .empty, count: 12)
    for r in 1...rows {
        row[0] = .number(Double(r))
        row[1] = categories[r % 7]
        row[2] = level2[r % 97]
        row[3] = .string("1. 机构概况 2. 主要职能 3. 内设机构 第\(r)条")
        row[4] = deadline
        row[5] = publisher
        row[6] = r % 2 == 1 ? checked : unchecked
        row[7] = r % 3 == 0 ? checked : unchecked
        row[8] = .bool(r % 5 == 0)
        row[9] = .number(Double(r) * 1.25)
        row[10] = dates[r % 700]
        row[11] = r % 4 == 0 ? .string("备注 \(r)") : .empty
        try sheet.appendRow(row)
    }
    try book.write(to: parts[2])
}
