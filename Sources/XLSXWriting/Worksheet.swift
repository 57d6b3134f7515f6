import SheetCore
import XMLStream

/// A random-access sheet: set any cell in any order, then the workbook writes it.
///
/// Meant for template-like sheets (catalogs, returns, summaries); cells are held in memory until
/// `XLSXWriter.write(to:)`. For large tables use `StreamingWorksheet`.
public final class Worksheet: Sheet {
    private(set) var cells: [CellReference: CellContent] = [:]
    private(set) var rowFormats: [Int: RowFormat] = [:]

    /// Sets a cell's value and style. A `.string` is always text, even if it starts with `=`.
    /// - Throws: `.outOfRange`, `.textTooLong` (over 32,767 characters), `.invalidValue` (NaN, infinite,
    ///   a date before 1900), `.invalidArgument` (a style from another workbook).
    public func set(_ cell: CellReference, _ value: CellValue, style: StyleID = .default) throws(XLSXWriteError) {
        try put(cell, CellContent(value, style: style))
    }

    /// Sets a cell's value with a style given by value (registered with the workbook on the fly).
    public func set(_ cell: CellReference, _ value: CellValue, style: CellStyle) throws(XLSXWriteError) {
        try put(cell, CellContent(value, style: state.register(style)))
    }

    /// Sets a formula (with or without a leading `=`) and the value to show until recalculation.
    public func setFormula(_ cell: CellReference, _ formula: String, cached: CellValue = .empty,
                           style: StyleID = .default) throws(XLSXWriteError) {
        try put(cell, .formula(formula, cached: cached, style: style))
    }

    /// Sets a cell from a `CellContent`.
    public func set(_ cell: CellReference, _ content: CellContent) throws(XLSXWriteError) {
        try put(cell, content)
    }

    /// Sets text and makes the cell a link to `url`.
    public func setLink(_ cell: CellReference, text: String, url: String, tooltip: String? = nil,
                        style: StyleID = .default) throws(XLSXWriteError) {
        try set(cell, .string(text), style: style)
        try addHyperlink(at: cell, Hyperlink(url: url, tooltip: tooltip))
    }

    /// Gives every cell of `range` the style, keeping values (empty cells become styled blanks).
    ///
    /// Each cell is stored, so the range is limited to 1,000,000 cells: style whole columns with
    /// `setColumns(_:style:)` instead.
    public func setStyle(_ range: CellRange, _ style: StyleID) throws(XLSXWriteError) {
        try check(range)
        try checkStyle(style, range.start)
        guard range.rowCount * range.columnCount <= 1_000_000 else {
            throw error(.invalidArgument, range.start, "styling \(range) cell by cell is too much; use setColumns(_:style:) for whole columns")
        }
        for row in range.start.row...range.end.row {
            for column in range.start.column...range.end.column {
                let ref = CellReference(row: row, column: column)
                var content = cells[ref] ?? CellContent(.empty)
                content.style = style
                cells[ref] = content
            }
        }
    }

    /// Sets a value on the top-left cell, styles the whole range and merges it.
    public func mergeAndSet(_ range: CellRange, _ value: CellValue, style: StyleID = .default) throws(XLSXWriteError) {
        try merge(range)
        try setStyle(range, style)
        try set(range.start, value, style: style)
    }

    /// Sets a row's height in points (and whether it is hidden).
    public func setRowHeight(_ row: Int, _ height: Double?, hidden: Bool = false) throws(XLSXWriteError) {
        guard row >= 0, row < CellReference.maxRows else {
            throw error(.outOfRange, nil, "row \(row + 1) is outside Excel's 1,048,576 rows")
        }
        if let height, !(height >= 0 && height <= 409) {
            throw error(.invalidArgument, CellReference(row: row, column: 0), "row height \(height) is outside 0...409 points")
        }
        rowFormats[row] = RowFormat(height: height, hidden: hidden)
    }

    /// Sets column widths from the cells' text, counting CJK and other full-width characters double
    /// (so 中文 columns are as wide as they look), between `minimum` and `maximum` character units.
    ///
    /// Cells merged across several columns are skipped; multi-line text counts its longest line.
    /// - Parameters:
    ///   - columns: the columns to fit (nil: every column with cells).
    ///   - keepExisting: leave columns that already have a width alone.
    public func fitColumnWidths(_ columns: ClosedRange<Int>? = nil, minimum: Double = 6, maximum: Double = 60,
                                keepExisting: Bool = true) throws(XLSXWriteError) {
        var widest: [Int: Int] = [:]
        for (cell, content) in cells {
            if let columns, !columns.contains(cell.column) { continue }
            if merges.contains(where: { $0.contains(cell) && $0.columnCount > 1 }) { continue }
            let text: String
            switch content.value {
            case .date(let d): text = d.kind == .dateTime ? "0000-00-00 00:00:00" : d.kind == .time ? "00:00:00" : d.kind == .duration ? d.iso8601 : "0000-00-00"
            default: text = content.value.text
            }
            let width = text.split(separator: "\n", omittingEmptySubsequences: false).map(displayWidth).max() ?? 0
            widest[cell.column] = max(widest[cell.column] ?? 0, width)
        }
        for (column, width) in widest.sorted(by: { $0.key < $1.key }) {
            if keepExisting, self.columns[column]?.width != nil { continue }
            try setColumnWidth(column, min(max(Double(width) + 2, minimum), maximum))
        }
    }

    /// The content set at a cell, if any.
    public func content(at cell: CellReference) -> CellContent? { cells[cell] }

    private func put(_ cell: CellReference, _ content: CellContent) throws(XLSXWriteError) {
        try check(cell)
        try checkStyle(content.style, cell)
        try validate(content, at: cell)
        if content.formula != nil { state.hasFormulas = true }
        cells[cell] = content
    }


    // MARK: Writing

    /// Serializes the sheet into a new spool file.
    func writePart() throws(XLSXWriteError) -> SpoolFile {
        let spool = try SpoolFile(path: state.newSpoolPath())
        var w = XMLWriter(capacity: 1 << 16)
        let keys = cells.keys.sorted()
        var dimension = CellRange(CellReference(row: 0, column: 0))
        if let first = keys.first {
            var minColumn = first.column, maxColumn = first.column
            for key in keys {
                minColumn = min(minColumn, key.column)
                maxColumn = max(maxColumn, key.column)
            }
            dimension = CellRange(start: CellReference(row: first.row, column: minColumn),
                                  end: CellReference(row: keys[keys.count - 1].row, column: maxColumn))
        }
        writeHead(&w, dimension: dimension)
        let formattedRows = rowFormats.keys.sorted()
        var nextFormatted = 0
        var index = 0
        var tags = CellTags()
        while index < keys.count || nextFormatted < formattedRows.count {
            // The next row that has cells or a format.
            let cellRow = index < keys.count ? keys[index].row : Int.max
            let formatRow = nextFormatted < formattedRows.count ? formattedRows[nextFormatted] : Int.max
            let row = min(cellRow, formatRow)
            if formatRow == row { nextFormatted += 1 }
            writeRowStart(&w, row: row, format: rowFormats[row])
            while index < keys.count, keys[index].row == row {
                let key = keys[index]
                if let content = cells[key] {
                    try writeCell(&w, &tags, row: row, column: key.column, value: content.value, formula: content.formula, style: content.style)
                }
                index += 1
            }
            w.raw("</row>")
            if w.bytes.count > 1 << 16 { try spool.drain(&w) }
        }
        writeTail(&w, relationships: SheetRelationships(self))
        try spool.drain(&w)
        try spool.finishWriting()
        return spool
    }
}

extension Sheet {
    func checkStyle(_ style: StyleID, _ cell: CellReference) throws(XLSXWriteError) {
        guard state.contains(style) else {
            throw error(.invalidArgument, cell, "style \(style.index) was not made by this workbook")
        }
    }

    /// Checks a value against Excel's limits before it is stored.
    func validate(_ content: CellContent, at cell: CellReference) throws(XLSXWriteError) {
        switch content.value {
        case .string(let s):
            try checkLength(s, cell.row, cell.column)
        case .number(let d, _):
            if !d.isFinite { throw error(.invalidValue, cell, "\(d) cannot be stored in a spreadsheet") }
        case .date(let d):
            if ExcelDate.serial(d) == nil { throw error(.invalidValue, cell, "date \(d) is before 1900-01-01 or invalid; Excel cannot store it") }
        case .error, .bool, .empty:
            break
        }
        if let formula = content.formula {
            let body = formula.hasPrefix("=") ? formula.dropFirst() : Substring(formula)
            if body.isEmpty { throw error(.invalidArgument, cell, "empty formula") }
            if body.utf16.count > 8_192 { throw error(.textTooLong, cell, "formula longer than Excel's 8,192 characters") }
        }
    }
}

/// Columns a text takes in a spreadsheet cell: full-width (CJK, fullwidth forms, circled numbers,
/// check boxes) characters count 2, others 1.
func displayWidth(_ text: Substring) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x1100...0x115F, 0x2460...0x24FF, 0x2600...0x27BF, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            width += 2
        case 0..<0x20, 0x300...0x36F, 0x200B...0x200F:
            break
        default:
            width += 1
        }
    }
    return width
}
