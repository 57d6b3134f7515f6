// Benchmarks, run in release mode: `make bench` or `swift run -c release Benchmarks [read|write|csv|merge|all]`.
// Each workload lives in its own file and prints its figures next to the peers' (see ../shared/bench/README.md).
import Foundation

let which = CommandLine.arguments.dropFirst().first ?? "all"
let workloads: [(String, () throws -> Void)] = [
    ("read", readBenchmarks),
    ("write", writeBenchmarks),
    ("csv", csvBenchmarks),
    ("merge", mergeBenchmarks),
]
for (name, run) in workloads where which == "all" || which == name {
    print("== \(name)")
    do { try run() } catch { print("benchmark \(name) failed: \(error)") }
}
