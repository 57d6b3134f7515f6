import Foundation
import SheetCore

/// An upload on its way to disk: bytes are written to a temporary file and hashed as they arrive; past the
/// size limit the file is removed and `write` throws `Portal.UploadRefusal.tooLarge` (nothing is stored).
public final class UploadSink: @unchecked Sendable {
    public let url: URL
    public let limit: Int
    private let sink: FileSink
    private var hasher = SHA256()
    public private(set) var size = 0
    private var finished = false

    init(url: URL, limit: Int) throws {
        self.url = url
        self.limit = limit
        sink = try FileSink(url: url)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        size += bytes.count
        if size > limit {
            discard()
            throw Portal.UploadRefusal.tooLarge(limit: limit)
        }
        try sink.write(bytes)
        hasher.update(bytes)
    }

    /// fsyncs and closes the file; returns its SHA-256.
    public func finish() throws -> String {
        finished = true
        do { try sink.close() } catch { discard(); throw error }
        return hasher.finalize().hex
    }

    /// Removes the temporary file (a refused or failed upload).
    public func discard() {
        finished = true
        sink.abandon()
        try? FileManager.default.removeItem(at: url)
    }

    deinit { if !finished { discard() } }
}
