import Foundation
import Testing
import TestSupport
@testable import ZipArchive

@Suite struct ZipArchiveTests {
    @Test func roundTripMemoryAndFileEntries() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        let target = dir.appendingPathComponent("a.zip").path
        let spool = dir.appendingPathComponent("spool.xml")
        let big = [UInt8](String(repeating: "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", count: 20_000).utf8)
        try Data(big).write(to: spool)
        let writer = try ZipWriter(path: target)
        try writer.addEntry(named: "[Content_Types].xml", bytes: Array("<Types/>".utf8))
        try writer.addEntry(named: "xl/worksheets/sheet1.xml", contentsOf: spool.path)
        try writer.addEntry(named: "empty.txt", bytes: [], compress: false)
        try writer.close()

        let reader = try ZipReader(path: target)
        #expect(reader.entries.map(\.name) == ["[Content_Types].xml", "xl/worksheets/sheet1.xml", "empty.txt"])
        #expect(try reader.readAll(#require(reader.entry(named: "[Content_Types].xml"))) == Array("<Types/>".utf8))
        #expect(try reader.readAll(#require(reader.entry(named: "/XL\\Worksheets\\Sheet1.xml"))) == big)
        #expect(try reader.readAll(#require(reader.entry(named: "empty.txt"))) == [])
        #expect(reader.entry(named: "nope.xml") == nil)
    }

    @Test func deterministicBytes() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        func make(_ name: String) throws -> Data {
            let path = dir.appendingPathComponent(name).path
            let writer = try ZipWriter(path: path)
            try writer.addEntry(named: "a.xml", bytes: Array("hello hello hello".utf8))
            try writer.close()
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        #expect(try make("1.zip") == make("2.zip"))
    }

    @Test func duplicateEntryIsRejected() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        let writer = try ZipWriter(path: dir.appendingPathComponent("d.zip").path)
        try writer.addEntry(named: "a", bytes: [1])
        #expect(throws: ZipError.self) { try writer.addEntry(named: "a", bytes: [2]) }
        writer.discard()
    }

    @Test func discardLeavesPreviousFileIntact() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        let path = dir.appendingPathComponent("keep.zip").path
        let first = try ZipWriter(path: path)
        try first.addEntry(named: "v1", bytes: [1])
        try first.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let second = try ZipWriter(path: path)
        try second.addEntry(named: "v2", bytes: [2])
        second.discard()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.zip"])
    }

    @Test func notAZipAndTruncated() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        let text = dir.appendingPathComponent("text.xlsx")
        try Data("just text, not a zip at all".utf8).write(to: text)
        #expect { try ZipReader(path: text.path) } throws: { ($0 as? ZipError)?.kind == .notAZip }

        let good = dir.appendingPathComponent("good.zip").path
        let writer = try ZipWriter(path: good)
        try writer.addEntry(named: "a.xml", bytes: [UInt8](repeating: 65, count: 10_000))
        try writer.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        let cut = dir.appendingPathComponent("cut.zip")
        try data.prefix(data.count / 2).write(to: cut)
        #expect { try ZipReader(path: cut.path) } throws: { error in
            guard let e = error as? ZipError else { return false }
            return (e.kind == .corrupt || e.kind == .notAZip) && e.description.hasPrefix(cut.path)
        }
        #expect { try ZipReader(path: dir.appendingPathComponent("missing.zip").path) } throws: {
            ($0 as? ZipError)?.kind == .cannotOpen
        }
    }

    @Test func ratioAndSizeLimits() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip")
        let path = dir.appendingPathComponent("bomb.zip").path
        let writer = try ZipWriter(path: path, compressionLevel: 9)
        try writer.addEntry(named: "zeros", bytes: [UInt8](repeating: 0, count: 8 << 20))
        try writer.close()
        let strict = ZipLimits(maxEntrySize: 1 << 20)
        let reader = try ZipReader(path: path, limits: strict)
        #expect { try reader.readAll(reader.entries[0]) } throws: {
            ($0 as? ZipError)?.kind == .limitExceeded && "\($0)".contains("[zeros]")
        }
        let ratio = try ZipReader(path: path, limits: ZipLimits(maxCompressionRatio: 100, ratioCheckThreshold: 1 << 20))
        #expect { try ratio.readAll(ratio.entries[0]) } throws: { ($0 as? ZipError)?.kind == .limitExceeded }
    }
}

/// Entries deflated ahead of time (on other threads) give the very bytes libzip writes when it deflates them.
@Suite struct DeflatedEntryTests {
    /// Two parts, of a size and mix of texts where libzip's chunked reading matters, written both ways.
    func parts() -> [[UInt8]] {
        let rows = (0..<30_000).map { "<row r=\"\($0 + 1)\"><c r=\"A\($0 + 1)\" t=\"inlineStr\"><is><t>第\($0 % 977)行（☑）</t></is></c></row>" }
        return [Array(rows.joined().utf8), Array(rows.reversed().joined(separator: "\n").utf8)]
    }

    func write(_ path: String, level: Int, ahead: Bool, files: [FileHandle]) throws {
        let writer = try ZipWriter(path: path, compressionLevel: level)
        try writer.addEntry(named: "[Content_Types].xml", bytes: Array("<Types/>".utf8))
        var entries: [DeflatedEntry] = []
        if ahead {
            // Deflated concurrently, as XLSXWriter does.
            let results = UnsafeSendableBox(Array<Result<DeflatedEntry, ZipError>?>(repeating: nil, count: files.count))
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                let size = Int64((try? files[i].seekToEnd()) ?? 0)
                do throws(ZipError) {
                    results.set(i, .success(try DeflatedEntry(fileDescriptor: files[i].fileDescriptor, length: size, compressionLevel: level, file: "part\(i)")))
                } catch { results.set(i, .failure(error)) }
            }
            entries = try results.values.map { try #require($0).get() }
        }
        for (i, file) in files.enumerated() {
            if ahead {
                try writer.addEntry(named: "xl/worksheets/sheet\(i + 1).xml", deflated: entries[i])
            } else {
                try writer.addEntry(named: "xl/worksheets/sheet\(i + 1).xml", fileDescriptor: file.fileDescriptor,
                                    length: Int64(try file.seekToEnd()))
            }
        }
        try writer.addEntry(named: "docProps/app.xml", bytes: Array("<Properties/>".utf8))
        try writer.close()
    }

    @Test(arguments: [1, 3, 6])
    func sameBytesAsDeflatingAtClose(level: Int) throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-ahead")
        let data = parts()
        let files = try data.enumerated().map { i, bytes in
            let url = dir.appendingPathComponent("spool\(i)")
            try Data(bytes).write(to: url)
            return try FileHandle(forReadingFrom: url)
        }
        let serial = dir.appendingPathComponent("serial.zip").path, ahead = dir.appendingPathComponent("ahead.zip").path
        try write(serial, level: level, ahead: false, files: files)
        try write(ahead, level: level, ahead: true, files: files)
        let a = try Data(contentsOf: URL(fileURLWithPath: serial)), b = try Data(contentsOf: URL(fileURLWithPath: ahead))
        #expect(a.count > 1000)
        #expect(a == b, "level \(level): \(a.count) vs \(b.count) bytes")
        let reader = try ZipReader(path: ahead)
        #expect(try reader.readAll(#require(reader.entry(named: "xl/worksheets/sheet2.xml"))) == data[1])
    }

    @Test func otherLevelIsRejectedAndTheEntryCanBeReused() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-ahead")
        let url = dir.appendingPathComponent("spool")
        try Data(parts()[0]).write(to: url)
        let file = try FileHandle(forReadingFrom: url)
        let entry = try DeflatedEntry(fileDescriptor: file.fileDescriptor, length: Int64(try file.seekToEnd()), compressionLevel: 1, file: url.path)
        let other = try ZipWriter(path: dir.appendingPathComponent("x.zip").path, compressionLevel: 6)
        #expect { try other.addEntry(named: "a.xml", deflated: entry) } throws: { ($0 as? ZipError)?.kind == .invalidArgument }
        other.discard()
        // The same entry goes into two archives (a retried write); both read back whole.
        for name in ["1.zip", "2.zip"] {
            let writer = try ZipWriter(path: dir.appendingPathComponent(name).path, compressionLevel: 1)
            try writer.addEntry(named: "a.xml", deflated: entry)
            try writer.close()
            let reader = try ZipReader(path: dir.appendingPathComponent(name).path)
            #expect(try reader.readAll(#require(reader.entry(named: "a.xml"))) == parts()[0])
        }
    }

    @Test func unreadableFileIsAClearError() throws {
        #expect { try DeflatedEntry(fileDescriptor: -1, length: 10, compressionLevel: 1, file: "gone.xml") } throws: { error in
            guard let e = error as? ZipError else { return false }
            return e.kind == .writeFailed && e.file == "gone.xml"
        }
    }
}

/// Results filled in by concurrent iterations, each into its own slot.
private final class UnsafeSendableBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [T?]
    init(_ values: [T?]) { self.values = values }
    func set(_ i: Int, _ value: T) { lock.lock(); values[i] = value; lock.unlock() }
}
/// Entries whose declared (uncompressed) size lies: the read buffer is sized from it, the limits are not.
@Suite struct ZipDeclaredSizeTests {
    /// Writes one deflated entry, then patches its uncompressed size in the local header and the central
    /// directory to `declared`.
    static func lyingArchive(_ bytes: [UInt8], declared: UInt32, in dir: URL, name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let writer = try ZipWriter(path: path, compressionLevel: 9)
        try writer.addEntry(named: "part.xml", bytes: bytes)
        try writer.close()
        var data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        func patch(_ offset: Int) {
            for i in 0..<4 { data[offset + i] = UInt8(truncatingIfNeeded: declared >> (8 * UInt32(i))) }
        }
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        patch(22)  // local file header: uncompressed size
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        var found: Int?
        for offset in 0..<(data.count - 4) where Array(data[offset..<offset + 4]) == signature {
            found = offset
            break
        }
        let central = try #require(found)
        patch(central + 24)  // central directory header: uncompressed size
        try Data(data).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func initialCapacityFollowsTheDeclaredSizeWithinBounds() {
        #expect(ZipReader.initialCapacity(declaredSize: 55_465, maxCapacity: 1 << 20) == 55_466)
        #expect(ZipReader.initialCapacity(declaredSize: 10, maxCapacity: 1 << 20) == 4096)
        #expect(ZipReader.initialCapacity(declaredSize: 0, maxCapacity: 1 << 20) == 4096)
        #expect(ZipReader.initialCapacity(declaredSize: 5 << 20, maxCapacity: 1 << 20) == 1 << 20)
        #expect(ZipReader.initialCapacity(declaredSize: (1 << 20) - 1, maxCapacity: 1 << 20) == 1 << 20)
        #expect(ZipReader.initialCapacity(declaredSize: -1, maxCapacity: 1 << 20) == 1 << 20)
        #expect(ZipReader.initialCapacity(declaredSize: Int64.max, maxCapacity: 1 << 18) == 1 << 18)
    }

    @Test func understatedSizeStillReadsEverything() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-lie")
        let text = [UInt8]((0..<40_000).map { "<c r=\"A\($0)\"><v>\($0 * 7)</v></c>" }.joined().utf8)
        let path = try Self.lyingArchive(text, declared: 10, in: dir, name: "under.zip")
        let reader = try ZipReader(path: path)
        #expect(reader.entries[0].declaredSize == 10)
        var chunks: [Int] = []
        var bytes: [UInt8] = []
        // libzip (as installed here) delivers the data despite the header: all of it, in chunks that grow
        // from 4 KB up to the chunk size instead of staying at the declared size.
        try reader.read(reader.entries[0], chunkSize: 1 << 16) { chunk in
            chunks.append(chunk.count)
            bytes.append(contentsOf: chunk)
        }
        #expect(bytes == text)
        #expect(chunks.first == 4096)
        #expect(chunks.max() == 1 << 16)
        #expect(chunks.count < 40)
    }

    @Test func understatedSizeDoesNotEscapeTheLimits() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-lie")
        let path = try Self.lyingArchive([UInt8](repeating: 0, count: 4 << 20), declared: 100, in: dir, name: "bomb.zip")
        let reader = try ZipReader(path: path, limits: ZipLimits(maxEntrySize: 1 << 20))
        #expect { try reader.readAll(reader.entries[0]) } throws: { error in
            (error as? ZipError)?.kind == .limitExceeded && "\(error)".contains("per-part limit")
        }
        let ratio = try ZipReader(path: path, limits: ZipLimits(maxCompressionRatio: 100, ratioCheckThreshold: 1 << 20))
        #expect { try ratio.readAll(ratio.entries[0]) } throws: { error in
            (error as? ZipError)?.kind == .limitExceeded && "\(error)".contains("compression ratio")
        }
    }

    @Test func overstatedSizeReadsTheRealBytes() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-lie")
        let text = [UInt8]("<a>short</a>".utf8)
        let path = try Self.lyingArchive(text, declared: 900_000, in: dir, name: "over.zip")
        let reader = try ZipReader(path: path)
        #expect(try reader.readAll(reader.entries[0]) == text)
    }
}

@Suite struct ZipCompressedReadTests {
    @Test func compressedBytesAndAccounting() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zip-raw")
        let path = dir.appendingPathComponent("raw.zip").path
        let text = [UInt8](String(repeating: "<row><c><v>1</v></c></row>", count: 2_000).utf8)
        let writer = try ZipWriter(path: path)
        try writer.addEntry(named: "deflated.xml", bytes: text)
        try writer.addEntry(named: "stored.xml", bytes: text, compress: false)
        try writer.close()
        let reader = try ZipReader(path: path, limits: ZipLimits(maxTotalSize: Int64(text.count) * 2 + 10))
        let deflated = try #require(reader.entry(named: "deflated.xml")), stored = try #require(reader.entry(named: "stored.xml"))
        #expect(deflated.compressionMethod == 8 && stored.compressionMethod == 0)
        #expect(deflated.crc32 != nil && deflated.crc32 == stored.crc32)
        let raw = try #require(try reader.readCompressed(deflated, maxBytes: 1 << 20))
        #expect(Int64(raw.count) == deflated.compressedSize && raw.count < text.count)
        #expect(try reader.readCompressed(stored, maxBytes: 1 << 20) == text)
        #expect(try reader.readCompressed(deflated, maxBytes: raw.count - 1) == nil)
        // Accounting counts like inflating: two copies fit, a third goes over the per-file total.
        try reader.account(deflated, inflatedBytes: Int64(text.count))
        _ = try reader.readAll(stored)
        #expect { try reader.account(deflated, inflatedBytes: Int64(text.count)) } throws: {
            ($0 as? ZipError)?.kind == .limitExceeded && ($0 as? ZipError)?.entry == "deflated.xml"
        }
        let ratio = try ZipReader(path: path, limits: ZipLimits(maxCompressionRatio: 2, ratioCheckThreshold: 1))
        #expect { try ratio.account(deflated, inflatedBytes: Int64(text.count)) } throws: { ($0 as? ZipError)?.kind == .limitExceeded }
    }
}
