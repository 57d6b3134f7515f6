/// One cell as read: its value plus the presentation facts the domain layer needs.
public struct GridCell: Hashable, Sendable {
    public var value: CellValue
    /// The font name of the cell's style (XLSX only), e.g. `Wingdings 2` — checkbox glyphs depend on it.
    public var fontName: String?
    /// The formula text without the leading `=`, when the cell holds one (its cached value is `value`).
    public var formula: String?
    /// The number format code that applied, when one did (XLSX only).
    public var numberFormat: String?

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
    public private(set) var cells: [CellReference: GridCell] = [:]
    public var mergedRanges: [CellRange] = []
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

    public subscript(_ ref: CellReference) -> GridCell? {
        get { cells[ref] }
        set {
            cells[ref] = newValue
            if newValue != nil {
                rowCount = max(rowCount, ref.row + 1)
                columnCount = max(columnCount, ref.column + 1)
            }
        }
    }

    public subscript(row: Int, column: Int) -> GridCell? {
        get { cells[CellReference(row: row, column: column)] }
        set { self[CellReference(row: row, column: column)] = newValue }
    }

    /// The value at a position, `.empty` where nothing is stored.
    public func value(_ ref: CellReference) -> CellValue {
        cells[ref]?.value ?? .empty
    }

    /// The displayed text at a position, "" where nothing is stored.
    public func text(row: Int, column: Int) -> String {
        cells[CellReference(row: row, column: column)]?.value.text ?? ""
    }

    /// The merged range that contains `ref`, if any.
    public func mergedRange(containing ref: CellReference) -> CellRange? {
        mergedRanges.first { $0.contains(ref) }
    }

    /// The value shown at `ref`: the top-left cell's value when `ref` lies inside a merged range.
    public func displayedValue(_ ref: CellReference) -> CellValue {
        if let merge = mergedRange(containing: ref) { return value(merge.start) }
        return value(ref)
    }

    /// Cells in row-major order.
    public var sortedCells: [(CellReference, GridCell)] {
        cells.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
