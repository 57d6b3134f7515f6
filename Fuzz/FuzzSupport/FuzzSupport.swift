import Foundation

/// Shared plumbing of the fuzz targets (see Fuzz/README.md).
///
/// Built with `-D FUZZING -sanitize=fuzzer,address` each target exports `LLVMFuzzerTestOneInput` and libFuzzer
/// supplies `main`; built normally (as `swift build` does) each is a replay tool: `FuzzXLSX FILE…` runs the
/// same body over files (a crash reproducer, or a corpus) and prints one line per file.
public enum FuzzSupport {
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
