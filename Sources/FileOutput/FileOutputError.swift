#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output could not be written: the file, what was being done, and the system's reason.
public struct FileOutputError: Error, Sendable, CustomStringConvertible {
    /// The output (the final path, not the temporary one).
    public var path: String
    /// What failed, in words ("cannot create a temporary file in /out").
    public var message: String
    /// The `errno` of the failing call (0 when none).
    public var code: Int32

    public init(path: String, _ message: String, code: Int32 = 0) {
        self.path = path
        self.message = message
        self.code = code
    }

    /// The failure of a system call that just set `errno`: "`what`: No space left on device".
    static func system(_ path: String, _ what: String) -> FileOutputError {
        let code = errno
        return FileOutputError(path: path, "\(what): \(String(cString: strerror(code)))", code: code)
    }

    public var description: String { "\(path): \(message)" }
}
