import Foundation

/// Writes a set of outputs so that nobody ever sees a partial one: every output is first written into a
/// private staging folder beside its destination (`.disclosure-merge-PID-N/`), and all are synced and
/// renamed into place only by `commit()`.
///
/// `discard()` (also called by `deinit`, and safe to call from a signal handler's queue) removes the staging
/// folders, so an interrupted run leaves nothing behind; what a killed process (`kill -9`) left is removed by
/// `removeStale(besides:)` at the next run, and by `stage` for the folder it stages in.
public final class AtomicOutputSet: @unchecked Sendable {
    private let lock = NSLock()
    private var staged: [(temp: URL, target: URL)] = []
    private var stagingFolders: [URL] = []

    /// The staging folders' names: `stagingPrefix` + `PID-N`.
    public static let stagingPrefix = ".disclosure-merge-"
    private static let counter = Counter()
    private let serial = AtomicOutputSet.counter.next()

    public init() {}

    /// Removes the staging folders that processes no longer running left beside `targets` (in the nearest
    /// existing folder of each). Returns the folders removed, for the caller to report.
    @discardableResult
    public static func removeStale(besides targets: [URL]) -> [String] {
        var folders: [String] = []
        for target in targets {
            let folder = existingAncestor(of: target.deletingLastPathComponent()).path
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders.flatMap { StaleFiles.remove(in: $0, prefix: stagingPrefix, suffix: "") }
    }

    /// A path to write into that becomes `target` on `commit()`. Creates the staging folder.
    /// - Throws: `FileOutputError` when no folder can be created beside the target.
    public func stage(_ target: URL) throws(FileOutputError) -> URL {
        lock.lock(); defer { lock.unlock() }
        let root = Self.existingAncestor(of: target.deletingLastPathComponent())
        let folder = URL(fileURLWithPath: root.path + "/\(Self.stagingPrefix)\(getpid())-\(serial)", isDirectory: true)
        if !stagingFolders.contains(where: { $0.path == folder.path }) {
            StaleFiles.remove(in: root.path, prefix: Self.stagingPrefix, suffix: "")
            if mkdir(folder.path, 0o700) != 0 {
                throw FileOutputError.system(target.path, "cannot create a staging folder in \(root.path)")
            }
            stagingFolders.append(folder)
        }
        let temp = URL(fileURLWithPath: folder.path + "/\(staged.count)-\(target.lastPathComponent)", isDirectory: false)
        staged.append((temp, target))
        return temp
    }

    /// Writes bytes into a staged file for `target`.
    public func write(_ data: Data, to target: URL) throws(FileOutputError) {
        let temp = try stage(target)
        do {
            try data.write(to: temp)
        } catch {
            throw FileOutputError(path: target.path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Syncs every staged file and renames it over its target (creating missing folders), then removes the
    /// staging folders.
    public func commit() throws(FileOutputError) {
        lock.lock(); defer { lock.unlock() }
        defer { removeStaging() }
        for (temp, _) in staged {
            let descriptor = open(temp.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileOutputError.system(temp.path, "cannot open the staged file") }
            defer { close(descriptor) }
            if fsync(descriptor) != 0 { throw FileOutputError.system(temp.path, "cannot finish writing") }
        }
        for (temp, target) in staged {
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw FileOutputError(path: target.path, "cannot create the folder: \(error.localizedDescription)")
            }
            if rename(temp.path, target.path) != 0 {
                throw FileOutputError.system(target.path, "cannot replace the file")
            }
        }
    }

    /// Removes every staged file and staging folder; targets are left as they were.
    public func discard() {
        lock.lock(); defer { lock.unlock() }
        removeStaging()
    }

    deinit { removeStaging() }

    private func removeStaging() {
        for folder in stagingFolders { try? FileManager.default.removeItem(at: folder) }
        stagingFolders = []
        staged = []
    }

    static func existingAncestor(of url: URL) -> URL {
        var dir = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: dir.path), dir.path != "/" { dir.deleteLastPathComponent() }
        return dir
    }
}
