import SheetCore
import XMLStream

/// A sheet written row by row: each row is serialized at once into a spool file, so memory stays flat
/// whatever the row count (with `StringStorage.inline`; shared strings keep the distinct texts in memory).
///
/// Different streaming sheets of one workbook may be filled on different threads at once when strings are
/// written inline (`StringStorage.inline`; a shared string table is numbered in the order strings arrive):
/// each sheet itself belongs to one thread at a time, and the workbook's other methods to one thread.
/// The file is then the same whatever the threads' timing, as long as nothing is numbered in the order it
/// first comes up: give date cells a style with a number format (a date in a style without one gets a
/// date variant of it, registered on first use) and avoid dropdown lists too long to be written inline.
///
/// Settings that go before the rows in the sheet XML — column widths, freeze panes, grid lines, tab colour,
/// fit to page — must be made before the first `appendRow`; merges, validations, notes, links,
/// protection and the rest of page setup can be added at any time before `XLSXWriter.write(to:)`.
public final class StreamingWorksheet: Sheet {
    private var spool: SpoolFile?
    private var buffer = XMLWriter(capacity: 1 << 17)
    private var started = false
    /// Where the row being written starts in `buffer`, to take back a row that failed half-way.
    private var rowMark = 0
    /// Byte offset of the dimension placeholder in the spool file.
    private var dimensionOffset: Int?
    /// The used range so far (rows and columns that received cells).
    private var usedRange: CellRange?
    private(set) var finished = false
    /// The 0-based index of the row the next `appendRow` writes.
    public private(set) var nextRow = 0
    /// Cells written that refer to the shared string table through prepared cells, added to the table's
    /// count when the sheet is finished.
    private var sharedReferences = 0
    /// Styles already checked against the workbook, by index (`checkStyleOnce`).
    var checkedStyles: [Bool] = []
    /// The part being deflated on another thread since `complete()` or the workbook's write.
    var background: BackgroundDeflate?

    override func checkHeadIsOpen(_ what: String) throws(XLSXWriteError) {
        if started {
            throw error(.outOfOrder, nil, "\(what) must be set before the first row of a streaming sheet is written")
        }
    }

    override func checkTailIsOpen(_ what: String) throws(XLSXWriteError) {
        if finished {
            throw error(.alreadyWritten, nil, "\(what) cannot be added: the sheet was already written out")
        }
    }

    /// Appends a row of values, all with one style (dates get a date format automatically).
    /// - Throws: `.textTooLong`, `.invalidValue`, `.outOfRange` (past row 1,048,576 or column 16,384), located.
    public func appendRow(_ values: [CellValue], style: StyleID = .default, format: RowFormat? = nil) throws(XLSXWriteError) {
        try checkStyle(style, CellReference(row: nextRow, column: 0))
        try begin(values.count, format)
        let row = nextRow
        try writingRow { w, tags throws(XLSXWriteError) in
            for column in values.indices {
                try writeCell(&w, &tags, row: row, column: column, value: values[column], formula: nil, style: style)
            }
        }
        extend(values.count) { style.index != 0 || !values[$0].isEmpty }
        try end()
    }

    /// Appends a row of values with one style per column (missing styles are the default).
    public func appendRow(_ values: [CellValue], styles: [StyleID], format: RowFormat? = nil) throws(XLSXWriteError) {
        if let column = state.firstUnknown(styles) {
            throw error(.invalidArgument, CellReference(row: nextRow, column: column), "style \(styles[column].index) was not made by this workbook")
        }
        try begin(values.count, format)
        let row = nextRow
        try writingRow { w, tags throws(XLSXWriteError) in
            for column in values.indices {
                let style = column < styles.count ? styles[column] : .default
                try writeCell(&w, &tags, row: row, column: column, value: values[column], formula: nil, style: style)
            }
        }
        extend(values.count) { !values[$0].isEmpty || ($0 < styles.count && styles[$0].index != 0) }
        try end()
    }

    /// Appends a row of cells with their own formulas and styles.
    public func appendRow(_ cells: [CellContent], format: RowFormat? = nil) throws(XLSXWriteError) {
        for (column, content) in cells.enumerated() { try checkStyle(content.style, CellReference(row: nextRow, column: column)) }
        try begin(cells.count, format)
        let row = nextRow
        try writingRow { w, tags throws(XLSXWriteError) in
            for (column, content) in cells.enumerated() {
                if content.formula != nil {
                    state.hasFormulas = true
                    try validate(content, at: CellReference(row: row, column: column))
                }
                try writeCell(&w, &tags, row: row, column: column, value: content.value, formula: content.formula, style: content.style)
            }
        }
        extend(cells.count) { cells[$0].formula != nil || cells[$0].style.index != 0 || !cells[$0].value.isEmpty }
        try end()
    }

    /// Appends a row whose cells `body` appends one by one (`RowWriter`): values, or cells made once with
    /// `prepare(_:style:)` and repeated. The bytes are those of `appendRow(_:styles:)` with the same cells.
    /// - Throws: what `body` throws (the row is then taken back), `.outOfRange` past row 1,048,576 or
    ///   column 16,384.
    public func appendRow(format: RowFormat? = nil, _ body: (inout RowWriter) throws(XLSXWriteError) -> Void) throws(XLSXWriteError) {
        try begin(0, format)
        let index = nextRow
        var row = RowWriter(sheet: self, row: index, w: XMLWriter(capacity: 0), tags: CellTags())
        try writingRow { w, tags throws(XLSXWriteError) in
            // The row's buffer and tags are moved into the row writer and back (swapped, never copied: a copy
            // would make the first append duplicate the whole buffer).
            swap(&row.w, &w)
            swap(&row.tags, &tags)
            defer {
                swap(&row.w, &w)
                swap(&row.tags, &tags)
            }
            try body(&row)
            if row.column > CellReference.maxColumns {
                throw error(.outOfRange, CellReference(row: index, column: 0), "a row holds at most 16,384 cells, got \(row.column)")
            }
        }
        sharedReferences += row.sharedReferences
        let first = row.firstWritten, last = row.lastWritten
        extend(last + 1) { $0 == first || $0 == last }
        try end()
    }

    /// Leaves `count` empty rows before the next appended row.
    public func skipRows(_ count: Int) throws(XLSXWriteError) {
        guard count >= 0, nextRow + count <= CellReference.maxRows else {
            throw error(.outOfRange, nil, "cannot skip to row \(nextRow + count + 1); Excel has 1,048,576 rows")
        }
        nextRow += count
    }

    private func begin(_ count: Int, _ format: RowFormat?) throws(XLSXWriteError) {
        if finished { throw error(.alreadyWritten, nil, "the workbook was written; no more rows can be added") }
        guard nextRow < CellReference.maxRows else {
            throw error(.outOfRange, CellReference(row: CellReference.maxRows - 1, column: 0), "a sheet holds at most 1,048,576 rows")
        }
        guard count <= CellReference.maxColumns else {
            throw error(.outOfRange, CellReference(row: nextRow, column: 0), "a row holds at most 16,384 cells, got \(count)")
        }
        if !started { try start() }
        rowMark = buffer.bytes.count
        writeRowStart(&buffer, row: nextRow, format: format)
    }

    private func start() throws(XLSXWriteError) {
        let spool = try SpoolFile(path: state.newSpoolPath())
        self.spool = spool
        started = true
        cellTags.implicitReferences = state.options.implicitCellReferences
        if let offset = writeHead(&buffer, dimension: nil) { dimensionOffset = spool.size + offset }
    }

    /// Widens the used range by the cells `0..<count` of the current row that `isWritten` says were written.
    private func extend(_ count: Int, _ isWritten: (Int) -> Bool) {
        guard let first = (0..<count).first(where: isWritten), let last = (0..<count).last(where: isWritten) else { return }
        let row = nextRow
        if let used = usedRange {
            usedRange = CellRange(start: CellReference(row: used.start.row, column: min(used.start.column, first)),
                                  end: CellReference(row: row, column: max(used.end.column, last)))
        } else {
            usedRange = CellRange(start: CellReference(row: row, column: first), end: CellReference(row: row, column: last))
        }
    }

    /// Runs `body` on the row buffer and cell tags taken out of the sheet (no exclusivity check per cell);
    /// a row that fails half-way is taken back.
    private func writingRow(_ body: (inout XMLWriter, inout CellTags) throws(XLSXWriteError) -> Void) throws(XLSXWriteError) {
        var w = XMLWriter(capacity: 0)
        var tags = CellTags()
        swap(&w, &buffer)
        swap(&tags, &cellTags)
        var failure: XLSXWriteError?
        do { try body(&w, &tags) } catch { failure = error }
        swap(&w, &buffer)
        swap(&tags, &cellTags)
        if let failure { throw abandonRow(failure) }
    }

    /// Removes a partly written row so that a failed `appendRow` leaves the sheet as it was.
    private func abandonRow(_ error: XLSXWriteError) -> XLSXWriteError {
        buffer.bytes.removeSubrange(rowMark...)
        cellTags.forgetRow()
        return error
    }

    private func end() throws(XLSXWriteError) {
        buffer.raw("</row>")
        nextRow += 1
        if buffer.bytes.count >= 1 << 17, let spool { try spool.drain(&buffer) }
    }

    /// Writes the tail and closes the spool file (once); returns it for the zip writer.
    func finish() throws(XLSXWriteError) -> SpoolFile {
        if let spool, finished { return spool }
        if !started { try start() }
        guard let spool else { throw error(.ioFailure, nil, "the sheet's spool file is gone") }
        writeTail(&buffer, relationships: SheetRelationships(self))
        try spool.drain(&buffer)
        if let dimensionOffset { try spool.overwrite(at: dimensionOffset, with: Self.paddedDimension(usedRange)) }
        try spool.finishWriting()
        buffer = XMLWriter(capacity: 0)
        finished = true
        state.addSharedStringReferences(sharedReferences)
        return spool
    }

    /// Ends the sheet now rather than at `XLSXWriter.write(to:)`: writes its tail and starts deflating the
    /// part on another thread, so that this work overlaps whatever the caller does next (filling the next
    /// sheet, say). The file is the same either way. Nothing can be added to the sheet afterwards.
    /// - Throws: `.ioFailure` when the spool file cannot be written.
    public func complete() throws(XLSXWriteError) {
        let spool = try finish()
        if background == nil, spool.size >= BackgroundDeflate.minimumSize {
            background = BackgroundDeflate(spool, compressionLevel: state.options.compressionLevel)
        }
    }

    /// Closes (and so deletes) the spool file.
    func discard() {
        spool?.remove()
        spool = nil
        background = nil
    }
}
