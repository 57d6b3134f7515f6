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
        let made = try measureChild(["python3", peers.appendingPathComponent("make_w1.py").path, w1.path], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_w1.py failed: \(made.output)") }
    }
    let runs = 5
    var ours: [ChildFigures] = []
    var calamine: [ChildFigures] = []
    var floor: [ChildFigures] = []
    let me = CommandLine.arguments[0]
    for _ in 0..<runs {
        ours.append(try measureChild([me, "read"], environment: [childVariable: w1.path]))
        calamine.append(try measureChild(["python3", peers.appendingPathComponent("read_calamine.py").path, w1.path], environment: [:]))
        floor.append(try measureChild([me, "read"], environment: [floorVariable: w1.path]))
    }
    for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
    let o = ChildFigures.median(ours), c = ChildFigures.median(calamine), f = ChildFigures.median(floor)
    print("read all W1 cells (\(w1.lastPathComponent), median of \(runs)):")
    print("  ours (XLSXReading)   \(format(o.inner)) s in-process, \(format(o.wall)) s wall, \(format(o.cpu)) s CPU, peak \(o.peakMB) MB, cells: \(o.detail)")
    print("  python-calamine      \(format(c.inner)) s in-process, \(format(c.wall)) s wall, \(format(c.cpu)) s CPU, peak \(c.peakMB) MB, cells: \(c.detail)")
    print("  ratio ours/calamine  \(format(o.inner / c.inner)) in-process, \(format(o.wall / c.wall)) wall, \(format(o.cpu / c.cpu)) CPU (target ≤ 0.5); peak \(o.peakMB) MB (target < 96)")
    print("  same cell count: \(o.detail == c.detail ? "yes" : "NO")")
    print("  lower bound (libzip inflate + libxml2 SAX through XMLStream, counting only): \(format(f.inner)) s in-process, \(format(f.cpu)) s CPU")
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


private func format(_ d: Double) -> String { String(format: "%.3f", d) }
