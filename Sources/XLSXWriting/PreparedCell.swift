import SheetCore
import XMLStream

/// A cell's XML made once and written any number of times (`StreamingWorksheet.prepare(_:style:)`): a value
/// repeated down a column — an office's name on each of its rows, ☑ and ☐, a status — is then copied instead
/// of being checked, escaped and tagged cell by cell. Writing it gives exactly the bytes writing the value
/// with that style gives.
public struct PreparedCell: Sendable {
    /// The cell's XML after `<c` and its reference: ` s="N"`, the type, the value, `</c>` (or `/>`).
    let body: [UInt8]
    /// Whether the cell widens the sheet's used range (a value, or a style other than the default).
    let isWritten: Bool
    /// Whether the cell refers to the shared string table (each use counts in the table's `count`).
    var isShared = false
    /// The workbook that made the cell: its style index and shared-string index mean nothing in another.
    let book: ObjectIdentifier
}

extension StreamingWorksheet {
    /// Checks that this workbook made `style`, once per style and sheet (styles are never removed).
    func checkStyleOnce(_ style: StyleID, _ cell: CellReference?) throws(XLSXWriteError) {
        let i = style.index
        if i >= 0, i < checkedStyles.count, checkedStyles[i] { return }
        guard state.contains(style) else { throw error(.invalidArgument, cell, "style \(i) was not made by this workbook") }
        if i >= 0, i < 1 << 16 {
            while checkedStyles.count <= i { checkedStyles.append(false) }
            checkedStyles[i] = true
        }
    }

    /// Makes the XML of a cell holding `value` with `style` once, for `RowWriter.append(_:)`.
    /// - Throws: `.textTooLong`, `.invalidValue` (not located: the cell is not placed yet), `.invalidArgument`
    ///   for a style of another workbook.
    public func prepare(_ value: CellValue, style: StyleID = .default) throws(XLSXWriteError) -> PreparedCell {
        try checkStyleOnce(style, nil)
        var w = XMLWriter(capacity: 64)
        var tags = CellTags.prepared()
        try writeCell(&w, &tags, row: 0, column: 0, value: value, formula: nil, style: style)
        // What `writeCell` wrote starts with `<c` (the reference of a cell that follows its neighbour is left
        // out), or is nothing for an empty unstyled cell.
        return PreparedCell(body: Array(w.bytes.dropFirst(2)), isWritten: !value.isEmpty || style.index != 0,
                            book: ObjectIdentifier(state))
    }

    /// Makes a text cell that refers to the workbook's shared string table (`t="s"`), whatever the workbook's
    /// `StringStorage`: a text repeated down thousands of rows is then stored once. The text joins the table
    /// now, at its end when new — so the table, and the file, depend on the order of these calls: make them
    /// from one thread in a fixed order (another sheet filled at the same time must not make them). An empty
    /// text is an empty cell, outside the table.
    /// - Throws: `.textTooLong` (not located), `.invalidArgument` for a style of another workbook.
    public func prepareShared(_ text: String, style: StyleID = .default) throws(XLSXWriteError) -> PreparedCell {
        if text.isEmpty { return try prepare(.string(text), style: style) }
        try checkStyleOnce(style, nil)
        try checkLength(text, 0, 0)
        var w = XMLWriter(capacity: 32)
        var tags = CellTags.prepared()
        tags.open(&w, row: 0, column: 0, style: style.index)
        w.raw(" t=\"s\"><v>")
        w.integer(state.sharedStringIndex(text))
        w.raw("</v></c>")
        return PreparedCell(body: Array(w.bytes.dropFirst(2)), isWritten: true, isShared: true, book: ObjectIdentifier(state))
    }
}

/// The cells of one row being appended (`StreamingWorksheet.appendRow(format:_:)`), left to right from
/// column 0: each `append` fills the next column.
public struct RowWriter {
    var w: XMLWriter
    var tags: CellTags
    /// The sheet being appended to, alive for the whole `appendRow` call this writer lives in (unowned(unsafe):
    /// no reference counting per cell).
    unowned(unsafe) let sheet: StreamingWorksheet
    /// The 0-based row being written.
    public let row: Int
    /// The column the next `append` fills.
    public private(set) var column = 0
    /// The first and last columns written (that widen the used range), -1 before any.
    var firstWritten = -1
    var lastWritten = -1

    init(sheet: StreamingWorksheet, row: Int, w: XMLWriter, tags: CellTags) {
        self.sheet = sheet; self.row = row; self.w = w; self.tags = tags
    }

    /// Cells appended that refer to the shared string table.
    var sharedReferences = 0

    /// Appends a prepared cell.
    /// - Throws: `.invalidArgument`, located, for a cell another workbook prepared.
    public mutating func append(_ cell: PreparedCell) throws(XLSXWriteError) {
        guard cell.book == ObjectIdentifier(sheet.state) else {
            throw sheet.error(.invalidArgument, CellReference(row: row, column: column), "the prepared cell was made by another workbook")
        }
        if cell.isShared { sharedReferences += 1 }
        if !cell.body.isEmpty {
            tags.open(&w, row: row, column: column, style: 0)
            w.bytes.append(contentsOf: cell.body)
        }
        if cell.isWritten { written() }
        column += 1
    }

    /// Appends a value with a style.
    /// - Throws: `.textTooLong`, `.invalidValue`, located.
    public mutating func append(_ value: CellValue, style: StyleID) throws(XLSXWriteError) {
        try sheet.checkStyleOnce(style, CellReference(row: row, column: column))
        try sheet.writeCell(&w, &tags, row: row, column: column, value: value, formula: nil, style: style)
        if style.index != 0 || !value.isEmpty { written() }
        column += 1
    }

    private mutating func written() {
        if firstWritten < 0 { firstWritten = column }
        lastWritten = column
    }
}

extension CellTags {
    /// Tags for preparing a cell: column 0 counts as following the previous cell (no reference is written).
    static func prepared() -> CellTags {
        var tags = CellTags()
        tags.implicitReferences = true
        tags.startRowForPreparing()
        return tags
    }
}
