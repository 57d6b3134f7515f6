import CSV
import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport
import XLSXReading

@Suite("SheetIO")
struct SheetIOTests {
    @Test func formatIsToldByBytesNotExtension() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-detect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvNamedXLSX = dir.appendingPathComponent("data.xlsx").path
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: csvNamedXLSX))
        #expect(try SheetFileFormat.detect(path: csvNamedXLSX) == .delimitedText)
        #expect(try SheetIO.readGrid(path: csvNamedXLSX).text(row: 1, column: 1) == "2")

        let book = dir.appendingPathComponent("book.csv").path
        try SheetIO.write(grid(["x", "y"]), to: dir.appendingPathComponent("made.xlsx").path)
        try FileManager.default.copyItem(atPath: dir.appendingPathComponent("made.xlsx").path, toPath: book)
        #expect(try SheetFileFormat.detect(path: book) == .xlsx)
        #expect(try SheetIO.readGrid(path: book).text(row: 0, column: 1) == "y")

        // A legacy .xls (CFB container with a Workbook stream) goes to the .xls reader; this one's stream is
        // empty, which it names.
        let legacy = dir.appendingPathComponent("old.xls").path
        let made = try TestSupport.python(#"""
        import struct, sys
        # A minimal CFB: header + one directory sector holding Root Entry and a "Workbook" stream entry.
        header = bytearray(512)
        header[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
        struct.pack_into("<H", header, 32, 6)
        struct.pack_into("<I", header, 44, 1)      # one FAT sector
        struct.pack_into("<I", header, 48, 1)      # first directory sector
        struct.pack_into("<I", header, 56, 4096)
        struct.pack_into("<I", header, 60, 0xFFFFFFFE)
        struct.pack_into("<I", header, 68, 0xFFFFFFFE)
        struct.pack_into("<I", header, 76, 0)      # DIFAT[0] = sector 0 is the FAT
        for i in range(1, 109):
            struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
        fat = bytearray(512)
        for i in range(128):
            struct.pack_into("<I", fat, 4 * i, 0xFFFFFFFF)
        struct.pack_into("<I", fat, 0, 0xFFFFFFFD)
        struct.pack_into("<I", fat, 4, 0xFFFFFFFE)
        directory = bytearray(512)
        def entry(i, name, kind):
            raw = name.encode("utf-16-le") + b"\0\0"
            directory[i * 128:i * 128 + len(raw)] = raw
            struct.pack_into("<H", directory, i * 128 + 64, len(raw))
            directory[i * 128 + 66] = kind
            struct.pack_into("<III", directory, i * 128 + 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if i == 0 else 0xFFFFFFFF)
        entry(0, "Root Entry", 5)
        entry(1, "Workbook", 2)
        open(sys.argv[1], "wb").write(bytes(header) + bytes(fat) + bytes(directory))
        """#, [legacy])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try SheetFileFormat.detect(path: legacy) == .xls)
        do {
            _ = try SheetIO.readGrids(path: legacy)
            Issue.record("an .xls with an empty workbook stream must not read")
        } catch let error as XLSXError {
            #expect(error.kind == .corruptPackage && error.description.contains("old.xls[Workbook]: the workbook stream is empty"), "\(error)")
        }
    }

    func grid(_ row: [String]) -> Grid {
        var grid = Grid(name: "S")
        for (k, text) in row.enumerated() { grid[0, k] = GridCell(value: .string(text)) }
        return grid
    }

    @Test func delimitedTextIsOneSheetOfStrings() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("0101 returns.tsv").path
        try Data("序号\t值\t\n1\t0101\t\n\n2\t\t=x\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SheetIO.sheetNames(path: path) == ["0101 returns"])
        let grids = try SheetIO.readGrids(path: path)
        #expect(grids.count == 1)
        let grid = grids[0]
        #expect(grid.name == "0101 returns")
        #expect(grid.value(CellReference(row: 1, column: 1)) == .string("0101"))
        #expect(grid.value(CellReference(row: 3, column: 2)) == .string("=x"))
        #expect(grid[CellReference(row: 3, column: 1)] == nil)
        #expect(grid.rowCount == 4 && grid.columnCount == 3)
        var lines: [Int?] = []
        var widths: [Int] = []
        try SheetIO.forEachRow(path: path) { row in
            lines.append(row.line)
            widths.append(row.width)
        }
        #expect(lines == [1, 2, 3, 4])
        #expect(widths == [3, 3, 0, 3])
        #expect(throws: XLSXError.self) { try SheetIO.readGrid(path: path, sheet: "Other") }

        let located = try SheetIO.readDelimited(path: path)
        #expect(located.delimiter == 9)
        #expect(located.location(of: CellReference(row: 3, column: 2)).line == 4)
        #expect(located.location(of: CellReference(row: 3, column: 2)).column == 4)
        #expect(located.location(of: CellReference(row: 1, column: 1)).column == 3)
        #expect(located.location(of: CellReference(row: 3, column: 1)).line == nil)
    }

    @Test func streamingXLSXRowsCarryNumberFormats() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-fmt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.xlsx").path
        let made = try TestSupport.python(#"""
        import datetime, sys, openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        sheet["A1"] = datetime.date(2025, 1, 2)
        sheet["A1"].number_format = 'yyyy"年"m"月"d"日"'
        sheet["C3"] = 1.5
        book.save(sys.argv[1])
        """#, [path])
        #expect(made.status == 0, "\(made.stderr)")
        var rows: [SheetRow] = []
        try SheetIO.forEachRow(path: path) { rows.append($0) }
        #expect(rows.map(\.row) == [0, 2])
        #expect(rows[0].cells.first?.numberFormat == #"yyyy"年"m"月"d"日""#)
        let writer = try CSVSheetWriter(options: CSVWriteOptions(byteOrderMark: false, lineEnding: .lf))
        for row in rows { try writer.write(row) }
        try writer.close()
        // Rectangular: the first row is padded once the wider third row is known.
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "2025年1月2日,,\n,,\n,,1.5\n")
    }

    /// W1 made by XlsxWriter converts to exactly the CSV the same generator writes (dates as shown,
    /// booleans, numbers in shortest form, CJK, empty cells).
    @Test func w1FromXlsxWriterMatchesThePythonCSV() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-w1")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = TestSupport.packageRoot.appendingPathComponent("Benchmarks/peers/csv_make_w1.py").path
        let csvPath = dir.appendingPathComponent("w1.csv").path, xlsxPath = dir.appendingPathComponent("w1.xlsx").path
        let made = try TestSupport.run("python3", [script, csvPath, xlsxPath, "1500"])
        #expect(made.status == 0, "\(made.stderr)")
        let out = dir.appendingPathComponent("ours.csv").path
        let writer = try SheetIO.makeRowWriter(path: out, sheetName: "data")
        try SheetIO.forEachRow(path: xlsxPath) { try writer.write($0) }
        try writer.close()
        let expected = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        let ours = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(ours.count > 100_000)
        #expect(ours == expected)
        // SheetIO.copyRows (what `disclosure convert` does) gives the same bytes, on a second thread or not,
        // from the XLSX and from the CSV.
        for (input, background) in [(xlsxPath, true), (xlsxPath, false), (csvPath, true), (csvPath, false)] {
            let copy = dir.appendingPathComponent("copy-\(background)-\(URL(fileURLWithPath: input).pathExtension).csv").path
            let copier = try SheetIO.makeRowWriter(path: copy, sheetName: "data")
            try SheetIO.copyRows(path: input, to: copier, background: background)
            try copier.close()
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == expected, "\(input) background: \(background)")
        }
    }

    @Test func gridWriteIsAtomicAndReadsBack() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-grid")
        defer { try? FileManager.default.removeItem(at: dir) }
        var grid = Grid(name: "名单")
        grid[0, 0] = GridCell(value: .string("关区代码"))
        grid[1, 0] = GridCell(value: .string("0101"))
        grid[1, 2] = GridCell(value: .number(2.5))
        grid[3, 1] = GridCell(value: .bool(true))
        for name in ["g.xlsx", "g.csv"] {
            let path = dir.appendingPathComponent(name).path
            try SheetIO.write(grid, to: path)
            let back = try SheetIO.readGrid(path: path)
            #expect(back.text(row: 1, column: 0) == "0101")
            #expect(back.text(row: 1, column: 2) == "2.5")
            #expect(back.text(row: 3, column: 1) == "TRUE")
            #expect(back.rowCount == 4)
        }
        #expect(try SheetIO.sheetNames(path: dir.appendingPathComponent("g.xlsx").path) == ["名单"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["g.csv", "g.xlsx"])
    }

    @Test func lateWideRowPadsEarlierRowsInAFileWithoutGuardingTwice() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-pad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.csv").path
        let writer = try CSVSheetWriter(path: path, options: CSVWriteOptions(encoding: .gb18030))
        try writer.write(SheetRow(row: 0, cells: [SheetCell(column: 0, value: .string("=a"))], width: 1))
        try writer.write(SheetRow(row: 1, cells: [SheetCell(column: 0, value: .string("中")),
                                                  SheetCell(column: 2, value: .number(-1))], width: 3))
        try writer.close()
        let reader = try CSVReader(path: path)
        #expect(try reader.readAll() == [["'=a", "", ""], ["中", "", "-1"]])
        #expect(reader.encoding == .gb18030)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["p.csv"])
    }
}

/// Dates written as their number format shows them, checked against LibreOffice's "as shown" CSV export of
/// the same workbook (made by openpyxl). Built-in id 22 (`m/d/yy h:mm`) is left out: its display depends on
/// the locale (LibreOffice en-US shows `1/2/2025 13:05`, the XLSX reader maps it to `yyyy-mm-dd h:mm`).
@Suite("Dates as shown, against LibreOffice")
struct DatesAsShownTests {
    @Test func matchesLibreOfficeExport() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-dates")
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("dates.xlsx")
        let made = try TestSupport.python(#"""
        import datetime, sys, openpyxl
        formats = ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm AM/PM', 'd-mmm-yy', 'dddd', 'hh:mm:ss', 'yyyy/m/d;@',
                   'mm:ss', 'mmmm d, yyyy', 'yyyy-mm-dd hh:mm:ss', 'dd/mm/yyyy', 'h"时"mm"分"', 'mmm-yy', 'yy.m.d',
                   '[$-409]d mmm yyyy', 'yyyy"年"mm"月"dd"日" hh"时"mm"分"ss"秒"', 'm"月"d"日"', 'ddd, d mmm']
        book = openpyxl.Workbook()
        sheet = book.active
        moments = [datetime.datetime(2025, 1, 2, 13, 5, 9), datetime.datetime(2024, 12, 31, 0, 0, 0),
                   datetime.datetime(2026, 7, 9, 9, 30, 59)]
        for r, f in enumerate(formats):
            for c, moment in enumerate(moments):
                cell = sheet.cell(row=r + 1, column=c + 1, value=moment)
                cell.number_format = f
        book.save(sys.argv[1])
        """#, [book.path])
        #expect(made.status == 0, "\(made.stderr)")
        let lo = try TestSupport.sofficeConvert(book, to: "csv:Text - txt - csv (StarCalc):44,34,76",
                                                outDir: dir.appendingPathComponent("lo"))
        let expected = try CSVReader(path: lo.path).readAll()
        #expect(expected.count == 18)
        let ours = dir.appendingPathComponent("ours.csv").path
        let writer = try SheetIO.makeRowWriter(path: ours, sheetName: "x")
        try SheetIO.forEachRow(path: book.path) { try writer.write($0) }
        try writer.close()
        #expect(try CSVReader(path: ours).readAll() == expected)
    }
}
