import DisclosureCatalog
import Foundation
import SheetCore

/// Writes a set of outputs so that nobody ever sees a partial one: every output is first written into a
/// private staging folder beside its destination, and all are renamed into place only by `commit()`.
///
/// `discard()` (also called by `deinit` and safe to call from a signal handler's queue) removes the staging
/// folders, so an interrupted merge leaves nothing behind.
public final class AtomicOutputSet: @unchecked Sendable {
    private let lock = NSLock()
    private var staged: [(temp: URL, target: URL)] = []
    private var stagingFolders: [URL] = []
    private var finished = false

    public init() {}

    /// A path to write into that becomes `target` on `commit()`. Creates the staging folder.
    /// - Throws: `MergeError` `.output` when no folder can be created beside the target.
    public func stage(_ target: URL) throws(MergeError) -> URL {
        lock.lock(); defer { lock.unlock() }
        let root = Self.existingAncestor(of: target.deletingLastPathComponent())
        let folder = URL(fileURLWithPath: root.path + "/.disclosure-merge-\(getpid())-\(ObjectIdentifier(self).hashValue & 0xFFFFFF)",
                         isDirectory: true)
        if !stagingFolders.contains(where: { $0.path == folder.path }) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            } catch {
                throw Self.failure(target, error.localizedDescription)
            }
            stagingFolders.append(folder)
        }
        let temp = URL(fileURLWithPath: folder.path + "/\(staged.count)-\(target.lastPathComponent)", isDirectory: false)
        staged.append((temp, target))
        return temp
    }

    /// Writes bytes into a staged file for `target`.
    public func write(_ data: Data, to target: URL) throws(MergeError) {
        let temp = try stage(target)
        do {
            try data.write(to: temp)
        } catch {
            throw Self.failure(target, error.localizedDescription)
        }
    }

    /// Renames every staged file over its target (creating missing folders), then removes the staging folders.
    public func commit() throws(MergeError) {
        lock.lock(); defer { lock.unlock() }
        for (temp, target) in staged {
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                removeStaging()
                throw Self.failure(target, error.localizedDescription)
            }
            if rename(temp.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                removeStaging()
                throw Self.failure(target, reason)
            }
        }
        removeStaging()
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

    private static func existingAncestor(of url: URL) -> URL {
        var dir = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: dir.path), dir.path != "/" { dir.deleteLastPathComponent() }
        return dir
    }

    private static func failure(_ target: URL, _ reason: String) -> MergeError {
        MergeError(.output, location: SourceLocation(file: target.path),
                   message: LocalizedText(zh: "无法写入：\(reason)", en: "cannot write: \(reason)"))
    }
}
