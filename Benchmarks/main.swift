// Benchmarks, run in release mode: `make bench` or `swift run -c release Benchmarks [read|xlsread|odsread|write|csv|merge|commands|all]`, or `returnread` (the XLSX reading of a W2 round alone; not in all), `portal` (W3: the round through `disclosure serve`; not in all).
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
    ("commands", commandBenchmarks),
    ("portal", portalBenchmarks),
]
for (name, run) in workloads where (which == "all" && name != "returnread" && name != "portal") || which == name {
    print("== \(name)")
    do { try run() } catch { print("benchmark \(name) failed: \(error)") }
}
