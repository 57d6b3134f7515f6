import Foundation

/// A file written beside its target and renamed over it by `commit()`: readers never see a half-written
/// file, and a failed or abandoned write leaves the target as it was. The one way the package writes a file.
///
/// The bytes go to a file in the target's folder that has no name (Linux `O_TMPFILE`) until `commit()` syncs
/// it, links it as `.NAME.PID-N.tmp` and renames it over the target; where unnamed files are not available it
/// has that temporary name all along. A process killed in between therefore leaves at most a
/// `.NAME.PID-N.tmp` of a dead PID, which the next `AtomicFile` for the same target removes.
/// A replaced target keeps its permission bits.
///
/// Not thread-safe (one owner at a time).
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// The open file (for callers that seek, like the zip writer); -1 once committed or discarded.
    public private(set) var descriptor: Int32 = -1
    /// The name the file has while it is linked but not yet renamed (or, without `O_TMPFILE`, all along).
    private var temporaryName: String?
    private var finished = false

    /// Creates the temporary file, after removing stale temporary files of the same target.
    /// - Throws: `FileOutputError` when no file can be created in the target's folder.
    public init(path: String) throws(FileOutputError) {
        self.path = path
        StaleFiles.remove(in: Self.folder(of: path), prefix: Self.temporaryPrefix(path), suffix: ".tmp")
        #if os(Linux)
        // __O_TMPFILE is 0o20000000 on Linux; Swift does not import the O_TMPFILE macro.
        descriptor = open(Self.folder(of: path), O_RDWR | O_DIRECTORY | O_CLOEXEC | 0o20000000, 0o666)
        #endif
        if descriptor < 0 {
            let name = Self.temporaryPath(for: path)
            descriptor = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor < 0 {
                throw FileOutputError.system(path, "cannot create a temporary file in \(Self.folder(of: path))")
            }
            temporaryName = name
        }
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG { fchmod(descriptor, existing.st_mode & 0o7777) }
    }

    deinit { discard() }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileOutputError) {
        guard let base = bytes.baseAddress, !finished else { return }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(descriptor, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileOutputError.system(path, "cannot write")
            }
            done += n
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(FileOutputError) {
        var failure: FileOutputError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileOutputError) { try write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Syncs the file to disk and renames it over `path`.
    /// - Throws: `FileOutputError`; the temporary file is then removed and the target left as it was.
    public func commit() throws(FileOutputError) {
        guard !finished else { return }
        do throws(FileOutputError) {
            if fsync(descriptor) != 0 { throw FileOutputError.system(path, "cannot finish writing") }
            if temporaryName == nil {
                let name = Self.temporaryPath(for: path)
                if linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) != 0 {
                    throw FileOutputError.system(path, "cannot name the finished file")
                }
                temporaryName = name
            }
            if let name = temporaryName, rename(name, path) != 0 {
                throw FileOutputError.system(path, "cannot replace the file")
            }
        } catch {
            discard()
            throw error
        }
        temporaryName = nil
        finished = true
        close(descriptor)
        descriptor = -1
    }

    /// Closes and removes the temporary file; the target is left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if let temporaryName { unlink(temporaryName) }
        temporaryName = nil
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileOutputError) {
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(FileOutputError) {
        let file = try AtomicFile(path: path)
        var failure: FileOutputError?
        data.withUnsafeBytes { buffer in
            do throws(FileOutputError) { try file.write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        try file.commit()
    }

    /// A fresh temporary name beside `path`: `.NAME.PID-N.tmp` (also for callers that stage a file of their
    /// own under it, so that stale ones are found and removed the same way).
    public static func temporaryPath(for path: String) -> String {
        (folder(of: path) as NSString).appendingPathComponent(temporaryPrefix(path) + "\(getpid())-\(counter.next()).tmp")
    }

    private static func temporaryPrefix(_ path: String) -> String {
        "." + (path as NSString).lastPathComponent + "."
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    private static let counter = Counter()
}

/// A process-wide counter for unique temporary names.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
