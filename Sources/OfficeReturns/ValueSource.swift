import SheetCore

/// Where a value of a return was read from: a cell of a sheet, or a location given whole.
///
/// The importer records the cell's row and column and the sheet it read (shared by every value of that sheet);
/// the `SourceLocation`, with its cell name, is made only when asked for (a finding, the merge's row range, JSON).
/// A return holds some 25 sourced values per row, most never located, so they are not named while reading.
/// Rows and columns are 0-based.
public struct ValueSource: Hashable, Sendable {
    /// The sheet of a cell source, or the whole location (`SheetOrigin.whole`).
    @usableFromInline let sheet: SheetOrigin
    /// The cell's row and column; -1 for a location given whole.
    @usableFromInline let row: Int32
    @usableFromInline let column: Int32

    /// A cell of `sheet`; a cell outside the sheet's limits is kept as its location.
    init(sheet: SheetOrigin, row: Int, column: Int) {
        if let r = Int32(exactly: row), let c = Int32(exactly: column), r >= 0, c >= 0 {
            self.sheet = sheet
            self.row = r
            self.column = c
        } else {
            self.sheet = SheetOrigin(whole: SheetOrigin.location(file: sheet.file, sheet: sheet.sheet, row: row, column: column))
            self.row = -1
            self.column = -1
        }
    }

    /// A location given whole (decoded, or built by hand).
    public init(_ location: SourceLocation) {
        sheet = SheetOrigin(whole: location)
        row = -1
        column = -1
    }

    /// `file!sheet!C14`.
    public var location: SourceLocation {
        if let whole = sheet.whole { return whole }
        return SheetOrigin.location(file: sheet.file, sheet: sheet.sheet, row: Int(row), column: Int(column))
    }

    /// `location` with another cell (a range of the same sheet, say), without naming this one.
    public func location(cell: String?) -> SourceLocation {
        if var whole = sheet.whole {
            whole.cell = cell
            return whole
        }
        return SourceLocation(file: sheet.file, sheet: sheet.sheet, cell: cell)
    }

    /// The cell the value was read from by the importer; nil for a location given whole.
    @inlinable public var cell: CellReference? {
        row >= 0 ? CellReference(row: Int(row), column: Int(column)) : nil
    }

    /// Whether both are cells the importer read from one sheet (their locations then differ by the cell alone).
    @inlinable public func isInSameSheet(as other: ValueSource) -> Bool {
        sheet === other.sheet && row >= 0
    }

    /// The location of the cells of this source's sheet from `start` to `end`: `file!sheet!H12:S12`, or `H12` when
    /// they are one cell (`CellRange(start:end:).description`).
    public func location(from start: CellReference, to end: CellReference) -> SourceLocation {
        location(cell: SheetOrigin.rangeName(start, end))
    }

    /// Equal when their locations are.
    public static func == (a: ValueSource, b: ValueSource) -> Bool {
        if a.sheet === b.sheet { return a.row == b.row && a.column == b.column }
        if a.row >= 0, b.row >= 0, a.sheet.file == b.sheet.file, a.sheet.sheet == b.sheet.sheet {
            return a.row == b.row && a.column == b.column
        }
        return a.location == b.location
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(location) }
}

/// The file and sheet shared by the cell sources of one sheet, or one whole location.
@usableFromInline final class SheetOrigin: Sendable {
    let file: String
    let sheet: String?
    /// The location itself, for a source given whole.
    let whole: SourceLocation?

    init(file: String, sheet: String?) {
        self.file = file
        self.sheet = sheet
        whole = nil
    }

    init(whole: SourceLocation) {
        file = whole.file
        sheet = whole.sheet
        self.whole = whole
    }

    /// `SourceLocation(file:sheet:cell:)` of a cell.
    static func location(file: String, sheet: String?, row: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, cell: cellName(row: row, column: column))
    }

    /// `CellReference(row:column:).description`, with the column letters of the first columns and the
    /// numbers of the first rows looked up.
    static func cellName(row: Int, column: Int) -> String {
        guard column >= 0, column < columnNames.count, row >= 0 else {
            return CellReference(row: row, column: column).description
        }
        return columnNames[column] + (row < rowNames.count ? rowNames[row] : String(row + 1))
    }

    /// `CellRange(start:end:).description`: `H12:S12`, or `H12` when they are one cell; written byte by byte
    /// for the first columns and rows below ten million.
    static func rangeName(_ start: CellReference, _ end: CellReference) -> String {
        func fits(_ ref: CellReference) -> Bool {
            ref.column >= 0 && ref.column < columnNames.count && ref.row >= 0 && ref.row < 9_999_999
        }
        guard fits(start), fits(end) else { return CellRange(start: start, end: end).description }
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var i = 0
            func put(_ ref: CellReference) {
                for byte in columnNames[ref.column].utf8 {
                    buffer[i] = byte
                    i += 1
                }
                var n = ref.row + 1, digits = 0
                while n > 0 || digits == 0 {
                    digits += 1
                    n /= 10
                }
                n = ref.row + 1
                for k in stride(from: i + digits - 1, through: i, by: -1) {
                    buffer[k] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
                i += digits
            }
            put(start)
            if start != end {
                buffer[i] = UInt8(ascii: ":")
                i += 1
                put(end)
            }
            return i
        }
    }

    private static let columnNames = (0..<128).map { CellReference.columnName($0) }
    private static let rowNames = (0..<1024).map { String($0 + 1) }
}
