import Testing
@testable import SheetCore

/// The grid's table/dictionary storage and merge index, checked against the plain dictionary and linear
/// scan they replaced.
@Suite struct GridStorageTests {
    /// The behaviour the grid had with `[CellReference: GridCell]` storage.
    struct Model {
        var cells: [CellReference: GridCell] = [:]
        var rowCount = 0, columnCount = 0
        mutating func set(_ ref: CellReference, _ cell: GridCell?) {
            cells[ref] = cell
            if cell != nil { rowCount = max(rowCount, ref.row + 1); columnCount = max(columnCount, ref.column + 1) }
        }
    }

    /// A small deterministic generator (the same sequence on every run and platform).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func expectSame(_ grid: Grid, _ model: Model, probes: [CellReference]) {
        #expect(grid.cells == model.cells)
        #expect(grid.storedCellCount == model.cells.count)
        #expect(grid.rowCount == model.rowCount && grid.columnCount == model.columnCount)
        let sorted = grid.sortedCells
        let expected = model.cells.sorted { $0.key < $1.key }
        #expect(sorted.map(\.0) == expected.map(\.key))
        #expect(sorted.map(\.1) == expected.map(\.value))
        for ref in probes {
            #expect(grid[ref] == model.cells[ref])
            #expect(grid[ref.row, ref.column] == model.cells[ref])
            #expect(grid.value(ref) == (model.cells[ref]?.value ?? .empty))
            #expect(grid.text(row: ref.row, column: ref.column) == (model.cells[ref]?.value.text ?? ""))
        }
    }

    @Test(arguments: [(40, 30, UInt64(1)), (5, 2000, 2), (3000, 4, 3), (1_048_576, 16_384, 4)])
    func randomEditsMatchTheDictionaryModel(rows: Int, columns: Int, seed: UInt64) {
        var random = Generator(state: seed)
        var grid = Grid(name: "s")
        var model = Model()
        var probes: [CellReference] = []
        for step in 0..<3000 {
            let ref = CellReference(row: random.next(rows), column: random.next(columns))
            probes.append(ref)
            // Mostly inserts, some overwrites and removals (of present and absent cells).
            let cell: GridCell? = random.next(5) == 0 ? nil
                : GridCell(value: .string("v\(step)"), fontName: step % 3 == 0 ? "Wingdings 2" : nil,
                           formula: step % 7 == 0 ? "A1+\(step)" : nil, numberFormat: step % 11 == 0 ? "0.00" : nil)
            grid[ref] = cell
            model.set(ref, cell)
            if let earlier = probes.randomElement(using: &random), random.next(4) == 0 {
                grid[earlier.row, earlier.column] = nil
                model.set(earlier, nil)
            }
        }
        probes.append(contentsOf: [CellReference(row: 0, column: 0), CellReference(row: rows, column: columns),
                                   CellReference(row: -1, column: 3), CellReference(row: 2, column: -5)])
        Self.expectSame(grid, model, probes: probes)
    }

    @Test func oneFarCellUsesNoTable() {
        var grid = Grid(name: "far")
        grid[1_048_575, 16_383] = GridCell(value: .number(1))
        #expect(grid.rowCount == 1_048_576 && grid.columnCount == 16_384)
        #expect(grid[CellReference(row: 1_048_575, column: 16_383)]?.value == .number(1))
        #expect(grid.value(CellReference(row: 0, column: 0)) == .empty)
        #expect(grid.sortedCells.count == 1)
    }

    @Test func storageIsATableForFilledSheetsAndADictionaryForSpreadOnes() {
        var store = GridStore()
        var filled = 0
        for r in 0..<32 {
            for c in 0..<28 where (r + c) % 3 != 0 {
                store.set(GridCell(value: .number(Double(r * 100 + c))), row: r, column: c)
                filled += 1
            }
        }
        #expect(store.isDense)
        store.set(GridCell(value: .string("far")), row: 1_048_575, column: 16_383)
        #expect(!store.isDense)
        #expect(store.value(row: 1_048_575, column: 16_383) == .string("far"))
        #expect(store.value(row: 31, column: 27) == .number(3127))
        #expect(store.value(row: 31, column: 26) == nil)   // (31 + 26) % 3 == 0
        #expect(store.count == filled + 1)
        // Negative positions (made in code) are kept too, like the dictionary kept them.
        var odd = GridStore()
        odd.set(GridCell(value: .bool(true)), row: -1, column: 2)
        #expect(odd.value(row: -1, column: 2) == .bool(true))
        #expect(odd.value(row: 0, column: 2) == nil)
    }

    @Test func mergeLookupMatchesTheLinearScan() throws {
        var random = Generator(state: 9)
        var ranges: [CellRange] = []
        for _ in 0..<300 {
            let row = random.next(600), column = random.next(40)
            ranges.append(CellRange(start: CellReference(row: row, column: column),
                                    end: CellReference(row: row + random.next(random.next(10) == 0 ? 3000 : 4), column: column + random.next(3))))
        }
        // Overlapping, whole-column, far and single-cell ranges.
        ranges.append(try #require(CellRange("C1:C1048576")))
        ranges.append(try #require(CellRange("XFA1048570:XFD1048576")))
        ranges.append(try #require(CellRange("B2")))
        ranges.append(try #require(CellRange("A1:AB32")))
        var grid = Grid(name: "m")
        grid[0, 0] = GridCell(value: .string("top-left"))
        grid.mergedRanges = ranges
        for _ in 0..<20_000 {
            let ref = CellReference(row: random.next(700), column: random.next(50))
            #expect(grid.mergedRange(containing: ref) == ranges.first { $0.contains(ref) })
        }
        for ref in [CellReference(row: 1_048_575, column: 16_383), CellReference(row: 1_048_575, column: 2),
                    CellReference(row: 5_000, column: 3), CellReference(row: -1, column: 0)] {
            #expect(grid.mergedRange(containing: ref) == ranges.first { $0.contains(ref) })
        }
        #expect(grid.displayedValue(CellReference(row: 31, column: 27)) == grid.value(try #require(ranges.first { $0.contains(CellReference(row: 31, column: 27)) }).start))
        // Replacing the ranges replaces the index.
        grid.mergedRanges = []
        #expect(grid.mergedRange(containing: CellReference(row: 0, column: 2)) == nil)
        grid.mergedRanges.append(try #require(CellRange("D4:E5")))
        #expect(grid.mergedRange(containing: CellReference(row: 4, column: 4)) == CellRange("D4:E5"))
    }
}

extension GridStorageTests.Generator: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64(next(Int.max)) &* 2 &+ UInt64(next(2)) }
}
