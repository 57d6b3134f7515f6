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
    let peers = benchPeers
    let w1 = try W1CSVPair.cached()
    let (work, csvPath, xlsxPath) = (w1.work, w1.csv, w1.xlsx)
    let runs = 5
    // `Benchmarks csv --only read|csv2xlsx|xlsx2csv` runs one job (and its peer) only.
    let only = arguments.firstIndex(of: "--only").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    func wanted(_ job: String) -> Bool { only == nil || only == job }
    print("W1: \(fileSize(csvPath) / 1_000_000) MB CSV, \(fileSize(xlsxPath) / 1_000_000) MB XLSX; ours and the peer alternate,"
          + " median of \(runs) runs each (the machine is shared: CPU time is the steadier figure), peak RSS per process")

    // The memory floor of our process (Swift runtime, Foundation, libxml2, libzip) on a one-line file.
    let tiny = work.appendingPathComponent("tiny.csv").path
    try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: tiny))
    let floor = try childJob("read", tiny, "")
    print("our process floor (one-line input): \(floor.peakKB / 1024) MB peak RSS")

    // 1. Read and count fields.
    if wanted("read") {
    let countFields = { try peerJob("python3", [peers.appendingPathComponent("csv_count_fields.py").path, csvPath]) }
    let (oursRead, pyRead) = try alternate(runs, ours: { try childJob("read", csvPath, "") }, peer: countFields)
    report("read + count fields", ours: oursRead, peer: pyRead, peerName: "Python csv module")
    let (oursStrings, pyRead2) = try alternate(runs, ours: { try childJob("read-strings", csvPath, "") }, peer: countFields)
    report("read, every field as a String", ours: oursStrings, peer: pyRead2, peerName: "Python csv module")
    }

    // 2. CSV → XLSX.
    if wanted("csv2xlsx") {
    let outXLSX = work.appendingPathComponent("ours.xlsx").path
    let peerBinary = work.appendingPathComponent("csv_to_xlsx").path
    let compiled = try benchRun("cc", ["-O2", "-x", "c", peers.appendingPathComponent("csv_to_xlsx_libxlsxwriter.csrc").path,
                                       "-lxlsxwriter", "-o", peerBinary])
    if compiled.status == 0 {
        let (ours, peer) = try alternate(runs, ours: { try childJob("csv2xlsx", csvPath, outXLSX) },
                                         peer: { try peerJob(peerBinary, [csvPath, work.appendingPathComponent("peer.xlsx").path]) })
        report("W1 .csv → .xlsx", ours: ours, peer: peer, peerName: "libxlsxwriter (C, constant memory)")
    } else {
        print("SKIPPED peer for .csv → .xlsx: cannot build against libxlsxwriter (apt install libxlsxwriter-dev): \(compiled.output)")
        var ours = try median(runs) { try childJob("csv2xlsx", csvPath, outXLSX) }
        (ours.bestSeconds, ours.bestCPUSeconds) = (ours.seconds, ours.cpuSeconds)
        report("W1 .csv → .xlsx", ours: ours, peer: nil, peerName: "libxlsxwriter")
    }
    }

    // 3. XLSX → CSV.
    guard wanted("xlsx2csv") else { return }
    let outCSV = work.appendingPathComponent("ours.csv").path
    let (oursToCSV, peerToCSV) = try alternate(runs, ours: { try childJob("xlsx2csv", xlsxPath, outCSV) }, peer: {
        try peerJob("python3", [peers.appendingPathComponent("csv_xlsx_to_csv_calamine.py").path, xlsxPath,
                                work.appendingPathComponent("peer.csv").path])
    })
    report("W1 .xlsx → .csv", ours: oursToCSV, peer: peerToCSV, peerName: "python-calamine + csv module")
}

/// Runs ours and the peer in turn (so both see the same load), returning each one's median and best run.
private func alternate(_ runs: Int, ours: () throws -> CSVMeasure,
                       peer: () throws -> CSVMeasure) throws -> (CSVMeasure, CSVMeasure) {
    var a: [CSVMeasure] = [], b: [CSVMeasure] = []
    for _ in 0..<runs {
        a.append(try ours())
        b.append(try peer())
    }
    func summary(_ all: [CSVMeasure]) -> CSVMeasure {
        var middle = all.sorted { $0.seconds < $1.seconds }[all.count / 2]
        middle.bestSeconds = all.map(\.seconds).min() ?? middle.seconds
        middle.bestCPUSeconds = all.map(\.cpuSeconds).min() ?? middle.cpuSeconds
        return middle
    }
    return (summary(a), summary(b))
}

/// One measured run: wall-clock and CPU seconds and peak resident memory in KiB.
struct CSVMeasure {
    var seconds: Double
    var cpuSeconds: Double
    var peakKB: Int
    /// The fastest of the runs (filled in by `alternate`).
    var bestSeconds = 0.0
    var bestCPUSeconds = 0.0
}

private func csvJob(_ name: String, input: String, output: String) throws {
    let start = DispatchTime.now()
    let cpuStart = processCPUSeconds()
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
    case "read-parts":
        // Diagnosis only: decode alone, then the core alone, over the file in memory (best of 5 each).
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))
        var bestDecode = Double.infinity, bestCore = Double.infinity
        var text: [UInt8] = []
        for _ in 0..<5 {
            let t0 = processCPUSeconds()
            text.removeAll(keepingCapacity: true)
            _ = bytes.withUnsafeBufferPointer { TextDecoder().decode($0, isFinal: true, into: &text) }
            bestDecode = min(bestDecode, processCPUSeconds() - t0)
            let t1 = processCPUSeconds()
            let reader = try CSVReader(bytes: text, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
            var record = CSVRecord()
            var fields = 0
            while try reader.readRecord(into: &record) { fields += record.count }
            bestCore = min(bestCore, processCPUSeconds() - t1)
        }
        detail = String(format: "decode %.4f s, decode again + parse %.4f s", bestDecode, bestCore)
    case "xlsx-read":
        // Diagnosis only: the XLSX reading half of xlsx2csv.
        var cells = 0
        try SheetIO.forEachRow(path: input) { cells += $0.cells.count }
        detail = "\(cells) cells"
    case "xlsx2csv":
        // What `disclosure convert w1.xlsx w1.csv` does: the CSV is formatted and written on a second thread.
        let writer = try SheetIO.makeRowWriter(path: output, sheetName: "data")
        do {
            try SheetIO.copyRows(path: input, to: writer, background: true)
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    default:
        throw CSVError(.cannotOpen, file: nil, message: "unknown benchmark job \(name)")
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    print(String(format: "%.4f %.4f", seconds, processCPUSeconds() - cpuStart), processPeakResidentKB(), detail)
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
    func line(_ name: String, _ m: CSVMeasure) -> String {
        String(format: "  %@: median %.3f s wall, %.3f s CPU; best %.3f s wall, %.3f s CPU", name as NSString,
               m.seconds, m.cpuSeconds, m.bestSeconds, m.bestCPUSeconds) + "; peak \(m.peakKB / 1024) MB"
    }
    print(line("ours", ours))
    guard let peer else { return }
    print(line(peerName, peer))
    print(String(format: "  peer/ours: median wall %.1f×, median CPU %.1f×, best wall %.1f×, best CPU %.1f×",
                 peer.seconds / ours.seconds, peer.cpuSeconds / ours.cpuSeconds,
                 peer.bestSeconds / ours.bestSeconds, peer.bestCPUSeconds / ours.bestCPUSeconds))
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
