// ODS read benchmark (workload W1o, ../shared/bench/README.md): W1 saved by LibreOffice as .ods, every cell
// read by our ODSReading vs python-calamine on the same file, side by side in the same run, each in its own
// child process so peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import ODSReading
import XMLStream
import ZipArchive

private let childVariable = "DISCLOSUREKIT_ODS_READ_CHILD"
private let floorVariable = "DISCLOSUREKIT_ODS_READ_FLOOR"

func odsReadBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try odsReadChild(file)
        return
    }
    if let file = ProcessInfo.processInfo.environment[floorVariable] {
        try odsFloorChild(file)
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
    let w1o = dir.appendingPathComponent("w1.ods")
    if !FileManager.default.fileExists(atPath: w1o.path) {
        print("converting W1 to .ods with LibreOffice (cached at \(w1o.path)) …")
        let profile = dir.appendingPathComponent("lo-profile-\(getpid())")
        let made = try measureChild(["soffice", "-env:UserInstallation=file://\(profile.path)", "--headless", "--norestore",
                                     "--convert-to", "ods", "--outdir", dir.path, w1.path], environment: [:])
        try? FileManager.default.removeItem(at: profile)
        guard made.status == 0, FileManager.default.fileExists(atPath: w1o.path) else {
            throw BenchmarkFailure("soffice could not convert W1 (is LibreOffice installed?): \(made.output)")
        }
    }
    let runs = 5
    var ours: [ChildFigures] = [], calamine: [ChildFigures] = [], floor: [ChildFigures] = []
    let me = CommandLine.arguments[0]
    for _ in 0..<runs {
        ours.append(try measureChild([me, "odsread"], environment: [childVariable: w1o.path]))
        calamine.append(try measureChild(["python3", peers.appendingPathComponent("read_calamine.py").path, w1o.path], environment: [:]))
        floor.append(try measureChild([me, "odsread"], environment: [floorVariable: w1o.path]))
    }
    for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
    let o = ChildFigures.median(ours), c = ChildFigures.median(calamine), f = ChildFigures.median(floor)
    print("read all W1o cells (\(w1o.lastPathComponent), median of \(runs)):")
    print("  ours (ODSReading)    \(odsFormat(o.inner)) s in-process, \(odsFormat(o.wall)) s wall, \(odsFormat(o.cpu)) s CPU, peak \(o.peakMB) MB, cells: \(o.detail)")
    print("  python-calamine      \(odsFormat(c.inner)) s in-process, \(odsFormat(c.wall)) s wall, \(odsFormat(c.cpu)) s CPU, peak \(c.peakMB) MB, cells: \(c.detail)")
    print("  ratio ours/calamine  \(odsFormat(o.inner / c.inner)) in-process, \(odsFormat(o.wall / c.wall)) wall, \(odsFormat(o.cpu / c.cpu)) CPU (target ≤ 0.5); peak \(o.peakMB) MB (target < 128)")
    print("  same cell count: \(o.detail == c.detail ? "yes" : "NO")")
    print("  lower bound (libzip inflate + libxml2 SAX of content.xml, counting only): \(odsFormat(f.inner)) s in-process, \(odsFormat(f.cpu)) s CPU")
}

/// The child: opens the package and streams every sheet in one pass, counting non-empty cells.
private func odsReadChild(_ file: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let workbook = try ODSWorkbook(path: file)
    var cells = 0
    try workbook.forEachSheet({ _ in true }) { _, _, row in
        for cell in row where !cell.value.isEmpty { cells += 1 }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, cells))
}

private final class ODSCountingHandler: XMLStreamHandler {
    var count = 0
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws { count &+= 1 }
    func endElement(_ name: Int, parser: XMLPushParser) throws {}
}

private func odsFloorChild(_ file: String) throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let zip = try ZipReader(path: file)
    guard let entry = zip.entry(named: "content.xml") else { throw BenchmarkFailure("no content.xml") }
    let handler = ODSCountingHandler()
    let parser = XMLPushParser(names: [], handler: handler)
    try zip.read(entry, chunkSize: 1 << 20) { try parser.feed($0) }
    try parser.finish()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%.4f %d", seconds, handler.count))
}

private func odsFormat(_ d: Double) -> String { String(format: "%.3f", d) }
