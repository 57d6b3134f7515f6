// Fuzz target: whole .ods files through ODSWorkbook's public API: the package (mimetype, manifest, styles),
// content.xml streamed (repeated rows and columns, spans, text:p/text:s, value types), every sheet listed,
// streamed and read into a grid.
import FuzzSupport
import ODSReading
import SheetCore
import XLSXReading
import ZipArchive

let fuzzLimits = XLSXLimits(zip: ZipLimits(maxEntrySize: 16 << 20, maxTotalSize: 64 << 20, ratioCheckThreshold: 1 << 20),
                            maxTextBytes: 1 << 20, maxGridCells: 200_000)

func fuzzODS(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let path = FuzzSupport.write(bytes, suffix: ".ods")
    do {
        let workbook = try ODSWorkbook(path: path, limits: fuzzLimits)
        let sheets = try workbook.tables()
        var cells = 0
        do {
            try workbook.forEachRow(in: nil) { _, row in cells += row.count }
        } catch {}
        let grids = try workbook.grids()
        for grid in grids { cells += FuzzSupport.touch(grid) }
        return "\(sheets.count) sheets, \(grids.count) grids, \(cells) cells"
    } catch {
        return "error: \(error)"
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzODS) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzODS) } }
