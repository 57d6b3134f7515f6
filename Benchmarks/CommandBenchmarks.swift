// The commands users run, timed as whole processes (../shared/bench/README.md, "Timing what users run"):
// the release `disclosure` binary beside this one, each run a child process with its output in a file,
// alternating with the peer's whole Python process in the same run:
//   W1 .xlsx  `disclosure sheet dump --format csv`   vs python-calamine + csv module   (target ≤ 0.5×)
//   W1 .xlsx  `disclosure sheet dump` (JSON)         vs python-calamine + csv module   (target ≤ 0.5×)
//             (and beside it, python-calamine + json writing the same cells)
//   W1 .xlsx  `disclosure convert w1.xlsx out.csv`   (the same fast path as sheet dump --format csv)
//   W1 .csv   `disclosure sheet dump --format csv`   vs Python's csv module reading and writing it back (≤ 0.33×)
// Wall time is measured by this process around the child (spawn to exit); CPU and peak memory come from
// `/usr/bin/time`. The in-process figures of the same jobs are in `Benchmarks csv` and `Benchmarks read`.
import Foundation

func commandBenchmarks() throws {
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let disclosure = bin.appendingPathComponent("disclosure").path
    guard FileManager.default.isExecutableFile(atPath: disclosure) else {
        print("SKIPPED: no release disclosure binary at \(disclosure) (swift build -c release --product disclosure)")
        return
    }
    let peers = benchPeers
    let w1 = try W1CSVPair.cached()
    let (work, csvPath, xlsxPath) = (w1.work, w1.csv, w1.xlsx)
    let runs = Int(ProcessInfo.processInfo.environment["COMMAND_BENCH_RUNS"] ?? "") ?? 5
    let out = { (name: String) in work.appendingPathComponent(name).path }
    print("whole processes, ours and the peer alternating, median of \(runs) (wall measured around the child)")

    let calamineCSV = ["python3", peers.appendingPathComponent("csv_xlsx_to_csv_calamine.py").path, xlsxPath, out("peer.csv")]
    let calamineJSON = ["python3", peers.appendingPathComponent("xlsx_to_json_calamine.py").path, xlsxPath, out("peer.json")]
    let jobs: [(name: String, ours: [String], oursOut: String, peerName: String, peer: [String], target: Double)] = [
        ("W1 .xlsx: sheet dump --format csv", [disclosure, "sheet", "dump", xlsxPath, "--format", "csv"], out("dump.csv"),
         "python-calamine + csv module", calamineCSV, 0.5),
        ("W1 .xlsx: sheet dump (JSON)", [disclosure, "sheet", "dump", xlsxPath], out("dump.json"),
         "python-calamine + csv module", calamineCSV, 0.5),
        ("W1 .xlsx: sheet dump (JSON)", [disclosure, "sheet", "dump", xlsxPath], out("dump.json"),
         "python-calamine + json module", calamineJSON, 0.5),
        ("W1 .xlsx: convert w1.xlsx out.csv", [disclosure, "convert", xlsxPath, out("convert.csv")], out("convert.log"),
         "python-calamine + csv module", calamineCSV, 0.5),
        ("W1 .csv: sheet dump --format csv", [disclosure, "sheet", "dump", csvPath, "--format", "csv"], out("dump2.csv"),
         "Python csv module read + write", ["python3", peers.appendingPathComponent("csv_roundtrip.py").path, csvPath, out("peer2.csv")], 0.33),
    ]
    for job in jobs {
        var ours: [ProcessFigures] = [], peer: [ProcessFigures] = []
        for _ in 0..<runs {
            ours.append(try wholeProcess(job.ours, stdout: job.oursOut))
            peer.append(try wholeProcess(job.peer, stdout: out("peer.log")))
        }
        for figures in ours + peer where figures.status != 0 {
            throw BenchmarkFailure("\(job.name): a child exited with \(figures.status)")
        }
        let o = ProcessFigures.median(ours), p = ProcessFigures.median(peer)
        print(job.name)
        print("  ours   \(o.line)  (\(job.ours.dropFirst().joined(separator: " ").replacingOccurrences(of: work.path + "/", with: "")))")
        print("  peer   \(p.line)  (\(job.peerName), whole process)")
        print(String(format: "  ours/peer: wall %.2f× (target ≤ %.2f: %@), CPU %.2f×; best wall %.2f×", o.wall / p.wall, job.target,
                     o.wall / p.wall <= job.target ? "met" : "NOT met", o.cpu / p.cpu,
                     (ours.map(\.wall).min() ?? 0) / (peer.map(\.wall).min() ?? 1)))
    }
}

/// One whole child process: wall time measured here, CPU and peak memory from `/usr/bin/time`.
struct ProcessFigures {
    var status: Int32
    var wall: Double
    var cpu: Double
    var peakMB: Int

    var line: String { String(format: "%.3f s wall, %.3f s CPU, peak %d MB", wall, cpu, peakMB) }

    static func median(_ list: [ProcessFigures]) -> ProcessFigures { list.sorted { $0.wall < $1.wall }[list.count / 2] }
}

/// Runs `command` under `/usr/bin/time`, standard output into the file `stdout`.
func wholeProcess(_ command: [String], stdout: String) throws -> ProcessFigures {
    let timeFile = stdout + ".time"
    _ = FileManager.default.createFile(atPath: stdout, contents: nil)
    guard let output = FileHandle(forWritingAtPath: stdout) else { throw BenchmarkFailure("cannot write \(stdout)") }
    defer { try? output.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %U %S %M", "-o", timeFile] + command
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let start = DispatchTime.now().uptimeNanoseconds
    try process.run()
    process.waitUntilExit()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let t = ((try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" })
        .compactMap { Double($0) }
    return ProcessFigures(status: process.terminationStatus, wall: wall, cpu: t.count > 2 ? t[1] + t[2] : 0,
                          peakMB: t.count > 3 ? Int(t[3] / 1024) : 0)
}
