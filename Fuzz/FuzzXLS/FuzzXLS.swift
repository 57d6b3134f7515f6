// Fuzz target: whole .xls files through XLSWorkbook: the compound file (header, FAT, DIFAT, mini-FAT,
// directory, stream chains) and the BIFF records (globals: BOUNDSHEET, SST with CONTINUE, FONT, FORMAT, XF,
// CODEPAGE; sheets: cells, formulas, merges, rows, columns), every sheet streamed and read into a grid.
import FuzzSupport
import SheetCore
import XLSReading
import XLSXReading

let fuzzLimits = XLSXLimits(zip: .default, maxTextBytes: 1 << 20, maxGridCells: 200_000)

func fuzzXLS(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let path = FuzzSupport.write(bytes, suffix: ".xls")
    return FuzzSupport.readWorkbook { try XLSWorkbook(path: path, limits: fuzzLimits) }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzXLS) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzXLS) } }
