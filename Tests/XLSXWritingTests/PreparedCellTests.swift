import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading
@testable import XLSXWriting

/// `StreamingWorksheet.appendRow(format:_:)` with prepared cells writes the bytes `appendRow(_:styles:)` writes;
/// shared prepared cells read back like inline text in our reader and openpyxl.
@Suite struct PreparedCellTests {
    static let rows: [[CellValue]] = [
        [.string("a"), .string("海关 <&> \"q\""), .string(" lead"), .number(1.5)],
        [.empty, .string("x"), .empty, .empty, .number(5), .date(DateTimeValue(year: 2025, month: 3, day: 15))],
        [.string("p"), .string(""), .string("q"), .bool(true), .error("#N/A"), .string("tail_x0041_")],
        [.empty, .empty, .empty],
    ]

    /// Column 1 styled (so its empty cells are written), the others default.
    static func styles(_ row: [CellValue], _ styled: StyleID) -> [StyleID] {
        row.indices.map { $0 == 1 ? styled : .default }
    }

    func write(_ path: String, implicit: Bool, prepared: Bool) throws {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, implicitCellReferences: implicit))
        let styled = book.style(CellStyle(font: Font(bold: true)))
        let sheet = try book.addStreamingSheet(named: "data")
        for row in Self.rows {
            let styles = Self.styles(row, styled)
            if prepared {
                // Even columns as prepared cells, odd ones as values.
                let cells = try row.indices.map { try sheet.prepare(row[$0], style: styles[$0]) }
                try sheet.appendRow { r throws(XLSXWriteError) in
                    for c in row.indices {
                        if c % 2 == 0 { try r.append(cells[c]) } else { try r.append(row[c], style: styles[c]) }
                    }
                }
            } else {
                try sheet.appendRow(row, styles: styles)
            }
        }
        try book.write(to: path)
    }

    @Test(arguments: [false, true])
    func preparedRowsAreTheSameBytes(implicit: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("prepared")
        let a = dir.appendingPathComponent("values.xlsx").path, b = dir.appendingPathComponent("prepared.xlsx").path
        try write(a, implicit: implicit, prepared: false)
        try write(b, implicit: implicit, prepared: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    }

    @Test func sharedPreparedCellsReadBackLikeInlineText() throws {
        let dir = try TestSupport.makeTemporaryDirectory("prepared-shared")
        let texts = ["☑", "☐", "海关 <&>", " spaced ", "☑"]
        func write(_ path: String, shared: Bool) throws {
            let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, implicitCellReferences: true))
            let sheet = try book.addStreamingSheet(named: "data")
            let cells = try texts.map { try sheet.prepareShared($0) }
            let empty = try sheet.prepareShared("")
            #expect(empty.body.isEmpty && !empty.isShared, "an empty text is no table entry")
            for n in 0..<6 {
                try sheet.appendRow { r throws(XLSXWriteError) in
                    for k in texts.indices {
                        if shared { try r.append(cells[(k + n) % texts.count]) } else { try r.append(.string(texts[(k + n) % texts.count]), style: .default) }
                    }
                    try r.append(empty)
                    try r.append(.number(Double(n)), style: .default)
                }
            }
            try book.write(to: path)
        }
        let shared = dir.appendingPathComponent("shared.xlsx").path, inline = dir.appendingPathComponent("inline.xlsx").path
        try write(shared, shared: true)
        try write(inline, shared: false)
        let a = try XLSXWorkbook(path: shared).grid(named: "data"), b = try XLSXWorkbook(path: inline).grid(named: "data")
        #expect(a.sortedCells.map(\.0) == b.sortedCells.map(\.0))
        #expect(a.sortedCells.map(\.1.value) == b.sortedCells.map(\.1.value))
        #expect(a.value(CellReference(row: 0, column: 1)) == .string("☐"))
        #expect(a.value(CellReference(row: 5, column: 6)).text == "5")
        let check = try TestSupport.python("""
            import sys, zipfile, re, openpyxl
            rows = [[list(r) for r in openpyxl.load_workbook(f, read_only=ro)["data"].iter_rows(values_only=True)]
                    for f in sys.argv[1:] for ro in (False, True)]
            sst = zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode()
            print(all(r == rows[0] for r in rows), re.search(r'count="(\\d+)" uniqueCount="(\\d+)"', sst).groups(), rows[0][0])
            """, [shared, inline])
        #expect(check.status == 0, "\(check.stderr)")
        // 6 rows × 5 shared cells; "☑" twice in the list is one entry.
        #expect(check.stdout.contains("True ('30', '4') ['☑', '☐', '海关 <&>', ' spaced ', '☑', None, 0]"), "\(check.stdout)")
    }

    @Test func badPreparedCellsAreLocatedErrors() throws {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline))
        let other = XLSXWriter().style(CellStyle(font: Font(bold: true), fill: .solid(.lightRed)))
        let sheet = try book.addStreamingSheet(named: "data")
        #expect(throws: XLSXWriteError.self) { try sheet.prepareShared(String(repeating: "x", count: 40_000)) }
        #expect(throws: XLSXWriteError.self) { try sheet.prepare(.string("a"), style: other) }
        do {
            try sheet.appendRow { r throws(XLSXWriteError) in
                try r.append(.string("ok"), style: .default)
                try r.append(.number(.nan), style: .default)
            }
            Issue.record("a NaN was written")
        } catch {
            #expect(error.cell == CellReference(row: 0, column: 1), "\(error)")
        }
        // The failed row was taken back: the next row is row 1 again.
        try sheet.appendRow { r throws(XLSXWriteError) in try r.append(.string("again"), style: .default) }
        #expect(sheet.nextRow == 1)
        // A cell another workbook prepared (its shared-string index means nothing here) is refused where it lands.
        let foreign = try XLSXWriter().addStreamingSheet(named: "other").prepareShared("外来")
        do {
            try sheet.appendRow { r throws(XLSXWriteError) in
                try r.append(try sheet.prepare(.string("own")))
                try r.append(foreign)
            }
            Issue.record("a prepared cell of another workbook was written")
        } catch {
            #expect(error.kind == .invalidArgument && error.cell == CellReference(row: 1, column: 1), "\(error)")
        }
        #expect(sheet.nextRow == 1)
    }
}
