// Merge benchmark (workload W2, ../shared/bench/README.md): 1,000 office returns made from our own template by
// a seeded generator (Samples/round/make_round.py --count 1000 --seed 7, cached), validated and merged into one
// workbook + JSON on all cores, side by side with Benchmarks/peers/merge_stack.py, which only stacks the rows of
// the same files with python-calamine. Each side runs in its own child process so peak memory is its own.
// W2_COUNT=N sizes the round; W2_OPENPYXL=1 adds the openpyxl peer; W2_WRITE_REPEAT=N makes the child rewrite
// the workbook and JSON N more times, printing each time (for profiling the write alone); W2_MERGE_REPEAT=N
// the merge; W2_KEEP=DIR keeps the child's outputs in DIR.
import DisclosureCatalog
import Foundation
import OfficeReturns
import ReturnMerge
import XLSXReading

private let mergeChildVariable = "DISCLOSUREKIT_MERGE_CHILD"

func mergeBenchmarks() throws {
    if let folder = ProcessInfo.processInfo.environment[mergeChildVariable] {
        // The child (and the phases) read like `disclosure merge`.
        XLSXWorkbook.tuneAllocatorForBatchReading()
        XLSXWorkbook.nameLocalTimeZoneForBatchReading()
        if ProcessInfo.processInfo.environment["W2_PHASES"] != nil { try mergePhases(folder); return }
        try mergeChild(folder)
        return
    }
    let peer = benchPeers.appendingPathComponent("merge_stack.py")
    let count = Int(ProcessInfo.processInfo.environment["W2_COUNT"] ?? "") ?? 1000
    let round = try cachedW2Round(count: count)
    let returns = round.appendingPathComponent("returns").path
    let files = (FileManager.default.enumerator(atPath: returns)?.allObjects.count) ?? 0
    let runs = 3
    var ours: [ChildFigures] = [], calamine: [ChildFigures] = []
    for _ in 0..<runs {
        ours.append(try measureChild([CommandLine.arguments[0], "merge"], environment: [mergeChildVariable: round.path]))
        calamine.append(try measureChild(["python3", peer.path, returns, "calamine"], environment: [:]))
    }
    for m in ours + calamine where m.status != 0 { throw BenchmarkFailure("a child failed: \(m.output)") }
    let o = ChildFigures.median(ours), c = ChildFigures.median(calamine)
    func f(_ x: Double) -> String { String(format: "%.2f", x) }
    print("W2 merge of a round (\(files) files in \(returns), median of \(runs), \(ProcessInfo.processInfo.activeProcessorCount) cores):")
    print("  ours: validate + merge + write xlsx/json  \(f(o.inner)) s in-process, \(f(o.wall)) s wall, \(f(o.cpu)) s CPU, peak \(o.peakMB) MB — \(o.output)")
    print("  python-calamine: only stack the rows      \(f(c.inner)) s in-process, \(f(c.wall)) s wall, \(f(c.cpu)) s CPU, peak \(c.peakMB) MB — \(c.output)")
    print("  ratio ours/calamine  \(f(o.inner / c.inner)) in-process, \(f(o.wall / c.wall)) wall (target < 1); CPU ratio \(f(o.cpu / c.cpu)) (we use both cores: CPU > wall)")
    if ProcessInfo.processInfo.environment["W2_OPENPYXL"] != nil {
        let p = try measureChild(["python3", peer.path, returns, "openpyxl"], environment: [:])
        print("  openpyxl read-only: only stack the rows   \(f(p.inner)) s in-process, \(f(p.wall)) s wall, peak \(p.peakMB) MB — ratio ours/openpyxl \(f(o.inner / p.inner))")
    }
}

/// The child: the whole merge as `disclosure merge` does it, on all cores, outputs written and then removed.
private func mergeChild(_ round: String) throws {
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    let start = now()
    let cpuStart = processCPUSeconds()
    let loader = try OfficeReturnLoader.builtIn(asOf: .init(year: 2025, month: 6, day: 30))
    let roster = try Roster(contentsOf: URL(fileURLWithPath: round + "/roster.csv"))
    let found = InputDiscovery.discover([round + "/returns"])
    let loaded = ParallelLoad.load(found.files, with: loader)
    let read = now()
    let cpuRead = processCPUSeconds()
    let peakRead = processPeakResidentKB() / 1024
    let result = Merger.merge(loaded, roster: roster, options: MergeOptions(catalog: CustomsCatalog.catalog))
    let merged = now()
    // W2_MERGE_REPEAT=N: merge N more times, printing each (for profiling the merge alone).
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["W2_MERGE_REPEAT"] ?? "") ?? 0) {
        let a = now(), cpuA = processCPUSeconds()
        _ = Merger.merge(loaded, roster: roster, options: MergeOptions(catalog: CustomsCatalog.catalog))
        print(String(format: "merge %.3f s (%.3f s CPU)", Double(now() - a) / 1e9, processCPUSeconds() - cpuA))
    }
    let peakMerged = processPeakResidentKB() / 1024
    // W2_KEEP=DIR keeps the outputs in DIR (to compare the bytes of two builds); otherwise they are removed.
    let keep = ProcessInfo.processInfo.environment["W2_KEEP"]
    let out = keep.map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-w2-out-\(getpid())")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(at: out) } }
    try MergeJob.write(result, to: .init(workbook: out.appendingPathComponent("merged.xlsx"),
                                         json: out.appendingPathComponent("merged.json"))) { r, url in
        try r.writeWorkbook(to: url.path)
    }
    let end = now()
    if let repeats = Int(ProcessInfo.processInfo.environment["W2_WRITE_REPEAT"] ?? "") {
        // Each output alone (wall and process CPU), then both as the job writes them (side by side, staged).
        for _ in 0..<repeats {
            let a = now(), cpuA = processCPUSeconds()
            try result.writeWorkbook(to: out.appendingPathComponent("again.xlsx").path)
            let b = now(), cpuB = processCPUSeconds()
            try result.writeJSON(toFile: out.appendingPathComponent("again.json"))
            let c = now(), cpuC = processCPUSeconds()
            try MergeJob.write(result, to: .init(workbook: out.appendingPathComponent("job.xlsx"),
                                                 json: out.appendingPathComponent("job.json"))) { r, url in
                try r.writeWorkbook(to: url.path)
            }
            let d = now(), cpuD = processCPUSeconds()
            print(String(format: "workbook %.3f s (%.3f s CPU), json %.3f s (%.3f s CPU), both (the job's write) %.3f s (%.3f s CPU)",
                         Double(b - a) / 1e9, cpuB - cpuA, Double(c - b) / 1e9, cpuC - cpuB, Double(d - c) / 1e9, cpuD - cpuC))
        }
    }
    func s(_ a: UInt64, _ b: UInt64) -> Double { Double(b - a) / 1e9 }
    print(String(format: "%.4f read+validate %.2f s (%.2f s CPU), merge %.2f s, write %.2f s (peak MB after each: %d, %d, %d); %d merged, %d superseded, %d rejected, %d findings",
                 s(start, end), s(start, read), cpuRead - cpuStart, s(read, merged), s(merged, end), peakRead, peakMerged, processPeakResidentKB() / 1024,
                 result.count(.merged) + result.count(.mergedWithFindings), result.count(.superseded),
                 result.count(.rejected), result.findings.count))
}

/// W2_PHASES=1: one thread, each phase of loading a return timed on its own over the whole round (profiling aid).
func mergePhases(_ round: String) throws {
    // W2_PHASES_CPU=1: this thread's CPU time instead of wall time (steadier on a shared machine).
    let threadCPU = ProcessInfo.processInfo.environment["W2_PHASES_CPU"] != nil
    func now() -> UInt64 {
        guard threadCPU else { return DispatchTime.now().uptimeNanoseconds }
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
    let loader = try OfficeReturnLoader.builtIn(asOf: .init(year: 2025, month: 6, day: 30))
    let found = InputDiscovery.discover([round + "/returns"])
    var open: UInt64 = 0, grids: UInt64 = 0, importing: UInt64 = 0, validating: UInt64 = 0, mapping: UInt64 = 0, csv: UInt64 = 0
    var parsedDuringImport = 0
    // W2_PHASES_REPEAT=N: import, validate and map each file N times (figures are per round), for profiling them.
    let repeats = max(1, Int(ProcessInfo.processInfo.environment["W2_PHASES_REPEAT"] ?? "") ?? 1)
    for file in found.files {
        let a = now()
        if file.url.pathExtension.lowercased() == "csv" {
            _ = loader.load(file.url, displayPath: file.displayPath)
            csv += now() - a
            continue
        }
        guard let workbook = try? ReturnWorkbook(path: file.url.path) else { continue }
        let b = now()
        // The sheets the importer parses (the metadata sheet by name, the sheets up to the table's), parsed here
        // ahead so that import times reading alone; `parsedDuringImport` counts any the importer parsed itself.
        let names = workbook.sheetNames
        if let meta = names.firstIndex(of: TemplateMetadata.sheetName) { _ = try? workbook.grid(at: meta) }
        for index in names.indices where names[index] != TemplateMetadata.sheetName {
            guard let grid = try? workbook.grid(at: index) else { break }
            let hasHeader = (0..<min(grid.rowCount, 60)).contains { row in
                (0..<grid.columnCount).contains { grid.text(row: row, column: $0) == "序号" }
            }
            if hasHeader { break }
        }
        let c = now()
        let before = names.indices.filter(workbook.isParsed).count
        for _ in 0..<repeats {
            let start = now()
            guard let r = try? ReturnImporter(catalog: loader.catalog).read(workbook, file: file.displayPath) else { break }
            let d = now()
            let findings = loader.validator.validate(r)
            let e = now()
            _ = loader.submission(r, findings: findings)
            let f = now()
            importing += d - start; validating += e - d; mapping += f - e
        }
        parsedDuringImport += names.indices.filter(workbook.isParsed).count - before
        open += b - a; grids += c - b
    }
    importing /= UInt64(repeats); validating /= UInt64(repeats); mapping /= UInt64(repeats)
    func ms(_ x: UInt64) -> String { String(format: "%.0f ms", Double(x) / 1e6) }
    print("phases over \(found.files.count) files, one thread: open \(ms(open)), grids \(ms(grids)), import \(ms(importing)), validate \(ms(validating)), map \(ms(mapping)), csv files (whole load) \(ms(csv))"
          + (parsedDuringImport > 0 ? "; \(parsedDuringImport) sheets parsed during import" : ""))
}
