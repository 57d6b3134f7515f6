/// One cell as read: its value plus the presentation facts the domain layer needs.
public struct GridCell: Hashable, Sendable {
    public var value: CellValue
    /// The font name of the cell's style (XLSX only), e.g. `Wingdings 2` — checkbox glyphs depend on it.
    public var fontName: String?
    /// The formula text without the leading `=`, when the cell holds one (its cached value is `value`).
    public var formula: String?
    /// The number format code that applied, when one did (XLSX only).
    public var numberFormat: String?

    @inlinable
    public init(value: CellValue, fontName: String? = nil, formula: String? = nil, numberFormat: String? = nil) {
        self.value = value
        self.fontName = fontName
        self.formula = formula
        self.numberFormat = numberFormat
    }
}

/// A list data validation (dropdown) as read from a sheet.
public struct ListValidation: Hashable, Sendable {
    public var ranges: [CellRange]
    /// The literal options when the list is inline (`"a,b,c"`), else empty.
    public var options: [String]
    /// The source formula when the list refers to a range (`$A$1:$A$4`, `Lists!$A$1:$A$4`).
    public var sourceFormula: String?

    public init(ranges: [CellRange], options: [String], sourceFormula: String? = nil) {
        self.ranges = ranges
        self.options = options
        self.sourceFormula = sourceFormula
    }
}

/// A whole sheet in memory: sparse cells plus merges and the other facts a domain reader uses.
///
/// Meant for the small sheets of catalogs and returns. Large sheets are streamed instead.
/// Rows and columns are 0-based (through `CellReference`).
public struct Grid: Sendable {
    /// The sheet name (or the file's base name for CSV).
    public var name: String
    /// The cells, row-major and dense for sheets that fill their extent, hashed for sparse ones.
    private var store = GridStore()
    /// The stored cells by position (built on each call: use the subscripts to look cells up).
    public var cells: [CellReference: GridCell] { store.dictionary }
    public var mergedRanges: [CellRange] = [] {
        didSet { mergeIndex = MergeIndex(mergedRanges) }
    }
    private var mergeIndex = MergeIndex([])
    public var listValidations: [ListValidation] = []
    public var hiddenRows: Set<Int> = []
    public var hiddenColumns: Set<Int> = []
    /// Hyperlink targets by cell.
    public var hyperlinks: [CellReference: String] = [:]
    /// Comment / note text by cell.
    public var comments: [CellReference: String] = [:]
    /// Column widths in Excel character units, by 0-based column.
    public var columnWidths: [Int: Double] = [:]
    /// One past the last used row (0 when empty).
    public private(set) var rowCount = 0
    /// One past the last used column (0 when empty).
    public private(set) var columnCount = 0

    public init(name: String) {
        self.name = name
    }

    /// How many cells are stored.
    public var storedCellCount: Int { store.count }

    public subscript(_ ref: CellReference) -> GridCell? {
        get { store.cell(row: ref.row, column: ref.column) }
        set { self[ref.row, ref.column] = newValue }
    }

    public subscript(row: Int, column: Int) -> GridCell? {
        get { store.cell(row: row, column: column) }
        set {
            switch consume newValue {
            case .some(let cell):
                store.set(cell, row: row, column: column)
                rowCount = max(rowCount, row + 1)
                columnCount = max(columnCount, column + 1)
            case .none:
                store.remove(row: row, column: column)
            }
        }
    }

    /// Stores `cell` at a position, as `self[row, column] = cell` does, without wrapping it in an optional
    /// (no copy of the cell: readers build grids cell by cell).
    public mutating func set(_ cell: consuming GridCell, row: Int, column: Int) {
        store.set(consume cell, row: row, column: column)
        rowCount = max(rowCount, row + 1)
        columnCount = max(columnCount, column + 1)
    }

    /// Prepares room for cells within the first `rows` rows and `columns` columns (a reader's hint from
    /// the size a sheet declares; it bounds nothing: cells outside still fit, and a huge hint reserves
    /// only a bounded amount).
    public mutating func reserveCapacity(rows: Int, columns: Int) {
        store.reserveCapacity(rows: rows, columns: columns)
    }

    /// The value at a position, `.empty` where nothing is stored.
    public func value(_ ref: CellReference) -> CellValue {
        store.value(row: ref.row, column: ref.column) ?? .empty
    }

    /// The displayed text at a position, "" where nothing is stored.
    public func text(row: Int, column: Int) -> String {
        store.value(row: row, column: column)?.text ?? ""
    }

    /// The merged range that contains `ref`, if any (the first one in `mergedRanges` when ranges overlap).
    public func mergedRange(containing ref: CellReference) -> CellRange? {
        mergeIndex.first(containing: ref, in: mergedRanges)
    }

    /// The value shown at `ref`: the top-left cell's value when `ref` lies inside a merged range.
    public func displayedValue(_ ref: CellReference) -> CellValue {
        if let merge = mergedRange(containing: ref) { return value(merge.start) }
        return value(ref)
    }

    /// Cells in row-major order.
    public var sortedCells: [(CellReference, GridCell)] { store.sorted }

    /// Whether the used area (`rowCount` × `columnCount`) is far larger than the cells stored, as when one
    /// cell sits at XFD1048576: loops over every row and column would walk the address space, so walk
    /// `cellColumnsByRow()` instead.
    public var isSparse: Bool {
        rowCount.multipliedReportingOverflow(by: columnCount).partialValue > max(1 << 16, storedCellCount * 16)
    }

    /// The rows holding at least one cell, ascending, each with its cells' columns, ascending.
    public func cellColumnsByRow() -> [(row: Int, columns: [Int])] {
        var result: [(row: Int, columns: [Int])] = []
        for (ref, _) in store.sorted {
            if result.last?.row == ref.row { result[result.count - 1].columns.append(ref.column) } else { result.append((ref.row, [ref.column])) }
        }
        return result
    }
}

/// The cells of a `Grid`: values in insertion order plus a position index.
///
/// The index is a row-major table of slots while the cells fill a good part of their bounding box (every
/// small sheet), and a dictionary once they do not (one cell at XFD1048576 must not allocate the sheet).
struct GridStore: Sendable {
    private(set) var references: [CellReference] = []
    private(set) var values: [GridCell] = []
    /// Position + 1 in `values` per slot (0: empty), `tableColumns` slots per row; unused when `sparse` is set.
    private var table: [Int32] = []
    private var tableRows = 0
    private var tableColumns = 0
    /// The index once the cells are too spread out for a table.
    private var sparse: [CellReference: Int32]?

    /// Most slots a table may have for `count` cells: small sheets always, larger ones while at least one
    /// slot in eight is used.
    static func maxTableSlots(forCells count: Int) -> Int { max(1 << 16, count * 8) }

    var count: Int { values.count }

    /// True while the table index is in use (for tests).
    var isDense: Bool { sparse == nil }

    /// Most cells `reserveCapacity` makes room for in the value arrays.
    static let maxReservedCells = 4096

    /// Reserves array room for up to `maxReservedCells` cells and, while the table is in use and the area
    /// fits the slot budget of an empty store, sizes the table to cover `rows` × `columns` at once.
    mutating func reserveCapacity(rows: Int, columns: Int) {
        guard rows > 0, columns > 0, rows <= CellReference.maxRows, columns <= CellReference.maxColumns else { return }
        let area = rows * columns
        references.reserveCapacity(min(area, Self.maxReservedCells))
        values.reserveCapacity(min(area, Self.maxReservedCells))
        guard sparse == nil, rows > tableRows || columns > tableColumns else { return }
        let newRows = max(rows, tableRows), newColumns = max(columns, tableColumns)
        guard newRows * newColumns <= Self.maxTableSlots(forCells: 0) else { return }
        resizeTable(rows: newRows, columns: newColumns)
    }

    @inline(__always) private func position(row: Int, column: Int) -> Int? {
        if let sparse { return sparse[CellReference(row: row, column: column)].map { Int($0) &- 1 } }
        guard row >= 0, column >= 0, row < tableRows, column < tableColumns else { return nil }
        let slot = Int(table[row &* tableColumns &+ column])
        return slot == 0 ? nil : slot &- 1
    }

    func cell(row: Int, column: Int) -> GridCell? {
        position(row: row, column: column).map { values[$0] }
    }

    func value(row: Int, column: Int) -> CellValue? {
        position(row: row, column: column).map { values[$0].value }
    }

    mutating func set(_ cell: consuming GridCell, row: Int, column: Int) {
        if let existing = position(row: row, column: column) {
            values[existing] = consume cell
            return
        }
        let ref = CellReference(row: row, column: column)
        let index = Int32(truncatingIfNeeded: values.count + 1)
        references.append(ref)
        values.append(consume cell)
        if sparse != nil {
            sparse![ref] = index
            return
        }
        if row >= tableRows || column >= tableColumns || row < 0 || column < 0 {
            guard growTable(toInclude: row, column) else { return }
        }
        table[row &* tableColumns &+ column] = index
    }

    mutating func remove(row: Int, column: Int) {
        guard let index = position(row: row, column: column) else { return }
        clearSlot(references[index])
        let last = values.count - 1
        if index != last {
            references.swapAt(index, last)
            values.swapAt(index, last)
            setSlot(references[index], Int32(truncatingIfNeeded: index + 1))
        }
        references.removeLast()
        values.removeLast()
    }

    private mutating func clearSlot(_ ref: CellReference) {
        if sparse != nil { sparse![ref] = nil } else { table[ref.row * tableColumns + ref.column] = 0 }
    }

    private mutating func setSlot(_ ref: CellReference, _ slot: Int32) {
        if sparse != nil { sparse![ref] = slot } else { table[ref.row * tableColumns + ref.column] = slot }
    }

    /// Makes the table cover (`row`, `column`), doubling its sides where that stays within the slot budget;
    /// switches to the dictionary (and returns false) when even the exact fit is too big. The cell just
    /// appended to `values` is indexed by the caller when this returns true.
    private mutating func growTable(toInclude row: Int, _ column: Int) -> Bool {
        let budget = Self.maxTableSlots(forCells: values.count)
        let inSheet = row >= 0 && column >= 0 && row < CellReference.maxRows && column < CellReference.maxColumns
        let neededRows = inSheet ? max(tableRows, row + 1) : 0, neededColumns = inSheet ? max(tableColumns, column + 1) : 0
        if !inSheet || neededRows * neededColumns > budget {
            var index: [CellReference: Int32] = [:]
            index.reserveCapacity(values.count)
            for (position, ref) in references.enumerated() { index[ref] = Int32(truncatingIfNeeded: position + 1) }
            sparse = index
            table = []
            tableRows = 0
            tableColumns = 0
            return false
        }
        var rows = row >= tableRows ? max(neededRows, min(tableRows * 2, CellReference.maxRows)) : tableRows
        var columns = column >= tableColumns ? max(neededColumns, min(tableColumns * 2, CellReference.maxColumns)) : tableColumns
        if rows * columns > budget { rows = neededRows; columns = neededColumns }
        resizeTable(rows: rows, columns: columns)
        return true
    }

    /// Makes the table `rows` × `columns` slots (at least its current size), keeping every slot in place.
    private mutating func resizeTable(rows: Int, columns: Int) {
        var grown = [Int32](repeating: 0, count: rows * columns)
        if columns == tableColumns {
            grown.withUnsafeMutableBufferPointer { target in
                table.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress, !source.isEmpty { target.baseAddress!.update(from: base, count: source.count) }
                }
            }
        } else {
            for r in 0..<tableRows {
                for c in 0..<tableColumns {
                    grown[r * columns + c] = table[r * tableColumns + c]
                }
            }
        }
        table = grown
        tableRows = rows
        tableColumns = columns
    }

    var dictionary: [CellReference: GridCell] {
        var result: [CellReference: GridCell] = [:]
        result.reserveCapacity(values.count)
        for (ref, cell) in zip(references, values) { result[ref] = cell }
        return result
    }

    /// The cells in row-major order: a walk of the table when it is denser than sorting, else a sort.
    var sorted: [(CellReference, GridCell)] {
        var result: [(CellReference, GridCell)] = []
        result.reserveCapacity(values.count)
        if sparse == nil, table.count <= values.count * 16 {
            for slot in table where slot != 0 {
                let index = Int(slot) - 1
                result.append((references[index], values[index]))
            }
        } else {
            for index in references.indices.sorted(by: { references[$0] < references[$1] }) {
                result.append((references[index], values[index]))
            }
        }
        return result
    }
}

/// Finds the merged range containing a cell without scanning every range: ranges are bucketed by the
/// blocks of 16 rows they cover. Ranges spanning more than `maxSpan` blocks, or reaching past block
/// `maxBlock`, are checked for every cell (so one far or tall range allocates nothing big).
struct MergeIndex: Sendable {
    private static let shift = 4
    private static let maxSpan = 64
    private static let maxBlock = 4096
    /// Range positions (in `mergedRanges` order) per block of rows.
    private var blocks: [[Int32]] = []
    /// Ranges too tall to bucket, checked always.
    private var tall: [Int32] = []
    private let isEmpty: Bool

    init(_ ranges: [CellRange]) {
        isEmpty = ranges.isEmpty
        guard !isEmpty else { return }
        for (position, range) in ranges.enumerated() {
            let first = range.start.row >> Self.shift, last = range.end.row >> Self.shift
            guard range.start.row >= 0, last - first < Self.maxSpan, last < Self.maxBlock else {
                tall.append(Int32(truncatingIfNeeded: position))
                continue
            }
            if blocks.count <= last { blocks.append(contentsOf: repeatElement([], count: last + 1 - blocks.count)) }
            for block in first...last { blocks[block].append(Int32(truncatingIfNeeded: position)) }
        }
    }

    func first(containing ref: CellReference, in ranges: [CellRange]) -> CellRange? {
        guard !isEmpty else { return nil }
        var best = Int.max
        if ref.row >= 0, case let block = ref.row >> Self.shift, block < blocks.count {
            for position in blocks[block] where Int(position) < best && ranges[Int(position)].contains(ref) {
                best = Int(position)
                break
            }
        }
        for position in tall where Int(position) < best && ranges[Int(position)].contains(ref) {
            best = Int(position)
            break
        }
        return best == Int.max ? nil : ranges[best]
    }
}
