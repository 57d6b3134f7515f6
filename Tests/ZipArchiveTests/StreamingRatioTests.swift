import Foundation
import Testing
import TestSupport
@testable import ZipArchive

/// Issue 13: the compression ratio holds while the bytes stream (a 2 MB entry inflated 2.09 GB before the
/// end-of-stream check fired), per-part limits, and an empty file found by the FuzzZip fuzzer.
@Suite struct StreamingRatioTests {
    @Test func entryDeclaringARatioPastTheLimitIsRefusedBeforeInflating() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-ratio")
        let path = dir.appendingPathComponent("bomb.zip").path
        let writer = try ZipWriter(path: path, compressionLevel: 9)
        try writer.addEntry(named: "zeros", bytes: [UInt8](repeating: 0x20, count: 8 << 20))
        try writer.close()
        let reader = try ZipReader(path: path, limits: ZipLimits(maxCompressionRatio: 100, ratioCheckThreshold: 1 << 20))
        let entry = reader.entries[0]
        var delivered = 0
        #expect { try reader.read(entry) { delivered += $0.count } } throws: { error in
            let text = "\(error)"
            return (error as? ZipError)?.kind == .limitExceeded && text.contains("compression ratio above 100:1") && text.contains("declared")
        }
        #expect(delivered == 0)
        #expect(throws: ZipError.self) { try reader.readAll(entry, maxBytes: 16 << 20) }
    }

    @Test func entryOverrunningItsDeclaredSizeStopsSoonAfter() throws {
        // Declared as 1,000 bytes; inflates to 40 MiB: stopped once it passes the declared size by the
        // ratio threshold (here 1 MiB), long before the end.
        let dir = try TestSupport.makeTemporaryDirectory("zip-ratio")
        let path = try ZipDeclaredSizeTests.lyingArchive([UInt8](repeating: 0x20, count: 40 << 20), declared: 1000, in: dir, name: "liar.zip")
        let reader = try ZipReader(path: path, limits: ZipLimits(ratioCheckThreshold: 1 << 20))
        var delivered = 0
        #expect { try reader.read(reader.entries[0]) { delivered += $0.count } } throws: { error in
            "\(error)".contains("past its declared size of 1000 bytes")
        }
        #expect(delivered <= 2 << 20)
    }

    @Test func partLimitIsCheckedOnTheDeclaredSizeAndWhileStreaming() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-part")
        let path = dir.appendingPathComponent("parts.zip").path
        let writer = try ZipWriter(path: path)
        try writer.addEntry(named: "styles.xml", bytes: Array(String(repeating: "<x/>", count: 100_000).utf8))
        try writer.close()
        let reader = try ZipReader(path: path)
        let limit = ZipPartLimit(bytes: 1000, kind: "a styles part")
        #expect { try reader.read(reader.entries[0], partLimit: limit) { _ in } } throws: {
            "\($0)".contains("declares 400000 bytes, more than the limit of 1000 bytes for a styles part")
        }
        let liar = try ZipDeclaredSizeTests.lyingArchive(Array(String(repeating: "<x/>", count: 100_000).utf8), declared: 10, in: dir, name: "liar.zip")
        let lying = try ZipReader(path: liar)
        #expect { try lying.readAll(lying.entries[0], maxBytes: 1 << 20, partLimit: limit) } throws: {
            "\($0)".contains("inflates past the limit of 1000 bytes for a styles part")
        }
        #expect(try reader.readAll(reader.entries[0], maxBytes: 1 << 20, partLimit: ZipPartLimit(bytes: 400_000, kind: "x"))?.count == 400_000)
    }

    /// FuzzZip found it (Tests/FuzzRegressions/FuzzZip/empty-file-leak): a 0-byte file's buffer was never freed.
    /// The leak shows only under the sanitizer; here, the file still opens as an empty archive, as before.
    @Test func emptyFileIsAnEmptyArchive() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-empty")
        let path = dir.appendingPathComponent("empty.xlsx").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        for _ in 0..<3 {
            let reader = try ZipReader(path: path)
            #expect(reader.entries.isEmpty && reader.leadingBytes.isEmpty)
        }
    }
}

/// FuzzXLSXParts found it (Tests/FuzzRegressions/FuzzXLSXParts/empty-*-leak): an empty entry's buffer was never
/// freed by libzip. The leak shows only under the sanitizer; here, empty entries write and read back empty.
@Suite struct EmptyEntryTests {
    @Test func emptyEntriesRoundTrip() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-empty-entry")
        let path = dir.appendingPathComponent("e.zip").path
        let writer = try ZipWriter(path: path)
        try writer.addEntry(named: "empty.xml", bytes: [])
        try writer.addEntry(named: "stored.xml", bytes: [], compress: false)
        try writer.addEntry(named: "full.xml", bytes: Array("<a/>".utf8))
        try writer.close()
        let reader = try ZipReader(path: path)
        #expect(reader.entries.map(\.name) == ["empty.xml", "stored.xml", "full.xml"])
        #expect(try reader.readAll(reader.entries[0]).isEmpty)
        #expect(try reader.readAll(reader.entries[1]).isEmpty)
        #expect(try reader.readAll(reader.entries[2]) == Array("<a/>".utf8))
    }
}
