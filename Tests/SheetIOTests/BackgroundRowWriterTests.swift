import CSV
import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport

@Suite("BackgroundRowWriter")
struct BackgroundRowWriterTests {
    /// Rows of a few kinds of values, with gaps between rows and a later row wider than the first.
    private func rows(_ count: Int) -> [SheetRow] {
        (0..<count).map { r in
            let width = r == count / 2 ? 5 : 3
            var cells = [SheetCell(column: 0, value: .number(Double(r))),
                         SheetCell(column: 2, value: .string(r % 3 == 0 ? "=x\(r)" : "行,\(r)"))]
            if width == 5 { cells.append(SheetCell(column: 4, value: .bool(true))) }
            return SheetRow(row: r * 2, cells: cells, width: width)
        }
    }

    @Test func writesTheSameBytesAsTheWrappedWriterAlone() throws {
        let dir = try TestSupport.makeTemporaryDirectory("background-writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let direct = dir.appendingPathComponent("direct.csv").path
        let background = dir.appendingPathComponent("background.csv").path
        let input = rows(2_000)
        let plain = try SheetIO.makeRowWriter(path: direct, sheetName: "x")
        for row in input { try plain.write(row) }
        try plain.close()
        // Small batches and a short queue, so the threads really hand over and wait for each other.
        let threaded = BackgroundRowWriter(try CSVSheetWriter(path: background), batchSize: 7, maxBatches: 2)
        for row in input { try threaded.write(row) }
        #expect(!FileManager.default.fileExists(atPath: background), "nothing is visible before close()")
        try threaded.close()
        let expected = try Data(contentsOf: URL(fileURLWithPath: direct))
        #expect(expected.count > 20_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: background)) == expected)
    }

    private struct Boom: Error {}

    /// A writer that fails on a given row.
    private final class FailingWriter: SheetRowWriter {
        let failAt: Int
        var written = 0
        var discarded = false
        var closed = false
        init(failAt: Int) { self.failAt = failAt }
        func write(_ row: SheetRow) throws {
            if row.row == failAt { throw Boom() }
            written += 1
        }
        func close() throws { closed = true }
        func discard() { discarded = true }
    }

    @Test func theWrappedWritersErrorReachesTheCaller() throws {
        let inner = FailingWriter(failAt: 10)
        let writer = BackgroundRowWriter(inner, batchSize: 4, maxBatches: 1)
        var thrown: (any Error)?
        do {
            for r in 0..<10_000 { try writer.write(SheetRow(row: r, cells: [], width: 1)) }
            try writer.close()
        } catch {
            thrown = error
            writer.discard()
        }
        #expect(thrown is Boom)
        #expect(inner.written == 10, "rows before the failing one were written, none after")
        #expect(!inner.closed)
        #expect(inner.discarded)
    }

    @Test func discardStopsTheThreadAndTheOutput() throws {
        let dir = try TestSupport.makeTemporaryDirectory("background-discard")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("never.csv").path
        let writer = BackgroundRowWriter(try CSVSheetWriter(path: path), batchSize: 3)
        for row in rows(100) { try writer.write(row) }
        writer.discard()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no stage file left behind")
    }
}

@Suite("SheetIO.copyRows")
struct CopyRowsTests {
    private struct Boom: Error {}
    private final class FailingWriter: SheetRowWriter {
        var rows = 0
        func write(_ row: SheetRow) throws {
            rows += 1
            if rows == 100 { throw Boom() }
        }
        func close() throws {}
        func discard() {}
    }

    @Test func theWritersErrorStopsTheCopy() throws {
        let dir = try TestSupport.makeTemporaryDirectory("copyrows-error")
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("big.xlsx").path
        var grid = Grid(name: "data")
        for r in 0..<5_000 { grid[r, 0] = GridCell(value: .number(Double(r))) }
        try SheetIO.write(grid, to: xlsx)
        let writer = FailingWriter()
        #expect(throws: Boom.self) { try SheetIO.copyRows(path: xlsx, to: writer, background: true) }
        #expect(writer.rows == 100)
    }
}
