// Fuzz target: the CSV reader (encoding detection, delimiter sniffing, the state machine), strict and
// flexible, and the grid SheetIO makes of a delimited file.
import CSV
import FuzzSupport
import SheetIO

func fuzzCSV(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var outcome = ""
    for flexible in [false, true] {
        var options = CSVReadOptions()
        options.flexible = flexible
        do {
            let reader = try CSVReader(bytes: Array(bytes), options: options)
            var fields = 0
            try reader.forEachRecord { record in fields += record.count }
            outcome += "\(fields) fields; "
        } catch {
            outcome += "error: \(error); "
        }
    }
    let path = FuzzSupport.write(bytes, suffix: ".csv")
    do {
        let grid = try SheetIO.readGrid(path: path)
        outcome += "\(grid.storedCellCount) cells"
    } catch {
        outcome += "error: \(error)"
    }
    return outcome
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = fuzzCSV(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#endif

@main struct Main {
    static func main() {
        #if FUZZING
        FuzzSupport.runFuzzer { data, size in
            _ = fuzzCSV(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        #else
        FuzzSupport.replay(Array(CommandLine.arguments.dropFirst()), fuzzCSV)
        #endif
    }
}
