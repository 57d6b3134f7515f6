// What every workload shares: running a child under /usr/bin/time and reading this process's own figures, the
// cached workloads (W1, the W2 round), the read workloads' run against python-calamine and their figure lines.
import DisclosureCatalog
import Foundation
import OfficeReturns
import XLSXReading
import XMLStream
import ZipArchive

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

// MARK: - Shared set-up and figures of the read and round workloads

/// Benchmarks/peers: the peer scripts.
let benchPeers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers")

/// The folder the generated workloads are cached in (`$TMPDIR/disclosurekit-bench`), created when missing.
func benchCacheDirectory() throws -> URL {
    let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-bench")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// W1 (100,000 × 12, made by XlsxWriter), generated once into `dir`.
func cachedW1(in dir: URL) throws -> URL {
    let w1 = dir.appendingPathComponent("w1.xlsx")
    if !FileManager.default.fileExists(atPath: w1.path) {
        print("generating W1 with XlsxWriter (cached at \(w1.path)) …")
        let made = try measureChild(["python3", benchPeers.appendingPathComponent("make_w1.py").path, w1.path], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_w1.py failed: \(made.output)") }
    }
    return w1
}

/// W1 as a CSV and the .xlsx made from it (`csv_make_w1.py`), generated once into their own work folder;
/// the CSV and command workloads read these and write their outputs beside them.
struct W1CSVPair {
    let work: URL
    let csv: String
    let xlsx: String

    static func cached() throws -> W1CSVPair {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("disclosurekit-bench-w1")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let pair = W1CSVPair(work: work, csv: work.appendingPathComponent("w1.csv").path, xlsx: work.appendingPathComponent("w1.xlsx").path)
        if !FileManager.default.fileExists(atPath: pair.xlsx) || !FileManager.default.fileExists(atPath: pair.csv) {
            print("generating W1 as CSV and XLSX with \(benchPeers.path)/csv_make_w1.py …")
            let made = try measureChild(["python3", benchPeers.appendingPathComponent("csv_make_w1.py").path, pair.csv, pair.xlsx], environment: [:])
            guard made.status == 0 else { throw BenchmarkFailure("csv_make_w1.py failed: \(made.output)") }
        }
        return pair
    }
}

/// The W2 round (`Samples/round/make_round.py` over our template, `count` returns, seed 7), generated once and
/// cached; `merge` and `portal` benchmark the same files.
func cachedW2Round(count: Int, seed: Int = 7) throws -> URL {
    let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples/round/make_round.py")
    let round = try benchCacheDirectory().appendingPathComponent("w2-seed\(seed)-n\(count)")
    let marker = round.appendingPathComponent(".complete")
    if !FileManager.default.fileExists(atPath: marker.path) {
        print("generating W2: \(count) returns from our template (seed \(seed), cached at \(round.path)) …")
        try? FileManager.default.removeItem(at: round)
        try FileManager.default.createDirectory(at: round, withIntermediateDirectories: true)
        let template = ReturnTemplate(catalog: CustomsCatalog.catalog)
        try template.write(to: round.appendingPathComponent("blank.xlsx").path)
        try template.write(to: round.appendingPathComponent("blank.csv").path)
        let made = try measureChild(["python3", generator.path, round.appendingPathComponent("blank.xlsx").path,
                                     round.appendingPathComponent("blank.csv").path, round.path,
                                     "--count", String(count), "--seed", String(seed)], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_round.py failed: \(made.output)") }
        try Data().write(to: marker)
    }
    return round
}

/// Converts `source` with LibreOffice headless (`--convert-to format`) into `dir`, in a private profile that is
/// removed afterwards; `failure` names what could not be made.
func libreOfficeConvert(_ source: URL, to format: String, in dir: URL, failure: String) throws {
    let profile = dir.appendingPathComponent("lo-profile-\(getpid())")
    defer { try? FileManager.default.removeItem(at: profile) }
    let made = try measureChild(["soffice", "-env:UserInstallation=file://\(profile.path)", "--headless", "--norestore",
                                 "--convert-to", format, "--outdir", dir.path, source.path], environment: [:])
    let output = dir.appendingPathComponent(source.deletingPathExtension().lastPathComponent + "." + format)
    guard made.status == 0, FileManager.default.fileExists(atPath: output.path) else {
        throw BenchmarkFailure("\(failure) (is LibreOffice installed?): \(made.output)")
    }
}

/// A read workload's figures: ours and python-calamine reading the same file (and, if asked, our floor child),
/// each run `runs` times in turn in its own child process; the medians.
struct PeerReadFigures {
    var runs: Int
    var ours: ChildFigures
    var calamine: ChildFigures
    var floor: ChildFigures?

    /// Runs `me subcommand` with `childVariable` (ours), `read_calamine.py` and, with `floorVariable`, the floor.
    static func measure(_ file: URL, subcommand: String, childVariable: String, floorVariable: String? = nil,
                        runs: Int = 5) throws -> PeerReadFigures {
        var ours: [ChildFigures] = [], calamine: [ChildFigures] = [], floor: [ChildFigures] = []
        let me = CommandLine.arguments[0]
        for _ in 0..<runs {
            ours.append(try measureChild([me, subcommand], environment: [childVariable: file.path]))
            calamine.append(try measureChild(["python3", benchPeers.appendingPathComponent("read_calamine.py").path, file.path], environment: [:]))
            if let floorVariable { floor.append(try measureChild([me, subcommand], environment: [floorVariable: file.path])) }
        }
        for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
        return PeerReadFigures(runs: runs, ours: ChildFigures.median(ours), calamine: ChildFigures.median(calamine),
                               floor: floor.isEmpty ? nil : ChildFigures.median(floor))
    }

    /// Prints the side-by-side lines: ours (`reader`), the peer, the ratios against the targets, the cell counts.
    func print(_ title: String, file: URL, reader: String, peakTargetMB: Int) {
        let o = ours, c = calamine
        func label(_ s: String) -> String { "  " + s.padding(toLength: 21, withPad: " ", startingAt: 0) }
        Swift.print("\(title) (\(file.lastPathComponent), median of \(runs)):")
        Swift.print(label("ours (\(reader))") + "\(fmt3(o.inner)) s in-process, \(fmt3(o.wall)) s wall, \(fmt3(o.cpu)) s CPU, peak \(o.peakMB) MB, cells: \(o.detail)")
        Swift.print(label("python-calamine") + "\(fmt3(c.inner)) s in-process, \(fmt3(c.wall)) s wall, \(fmt3(c.cpu)) s CPU, peak \(c.peakMB) MB, cells: \(c.detail)")
        Swift.print(label("ratio ours/calamine") + "\(fmt3(o.inner / c.inner)) in-process, \(fmt3(o.wall / c.wall)) wall, \(fmt3(o.cpu / c.cpu)) CPU (target ≤ 0.5); peak \(o.peakMB) MB (target < \(peakTargetMB))")
        Swift.print("  same cell count: \(o.detail == c.detail ? "yes" : "NO")")
    }
}

/// A read child's last line: its in-process seconds and what it counted (`"%.4f %d"`), the figure
/// `measureChild` reads.
func printTimedCount(_ body: () throws -> Int) rethrows {
    let start = DispatchTime.now().uptimeNanoseconds
    let count = try body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, count))
}

/// The floors' SAX handler: counts elements, nothing else.
final class CountingHandler: XMLStreamHandler {
    var count = 0
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws { count &+= 1 }
    func endElement(_ name: Int, parser: XMLPushParser) throws {}
}

/// The non-empty cells of every sheet, streamed: what a read child counts.
func countNonEmptyCells(_ workbook: some SheetWorkbook) throws -> Int {
    var cells = 0
    for sheet in workbook.sheets {
        try workbook.forEachRow(in: sheet) { _, row in
            for cell in row where !cell.value.isEmpty { cells += 1 }
        }
    }
    return cells
}

/// A floor: the elements of one zip entry, inflated into the SAX parser with a handler that only counts.
func countElements(_ zip: ZipReader, _ entry: ZipEntry) throws -> Int {
    let handler = CountingHandler()
    let parser = XMLPushParser(names: [], handler: handler)
    try zip.read(entry, chunkSize: 1 << 20) { try parser.feed($0) }
    try parser.finish()
    return handler.count
}

/// Seconds with three decimals, as the read workloads print them.
func fmt3(_ d: Double) -> String { String(format: "%.3f", d) }
