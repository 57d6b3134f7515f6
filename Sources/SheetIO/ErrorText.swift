import Foundation
import SheetCore

/// One error as a user-facing line in one language.
public enum ErrorText {
    /// The error's located message in `language`: the error's own `description(in:)` when it has one;
    /// Foundation's file errors in plain words with the path once (never `NSCocoaErrorDomain error 512`);
    /// otherwise the error's description.
    public static func describe(_ error: any Error, in language: Language) -> String {
        if let error = error as? any LocalizedDescribing { return error.description(in: language) }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String)
                ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
            let reason = reason(ns, language: language)
            return path.map { "\($0): \(reason)" } ?? reason
        }
        return "\(error)"
    }

    private static func reason(_ error: NSError, language: Language) -> String {
        let zh = language == .zh
        var posix = (error.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        if error.domain == NSPOSIXErrorDomain { posix = Int32(error.code) }
        switch posix {
        case ENOENT?: return zh ? "文件或文件夹不存在" : "no such file or folder"
        case EACCES?, EPERM?: return zh ? "没有权限" : "permission denied"
        case EISDIR?: return zh ? "是一个文件夹" : "is a folder"
        case ENOSPC?: return zh ? "磁盘空间不足" : "no space left on the device"
        case EROFS?: return zh ? "文件系统只读" : "the file system is read-only"
        case ENOTDIR?: return zh ? "路径中有一部分不是文件夹" : "a part of the path is not a folder"
        default: break
        }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return zh ? "文件不存在" : "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: return zh ? "没有权限" : "permission denied"
        case .fileWriteOutOfSpace: return zh ? "磁盘空间不足" : "no space left on the device"
        case .fileWriteVolumeReadOnly: return zh ? "文件系统只读" : "the file system is read-only"
        case .fileReadCorruptFile: return zh ? "文件内容无法读取" : "the file's content cannot be read"
        default:
            if let posix { return String(cString: strerror(posix)) }
            return zh ? (error.domain == NSCocoaErrorDomain && error.code >= 512 && error.code < 640 ? "无法写入" : "无法读取")
                : (error.code >= 512 && error.code < 640 ? "cannot write" : "cannot read")
        }
    }
}
