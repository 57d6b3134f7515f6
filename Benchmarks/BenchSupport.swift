// What every workload shares: running a child under /usr/bin/time and reading this process's own figures.
import Foundation

/// A benchmark step that failed (a generator or a child exited non-zero).
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What one child process took: its own figure, wall and CPU time, and peak resident set.
struct ChildFigures {
    var status: Int32
    /// The child's own figure, the first word of its last output line (in-process seconds); wall time
    /// when the child printed no number.
    var inner: Double
    var wall: Double
    /// User + system CPU seconds, all threads (steadier than wall time on a shared machine).
    var cpu: Double
    var peakMB: Int
    /// The child's last output line (its stderr when it printed nothing).
    var output: String
    /// `output` without its first word (the figure): what the child counted.
    var detail: String {
        let words = output.split(separator: " ", maxSplits: 1)
        return words.count > 1 ? String(words[1]) : output
    }

    /// The run with the median in-process time.
    static func median(_ list: [ChildFigures]) -> ChildFigures {
        list.sorted { $0.inner < $1.inner }[list.count / 2]
    }
}

/// Runs a child under `/usr/bin/time` (GNU format: elapsed, user, system, max RSS in KB on its last line).
///
/// `/usr/bin/time` measures the child alone: a child spawned straight from this process would report this
/// process's resident set as its own peak (Linux carries the high-water mark over `vfork` + `exec`).
func measureChild(_ command: [String], environment: [String: String]) throws -> ChildFigures {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %U %S %M"] + command
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Drain stderr on another thread so neither pipe fills up and blocks the child.
    nonisolated(unsafe) var errData = Data()
    let drained = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        drained.signal()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    // The child's figures are its last line (a child run of this binary prints its "== name" banner first).
    let output = String(decoding: outData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    let timeLine = String(decoding: errData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    let t = timeLine.split(separator: " ").compactMap { Double($0) }
    let wall = t.count > 0 ? t[0] : 0
    return ChildFigures(status: process.terminationStatus,
                        inner: Double(output.split(separator: " ").first ?? "") ?? wall,
                        wall: wall, cpu: t.count > 2 ? t[1] + t[2] : 0, peakMB: t.count > 3 ? Int(t[3] / 1024) : 0,
                        output: output.isEmpty ? String(decoding: errData, as: UTF8.self) : output)
}

/// CPU seconds (user + system) of this process so far, all threads.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// This process's peak resident set so far (VmHWM from /proc/self/status) in KB; 0 where /proc is absent.
/// (`ru_maxrss` would include the memory of the parent that spawned it.)
func processPeakResidentKB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = line.split(separator: " ").compactMap({ Int($0) }).first else { return 0 }
    return kb
}
