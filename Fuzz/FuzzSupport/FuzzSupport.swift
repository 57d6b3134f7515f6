import Foundation

/// Shared plumbing of the fuzz targets (README, "Fuzzing").
///
/// Built with `-D FUZZING -sanitize=fuzzer,address` each target's `main` hands its body to libFuzzer
/// (`LLVMFuzzerRunDriver`: SwiftPM links an executable's entry point as `<Target>_main`, so libFuzzer's own
/// `main` cannot be used); built normally (as `swift build` does) each is a replay tool: `FuzzXLSX FILE…` runs
/// the same body over files (a crash reproducer, or a corpus) and prints one line per file.
public enum FuzzSupport {
    #if FUZZING
    /// Runs libFuzzer with the process's arguments and `body` as the fuzz target; exits with its status.
    public static func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, body))
    }
    #endif

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
    public static func replay(_ arguments: [String], _ body: (UnsafeBufferPointer<UInt8>) -> String) {
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
