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
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzCSV) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzCSV) } }
