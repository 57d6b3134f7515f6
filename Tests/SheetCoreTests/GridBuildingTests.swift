import Testing
@testable import SheetCore

/// What readers use to build grids fast: a size hint, cells stored without an optional, and ranges parsed
/// from a String without generic dispatch. Each must give exactly what the general paths give.
@Suite struct GridBuildingTests {
    @Test(arguments: [(32, 28), (0, 0), (1, 1), (1_048_576, 16_384), (-3, 5), (2_000_000, 2)])
    func aSizeHintChangesNothingButRoom(rows: Int, columns: Int) {
        var random = GridStorageTests.Generator(state: UInt64(abs(rows &* 31 &+ columns)) + 1)
        var hinted = Grid(name: "s"), plain = Grid(name: "s")
        var model = GridStorageTests.Model()
        hinted.reserveCapacity(rows: rows, columns: columns)
        var probes: [CellReference] = []
        for step in 0..<600 {
            // Mostly inside the hint, some outside it (a hint is not trusted), some far away.
            let far = step % 97 == 0
            let ref = CellReference(row: far ? 1_000_000 + step : random.next(40), column: far ? 9_000 : random.next(34))
            let cell = GridCell(value: .string("v\(step)"), fontName: step % 2 == 0 ? "宋体" : nil)
            hinted.set(cell, row: ref.row, column: ref.column)
            plain[ref] = cell
            model.set(ref, cell)
            probes.append(ref)
            if step == 300 { hinted.reserveCapacity(rows: rows, columns: columns) }  // again, mid-way
        }
        GridStorageTests.expectSame(hinted, model, probes: probes)
        GridStorageTests.expectSame(plain, model, probes: probes)
        #expect(hinted.sortedCells.map(\.0) == plain.sortedCells.map(\.0))
    }

    @Test func aHintKeepsTheTableWhileItFits() {
        var store = GridStore()
        store.reserveCapacity(rows: 32, columns: 28)
        #expect(store.isDense)
        store.set(GridCell(value: .number(1)), row: 31, column: 27)
        store.set(GridCell(value: .number(2)), row: 0, column: 0)
        #expect(store.isDense && store.value(row: 31, column: 27) == .number(1) && store.value(row: 0, column: 0) == .number(2))
        // A hint past the slot budget of an empty store sizes nothing.
        var huge = GridStore()
        huge.reserveCapacity(rows: 1_048_576, columns: 16_384)
        huge.set(GridCell(value: .bool(true)), row: 5, column: 5)
        #expect(huge.value(row: 5, column: 5) == .bool(true) && huge.count == 1)
    }

    @Test(arguments: ["A1", "a1", "$B$2:C3", "C3:B2", "XFD1048576", "A1:XFD1048576", "", ":", "A1:", ":B2", "A1:B2:C3",
                      "A0", "AAAA1", "A12345678", "1A", "A1 ", " A1", "A１", "Ａ1", "A1:B2\u{301}", "ÀB1", "$$A1", "A$1$"])
    func rangesFromStringsAreTheirCornersReferences(text: String) {
        // The definition: split at `:` (on bytes), each side a cell reference; one side is a one-cell range.
        let sides = text.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let expected: CellRange? = switch sides.count {
        case 1: CellReference(sides[0]).map { CellRange($0) }
        case 2: CellReference(sides[0]).flatMap { a in CellReference(sides[1]).map { CellRange(start: a, end: $0) } }
        default: nil
        }
        #expect(CellRange(text) == expected)
        // A substring of a longer text parses the same.
        #expect(CellRange(("xyz" + text).dropFirst(3)) == expected)
    }
}
