// Fuzz target: the zip layer (ZipReader over any bytes: open, list, inflate every entry whole and in chunks).
import FuzzSupport
import ZipArchive

func fuzzZip(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let path = FuzzSupport.write(bytes, suffix: ".zip")
    let limits = ZipLimits(maxEntrySize: 16 << 20, maxTotalSize: 64 << 20, ratioCheckThreshold: 1 << 20, maxEntries: 10_000)
    do {
        let reader = try ZipReader(path: path, limits: limits)
        var total = 0
        for entry in reader.entries.prefix(64) {
            _ = reader.entry(named: entry.name.uppercased())
            do {
                try reader.read(entry, chunkSize: 4096, partLimit: ZipPartLimit(bytes: 8 << 20, kind: "a fuzzed entry")) { total += $0.count }
                total += try reader.readAll(entry, maxBytes: 1 << 20)?.count ?? 0
                total += try reader.readCompressed(entry, maxBytes: 1 << 20)?.count ?? 0
            } catch {
                continue
            }
        }
        return "\(reader.entries.count) entries, \(total) bytes"
    } catch {
        return "error: \(error)"
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzZip) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzZip) } }
