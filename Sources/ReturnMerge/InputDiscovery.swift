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
    public static let returnExtensions: Set<String> = ["xlsx", "xlsm", "csv"]

    /// Lists every file under the given paths.
    ///
    /// Folders are walked recursively; hidden files and folders (`.name`) are skipped, every other file is
    /// listed so that it can be accounted for. Paths that do not exist come back in `missingPaths`.
    /// The result is sorted by display path (bytewise) and has no duplicates, whatever the order of `paths`.
    public static func discover(_ paths: [String]) -> (files: [MergeInputFile], missingPaths: [String]) {
        let fm = FileManager.default
        var files: [String: MergeInputFile] = [:]
        var missing: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                missing.append(path)
                continue
            }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue {
                add(url, display: path, into: &files)
                continue
            }
            walk(url, display: path, into: &files)
        }
        let sorted = files.values.sorted { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
        return (sorted, missing.sorted())
    }

    private static func walk(_ dir: URL, display: String, into files: inout [String: MergeInputFile]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = dir.appendingPathComponent(name)
            let childDisplay = display.hasSuffix("/") ? display + name : display + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: child.path, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                walk(child, display: childDisplay, into: &files)
            } else {
                add(child, display: childDisplay, into: &files)
            }
        }
    }

    private static func add(_ url: URL, display: String, into files: inout [String: MergeInputFile]) {
        let key = url.standardizedFileURL.resolvingSymlinksInPath().path
        guard files[key] == nil else { return }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        files[key] = MergeInputFile(url: url, displayPath: display, modified: attributes?[.modificationDate] as? Date)
    }
}
