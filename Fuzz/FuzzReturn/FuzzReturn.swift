// Fuzz target: the return importer and validator as the merge runs them (OfficeReturnLoader.load: read,
// import, validate, map), on the input as an XLSX file and, when it is not a zip, as a CSV file.
import DisclosureCatalog
import FuzzSupport
import Foundation
import ReturnMerge
import SheetCore

let loader: OfficeReturnLoader = {
    do {
        return try OfficeReturnLoader.builtIn(asOf: DateTimeValue(year: 2025, month: 6, day: 30))
    } catch {
        fatalError("cannot load the built-in calendar: \(error)")
    }
}()

func fuzzReturn(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let isZip = bytes.count >= 2 && bytes[0] == 0x50 && bytes[1] == 0x4B
    let path = FuzzSupport.write(bytes, suffix: isZip ? ".xlsx" : ".csv")
    switch loader.load(URL(fileURLWithPath: path), displayPath: "input") {
    case .loaded(let submission): return "loaded, \(submission.answers.count) answers"
    case .rejected(let reason, let message): return "rejected \(reason): \(message.en)"
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzReturn) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzReturn) } }
