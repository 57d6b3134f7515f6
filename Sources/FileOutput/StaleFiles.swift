import Foundation

/// Temporary names carry the writing process's id, so what a killed process left behind (`kill -9` runs no
/// clean-up) can be recognised and removed by the next run, and never what a running process is writing.
public enum StaleFiles {
    /// Whether a process with id `pid` exists (it may belong to another user: then it exists too).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The process id in a name `prefix` + `PID-N` + `suffix`, or nil when the name is not one of ours.
    static func pid(in name: String, prefix: String, suffix: String) -> Int32? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.utf8.count > prefix.utf8.count + suffix.utf8.count else { return nil }
        let middle = name.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        guard let dash = middle.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let digits = middle[..<dash], serial = middle[middle.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 10, !serial.isEmpty,
              digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), serial.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let pid = Int32(String(decoding: digits, as: UTF8.self)) else { return nil }
        return pid
    }

    /// Removes the entries of `folder` named `prefix` + `PID-N` + `suffix` whose process is gone (folders
    /// with what they hold). Returns the paths removed; what cannot be listed or removed is left alone.
    @discardableResult
    public static func remove(in folder: String, prefix: String, suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let pid = pid(in: name, prefix: prefix, suffix: suffix), pid != getpid(), !isAlive(pid) else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }
}
