import Foundation

/// One input file found for a merge.
public struct MergeInputFile: Sendable, Hashable {
    /// The file on disk.
    public var url: URL
    /// The path shown in reports: as given on the command line, or below the folder given.
    public var displayPath: String
    /// Last modification time, used to break ties between two returns of one office.
    public var modified: Date?

    public init(url: URL, displayPath: String, modified: Date?) {
        self.url = url; self.displayPath = displayPath; self.modified = modified
    }

    /// The lower-cased extension (`xlsx`, `csv`).
    public var fileExtension: String { url.pathExtension.lowercased() }

    /// Whether the extension is one a return can have.
    public var looksLikeReturn: Bool { InputDiscovery.returnExtensions.contains(fileExtension) }
}

/// Expands the paths given to `merge` (files and folders, recursively) into a deterministic list of files.
public enum InputDiscovery {
    /// Extensions read as returns; other files found in folders are accounted for as "not a return".
    public static let returnExtensions: Set<String> = ["xlsx", "xlsm", "csv", "xls", "et", "ods"]

    /// Lists every file under the given paths.
    ///
    /// Folders are walked recursively; hidden files and folders (`.name`) are skipped, every other file is
    /// listed so that it can be accounted for. Paths that do not exist come back in `missingPaths`.
    /// The result is sorted by display path (bytewise) and has no duplicates, whatever the order of `paths`:
    /// a file reached twice (named twice, through a symbolic link, or a hard link) is listed once, under the
    /// first path that reached it. A folder reached again through a link is not walked again (no loops).
    public static func discover(_ paths: [String]) -> (files: [MergeInputFile], missingPaths: [String]) {
        var walk = Walk()
        var missing: [String] = []
        for path in paths {
            guard let status = FileStatus(path) else {
                missing.append(path)
                continue
            }
            if status.isDirectory {
                walk.folder(path, display: path, status: status)
            } else {
                walk.add(path, display: path, status: status)
            }
        }
        let sorted = walk.files.sorted { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
        return (sorted, missing.sorted())
    }

    /// The walk's state: files found so far, and what was seen, by device and inode.
    private struct Walk {
        var files: [MergeInputFile] = []
        var seenFiles: Set<FileStatus.Identity> = []
        var seenFolders: Set<FileStatus.Identity> = []

        mutating func folder(_ path: String, display: String, status: FileStatus) {
            guard seenFolders.insert(status.identity).inserted,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = path.hasSuffix("/") ? path + name : path + "/" + name
                let childDisplay = display.hasSuffix("/") ? display + name : display + "/" + name
                guard let childStatus = FileStatus(child) else { continue }  // e.g. a dangling link
                if childStatus.isDirectory {
                    folder(child, display: childDisplay, status: childStatus)
                } else {
                    add(child, display: childDisplay, status: childStatus)
                }
            }
        }

        mutating func add(_ path: String, display: String, status: FileStatus) {
            guard seenFiles.insert(status.identity).inserted else { return }
            files.append(MergeInputFile(url: URL(fileURLWithPath: path, isDirectory: false), displayPath: display,
                                        modified: status.modified))
        }
    }
}

/// What one `stat(2)` (following links) says about a path: kind, identity and modification time.
/// One system call per input, where Foundation's attribute and link-resolving calls made several each.
private struct FileStatus {
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var isDirectory: Bool
    var identity: Identity
    var modified: Date

    /// Nil when the path does not exist or cannot be examined.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        // `dev_t` is signed on Darwin: its bits, not its value.
        identity = Identity(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(info.st_ino))
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modified = Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }
}
