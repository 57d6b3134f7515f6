// CSV workloads on W1 (../shared/bench/README.md), side by side with their peers:
//   read + count fields      vs Python's csv module                (target: ≥ 3× faster)
//   W1 .csv → .xlsx          vs libxlsxwriter (C, constant memory)  (target: no slower)
//   W1 .xlsx → .csv          vs python-calamine + csv module        (target: ≤ 0.5× its time)
// Each of our jobs runs in a child process (`Benchmarks csv --job NAME IN OUT`) so its peak memory is its own.
import CSV
import Foundation
import SheetCore
import SheetIO

func csvBenchmarks() throws {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--job"), index + 2 < arguments.count {
        try csvJob(arguments[index + 1], input: arguments[index + 2],
                   output: index + 3 < arguments.count ? arguments[index + 3] : "")
        return
    }
    let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers")
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("disclosurekit-bench-w1")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let csvPath = work.appendingPathComponent("w1.csv").path
    let xlsxPath = work.appendingPathComponent("w1.xlsx").path
    if !FileManager.default.fileExists(atPath: xlsxPath) {
        print("generating W1 as CSV and XLSX with \(peers.path)/csv_make_w1.py …")
        let made = try benchRun("python3", [peers.appendingPathComponent("csv_make_w1.py").path, csvPath, xlsxPath])
        guard made.status == 0 else { print("cannot generate W1: \(made.output)"); return }
    }
    let runs = 3
    print("W1: \(fileSize(csvPath) / 1_000_000) MB CSV, \(fileSize(xlsxPath) / 1_000_000) MB XLSX; median of \(runs) runs, peak RSS per process")

    // 1. Read and count fields.
    let oursRead = try median(runs) { try childJob("read", csvPath, "") }
    let oursStrings = try median(runs) { try childJob("read-strings", csvPath, "") }
    let pyRead = try median(runs) { try peerJob("python3", [peers.appendingPathComponent("csv_count_fields.py").path, csvPath]) }
    report("read + count fields", ours: oursRead, peer: pyRead, peerName: "Python csv module")
    report("read, every field as a String", ours: oursStrings, peer: pyRead, peerName: "Python csv module")

    // 2. CSV → XLSX.
    let outXLSX = work.appendingPathComponent("ours.xlsx").path
    let oursToXLSX = try median(runs) { try childJob("csv2xlsx", csvPath, outXLSX) }
    let peerBinary = work.appendingPathComponent("csv_to_xlsx").path
    let compiled = try benchRun("cc", ["-O2", "-x", "c", peers.appendingPathComponent("csv_to_xlsx_libxlsxwriter.csrc").path,
                                       "-lxlsxwriter", "-o", peerBinary])
    if compiled.status == 0 {
        let peerToXLSX = try median(runs) { try peerJob(peerBinary, [csvPath, work.appendingPathComponent("peer.xlsx").path]) }
        report("W1 .csv → .xlsx", ours: oursToXLSX, peer: peerToXLSX, peerName: "libxlsxwriter (C, constant memory)")
    } else {
        print("SKIPPED peer for .csv → .xlsx: cannot build against libxlsxwriter (apt install libxlsxwriter-dev): \(compiled.output)")
        report("W1 .csv → .xlsx", ours: oursToXLSX, peer: nil, peerName: "libxlsxwriter")
    }

    // 3. XLSX → CSV.
    let outCSV = work.appendingPathComponent("ours.csv").path
    let oursToCSV = try median(runs) { try childJob("xlsx2csv", xlsxPath, outCSV) }
    let peerToCSV = try median(runs) {
        try peerJob("python3", [peers.appendingPathComponent("csv_xlsx_to_csv_calamine.py").path, xlsxPath,
                                work.appendingPathComponent("peer.csv").path])
    }
    report("W1 .xlsx → .csv", ours: oursToCSV, peer: peerToCSV, peerName: "python-calamine + csv module")
}

/// One measured run: wall-clock and CPU seconds and peak resident memory in KiB.
struct CSVMeasure {
    var seconds: Double
    var cpuSeconds: Double
    var peakKB: Int
}

private func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

private func csvJob(_ name: String, input: String, output: String) throws {
    let start = DispatchTime.now()
    let cpuStart = cpuSeconds()
    var detail = ""
    switch name {
    case "read":
        let reader = try CSVReader(path: input)
        var record = CSVRecord()
        var fields = 0
        while try reader.readRecord(into: &record) { fields += record.count }
        detail = "\(fields) fields"
    case "read-strings":
        let reader = try CSVReader(path: input)
        var record = CSVRecord()
        var fields = 0, bytes = 0
        while try reader.readRecord(into: &record) {
            for k in 0..<record.count { bytes += record[k].utf8.count }
            fields += record.count
        }
        detail = "\(fields) fields, \(bytes) bytes"
    case "csv2xlsx":
        let writer = try XLSXSheetWriter(path: output, sheetName: "data")
        var typed = SheetRow(row: 0, cells: [], width: 0)
        try SheetIO.forEachRow(path: input) { row in
            typed.row = row.row
            typed.width = row.width
            typed.cells.removeAll(keepingCapacity: true)
            for cell in row.cells {
                typed.cells.append(SheetCell(column: cell.column, value: ValueInference.value(cell.value.text)))
            }
            try writer.write(typed)
        }
        try writer.close()
    case "xlsx-read":
        // Diagnosis only: the XLSX reading half of xlsx2csv.
        var cells = 0
        try SheetIO.forEachRow(path: input) { cells += $0.cells.count }
        detail = "\(cells) cells"
    case "xlsx2csv":
        let writer = try CSVSheetWriter(path: output)
        try SheetIO.forEachRow(path: input) { try writer.write($0) }
        try writer.close()
    default:
        throw CSVError(.cannotOpen, file: nil, message: "unknown benchmark job \(name)")
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "%.4f %.4f", seconds, cpuSeconds() - cpuStart), usage.ru_maxrss, detail)
}

private func childJob(_ name: String, _ input: String, _ output: String) throws -> CSVMeasure {
    let result = try benchRun(CommandLine.arguments[0], ["csv", "--job", name, input, output])
    return try parseMeasure(result, label: name)
}

private func peerJob(_ executable: String, _ arguments: [String]) throws -> CSVMeasure {
    let result = try benchRun(executable, arguments)
    return try parseMeasure(result, label: executable)
}

private func parseMeasure(_ result: (status: Int32, output: String), label: String) throws -> CSVMeasure {
    // The measurement is the last line (a child run of this binary first prints its "== csv" banner).
    let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
    let fields = last.split(separator: " ")
    guard result.status == 0, fields.count >= 3, let seconds = Double(fields[0]), let cpu = Double(fields[1]) else {
        throw CSVError(.cannotRead, file: nil, message: "\(label) failed (\(result.status)): \(result.output)")
    }
    // Peers print "seconds cpu … peak_kb" with the peak last; ours print "seconds cpu peak_kb detail…".
    let peak = label.contains("/") || label == "python3" ? Int(fields.last ?? "") ?? 0 : Int(fields[2]) ?? 0
    return CSVMeasure(seconds: seconds, cpuSeconds: cpu, peakKB: peak)
}

private func median(_ runs: Int, _ body: () throws -> CSVMeasure) throws -> CSVMeasure {
    var all: [CSVMeasure] = []
    for _ in 0..<runs { all.append(try body()) }
    all.sort { $0.seconds < $1.seconds }
    return all[all.count / 2]
}

private func report(_ job: String, ours: CSVMeasure, peer: CSVMeasure?, peerName: String) {
    print(job)
    let ourLine = String(format: "  ours: %.3f s wall, %.3f s CPU", ours.seconds, ours.cpuSeconds) + ", peak \(ours.peakKB / 1024) MB"
    guard let peer else { print(ourLine); return }
    print(ourLine)
    print(String(format: "  %@: %.3f s wall, %.3f s CPU", peerName as NSString, peer.seconds, peer.cpuSeconds)
          + ", peak \(peer.peakKB / 1024) MB")
    print(String(format: "  ours/peer: wall %.2f, CPU %.2f (peer %.1f× our wall time, %.1f× our CPU time)",
                 ours.seconds / peer.seconds, ours.cpuSeconds / peer.cpuSeconds, peer.seconds / ours.seconds,
                 peer.cpuSeconds / ours.cpuSeconds))
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
}

private func benchRun(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    if executable.hasPrefix("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
