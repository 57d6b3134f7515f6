import Foundation
import SheetCore
import XLSXReading

/// Shared plumbing of the fuzz targets (README, "Fuzzing").
///
/// Built with `-D FUZZING -sanitize=fuzzer,address` each target's `main` (`FuzzSupport.main(body)`) hands its body to libFuzzer
/// (`LLVMFuzzerRunDriver`: SwiftPM links an executable's entry point as `<Target>_main`, so libFuzzer's own
/// `main` cannot be used); built normally (as `swift build` does) each is a replay tool: `FuzzXLSX FILE…` runs
/// the same body over files (a crash reproducer, or a corpus) and prints one line per file.
public enum FuzzSupport {
    /// A fuzz body: reads the input, returns a one-line account of what reading it gave.
    public typealias Body = (UnsafeBufferPointer<UInt8>) -> String

    /// Every target's `main`: under `-D FUZZING` runs libFuzzer with the process's arguments and `body` as the
    /// fuzz target (and exits with its status); otherwise replays the files named on the command line.
    public static func main(_ body: @escaping Body) {
        #if FUZZING
        current = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in FuzzSupport.testOneInput(data, size) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()), body)
        #endif
    }

    #if FUZZING
    /// The body `main` was given (libFuzzer's callback is a C function pointer and cannot capture it).
    nonisolated(unsafe) private static var current: Body?

    /// One libFuzzer input through `body` (by default the one `main` was given); what each target's
    /// `LLVMFuzzerTestOneInput` returns.
    public static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: Body? = nil) -> Int32 {
        guard let run = body ?? current else { return 0 }
        _ = run(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
    #endif

    /// Opens a workbook with `open` and reads it as `readSheets` does, each sheet streamed by `stream` (by
    /// default the `SheetWorkbook` row stream); the outcome line (sheets and cells, or the error).
    public static func readWorkbook<W: SheetWorkbook>(_ open: () throws -> W,
                                                      stream: ((W, SheetInfo) throws -> Int)? = nil) -> String {
        do {
            let workbook = try open()
            _ = try? workbook.cellStyles()
            let cells = readSheets(workbook) { sheet in
                if let stream { return try stream(workbook, sheet) }
                var cells = 0
                try workbook.forEachRow(in: sheet) { _, row in cells += row.count }
                return cells
            }
            return "\(workbook.sheets.count) sheets, \(cells) cells"
        } catch {
            return "error: \(error)"
        }
    }

    /// Reads the first 8 sheets of a workbook as every command would: each streamed by `stream` (which returns
    /// the cells it saw), then read into a grid (see `touch`). A sheet that fails is skipped (the error is the
    /// expected outcome of most inputs). Returns the cells seen.
    public static func readSheets<W: SheetWorkbook>(_ workbook: W, stream: (SheetInfo) throws -> Int) -> Int {
        var cells = 0
        for sheet in workbook.sheets.prefix(8) {
            do {
                cells += try stream(sheet)
                cells += touch(try workbook.grid(sheet))
            } catch {
                continue
            }
        }
        return cells
    }

    /// Uses a grid as the commands do (references, texts, displayed values of its first 50 cells); its cell count.
    public static func touch(_ grid: Grid) -> Int {
        for (ref, cell) in grid.sortedCells.prefix(50) { _ = ref.description; _ = cell.value.text; _ = grid.displayedValue(ref) }
        return grid.storedCellCount
    }

    /// A per-process scratch file the APIs that take paths read the input from.
    public static let scratchPath: String = {
        let dir = ProcessInfo.processInfo.environment["FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
        return (dir as NSString).appendingPathComponent("disclosurekit-fuzz-\(getpid())")
    }()

    /// Writes `bytes` to `scratchPath` + `suffix` and returns that path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, suffix: String) -> String {
        let path = scratchPath + suffix
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n <= 0 { break }
            done += n
        }
        close(fd)
        return path
    }

    /// Replays files through `body` (the normal build's `main`).
    public static func replay(_ arguments: [String], _ body: Body) {
        if arguments.isEmpty {
            print("usage: \(CommandLine.arguments[0]) FILE… (replays inputs through the fuzz body)")
            return
        }
        for argument in arguments {
            guard let data = FileManager.default.contents(atPath: argument) else {
                print("\(argument): cannot read")
                continue
            }
            let outcome = data.withUnsafeBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
            print("\(argument): \(outcome)")
        }
    }
}

#if FUZZING
/// libFuzzer's driver entry (compiler-rt `FuzzerInterface.h`): `int LLVMFuzzerRunDriver(int *argc, char ***argv,
/// int (*UserCb)(const uint8_t *Data, size_t Size))`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif
