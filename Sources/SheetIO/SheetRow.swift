import SheetCore

/// One non-empty cell of a streamed row.
public struct SheetCell: Sendable, Hashable {
    /// 0-based column.
    public var column: Int
    public var value: CellValue
    /// The number format code that applies (XLSX only), e.g. `yyyy"年"m"月"d"日"`.
    public var numberFormat: String?

    public init(column: Int, value: CellValue, numberFormat: String? = nil) {
        self.column = column
        self.value = value
        self.numberFormat = numberFormat
    }
}

/// One row streamed from a sheet file, whatever its format.
public struct SheetRow: Sendable {
    /// 0-based row index (for delimited text: the record index, empty lines included).
    public var row: Int
    /// The non-empty cells in column order. Delimited text gives `.string` values only (no guessing).
    public var cells: [SheetCell]
    /// One past the last column of the row as written (for delimited text: the number of fields, empty
    /// trailing fields included; for XLSX: one past the last cell).
    public var width: Int
    /// The 1-based line where the row begins (delimited text only).
    public var line: Int?

    public init(row: Int, cells: [SheetCell], width: Int, line: Int? = nil) {
        self.row = row
        self.cells = cells
        self.width = width
        self.line = line
    }
}
