import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading
@testable import XLSXWriting

/// `Options.implicitCellReferences`: cells that directly follow the previous one lose `r="…"`, and every
/// reader — ours, openpyxl (normal and read-only), LibreOffice — still puts each value in its own cell.
@Suite(.serialized) struct ImplicitReferenceTests {
    /// Rows with gaps (empty cells write nothing, so the next written cell must keep its reference),
    /// a styled empty cell, a formula, a date, and a row that fails half-way and is written again.
    static let rows: [[CellValue]] = [
        [.string("a"), .string("b"), .string("c")],
        [.empty, .string("x"), .empty, .empty, .number(5), .number(6)],
        [.string("p"), .empty, .string("q"), .string("r")],
        [.empty, .empty, .string("after failed row")],
        [.bool(true), .date(DateTimeValue(year: 2025, month: 3, day: 15)), .error("#N/A"), .string("")],
    ]

    func write(_ path: String, implicit: Bool) throws {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline, implicitCellReferences: implicit))
        let date = book.style(CellStyle(numberFormat: NumberFormat("yyyy-mm-dd")))
        let sheet = try book.addStreamingSheet(named: "data")
        for (r, row) in Self.rows.enumerated() {
            if r == 3 {
                // Writes column 0, fails at 1 and is taken back: its retry starts with column 2, which must
                // keep its reference although it follows the last column the failed row opened.
                let tooLong = CellValue.string(String(repeating: "x", count: 40_000))
                #expect(throws: XLSXWriteError.self) { try sheet.appendRow([.string("y"), tooLong]) }
            }
            try sheet.appendRow(row, styles: row.map { if case .date = $0 { date } else { .default } })
        }
        try sheet.appendRow([CellContent(.empty, style: date), .formula("=1+2", cached: .number(3)),
                             CellContent(.string("end"))])
        try book.write(to: path)
    }

    static let expected: [String: String] = [
        "A1": "a", "B1": "b", "C1": "c", "B2": "x", "E2": "5", "F2": "6", "A3": "p", "C3": "q", "D3": "r",
        "C4": "after failed row", "A5": "True", "B5": "2025-03-15", "C5": "#N/A", "B6": "3", "C6": "end",
    ]

    static let openpyxlCells = #"""
import json, sys, openpyxl
out = {}
for ro in (False, True):
    wb = openpyxl.load_workbook(sys.argv[1], read_only=ro, data_only=True)
    cells = {}
    for row in wb["data"].iter_rows():
        for c in row:
            if c.value is not None:
                v = c.value
                if hasattr(v, "date"): v = v.date().isoformat()
                elif isinstance(v, float) and v.is_integer(): v = int(v)
                cells[c.coordinate] = str(v)
    out["readOnly" if ro else "normal"] = cells
import zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
out["cells"] = xml.count("<c ") + xml.count("<c>")
out["referenced"] = xml.count("<c r=")
print(json.dumps(out, ensure_ascii=False))
"""#

    @Test func readersPutEveryValueInItsCell() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-implicit")
        let path = dir.appendingPathComponent("implicit.xlsx").path
        try write(path, implicit: true)

        let grid = try XLSXWorkbook(path: path).grid(named: "data")
        var ours: [String: String] = [:]
        for r in 0..<8 {
            for c in 0..<8 {
                let reference = CellReference(row: r, column: c)
                let value = grid.value(reference)
                if !value.isEmpty { ours[reference.description] = value.text == "TRUE" ? "True" : value.text }
            }
        }
        #expect(ours == Self.expected)

        let result = try TestSupport.python(Self.openpyxlCells, [path])
        #expect(result.status == 0, "openpyxl failed: \(result.stderr)")
        let out = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(out["normal"] as? [String: String] == Self.expected)
        #expect(out["readOnly"] as? [String: String] == Self.expected)
        // 16 cells (the styled empty A6 included); only a row's first cell and cells after a gap keep `r`:
        // A1, B2, E2, A3, C3, C4, A5, A6.
        #expect(out["cells"] as? Int == 16)
        #expect(out["referenced"] as? Int == 8)
    }

    @Test func libreOfficeReadsTheSameAsWithReferences() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-implicit-lo")
        var csvs: [[[String]]] = []
        for implicit in [false, true] {
            let input = dir.appendingPathComponent(implicit ? "implicit.xlsx" : "explicit.xlsx")
            try write(input.path, implicit: implicit)
            let csv = try TestSupport.sofficeConvert(input, to: LibreOfficeTests.csvFilter, outDir: dir)
            csvs.append(try readCSV(csv.path))
        }
        #expect(csvs[0] == csvs[1])
        #expect(csvs[1].count == 6)
        #expect(csvs[1].first.map { Array($0.prefix(4)) } == ["a", "b", "c", ""])
        #expect(csvs[1].count > 1 && csvs[1][1] == ["", "x", "", "", "5", "6"])
        #expect(csvs[1].count > 3 && csvs[1][3].count >= 3 && csvs[1][3][2] == "after failed row")
    }
}
