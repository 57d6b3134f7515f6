import Foundation

/// A file written beside its target under a temporary name and renamed over the target on `commit()`,
/// so readers never see a half-written file and a failed write leaves the old file untouched.
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// The temporary path beside it.
    public let temporaryPath: String
    private let handle: FileHandle
    private var finished = false

    /// Creates the temporary file.
    /// - Throws: `CSVError.Kind.cannotWrite`.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw CSVError(.cannotWrite, file: path, message: "cannot create a file in \(directory)")
        }
        self.handle = handle
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!),
                                               count: bytes.count, deallocator: .none))
        } catch {
            throw CSVError(.cannotWrite, file: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Closes the file and renames it over `path`.
    public func commit() throws {
        guard !finished else { return }
        finished = true
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporaryPath)
            throw CSVError(.cannotWrite, file: path, message: "cannot finish writing: \(error.localizedDescription)")
        }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CSVError(.cannotWrite, file: path, message: "cannot replace the file: \(reason)")
        }
    }

    /// Closes and deletes the temporary file; the target is left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        unlink(temporaryPath)
    }
}
