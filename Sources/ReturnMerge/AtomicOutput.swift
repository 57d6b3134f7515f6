import DisclosureCatalog
import Foundation
import SheetCore

/// Writes outputs so that a reader never sees a partial file: each output is written to a temporary file
/// in the destination folder and renamed over the target only when all of them are complete.
public final class AtomicOutputSet {
    private var staged: [(temp: URL, target: URL)] = []
    private var committed = false

    public init() {}

    /// A temporary path beside `target` to write into; becomes `target` on `commit()`.
    public func stage(_ target: URL) -> URL {
        let temp = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(staged.count)")
        staged.append((temp, target))
        return temp
    }

    /// Writes bytes to a staged temporary file.
    public func write(_ data: Data, to target: URL) throws(MergeError) {
        let temp = stage(target)
        do {
            try data.write(to: temp)
        } catch {
            throw MergeError(.output, location: SourceLocation(file: target.path),
                             message: LocalizedText(zh: "无法写入：\(error.localizedDescription)",
                                                    en: "cannot write: \(error.localizedDescription)"))
        }
    }

    /// Renames every staged file over its target.
    public func commit() throws(MergeError) {
        for (temp, target) in staged {
            if rename(temp.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                discard()
                throw MergeError(.output, location: SourceLocation(file: target.path),
                                 message: LocalizedText(zh: "无法写入：\(reason)", en: "cannot write: \(reason)"))
            }
        }
        committed = true
        staged = []
    }

    /// Removes every staged temporary file (nothing is left behind).
    public func discard() {
        for (temp, _) in staged { unlink(temp.path) }
        staged = []
    }

    /// Paths of staged temporaries, so a signal handler can remove them.
    public var stagedPaths: [String] { staged.map(\.temp.path) }

    deinit { if !committed { discard() } }
}
