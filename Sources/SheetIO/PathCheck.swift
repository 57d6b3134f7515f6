import Foundation
import SheetCore

/// Something wrong with a command's input or output path, found before anything is read or written.
public struct PathProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// An input does not exist.
        case missing
        /// An input cannot be read (permissions).
        case notReadable
        /// An input (or an existing output) is not a regular file: a named pipe, a device, a socket, or a
        /// folder where a file is wanted. Reading a pipe or a device could wait forever.
        case notARegularFile(FileKind)
        /// An output names an existing folder.
        case outputIsFolder
        /// The folder an output goes into does not exist.
        case folderMissing(String)
        /// What should be the folder an output goes into is a file.
        case notAFolder(String)
        /// The folder an output goes into cannot be written.
        case folderNotWritable(String)
        /// The output is the same file as this input (same device and inode, or the same resolved path).
        case outputIsInput(String)
        /// Two outputs are the same file: the other option and its path.
        case sameOutputs(option: String, path: String)
        /// The output's extension names a format the command does not write (`pdf`), or, where the format is
        /// chosen by the extension, names none: the extensions it does write.
        case unsupportedOutput(ext: String, allowed: [String])
        /// Several outputs (one per input) need the option to name a folder, not a file.
        case needsFolder
    }

    /// What a path that is not a regular file is.
    public enum FileKind: String, Sendable, Equatable {
        case folder, pipe, device, socket, other

        var chinese: String {
            switch self {
            case .folder: return "文件夹"
            case .pipe: return "命名管道"
            case .device: return "设备"
            case .socket: return "套接字"
            case .other: return "特殊文件"
            }
        }

        var english: String {
            switch self {
            case .folder: return "a folder"
            case .pipe: return "a named pipe (FIFO)"
            case .device: return "a device"
            case .socket: return "a socket"
            case .other: return "a special file"
            }
        }
    }

    public var kind: Kind
    /// The path as the user gave it.
    public var path: String
    /// The command-line option that named an output (`-o`, `--json`; empty for an output argument), nil for an input.
    public var option: String?

    public init(_ kind: Kind, path: String, option: String? = nil) {
        self.kind = kind
        self.path = path
        self.option = option
    }

    public var description: String { description(in: .en) }
}

extension PathProblem: LocalizedDescribing {
    /// `-o out.xlsx: …` in one language.
    public func description(in language: Language) -> String {
        let place = option.flatMap { $0.isEmpty ? nil : "\($0) \(path)" } ?? path
        let zh = language == .zh
        let text: String
        switch kind {
        case .missing:
            text = zh ? "文件不存在" : "no such file"
        case .notReadable:
            text = zh ? "没有读取权限" : "permission denied: the file cannot be read"
        case .notARegularFile(let fileKind):
            if option != nil {
                text = zh ? "已存在，是\(fileKind.chinese)而不是普通文件，不写入" : "exists and is \(fileKind.english), not a regular file; not written"
            } else {
                text = zh ? "是\(fileKind.chinese)而不是普通文件，不读取" : "is \(fileKind.english), not a regular file; not read"
            }
        case .outputIsFolder:
            text = zh ? "是一个文件夹；请给出输出文件名" : "is a folder; give the name of the output file"
        case .folderMissing(let folder):
            text = zh ? "文件夹“\(folder)”不存在" : "the folder \"\(folder)\" does not exist"
        case .notAFolder(let folder):
            text = zh ? "“\(folder)”不是文件夹" : "\"\(folder)\" is not a folder"
        case .folderNotWritable(let folder):
            text = zh ? "没有在文件夹“\(folder)”中写入的权限" : "no permission to write in the folder \"\(folder)\""
        case .outputIsInput(let input):
            text = zh ? "与输入文件“\(input)”是同一个文件；输入文件不会被覆盖，请换一个输出文件名"
                : "is the same file as the input \"\(input)\"; inputs are never overwritten: choose another output name"
        case .sameOutputs(let other, let otherPath):
            text = zh ? "与 \(other) \(otherPath) 是同一个文件（或一个在另一个里面）；每个输出需要各自的文件"
                : "is the same file as \(other) \(otherPath) (or one is inside the other); each output needs a file of its own"
        case .unsupportedOutput(let ext, let allowed):
            let list = allowed.map { "." + $0 }.joined(separator: zh ? "、" : ", ")
            if ext.isEmpty {
                text = zh ? "没有扩展名，无法确定输出格式；可用 \(list)" : "has no extension to choose the output format by; use \(list)"
            } else {
                text = zh ? "本命令不写 .\(ext) 文件；可用 \(list)" : "this command does not write .\(ext) files; use \(list)"
            }
        case .needsFolder:
            text = zh ? "有多个输入时须为文件夹（每个输入写一个副本），不能是单个文件"
                : "must be a folder when there are several inputs (one copy is written per input), not a single file"
        }
        return "\(place): \(text)"
    }
}

/// Checks of a command's paths, made before anything is read: inputs are regular readable files, outputs
/// can be written where they point, no output is an input or another output, and an output's extension
/// names a format the command writes.
///
/// "The same file" is decided by device and inode for paths that exist (so `./X.xlsx`, `dir/../X.xlsx`, a
/// symbolic or hard link all count), and by the fully resolved path (symbolic links of the folders followed,
/// `.` and `..` removed) for outputs that do not exist yet.
public enum PathCheck {
    /// Extensions of formats some tool writes; an output named with one of them must be one the command writes.
    public static let knownFormatExtensions: Set<String> = [
        "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "ods", "fods", "numbers", "csv", "tsv", "txt", "json",
        "xml", "html", "htm", "pdf", "doc", "docx", "odt", "zip",
    ]

    /// An input file: it exists, is a regular file (links followed) and is readable.
    /// - Throws: `PathProblem` `.missing`, `.notARegularFile`, `.notReadable`.
    public static func input(_ path: String) throws(PathProblem) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PathProblem(errno == EACCES ? .notReadable : .missing, path: path)
        }
        if let kind = fileKind(info.st_mode) { throw PathProblem(.notARegularFile(kind), path: path) }
        guard access(path, R_OK) == 0 else { throw PathProblem(.notReadable, path: path) }
    }

    /// An input that may be a file or a folder (`merge`): it exists, and a file is regular and readable.
    public static func inputFileOrFolder(_ path: String) throws(PathProblem) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw PathProblem(errno == EACCES ? .notReadable : .missing, path: path) }
        if fileKind(info.st_mode) == .folder { return }
        try input(path)
    }

    /// An output file: not an existing folder or special file, its folder exists (or, with
    /// `createsFolders`, its nearest existing ancestor is a folder) and can be written, and its extension is
    /// one of `extensions` (lower case, no dot) when given.
    /// - Parameters:
    ///   - strictExtension: the format is chosen by the extension, so one of `extensions` is required; else
    ///     only an extension naming another known format (`knownFormatExtensions`) is refused.
    /// - Throws: `PathProblem`.
    public static func output(_ path: String, option: String = "-o", extensions: [String]? = nil,
                              strictExtension: Bool = false, createsFolders: Bool = false) throws(PathProblem) {
        var info = stat()
        if stat(path, &info) == 0, let kind = fileKind(info.st_mode) {
            throw PathProblem(kind == .folder ? .outputIsFolder : .notARegularFile(kind), path: path, option: option)
        }
        if path.hasSuffix("/") { throw PathProblem(.outputIsFolder, path: path, option: option) }
        if let extensions { try format(path, option: option, allowed: extensions, strict: strictExtension) }
        try writableFolder(containing: path, option: option, createsFolders: createsFolders)
    }

    /// An output folder (created when missing): not an existing file, and its nearest existing ancestor is a
    /// writable folder.
    public static func outputFolder(_ path: String, option: String = "-o") throws(PathProblem) {
        var info = stat()
        if stat(path, &info) == 0 {
            if let kind = fileKind(info.st_mode), kind != .folder {
                throw PathProblem(.notARegularFile(kind), path: path, option: option)
            }
            if fileKind(info.st_mode) == nil { throw PathProblem(.needsFolder, path: path, option: option) }
            guard access(path, W_OK) == 0 else { throw PathProblem(.folderNotWritable(path), path: path, option: option) }
            return
        }
        try writableFolder(containing: path, option: option, createsFolders: true)
    }

    /// The extension rule alone (see `output`).
    public static func format(_ path: String, option: String = "-o", allowed: [String], strict: Bool) throws(PathProblem) {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if allowed.contains(ext) { return }
        if strict || knownFormatExtensions.contains(ext) {
            throw PathProblem(.unsupportedOutput(ext: ext, allowed: allowed), path: path, option: option)
        }
    }

    /// No output is one of the inputs, and no two outputs are the same file.
    /// - Parameters:
    ///   - inputs: input files (folders are not compared: an output may go inside an input folder, as long
    ///     as it is not one of the files found there — pass those files).
    ///   - outputs: each output path with the option that names it.
    /// - Throws: `PathProblem` `.outputIsInput` or `.sameOutputs`.
    public static func distinct(inputs: [String], outputs: [(path: String, option: String)]) throws(PathProblem) {
        var inputPlaces: [Place: String] = [:]
        for input in inputs {
            let place = Place(input)
            if inputPlaces[place] == nil { inputPlaces[place] = input }
        }
        var outputPlaces: [Place: (path: String, option: String)] = [:]
        var resolvedOutputs: [(resolved: String, path: String, option: String)] = []
        for output in outputs {
            let place = Place(output.path)
            if let input = inputPlaces[place] {
                throw PathProblem(.outputIsInput(input), path: output.path, option: output.option)
            }
            if let other = outputPlaces[place] {
                throw PathProblem(.sameOutputs(option: other.option, path: other.path), path: output.path, option: output.option)
            }
            outputPlaces[place] = output
            // One output inside another (`--json m.json --csv m.json`): they cannot both be written.
            let resolved = resolved(output.path)
            for other in resolvedOutputs where resolved.hasPrefix(other.resolved + "/") || other.resolved.hasPrefix(resolved + "/") {
                throw PathProblem(.sameOutputs(option: other.option, path: other.path), path: output.path, option: output.option)
            }
            resolvedOutputs.append((resolved, output.path, output.option))
        }
    }

    /// Where a path leads: the file (device and inode) when it exists, else its resolved absolute path.
    enum Place: Hashable {
        case file(device: UInt64, inode: UInt64)
        case path(String)

        init(_ path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                self = .file(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(info.st_ino))
            } else {
                self = .path(PathCheck.resolved(path))
            }
        }
    }

    /// The absolute path with `.` and `..` removed and the symbolic links of its longest existing prefix
    /// followed (the rest does not exist yet, so it is taken as written).
    public static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var components: [String] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = components.popLast(); continue }
            components.append(String(part))
        }
        // Resolve the longest prefix that exists.
        var existing = components.count
        while existing > 0 {
            let prefix = "/" + components[0..<existing].joined(separator: "/")
            if let real = realpath(prefix, nil) {
                defer { free(real) }
                let rest = components[existing...]
                let head = String(cString: real)
                return rest.isEmpty ? head : (head == "/" ? "" : head) + "/" + rest.joined(separator: "/")
            }
            existing -= 1
        }
        return "/" + components.joined(separator: "/")
    }

    private static func writableFolder(containing path: String, option: String, createsFolders: Bool) throws(PathProblem) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // The nearest ancestor that exists.
        var folder = parent
        var info = stat()
        while stat(folder, &info) != 0 {
            let up = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            if up == folder { break }
            folder = up
        }
        guard fileKind(info.st_mode) == .folder else {
            throw PathProblem(.notAFolder(folder), path: path, option: option)
        }
        if folder != parent && !createsFolders {
            throw PathProblem(.folderMissing(displayFolder(of: path)), path: path, option: option)
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw PathProblem(.folderNotWritable(folder), path: path, option: option)
        }
    }

    /// The folder part of a path as the user wrote it (`.` for a bare name).
    private static func displayFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Nil for a regular file, else what it is.
    static func fileKind(_ mode: mode_t) -> PathProblem.FileKind? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .folder
        case S_IFIFO: return .pipe
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        default: return .other
        }
    }
}
