import Foundation
import SheetCore

extension JSONWriter {
    /// Writes a document into a new file at `url` (created or truncated) through a buffer of `chunk` bytes,
    /// handed to `write(2)` each time it fills.
    /// - Throws: the file system's error (creating, writing or closing the file).
    static func stream(toFile url: URL, chunk: Int, _ body: (JSONWriter) -> Void) throws {
        let path = url.path
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw fileError(path, errno) }
        let w = JSONWriter(chunk: chunk) { bytes in
            guard let start = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(descriptor, start + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw fileError(path, errno)
                }
                offset += n
            }
        }
        body(w)
        var failure: (any Error)?
        do { try w.finish() } catch { failure = error }
        if Foundation.close(descriptor) != 0, failure == nil { failure = fileError(path, errno) }
        if let failure { throw failure }
    }

    private static func fileError(_ path: String, _ code: Int32) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                 NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
    }
}
