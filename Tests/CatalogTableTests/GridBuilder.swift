import SheetCore

/// Builds grids for tests from rows of text; "" leaves a cell empty.
struct GridBuilder {
    var grid: Grid

    init(_ name: String = "Sheet1", rows: [[String]]) {
        grid = Grid(name: name)
        for (r, row) in rows.enumerated() {
            for (c, text) in row.enumerated() where !text.isEmpty {
                grid[r, c] = GridCell(value: .string(text))
            }
        }
    }

    /// Merges an A1 range such as "B5:B6".
    mutating func merge(_ range: String) {
        if let r = CellRange(range) { grid.mergedRanges.append(r) }
    }

    mutating func set(_ ref: String, _ value: CellValue, font: String? = nil) {
        if let r = CellReference(ref) { grid[r] = GridCell(value: value, fontName: font) }
    }
}
