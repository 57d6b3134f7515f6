import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading
import XLSXWriting

/// Our writer → our reader (h/reader): what was written comes back.
@Suite struct RoundTripTests {
    @Test(arguments: [(false, true), (true, true), (false, false)])
    func valuesComeBack(streaming: Bool, shared: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-roundtrip")
        let path = dir.appendingPathComponent("values.xlsx").path
        let grid = ValueGrid()
        try grid.write(to: path, strings: shared ? .shared : .inline, streaming: streaming)
        let read = try XLSXWorkbook(path: path).grid(named: "values")
        for (r, row) in grid.rows.enumerated() {
            for (c, value) in row.enumerated() {
                let got = read.value(CellReference(row: r, column: c))
                switch value {
                case .number(let n, _):
                    if case .number(let m, _) = got { #expect(m == n, "row \(r) column \(c)") } else { Issue.record("row \(r) column \(c): \(got)") }
                default:
                    #expect(got == value, "row \(r) column \(c)")
                }
            }
        }
    }

    @Test func featuresComeBack() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-roundtrip")
        let path = dir.appendingPathComponent("features.xlsx").path
        try makeFeatureWorkbook().write(to: path)
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets.map(\.name) == ["目录", "Hidden", "VeryHidden", "数据", "_lists"])
        #expect(book.sheets.map(\.visibility.rawValue) == ["visible", "hidden", "veryHidden", "visible", "hidden"])
        let grid = try book.grid(named: "目录")
        #expect(grid.value(ref("A1")) == .string("基层政务公开标准目录"))
        #expect(grid.value(ref("B4")) == .string("=SUM(A1:A3) stays text"))
        #expect(grid[ref("B4")]?.formula == nil)
        #expect(grid.value(ref("B5")) == .string("ctrl\u{1}and _x0041_ literal"))
        #expect(grid.value(ref("D3")) == .date(DateTimeValue(year: 2025, month: 3, day: 15)))
        #expect(grid.value(ref("D4")) == .date(DateTimeValue(year: 2025, month: 3, day: 15, hour: 13, minute: 30, kind: .dateTime)))
        #expect(grid.value(ref("E3")) == .bool(true))
        #expect(grid[ref("C5")]?.formula == "SUM(C3:C4)")
        #expect(grid[ref("C3")]?.numberFormat == "#,##0.00")
        #expect(grid[ref("A1")]?.fontName == "黑体")
        #expect(grid.mergedRanges == [range("A1:D1")])
        #expect(grid.columnWidths[1] == 30)
        #expect(grid.comments[ref("B3")] == "请填写一级事项")
        #expect(grid.hyperlinks[ref("B6")] == "https://www.customs.gov.cn/")
        let list = grid.listValidations.first { $0.ranges == [range("E3:E20")] }
        #expect(list?.options == ["是", "否", "不适用"])
        let long = grid.listValidations.first { $0.ranges == [range("F3:F20")] }
        #expect(long?.sourceFormula == "'_lists'!$A$1:$A$60")
        let stream = try book.grid(named: "数据")
        #expect(stream.value(ref("A21")) == .string("行 20"))
        #expect(stream.mergedRanges == [range("A23:B23")])
    }

    @Test func bigStreamingSheetStreamsBack() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-roundtrip")
        let path = dir.appendingPathComponent("big.xlsx").path
        try writeBig(path, rows: 30_000)
        var count = 0
        var sum = 0.0
        let book = try XLSXWorkbook(path: path)
        try book.forEachRow(in: book.sheet(named: "big")) { row, cells in
            count += 1
            if case .number(let n, _) = cells[0].value { sum += n }
            if row == 29_999 { #expect(cells[1].value == .string("第29999行 ☑")) }
        }
        #expect(count == 30_000)
        #expect(sum == Double(29_999 * 30_000 / 2))
    }
}

@Suite struct StreamingRecoveryTests {
    @Test func aRejectedRowLeavesTheSheetValid() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-recovery")
        let path = dir.appendingPathComponent("recovered.xlsx").path
        let book = XLSXWriter()
        let sheet = try book.addStreamingSheet(named: "s")
        #expect(throws: XLSXWriteError.self) { try sheet.appendRow([.string("first row fails"), .number(.nan)]) }
        try sheet.appendRow([.string("a"), .number(1)])
        #expect(throws: XLSXWriteError.self) { try sheet.appendRow([.string("b"), .string(String(repeating: "x", count: 33_000))]) }
        try sheet.appendRow([.string("c"), .number(3)])
        #expect(sheet.nextRow == 2)
        try book.write(to: path)
        let grid = try XLSXWorkbook(path: path).grid(named: "s")
        #expect(grid.value(ref("A1")) == .string("a"))
        #expect(grid.value(ref("A2")) == .string("c"))
        #expect(grid.rowCount == 2)
        let result = try TestSupport.python("import openpyxl, sys\nws = openpyxl.load_workbook(sys.argv[1])['s']\nprint([c.value for c in ws['A']])", [path])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "['a', 'c']")
    }
}

@Suite struct DimensionTests {
    @Test func streamedSheetsDeclareTheirUsedRange() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-dimension")
        let path = dir.appendingPathComponent("dim.xlsx").path
        let book = XLSXWriter()
        let big = try book.addStreamingSheet(named: "big")
        try big.skipRows(2)
        for i in 0..<5_000 { try big.appendRow([.empty, .number(Double(i)), .string("x"), .empty]) }
        _ = try book.addStreamingSheet(named: "empty")
        try book.write(to: path)
        // openpyxl's read-only mode (what pandas uses) takes the size from <dimension>.
        let result = try TestSupport.python("""
        import openpyxl, sys
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
        print(wb['big'].calculate_dimension(), wb['big'].max_row, wb['empty'].calculate_dimension())
        """, [path])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "B3:C5002 5002 A1:A1", "\(result.stderr)")
    }
}
