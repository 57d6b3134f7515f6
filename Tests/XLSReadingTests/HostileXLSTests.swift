import Foundation
import SheetCore
import Testing
import TestSupport
import XLSReading
import XLSXReading

/// Damaged and hostile .xls files: each fails quickly with a located `XLSXError`, never a crash or a hang.
@Suite struct HostileXLSTests {
    typealias F = XLSFixture

    static func goodStream(strings: [String] = ["a", "b"], cells: [F.Record]? = nil) -> [UInt8] {
        F.stream(globals: F.standardGlobals(strings: strings),
                 sheets: [("s", 0, cells ?? [F.labelSST(0, 0, 0), F.labelSST(1, 0, 1), F.number(2, 0, 3)])])
    }

    static func expectError(_ bytes: [UInt8], kind: XLSXError.Kind, mentions: [String], readSheets: Bool = true) throws {
        let path = try F.write(bytes)
        let error = try #require(throws: XLSXError.self) {
            let workbook = try XLSWorkbook(path: path)
            if readSheets { for sheet in workbook.sheets { _ = try workbook.grid(sheet) } }
        }
        #expect(error.kind == kind, "\(error)")
        #expect(error.location.file == path)
        for text in mentions { #expect(error.description.contains(text), "\(error) should mention \(text)") }
    }

    @Test func theFixtureItselfReads() throws {
        let path = try F.write(F.compoundFile(Self.goodStream()))
        let grid = try XLSWorkbook(path: path).grid(named: "s")
        #expect(grid.value(CellReference("A2")!) == .string("b"))
        #expect(grid.value(CellReference("A3")!) == .number(3))
    }

    @Test func fatChainThatLoops() throws {
        // The stream's third sector points back at its first.
        let bytes = F.compoundFile(Self.goodStream()) { file in
            file.replaceSubrange(F.fatEntryOffset(4)..<F.fatEntryOffset(4) + 4, with: F.le32(2))
        }
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["[Workbook]", "loops"])
    }

    @Test func fatChainPointingOutsideTheFile() throws {
        let bytes = F.compoundFile(Self.goodStream()) { file in
            file.replaceSubrange(F.fatEntryOffset(3)..<F.fatEntryOffset(3) + 4, with: F.le32(0x00FF_FFFF))
        }
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["[Workbook]", "outside the file"])
    }

    @Test func absurdSectorSize() throws {
        let bytes = F.compoundFile(Self.goodStream()) { file in file.replaceSubrange(30..<32, with: F.le16(30)) }
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["CFB header"])
    }

    @Test func absurdFATSectorCount() throws {
        let bytes = F.compoundFile(Self.goodStream()) { file in file.replaceSubrange(44..<48, with: F.le32(0x7FFF_FFFF)) }
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["FAT sectors"])
    }

    @Test func streamLargerThanTheFile() throws {
        // The directory entry of the stream (entry 1 in sector 1) claims 16 MB.
        let bytes = F.compoundFile(Self.goodStream()) { file in
            let sizeOffset = 512 * 2 + 128 + 120
            file.replaceSubrange(sizeOffset..<sizeOffset + 4, with: F.le32(0x0100_0000))
        }
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["[Workbook]", "more than the whole file"])
    }

    @Test func recordLongerThanTheStream() throws {
        var stream = Self.goodStream()
        let end = stream.count
        stream += F.le16(0x0203) + F.le16(0xFFFF) + [1, 2, 3]
        // Make the sheet's EOF disappear so the reader reaches the bad record.
        stream.replaceSubrange((end - 4)..<end, with: F.le16(0x0200) + F.le16(0))
        let bytes = F.compoundFile(stream)
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["[Workbook]", "record 0x0203 at byte offset \(end)", "declares 65535 bytes"])
    }

    @Test func sstCountThatLiesHigh() throws {
        // Declares a billion strings but holds two: the two are read, nothing huge is reserved.
        let globals = F.standardGlobals() + [F.sst(["a", "b"], declared: 1_000_000_000)]
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [F.labelSST(0, 0, 1)])])))
        let workbook = try XLSWorkbook(path: path)
        #expect(workbook.sharedStrings == ["a", "b"])
        #expect(try workbook.grid(named: "s").value(CellReference("A1")!) == .string("b"))
    }

    @Test func sstStringCutOff() throws {
        // The last string says 200 characters but the record ends after 3.
        let data = F.le32(1) + F.le32(1) + F.le16(200) + [0] + Array("abc".utf8)
        let globals = F.standardGlobals() + [F.Record(0x00FC, data)]
        try Self.expectError(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [])])),
                             kind: .corruptPackage, mentions: ["[Workbook]", "record 0x00FC", "shared string 0"])
    }

    @Test func sharedStringIndexOutOfRange() throws {
        let stream = Self.goodStream(cells: [F.labelSST(4, 2, 7)])
        try Self.expectError(F.compoundFile(stream), kind: .invalidContent, mentions: ["[Workbook]!s!C5", "shared string 7"])
    }

    @Test func sheetOffsetPointingNowhere() throws {
        var stream = Self.goodStream()
        // BOUNDSHEET's offset is the first 4 bytes of its data: find the record (type 0x0085).
        var p = 0
        while p + 4 <= stream.count {
            let type = Int(stream[p]) | Int(stream[p + 1]) << 8, length = Int(stream[p + 2]) | Int(stream[p + 3]) << 8
            if type == 0x0085 { stream.replaceSubrange((p + 4)..<(p + 8), with: F.le32(0x7FFF_FFF0)); break }
            p += 4 + length
        }
        try Self.expectError(F.compoundFile(stream), kind: .corruptPackage, mentions: ["[Workbook]!s", "no sheet (BOF record)"])
    }

    @Test func noWorkbookStream() throws {
        try Self.expectError(F.compoundFile(Self.goodStream(), name: "WordDocument"), kind: .notASpreadsheet, mentions: ["CFB/OLE"])
    }

    @Test func truncatedFile() throws {
        let bytes = Array(F.compoundFile(Self.goodStream()).prefix(1500))
        try Self.expectError(bytes, kind: .corruptPackage, mentions: ["[directory]", "beyond the end of the file"])
    }
}
