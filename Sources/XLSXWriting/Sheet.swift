import SheetCore

/// What every sheet can carry besides cells: column widths, freeze panes, merges, validations, notes,
/// links, protection and page setup. Use `Worksheet` (random access) or `StreamingWorksheet` (row by row).
///
/// Rows and columns are 0-based everywhere (`CellReference`, ranges, column indexes).
public class Sheet {
    /// The tab name.
    public let name: String
    public let visibility: SheetVisibility
    let state: BookState
    /// The first visible sheet is the one selected when the file opens.
    let isActive: Bool

    struct ColumnFormat: Equatable {
        var width: Double?
        var hidden = false
        var style: StyleID?
    }

    struct FreezePanes: Equatable {
        var rows: Int
        var columns: Int
    }

    var columns: [Int: ColumnFormat] = [:]
    var freezePanes: FreezePanes?
    var merges: [CellRange] = []
    var autoFilter: CellRange?
    var validations: [DataValidation] = []
    var hyperlinks: [CellReference: Hyperlink] = [:]
    var comments: [CellReference: Comment] = [:]
    var charts: [(chart: BarChart, area: CellRange)] = []
    var numberAsTextRanges: [CellRange] = []
    var protection: SheetProtection?
    var pageSetup: PageSetup?
    var showGridLines = true
    var tabColor: Color?
    /// Cell tag bytes reused across rows (see `CellTags`); taken out while a row is written.
    var cellTags = CellTags()

    init(name: String, visibility: SheetVisibility, state: BookState, isActive: Bool) {
        self.name = name
        self.visibility = visibility
        self.state = state
        self.isActive = isActive
    }

    /// Streaming sheets refuse settings that belong before the rows once rows were written.
    func checkHeadIsOpen(_ what: String) throws(XLSXWriteError) {}

    /// Streaming sheets refuse settings that belong after the rows once the sheet was finished by a write.
    func checkTailIsOpen(_ what: String) throws(XLSXWriteError) {}

    func error(_ kind: XLSXWriteError.Kind, _ cell: CellReference? = nil, _ message: String) -> XLSXWriteError {
        XLSXWriteError(kind, sheet: name, cell: cell, message: message)
    }

    func check(_ ref: CellReference) throws(XLSXWriteError) {
        guard ref.row >= 0, ref.row < CellReference.maxRows, ref.column >= 0, ref.column < CellReference.maxColumns else {
            throw error(.outOfRange, nil, "cell (row \(ref.row + 1), column \(ref.column + 1)) is outside Excel's 1,048,576 rows × 16,384 columns")
        }
    }

    func check(_ range: CellRange) throws(XLSXWriteError) {
        try check(range.start)
        try check(range.end)
    }

    func checkColumn(_ column: Int) throws(XLSXWriteError) {
        guard column >= 0, column < CellReference.maxColumns else {
            throw error(.outOfRange, nil, "column \(column + 1) is outside Excel's 16,384 columns")
        }
    }

    // MARK: Columns, panes, look

    /// Sets one column's width in Excel character units (the width of "0" in the default font).
    public func setColumnWidth(_ column: Int, _ width: Double) throws(XLSXWriteError) {
        try setColumns(column...column, width: width, hidden: columns[column]?.hidden ?? false)
    }

    /// Formats a span of columns: width and default style for empty cells (nil keeps what was set before),
    /// and whether they are hidden.
    public func setColumns(_ columns: ClosedRange<Int>, width: Double? = nil, hidden: Bool = false,
                           style: StyleID? = nil) throws(XLSXWriteError) {
        try checkHeadIsOpen("column formats")
        try checkColumn(columns.lowerBound)
        try checkColumn(columns.upperBound)
        if let width, !(width >= 0 && width <= 255) {
            throw error(.invalidArgument, nil, "column width \(width) is outside 0...255")
        }
        if let style, !state.contains(style) {
            throw error(.invalidArgument, nil, "style \(style.index) was not made by this workbook")
        }
        for column in columns {
            let old = self.columns[column]
            self.columns[column] = ColumnFormat(width: width ?? old?.width, hidden: hidden, style: style ?? old?.style)
        }
    }

    /// Freezes the top `rows` rows and the left `columns` columns (Excel's Freeze Panes).
    public func freeze(rows: Int, columns: Int = 0) throws(XLSXWriteError) {
        try checkHeadIsOpen("freeze panes")
        guard rows >= 0, columns >= 0, rows < CellReference.maxRows, columns < CellReference.maxColumns else {
            throw error(.outOfRange, nil, "cannot freeze \(rows) rows and \(columns) columns")
        }
        freezePanes = rows == 0 && columns == 0 ? nil : FreezePanes(rows: rows, columns: columns)
    }

    /// Shows or hides the grid lines on screen.
    public func setShowGridLines(_ show: Bool) throws(XLSXWriteError) {
        try checkHeadIsOpen("grid lines")
        showGridLines = show
    }

    /// Colours the sheet's tab.
    public func setTabColor(_ color: Color?) throws(XLSXWriteError) {
        try checkHeadIsOpen("tab colour")
        tabColor = color
    }

    /// Print settings: paper, orientation, fit to width, margins, repeated header rows, print area.
    public func setPageSetup(_ setup: PageSetup) throws(XLSXWriteError) {
        try checkTailIsOpen("page setup")
        if setup.fitToWidth != (pageSetup?.fitToWidth ?? false) { try checkHeadIsOpen("fit to page") }
        if let rows = setup.repeatRows, rows.lowerBound < 0 || rows.upperBound >= CellReference.maxRows {
            throw error(.outOfRange, nil, "repeated rows \(rows) are outside the sheet")
        }
        if let columns = setup.repeatColumns {
            try checkColumn(columns.lowerBound)
            try checkColumn(columns.upperBound)
        }
        if let area = setup.printArea { try check(area) }
        pageSetup = setup
    }

    // MARK: Ranges

    /// Merges a range into one cell; the top-left cell's value is what shows.
    /// - Throws: `.overlappingRanges` when it overlaps an earlier merge, `.invalidArgument` for a single cell.
    public func merge(_ range: CellRange) throws(XLSXWriteError) {
        try checkTailIsOpen("merged ranges")
        try check(range)
        guard range.start != range.end else {
            throw error(.invalidArgument, range.start, "merging a single cell has no effect")
        }
        if let other = merges.first(where: { overlaps($0, range) }) {
            throw error(.overlappingRanges, range.start, "merged range \(range) overlaps \(other)")
        }
        merges.append(range)
    }

    /// Adds filter buttons to the header row of `range`.
    public func setAutoFilter(_ range: CellRange) throws(XLSXWriteError) {
        try checkTailIsOpen("an autofilter")
        try check(range)
        autoFilter = range
    }

    // MARK: Validation, notes, links, protection

    /// Adds a data validation rule.
    /// - Throws: `.textTooLong` for messages over Excel's limits (titles 32, texts 255 characters),
    ///   `.invalidArgument` for an empty range list or an empty dropdown.
    public func addValidation(_ validation: DataValidation) throws(XLSXWriteError) {
        try checkTailIsOpen("data validations")
        guard let first = validation.ranges.first else {
            throw error(.invalidArgument, nil, "a data validation needs at least one range")
        }
        for range in validation.ranges { try check(range) }
        for (label, text, limit) in [("input title", validation.inputTitle, 32), ("input message", validation.inputMessage, 255),
                                     ("error title", validation.errorTitle, 32), ("error message", validation.errorMessage, 255)] {
            if let text, text.utf16.count > limit {
                throw error(.textTooLong, first.start, "validation \(label) is \(text.utf16.count) characters; Excel allows \(limit)")
            }
        }
        switch validation.rule {
        case .list(let options):
            if options.isEmpty { throw error(.invalidArgument, first.start, "a dropdown list needs at least one option") }
            if let long = options.first(where: { $0.utf16.count > 255 }) {
                throw error(.textTooLong, first.start, "dropdown option \"\(long.prefix(20))…\" is longer than 255 characters")
            }
        case .listSource(let formula), .custom(let formula):
            if formula.isEmpty { throw error(.invalidArgument, first.start, "empty validation formula") }
        case .wholeNumber(let op, let a, let b), .decimal(let op, let a, let b):
            if !a.isFinite || !(b?.isFinite ?? true) { throw error(.invalidValue, first.start, "validation bound is not a finite number") }
            try checkSecondBound(op, b != nil, first.start)
        case .date(let op, let a, let b):
            guard ExcelDate.serial(a) != nil, b.map({ ExcelDate.serial($0) != nil }) ?? true else {
                throw error(.invalidValue, first.start, "validation date is before 1900 or invalid")
            }
            try checkSecondBound(op, b != nil, first.start)
        case .textLength(let op, _, let b):
            try checkSecondBound(op, b != nil, first.start)
        }
        validations.append(validation)
    }

    private func checkSecondBound(_ op: DataValidation.Operator, _ hasSecond: Bool, _ cell: CellReference) throws(XLSXWriteError) {
        let needs = op == .between || op == .notBetween
        if needs != hasSecond {
            throw error(.invalidArgument, cell, needs ? "\(op.rawValue) needs two bounds" : "\(op.rawValue) takes one bound")
        }
    }

    /// A dropdown over `range` with the given options (inline when short, else from the hidden list sheet).
    public func addListValidation(_ range: CellRange, options: [String], inputTitle: String? = nil,
                                  inputMessage: String? = nil, errorTitle: String? = nil, errorMessage: String? = nil,
                                  errorStyle: DataValidation.ErrorStyle = .stop) throws(XLSXWriteError) {
        try addValidation(DataValidation(ranges: [range], rule: .list(options), inputTitle: inputTitle,
                                         inputMessage: inputMessage, errorTitle: errorTitle, errorMessage: errorMessage,
                                         errorStyle: errorStyle))
    }

    /// Attaches a note to a cell (replacing any earlier note there).
    public func addComment(at cell: CellReference, _ comment: Comment) throws(XLSXWriteError) {
        try checkTailIsOpen("notes")
        try check(cell)
        guard comment.text.utf16.count <= 32_767 else {
            throw error(.textTooLong, cell, "note is \(comment.text.utf16.count) characters; Excel allows 32,767")
        }
        comments[cell] = comment
    }

    /// Attaches a note with the given text.
    public func addComment(at cell: CellReference, text: String, author: String? = nil) throws(XLSXWriteError) {
        try addComment(at: cell, Comment(text, author: author))
    }

    /// Makes a cell a link (the cell's value is set separately and is what shows).
    public func addHyperlink(at cell: CellReference, _ link: Hyperlink) throws(XLSXWriteError) {
        try checkTailIsOpen("links")
        try check(cell)
        if let url = link.url, url.isEmpty || url.utf16.count > 2_079 {
            throw error(.invalidArgument, cell, "a link address must have 1 to 2,079 characters")
        }
        hyperlinks[cell] = link
    }

    /// Hides Excel's "number stored as text" marker over `range` — for code columns such as 关区代码
    /// `0101`, which are text on purpose.
    public func ignoreNumbersStoredAsText(in range: CellRange) throws(XLSXWriteError) {
        try checkTailIsOpen("ignored errors")
        try check(range)
        numberAsTextRanges.append(range)
    }

    /// Protects the sheet: locked cells (the default) cannot be changed; unlocked cells remain editable.
    public func protect(_ protection: SheetProtection = SheetProtection()) throws(XLSXWriteError) {
        try checkTailIsOpen("protection")
        if let password = protection.password {
            if password.isEmpty || password.count > 255 {
                throw error(.invalidArgument, nil, "a sheet password must have 1 to 255 characters")
            }
            // The legacy hash is computed from the password in the user's ANSI code page, so only printable
            // ASCII gives a hash that every Excel and WPS install accepts when the password is typed.
            if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E }) {
                throw error(.invalidArgument, nil, "a sheet password must be printable ASCII (letters, digits, punctuation)")
            }
        }
        self.protection = protection
    }
}

func overlaps(_ a: CellRange, _ b: CellRange) -> Bool {
    a.start.row <= b.end.row && b.start.row <= a.end.row && a.start.column <= b.end.column && b.start.column <= a.end.column
}
