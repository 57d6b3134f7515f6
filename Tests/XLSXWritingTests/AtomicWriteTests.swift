import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXWriting

/// A failed or interrupted write leaves the previous file untouched and nothing else behind.
@Suite struct AtomicWriteTests {
    func book(spoolIn folder: URL, text: String, streaming: Bool) throws -> XLSXWriter {
        let book = XLSXWriter(options: XLSXWriter.Options(temporaryDirectory: folder.path))
        if streaming {
            let sheet = try book.addStreamingSheet(named: "s")
            for i in 0..<1_000 { try sheet.appendRow([.string(text), .number(Double(i))]) }
        } else {
            let sheet = try book.addSheet(named: "s")
            try sheet.set(ref("A1"), .string(text))
        }
        return book
    }

    @Test(arguments: [0, 3, 8, 9], [false, true])
    func interruptedWriteKeepsTheOldFile(failAfter: Int, streaming: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-atomic")
        let spool = dir.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("book.xlsx")
        try book(spoolIn: spool, text: "old", streaming: false).write(to: target.path)
        let before = try Data(contentsOf: target)

        do {
            let second = try book(spoolIn: spool, text: "new", streaming: streaming)
            second.failAfterParts = failAfter
            #expect { try second.write(to: target.path) } throws: { error in
                (error as? XLSXWriteError)?.description.hasPrefix(target.path) == true
            }
            #expect(try Data(contentsOf: target) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["book.xlsx", "spool"])
            if failAfter < 9 {
                // The book stays usable: a retry without the fault succeeds.
                second.failAfterParts = nil
                let retry = dir.appendingPathComponent("retry.xlsx")
                try second.write(to: retry.path)
                #expect(try Data(contentsOf: retry).starts(with: Data([0x50, 0x4B, 0x03, 0x04])))
                try FileManager.default.removeItem(at: retry)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path) == [], "spool files must be cleaned up")
    }

    @Test func successfulWriteReplacesAndCleansUp() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-atomic")
        let spool = dir.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("book.xlsx")
        try Data("not a workbook".utf8).write(to: target)
        let book = try book(spoolIn: spool, text: "new", streaming: true)
        try book.write(to: target.path)
        #expect(try Data(contentsOf: target).starts(with: Data([0x50, 0x4B, 0x03, 0x04])))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["book.xlsx", "spool"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path) == [])
        // Streamed rows are gone after a write: a second write is refused clearly.
        #expect { try book.write(to: target.path) } throws: { ($0 as? XLSXWriteError)?.kind == .alreadyWritten }
    }

    @Test func randomAccessBooksCanBeWrittenTwice() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-atomic")
        let book = try book(spoolIn: dir, text: "again", streaming: false)
        try book.write(to: dir.appendingPathComponent("1.xlsx").path)
        try book.write(to: dir.appendingPathComponent("2.xlsx").path)
        #expect(try Data(contentsOf: dir.appendingPathComponent("1.xlsx")) == Data(contentsOf: dir.appendingPathComponent("2.xlsx")))
    }

    @Test func unwritableTargetIsAClearError() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-atomic")
        let target = dir.appendingPathComponent("no/such/folder/book.xlsx").path
        do {
            let book = try book(spoolIn: dir, text: "x", streaming: true)
            #expect { try book.write(to: target) } throws: { error in
                guard let e = error as? XLSXWriteError else { return false }
                return e.kind == .ioFailure && e.description.hasPrefix(target)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    @Test func spoolFilesHaveNoNameWhileStreaming() throws {
        // Spool files are unlinked at creation: even a killed process leaves nothing in the spool folder.
        let dir = try TestSupport.makeTemporaryDirectory("writer-atomic")
        let book = try book(spoolIn: dir, text: "anonymous", streaming: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        try book.write(to: dir.appendingPathComponent("done.xlsx").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["done.xlsx"])
    }
}

/// A peer once reported libzip-written workbooks that LibreOffice refused. The usual culprits are data
/// descriptors (general-purpose bit 3) and Zip64 extra fields; our archives must have neither.
@Suite struct ZipLayoutTests {
    @Test(arguments: [StringStorage.shared, .inline])
    func localHeadersArePlain(strings: StringStorage) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-ziplayout")
        let path = dir.appendingPathComponent("layout.xlsx").path
        let book = try makeFeatureWorkbook(strings: strings)
        let big = try book.addStreamingSheet(named: "big")
        for i in 0..<20_000 { try big.appendRow([.number(Double(i)), .string("第\(i)行")]) }
        try book.write(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        var offset = 0
        var entries = 0
        while offset + 30 <= bytes.count, u32(offset) == 0x0403_4B50 {
            let name = String(decoding: bytes[(offset + 30)..<(offset + 30 + u16(offset + 26))], as: UTF8.self)
            #expect(u16(offset + 4) == 20, "\(name): version needed to extract")
            #expect(u16(offset + 6) & 0x0008 == 0, "\(name): data descriptor flag")
            #expect(u16(offset + 8) == 8, "\(name): deflated")
            #expect(u16(offset + 28) == 0, "\(name): extra field (Zip64?)")
            #expect(u32(offset + 18) != 0xFFFF_FFFF, "\(name): Zip64 size marker")
            offset += 30 + u16(offset + 26) + u16(offset + 28) + u32(offset + 18)
            entries += 1
        }
        #expect(entries == (strings == .shared ? 17 : 16), "inline strings need no sharedStrings.xml")
        #expect(u32(offset) == 0x0201_4B50, "the central directory follows the last entry")
    }
}

/// A writer process killed at any moment leaves the previous file as it was and nothing else behind.
@Suite(.serialized) struct KilledWriterTests {
    /// The Benchmarks executable (built with the tests) writes W1 when asked through its environment.
    static var writerBinary: URL? {
        let candidate = TestSupport.disclosureBinary.deletingLastPathComponent().appendingPathComponent("Benchmarks")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Whether the process has a file open in `folder` (the archive being written, named or not).
    func isWritingArchive(_ pid: Int32, in folder: String) -> Bool {
        let fds = "/proc/\(pid)/fd"
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + fd), target.hasPrefix(folder + "/") {
                return true
            }
        }
        return false
    }

    enum KillMoment { case after(Double), whileWritingArchive(Double) }

    /// Runs the writer; returns whether it was killed while its archive was open.
    func runWriter(_ binary: URL, target: URL, kill moment: KillMoment) throws -> Bool {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["write"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["DISCLOSUREKIT_WRITE_CHILD": "inline:40000:\(target.path)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        var killedWhileWriting = false
        let folder = target.deletingLastPathComponent().path
        switch moment {
        case .after(let seconds):
            while process.isRunning, Date().timeIntervalSince(start) < seconds { usleep(2_000) }
            killedWhileWriting = isWritingArchive(process.processIdentifier, in: folder)
        case .whileWritingArchive(let delay):
            while process.isRunning, !isWritingArchive(process.processIdentifier, in: folder) { usleep(1_000) }
            usleep(UInt32(delay * 1_000_000))
            killedWhileWriting = isWritingArchive(process.processIdentifier, in: folder)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return killedWhileWriting && process.terminationReason == .uncaughtSignal
    }

    @Test func killedAtAnyMomentLeavesTheOldFileAndNoPartialFile() throws {
        guard let binary = Self.writerBinary else {
            Issue.record("the Benchmarks executable was not built (swift build --build-tests builds it)")
            return
        }
        let dir = try TestSupport.makeTemporaryDirectory("writer-killed")
        let target = dir.appendingPathComponent("book.xlsx")
        var killedWhileWriting = 0
        let moments: [KillMoment] = [.after(0.2), .whileWritingArchive(0), .whileWritingArchive(0.02),
                                     .whileWritingArchive(0.05), .whileWritingArchive(0.1)]
        for (i, moment) in moments.enumerated() {
            let old = XLSXWriter()
            try old.addSheet(named: "old").set(ref("A1"), .string("old \(i)"))
            try old.write(to: target.path)
            let before = try Data(contentsOf: target)
            if try runWriter(binary, target: target, kill: moment) { killedWhileWriting += 1 }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["book.xlsx"], "kill \(i)")
            let after = try Data(contentsOf: target)
            if after != before {
                // The writer finished first: then the file must be the complete new workbook.
                #expect(try XLSXComparison.unpack(target.path).1.contains("xl/worksheets/sheet1.xml"), "kill \(i)")
            }
        }
        #expect(killedWhileWriting >= 2, "the kills should land while the archive is being written")
    }
}

@Suite struct FinishedStreamingSheetTests {
    @Test func settingsAfterAFailedWriteAreRefusedNotLost() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-finished")
        let book = XLSXWriter()
        let sheet = try book.addStreamingSheet(named: "s")
        try sheet.appendRow([.string("a")])
        book.failAfterParts = 0
        #expect(throws: XLSXWriteError.self) { try book.write(to: dir.appendingPathComponent("x.xlsx").path) }
        #expect { try sheet.merge(range("A1:B1")) } throws: { ($0 as? XLSXWriteError)?.kind == .alreadyWritten }
        #expect { try sheet.addComment(at: ref("A1"), text: "late") } throws: { ($0 as? XLSXWriteError)?.kind == .alreadyWritten }
        #expect { try sheet.appendRow([.string("late")]) } throws: { ($0 as? XLSXWriteError)?.kind == .alreadyWritten }
        book.failAfterParts = nil
        try book.write(to: dir.appendingPathComponent("x.xlsx").path)
    }
}
