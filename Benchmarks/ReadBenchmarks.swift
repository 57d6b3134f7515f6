// Read benchmark (workload W1, ../shared/bench/README.md): reading every cell of a 100,000 × 12 .xlsx,
// our streaming reader vs python-calamine, side by side in the same run, each in its own child process so
// peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import XLSXReading
import XMLStream
import ZipArchive

private let childVariable = "DISCLOSUREKIT_READ_CHILD"
private let floorVariable = "DISCLOSUREKIT_READ_FLOOR"

func readBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try readChild(file)
        return
    }
    if let file = ProcessInfo.processInfo.environment[floorVariable] {
        try floorChild(file)
        return
    }
    let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers")
    let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-bench")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let w1 = dir.appendingPathComponent("w1.xlsx")
    if !FileManager.default.fileExists(atPath: w1.path) {
        print("generating W1 with XlsxWriter (cached at \(w1.path)) …")
        let made = try runTimed(["python3", peers.appendingPathComponent("make_w1.py").path, w1.path], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_w1.py failed: \(made.output)") }
    }
    let runs = 5
    var ours: [Measurement] = []
    var calamine: [Measurement] = []
    var floor: [Measurement] = []
    let me = CommandLine.arguments[0]
    for _ in 0..<runs {
        ours.append(try runTimed([me, "read"], environment: [childVariable: w1.path]))
        calamine.append(try runTimed(["python3", peers.appendingPathComponent("read_calamine.py").path, w1.path], environment: [:]))
        floor.append(try runTimed([me, "read"], environment: [floorVariable: w1.path]))
    }
    for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
    let o = median(ours), c = median(calamine), f = median(floor)
    print("read all W1 cells (\(w1.lastPathComponent), median of \(runs)):")
    print("  ours (XLSXReading)   \(format(o.innerSeconds)) s in-process, \(format(o.wallSeconds)) s wall, \(format(o.cpuSeconds)) s CPU, peak \(o.maxRSSMegabytes) MB, cells: \(o.output)")
    print("  python-calamine      \(format(c.innerSeconds)) s in-process, \(format(c.wallSeconds)) s wall, \(format(c.cpuSeconds)) s CPU, peak \(c.maxRSSMegabytes) MB, cells: \(c.output)")
    print("  ratio ours/calamine  \(format(o.innerSeconds / c.innerSeconds)) in-process, \(format(o.wallSeconds / c.wallSeconds)) wall, \(format(o.cpuSeconds / c.cpuSeconds)) CPU (target ≤ 0.5); peak \(o.maxRSSMegabytes) MB (target < 96)")
    print("  same cell count: \(o.output == c.output ? "yes" : "NO")")
    print("  lower bound (libzip inflate + libxml2 SAX through XMLStream, counting only): \(format(f.innerSeconds)) s in-process, \(format(f.cpuSeconds)) s CPU")
}

/// The child: opens the workbook and streams every sheet, counting non-empty cells.
private func readChild(_ file: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let workbook = try XLSXWorkbook(path: file)
    var cells = 0
    for sheet in workbook.sheets {
        try workbook.forEachRow(in: sheet) { _, row in
            for cell in row where !cell.value.isEmpty { cells += 1 }
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, cells))
}

/// The lower bound: inflate both big parts into the SAX parser with a handler that only counts elements.
private final class CountingHandler: XMLStreamHandler {
    var count = 0
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws { count &+= 1 }
    func endElement(_ name: Int, parser: XMLPushParser) throws {}
}

private func floorChild(_ file: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let zip = try ZipReader(path: file)
    var elements = 0
    for part in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
        guard let entry = zip.entry(named: part) else { continue }
        let handler = CountingHandler()
        let parser = XMLPushParser(names: [], handler: handler)
        try zip.read(entry, chunkSize: 1 << 20) { try parser.feed($0) }
        try parser.finish()
        elements += handler.count
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, elements))
}

private struct Measurement {
    var status: Int32
    /// The child's own figure (first word of its output).
    var innerSeconds: Double
    var wallSeconds: Double
    var maxRSSMegabytes: Int
    /// User + system CPU seconds (less sensitive than wall time to other load on a shared machine).
    var cpuSeconds: Double
    /// The child's output after the time (the cell count).
    var output: String
}

private struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs a command under `/usr/bin/time -f "%e %M"` and collects its figures.
private func runTimed(_ command: [String], environment: [String: String]) throws -> Measurement {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %M %U %S"] + command
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // The child's figures are its last line (main.swift prints a "== read" header first).
    let output = String(decoding: outData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    let timeLine = String(decoding: errData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    let timeWords = timeLine.split(separator: " ")
    let words = output.split(separator: " ", maxSplits: 1)
    return Measurement(status: process.terminationStatus,
                       innerSeconds: words.first.flatMap { Double($0) } ?? .nan,
                       wallSeconds: timeWords.first.flatMap { Double($0) } ?? .nan,
                       maxRSSMegabytes: (timeWords.dropFirst().first.flatMap { Int($0) } ?? 0) / 1024,
                       cpuSeconds: timeWords.count >= 4 ? (Double(timeWords[2]) ?? .nan) + (Double(timeWords[3]) ?? .nan) : .nan,
                       output: words.count > 1 ? String(words[1]) : output)
}

private func median(_ ms: [Measurement]) -> Measurement {
    ms.sorted { $0.innerSeconds < $1.innerSeconds }[ms.count / 2]
}

private func format(_ d: Double) -> String { String(format: "%.3f", d) }
