import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXWriting

/// Large parts deflated on other threads (`StreamingWorksheet.complete()`, or the writer once a second large
/// part appears) give the same file, byte for byte, as libzip deflating every part at close.
@Suite struct DeflateAheadTests {
    enum Mode { case atClose, whileWriting, completedEarly }

    /// Three large streaming sheets (CJK, numbers, dates), a small one, a large random-access one, styles.
    func makeBook(_ mode: Mode, level: Int) throws -> XLSXWriter {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, compressionLevel: level))
        book.deflatesAhead = mode != .atClose
        let bold = book.style(CellStyle(font: Font(bold: true)))
        for s in 0..<3 {
            let sheet = try book.addStreamingSheet(named: "大表\(s)")
            try sheet.setColumnWidth(0, 12)
            try sheet.freeze(rows: 1)
            try sheet.appendRow([.string("关区代码"), .string("说明"), .string("日期")], style: bold)
            for i in 0..<(6_000 + 1_000 * s) {
                try sheet.appendRow([.string(String(format: "%04d", i % 1_000)), .string("第\(i * (s + 1) % 733)项（已公开☑）"),
                                     .date(DateTimeValue(year: 2025, month: 1 + i % 12, day: 1 + i % 28)), .number(Double(i) / 8)])
            }
            try sheet.setAutoFilter(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: sheet.nextRow - 1, column: 2)))
            if mode == .completedEarly { try sheet.complete() }
        }
        let small = try book.addStreamingSheet(named: "小表")
        try small.appendRow([.string("合计"), .number(3)])
        if mode == .completedEarly { try small.complete() }
        let random = try book.addSheet(named: "随机")
        for r in 0..<4_000 { try random.set(CellReference(row: r, column: r % 5), .string("格\(r)")) }
        return book
    }

    @Test(arguments: [1, 3])
    func sameBytesWhicheverThreadDeflates(level: Int) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-ahead")
        var files: [Data] = []
        for (i, mode) in [Mode.atClose, .whileWriting, .completedEarly].enumerated() {
            let path = dir.appendingPathComponent("\(i).xlsx").path
            try makeBook(mode, level: level).write(to: path)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0].count > 100_000, "the sheets must be large enough to be deflated ahead")
        #expect(files[1] == files[0], "deflated while writing the other parts")
        #expect(files[2] == files[0], "deflated after complete()")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["0.xlsx", "1.xlsx", "2.xlsx"])

        let check = try TestSupport.python("""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
        for name in ["大表0", "大表1", "大表2"]:
            rows = list(wb[name].iter_rows(values_only=True))
            print(name, len(rows), rows[1][1], rows[-1][0])
        print(wb["小表"]["A1"].value, wb["随机"]["A1"].value)
        """, [dir.appendingPathComponent("2.xlsx").path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").map(String.init) == [
            "大表0 6001 第0项（已公开☑） 0999", "大表1 7001 第0项（已公开☑） 0999", "大表2 8001 第0项（已公开☑） 0999", "合计 格0",
        ])
    }

    @Test func completedSheetRefusesMoreRows() throws {
        let book = XLSXWriter()
        let sheet = try book.addStreamingSheet(named: "s")
        try sheet.appendRow([.string("a")])
        try sheet.complete()
        try sheet.complete()  // a second call changes nothing
        #expect { try sheet.appendRow([.string("late")]) } throws: { ($0 as? XLSXWriteError)?.kind == .alreadyWritten }
        #expect { try sheet.merge(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: 0, column: 1))) } throws: {
            ($0 as? XLSXWriteError)?.kind == .alreadyWritten
        }
        let dir = try TestSupport.makeTemporaryDirectory("writer-ahead")
        try book.write(to: dir.appendingPathComponent("s.xlsx").path)
        #expect(try Data(contentsOf: dir.appendingPathComponent("s.xlsx")).starts(with: Data([0x50, 0x4B, 0x03, 0x04])))
    }
}
