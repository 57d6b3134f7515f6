import Testing
@testable import SheetCore

@Suite struct CellReferenceTests {
    @Test(arguments: [
        ("A1", 0, 0), ("B2", 1, 1), ("Z10", 9, 25), ("AA1", 0, 26), ("AZ3", 2, 51), ("XFD1048576", 1_048_575, 16_383),
        ("$C$14", 13, 2), ("c14", 13, 2),
    ])
    func parses(text: String, row: Int, column: Int) {
        let ref = CellReference(text)
        #expect(ref == CellReference(row: row, column: column))
    }

    @Test(arguments: ["", "A", "1", "A0", "1A", "XFE1", "A1048577", "AAAA1", "A1B", "A-1", "Ａ1"])
    func rejects(text: String) {
        #expect(CellReference(text) == nil)
    }

    @Test func columnNamesRoundTrip() {
        for column in [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383] {
            let name = CellReference.columnName(column)
            #expect(CellReference.columnIndex(name) == column, "\(column) → \(name)")
        }
        #expect(CellReference.columnName(702) == "AAA")
        #expect(CellReference(row: 13, column: 2).description == "C14")
        #expect(CellReference(row: 0, column: 0).absolute == "$A$1")
    }

    @Test func rangesNormalizeAndContain() throws {
        let range = try #require(CellRange("C3:A1"))
        #expect(range.description == "A1:C3")
        #expect(range.rowCount == 3 && range.columnCount == 3)
        #expect(range.contains(CellReference(row: 1, column: 1)))
        #expect(!range.contains(CellReference(row: 3, column: 0)))
        #expect(CellRange("B2")?.description == "B2")
        #expect(CellRange("A1:B2:C3") == nil)
    }
}

@Suite struct CellValueTests {
    @Test func textOfValues() {
        #expect(CellValue.number(1).text == "1")
        #expect(CellValue.number(1.5).text == "1.5")
        #expect(CellValue.number(101, raw: "0101").text == "0101")
        #expect(CellValue.bool(true).text == "TRUE")
        #expect(CellValue.date(DateTimeValue(year: 2025, month: 1, day: 2)).text == "2025-01-02")
        #expect(CellValue.date(DateTimeValue(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, kind: .dateTime)).text == "2025-01-02T03:04:05")
        #expect(CellValue.string("").isEmpty && CellValue.empty.isEmpty && !CellValue.number(0).isEmpty)
    }

    @Test func gridTracksExtentAndMerges() throws {
        var grid = Grid(name: "s")
        grid[4, 2] = GridCell(value: .string("x"))
        #expect(grid.rowCount == 5 && grid.columnCount == 3)
        grid.mergedRanges = [try #require(CellRange("C5:D6"))]
        #expect(grid.displayedValue(try #require(CellReference("D6"))) == .string("x"))
        #expect(grid.displayedValue(try #require(CellReference("E6"))) == .empty)
    }

    @Test func locationsReadLikeACompiler() {
        #expect(SourceLocation(file: "r/0101.xlsx", part: "xl/worksheets/sheet1.xml", cell: "C14").description
                == "r/0101.xlsx[xl/worksheets/sheet1.xml]!C14")
        #expect(SourceLocation(file: "a.xlsx", sheet: "填报", cell: "B2").description == "a.xlsx!填报!B2")
        #expect(SourceLocation(file: "a.csv", line: 3, column: 7).description == "a.csv:3:7")
    }
}
