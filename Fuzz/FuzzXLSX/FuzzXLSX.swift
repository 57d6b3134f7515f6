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
    do {
        let workbook = try XLSXWorkbook(path: path, limits: fuzzLimits)
        var cells = 0
        for sheet in workbook.sheets.prefix(8) {
            do {
                try workbook.forEachRow(in: sheet, formulas: true) { _, row in cells += row.count }
                let grid = try workbook.grid(sheet)
                cells += grid.storedCellCount
                for (ref, cell) in grid.sortedCells.prefix(50) { _ = ref.description; _ = cell.value.text; _ = grid.displayedValue(ref) }
            } catch {
                continue
            }
        }
        return "\(workbook.sheets.count) sheets, \(cells) cells"
    } catch {
        return "error: \(error)"
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = fuzzXLSX(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#endif

@main struct Main {
    static func main() {
        #if FUZZING
        FuzzSupport.runFuzzer { data, size in
            _ = fuzzXLSX(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        #else
        FuzzSupport.replay(Array(CommandLine.arguments.dropFirst()), fuzzXLSX)
        #endif
    }
}
