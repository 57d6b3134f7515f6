// Read benchmark W1x (../shared/bench/README.md): W1's first 65,000 rows saved by LibreOffice as .xls
// (Excel 97–2003); reading every cell with XLSReading vs python-calamine on the same file, each in its own
// child process so peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import XLSReading

private let childVariable = "DISCLOSUREKIT_XLS_READ_CHILD"

func xlsReadBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try xlsReadChild(file)
        return
    }
    let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers")
    let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-bench")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let w1x = dir.appendingPathComponent("w1x.xls")
    if !FileManager.default.fileExists(atPath: w1x.path) {
        print("generating W1x: W1's first 65,000 rows with XlsxWriter, saved as .xls by LibreOffice (cached at \(w1x.path)) …")
        let source = dir.appendingPathComponent("w1x.xlsx")
        let made = try measureChild(["python3", peers.appendingPathComponent("make_w1.py").path, source.path, "65000"], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_w1.py failed: \(made.output)") }
        let profile = "file:///tmp/lo-bench-xls-\(ProcessInfo.processInfo.processIdentifier)"
        let converted = try measureChild(["soffice", "-env:UserInstallation=\(profile)", "--headless", "--norestore",
                                          "--convert-to", "xls", "--outdir", dir.path, source.path], environment: [:])
        guard converted.status == 0, FileManager.default.fileExists(atPath: w1x.path) else {
            throw BenchmarkFailure("LibreOffice could not save W1x as .xls: \(converted.output)")
        }
    }
    let runs = 5
    var ours: [ChildFigures] = []
    var calamine: [ChildFigures] = []
    let me = CommandLine.arguments[0]
    for _ in 0..<runs {
        ours.append(try measureChild([me, "xlsread"], environment: [childVariable: w1x.path]))
        calamine.append(try measureChild(["python3", peers.appendingPathComponent("read_calamine.py").path, w1x.path], environment: [:]))
    }
    for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
    let o = ChildFigures.median(ours), c = ChildFigures.median(calamine)
    print("read all W1x cells (\(w1x.lastPathComponent), median of \(runs)):")
    print("  ours (XLSReading)    \(fmt(o.inner)) s in-process, \(fmt(o.wall)) s wall, \(fmt(o.cpu)) s CPU, peak \(o.peakMB) MB, cells: \(o.detail)")
    print("  python-calamine      \(fmt(c.inner)) s in-process, \(fmt(c.wall)) s wall, \(fmt(c.cpu)) s CPU, peak \(c.peakMB) MB, cells: \(c.detail)")
    print("  ratio ours/calamine  \(fmt(o.inner / c.inner)) in-process, \(fmt(o.wall / c.wall)) wall, \(fmt(o.cpu / c.cpu)) CPU (target ≤ 0.5); peak \(o.peakMB) MB (target < 128)")
    print("  same cell count: \(o.detail == c.detail ? "yes" : "NO")")
}

/// The child: opens the workbook and streams every sheet, counting non-empty cells.
private func xlsReadChild(_ file: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let workbook = try XLSWorkbook(path: file)
    var cells = 0
    for sheet in workbook.sheets {
        try workbook.forEachRow(in: sheet) { _, row in
            for cell in row where !cell.value.isEmpty { cells += 1 }
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, cells))
}

private func fmt(_ d: Double) -> String { String(format: "%.3f", d) }
