// Benchmarks, run in release mode: `make bench` or `swift run -c release Benchmarks [read|xlsread|odsread|write|csv|merge|all], or `returnread` (the XLSX reading of a W2 round alone; not in all)`.
// Each workload lives in its own file and prints its figures next to the peers' (see ../shared/bench/README.md).
import Foundation

let which = CommandLine.arguments.dropFirst().first ?? "all"
let workloads: [(String, () throws -> Void)] = [
    ("read", readBenchmarks),
    ("xlsread", xlsReadBenchmarks),
    ("odsread", odsReadBenchmarks),
    ("write", writeBenchmarks),
    ("csv", csvBenchmarks),
    ("merge", mergeBenchmarks),
    ("returnread", returnReadBenchmarks),
]
for (name, run) in workloads where (which == "all" && name != "returnread") || which == name {
    print("== \(name)")
    do { try run() } catch { print("benchmark \(name) failed: \(error)") }
}
