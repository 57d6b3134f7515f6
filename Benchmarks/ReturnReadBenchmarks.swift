// `Benchmarks returnread [ROUND]`: the XLSX reading layer alone on a W2 round, one thread — what the
// merge's open and grids phases cost — next to the floor of libzip inflate + libxml2 SAX over the same parts.
import Foundation
import SheetCore
import XLSXReading
import XMLStream
import ZipArchive

func returnReadBenchmarks() throws {
    XLSXWorkbook.tuneAllocatorForBatchReading()
    XLSXWorkbook.nameLocalTimeZoneForBatchReading()
    let round = CommandLine.arguments.dropFirst(2).first
        ?? ProcessInfo.processInfo.environment["DISCLOSUREKIT_MERGE_CHILD"]
        ?? "/tmp/disclosurekit-bench/w2-seed7-n1000"
    let folder = round + "/returns"
    let environment = ProcessInfo.processInfo.environment
    // RETURNREAD_FILES=N and RETURNREAD_PASSES=N shrink the run (for callgrind's exact instruction counts).
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.lowercased().hasSuffix(".xlsx") }.sorted().map { folder + "/" + $0 }
        .prefix(environment["RETURNREAD_FILES"].flatMap { Int($0) } ?? Int.max)
    let passes = environment["RETURNREAD_PASSES"].flatMap { Int($0) } ?? 5
    guard !files.isEmpty else { throw BenchmarkFailure("no .xlsx files in \(folder)") }
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    var opens: [Double] = [], grids: [Double] = [], floors: [Double] = [], uniqueFloors: [Double] = [], cpus: [Double] = []
    var cells = 0
    for _ in 0..<passes {
        var open: UInt64 = 0, grid: UInt64 = 0
        cells = 0
        let cpu = processCPUSeconds()
        for file in files {
            let a = now()
            guard let workbook = try? XLSXWorkbook(path: file) else { continue }
            let b = now()
            for sheet in workbook.sheets {
                guard let g = try? workbook.grid(sheet) else { break }
                cells += g.rowCount * g.columnCount
            }
            let c = now()
            open += b - a; grid += c - b
        }
        cpus.append(processCPUSeconds() - cpu)
        opens.append(Double(open) / 1e6); grids.append(Double(grid) / 1e6)
        // RETURNREAD_NO_FLOOR=1 leaves the floor out (to count instructions of the reader alone with perf stat).
        guard environment["RETURNREAD_NO_FLOOR"] == nil else { continue }
        // CPU time, like the reader's figure it is compared with (the machine is shared).
        let f = processCPUSeconds()
        for file in files { _ = try? floorParts(file) }
        floors.append((processCPUSeconds() - f) * 1000)
        let u = processCPUSeconds()
        for file in files { _ = try? floorLargestSheet(file) }
        uniqueFloors.append((processCPUSeconds() - u) * 1000)
    }
    func median(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }
    print(String(format: "return read over %d files, one thread, median of %d: open %.0f ms, grids %.0f ms, together %.0f ms (%.0f ms CPU); %d grid area",
                 files.count, passes, median(opens), median(grids), median(zip(opens, grids).map(+)), median(cpus) * 1000, cells))
    guard !floors.isEmpty else { return }
    print(String(format: "  floor (open the zip, inflate every .xml/.rels part, libxml2 SAX counting only): %.0f ms CPU", median(floors)))
    // The reader parses parts shared by many returns once (part memo): what is left per file is its own sheet.
    print(String(format: "  floor of each file's largest sheet alone (open, inflate, libxml2 pull SAX counting only): %.0f ms CPU",
                 median(uniqueFloors)))
}

/// Opens the archive and parses only its largest worksheet part, as the reader parses a part in memory.
private func floorLargestSheet(_ file: String) throws -> Int {
    let zip = try ZipReader(path: file)
    guard let entry = zip.entries.filter({ $0.name.hasPrefix("xl/worksheets/") && $0.name.hasSuffix(".xml") })
        .max(by: { $0.declaredSize < $1.declaredSize }),
        let bytes = try zip.readAll(entry, maxBytes: 256 << 10) else { return 0 }
    let handler = CountingHandler()
    let parser = XMLPushParser(names: [], handler: handler)
    var offset = 0
    try parser.parse { buffer, capacity in
        let count = min(capacity, bytes.count - offset)
        if count > 0 { bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: count) } }
        offset += count
        return count
    }
    return handler.count
}

private func floorParts(_ file: String) throws -> Int {
    let zip = try ZipReader(path: file)
    var elements = 0
    for entry in zip.entries where entry.name.hasPrefix("xl/") && !entry.name.hasPrefix("xl/theme") || entry.name == "_rels/.rels" {
        elements += try countElements(zip, entry)
    }
    return elements
}
