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
