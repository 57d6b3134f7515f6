// Fuzz target: whole XLSX files (package, workbook, relationships, styles, shared strings, sheets, comments)
// through XLSXWorkbook: every sheet streamed and read into a grid.
import FuzzSupport
import SheetCore
import XLSXReading
import ZipArchive

let fuzzLimits: XLSXLimits = {
    var limits = XLSXLimits(zip: ZipLimits(maxEntrySize: 16 << 20, maxTotalSize: 64 << 20, ratioCheckThreshold: 1 << 20),
                            maxTextBytes: 1 << 20, maxGridCells: 200_000)
    limits.maxSheets = 64
    return limits
}()

func fuzzXLSX(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let path = FuzzSupport.write(bytes, suffix: ".xlsx")
    return FuzzSupport.readWorkbook({ try XLSXWorkbook(path: path, limits: fuzzLimits) }) { workbook, sheet in
        var cells = 0
        try workbook.forEachRow(in: sheet, formulas: true) { _, row in cells += row.count }
        return cells
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzXLSX) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzXLSX) } }
