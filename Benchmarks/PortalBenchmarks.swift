// Round portal benchmark (workload W3, ../shared/bench/README.md): the W2 round (1,000 filled returns made by
// Samples/round/make_round.py --count 1000 --seed 7, cached) uploaded to the portal over loopback by 20
// concurrent clients; figures: upload → findings latency (p50/p95/p99) and the round's merge JSON once all are in.
// The server runs in this process (Hummingbird on 127.0.0.1, a free port), with a fresh data folder.
// W3_COUNT=N sizes the round, W3_CLIENTS=N the clients.
import DisclosureCatalog
import Dispatch
import Foundation
import OfficeReturns
import ReturnMerge
import RoundPortal

func portalBenchmarks() throws {
    let count = Int(ProcessInfo.processInfo.environment["W3_COUNT"] ?? "") ?? 1000
    let clients = Int(ProcessInfo.processInfo.environment["W3_CLIENTS"] ?? "") ?? 20
    let round = try w3Round(count: count)
    let returns = round.appendingPathComponent("returns")
    let names = try FileManager.default.contentsOfDirectory(atPath: returns.path).filter { !$0.hasPrefix(".") }.sorted()
    let files = Array(names.prefix(count))

    let data = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-w3-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: data) }
    let store = try PortalStore(directory: data)
    let portal = Portal(store: store)
    let opened = try portal.openRound(name: "W3", roster: round.appendingPathComponent("roster.csv").path, asOf: "2025-06-30")
    let links = Dictionary(uniqueKeysWithValues: opened.offices.map { ($0.code, $0.link) })
    let token = try store.adminToken().token
    let server = PortalServer(portal: portal, adminToken: token)
    let started = DispatchSemaphore(value: 0)
    let portBox = Box(0)
    let stop = PortalServer.StopSwitch()
    let task = Task {
        try await server.run(host: "127.0.0.1", port: 0, stop: stop) { port in
            portBox.set(port)
            started.signal()
        }
    }
    started.wait()
    let client = LoopbackClient(port: portBox.get())

    // The uploads: a shared queue, `clients` threads, one request per connection.
    let bodies = try files.map { Array(try Data(contentsOf: returns.appendingPathComponent($0))) }
    let next = Box(0)
    let latencies = Box([Double](repeating: 0, count: files.count))
    let failures = Box(0)
    let wallStart = DispatchTime.now().uptimeNanoseconds
    let cpuStart = processCPUSeconds()
    LoopbackClient.concurrently(clients) { _ in
        while true {
            let i = next.increment()
            guard i < files.count else { return }
            let code = String(files[i].prefix { $0 != "-" && $0 != "." })
            guard let link = links[code] else { failures.update { $0 += 1 }; continue }
            let name = files[i].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? files[i]
            let t0 = DispatchTime.now().uptimeNanoseconds
            let reply = try? client.request("POST", "\(link)/returns?name=\(name)", headers: [("Content-Type", "application/octet-stream")], body: bodies[i])
            let t1 = DispatchTime.now().uptimeNanoseconds
            if reply?.status != 200 { failures.update { $0 += 1 } }
            latencies.update { $0[i] = Double(t1 - t0) / 1e6 }
        }
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
    let cpu = processCPUSeconds() - cpuStart
    let sorted = latencies.get().sorted()
    func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
    func f(_ x: Double) -> String { String(format: "%.1f", x) }
    print("W3 portal: \(files.count) uploads from \(clients) concurrent clients over loopback, \(ProcessInfo.processInfo.activeProcessorCount) cores (server in this process):")
    print("  upload → findings: p50 \(f(pct(0.50))) ms, p95 \(f(pct(0.95))) ms, p99 \(f(pct(0.99))) ms, max \(f(sorted.last ?? 0)) ms (target p95 < 100 ms); \(failures.get()) failed")
    print("  throughput \(f(Double(files.count) / wall)) uploads/s, \(String(format: "%.2f", wall)) s wall, \(String(format: "%.2f", cpu)) s CPU (\(f(cpu * 1000 / Double(files.count))) ms CPU per upload, server and clients)")

    // The merge JSON, as HQ fetches it: the first request after the last upload merges (no file is read),
    // the next ones come from the cache.
    let hq = [("Authorization", "Bearer \(token)")]
    var times: [Double] = []
    var size = 0
    var firstCPU = 0.0
    for i in 0..<5 {
        let c0 = processCPUSeconds()
        defer { if i == 0 { firstCPU = (processCPUSeconds() - c0) * 1000 } }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let reply = try client.request("GET", "/api/rounds/\(opened.round)/merge", headers: hq)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        size = reply.body.count
        guard reply.status == 200 else { throw BenchmarkFailure("merge answered \(reply.status)") }
    }
    print("  merge JSON over HTTP (\(size / 1024) KB): first \(f(times[0])) ms (merged now; \(f(firstCPU)) ms CPU), then \(times.dropFirst().map(f).joined(separator: ", ")) ms (cached) (target < 300 ms)")
    // The merge itself without the cache, in process: Merger.merge over the parsed returns + the JSON writer.
    guard let state = try portal.state(round: opened.round) else { throw BenchmarkFailure("no round state") }
    var uncached: [Double] = []
    for _ in 0..<5 {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let judge = state.judge()
        let result = Merger.merge(state.latestLoaded(), roster: state.roster, options: judge.options)
        _ = result.jsonBytes()
        uncached.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    print("  merge + JSON of \(state.latestLoaded().count) parsed returns in process, uncached: median \(f(uncached.sorted()[2])) ms")
    // A graceful shutdown, as on SIGTERM (cancelling the task would log a shutdown error).
    let stopped = DispatchSemaphore(value: 0)
    Task {
        await stop.stop()
        _ = try? await task.value
        stopped.signal()
    }
    stopped.wait()
}

/// The W2 round, generated once and cached (the same files `merge` benchmarks).
private func w3Round(count: Int) throws -> URL {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let generator = here.deletingLastPathComponent().appendingPathComponent("Samples/round/make_round.py")
    let seed = 7
    let round = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("disclosurekit-bench/w2-seed\(seed)-n\(count)")
    let marker = round.appendingPathComponent(".complete")
    if !FileManager.default.fileExists(atPath: marker.path) {
        print("generating the round: \(count) returns (seed \(seed), cached at \(round.path)) …")
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

/// A value shared by the client threads.
private final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func update(_ body: (inout T) -> Void) { lock.lock(); body(&value); lock.unlock() }
}

private extension Box where T == Int {
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}
