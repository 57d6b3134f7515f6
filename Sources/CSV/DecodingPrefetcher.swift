import Foundation

/// Reads and decodes a file's next chunks on a helper thread while the caller parses the current one.
///
/// At most two decoded chunks wait in the queue, so memory stays bounded; text buffers are handed back
/// with `recycle` and reused. The decoder lives on the helper thread only: what the reader needs to know
/// about it (encoding, byte order mark) travels with each chunk.
final class DecodingPrefetcher: @unchecked Sendable {
    struct Chunk {
        var text: [UInt8]
        var decodeError: TextDecodingError?
        var readError: String?
        /// The source is exhausted (or failed): no chunk follows.
        var isLast: Bool
        var encoding: TextEncoding?
        var byteOrderMarkLength: Int
        var preservesByteOffsets: Bool
    }

    private let handle: FileHandle
    private let decoder: TextDecoder
    private let chunkSize: Int
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var spare: [[UInt8]] = []
    private var cancelled = false
    private static let depth = 2

    init(handle: FileHandle, decoder: TextDecoder, chunkSize: Int) {
        self.handle = handle
        self.decoder = decoder
        self.chunkSize = max(1, chunkSize)
        let thread = Thread { [self] in run() }
        thread.name = "CSVReader decode"
        thread.start()
    }

    /// The next decoded chunk (blocks until the helper has one).
    func next() -> Chunk {
        condition.lock()
        while ready.isEmpty { condition.wait() }
        let chunk = ready.removeFirst()
        condition.signal()
        condition.unlock()
        return chunk
    }

    /// Hands a consumed text buffer back for reuse.
    func recycle(_ buffer: [UInt8]) {
        condition.lock()
        if spare.count < Self.depth + 1 { spare.append(buffer) }
        condition.unlock()
    }

    /// Stops the helper thread (it finishes the read in progress and exits).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while ready.count >= Self.depth && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            var text = spare.popLast() ?? []
            condition.unlock()
            text.removeAll(keepingCapacity: true)

            var chunk = Chunk(text: [], decodeError: nil, readError: nil, isLast: false, encoding: nil,
                              byteOrderMarkLength: 0, preservesByteOffsets: true)
            do {
                let data = try handle.read(upToCount: chunkSize) ?? Data()
                chunk.isLast = data.isEmpty
                chunk.decodeError = data.withUnsafeBytes { raw in
                    decoder.decode(raw.bindMemory(to: UInt8.self), isFinal: data.isEmpty, into: &text)
                }
                if chunk.decodeError != nil { chunk.isLast = true }
            } catch {
                chunk.readError = error.localizedDescription
                chunk.isLast = true
            }
            chunk.text = text
            chunk.encoding = decoder.encoding
            chunk.byteOrderMarkLength = decoder.byteOrderMarkLength
            chunk.preservesByteOffsets = decoder.preservesByteOffsets

            condition.lock()
            ready.append(chunk)
            condition.signal()
            condition.unlock()
            if chunk.isLast { return }
        }
    }
}
