import SheetCore

/// Whether a sheet's tab is shown.
public enum SheetVisibility: String, Sendable, Hashable {
    case visible
    /// Hidden; the user can unhide it from Excel's menu.
    case hidden
    /// Hidden so that only a macro or a program can show it again.
    case veryHidden
}

/// What goes into one cell when writing: a value, an optional formula, a style.
///
/// A `.string` value is always written as text — never as a formula, whatever it starts with.
public struct CellContent: Hashable, Sendable {
    public var value: CellValue
    /// Formula text with or without the leading `=`; `value` is then its cached result (`.empty` for none).
    public var formula: String?
    public var style: StyleID

    public init(_ value: CellValue, style: StyleID = .default) {
        self.value = value
        self.formula = nil
        self.style = style
    }

    /// A formula cell; `cached` is the value shown until the spreadsheet recalculates.
    public static func formula(_ text: String, cached: CellValue = .empty, style: StyleID = .default) -> CellContent {
        var content = CellContent(cached, style: style)
        content.formula = text
        return content
    }
}

/// A cell link to a web address or to a place in the workbook.
public struct Hyperlink: Hashable, Sendable {
    /// An external address (`https://…`, `mailto:…`) or nil for an internal link.
    public var url: String?
    /// An internal target such as `'汇总'!A1`.
    public var location: String?
    /// Text shown when the pointer rests on the link.
    public var tooltip: String?

    public init(url: String, tooltip: String? = nil) {
        self.url = url
        self.location = nil
        self.tooltip = tooltip
    }

    public init(location: String, tooltip: String? = nil) {
        self.url = nil
        self.location = location
        self.tooltip = tooltip
    }
}

/// A cell note (comment), shown by Excel, WPS and LibreOffice on hover.
public struct Comment: Hashable, Sendable {
    public var text: String
    /// Shown in bold before the text by Excel; nil uses the workbook author (or "DisclosureKit").
    public var author: String?
    /// Whether the note is always shown rather than on hover.
    public var visible: Bool
    /// Box size in columns and rows.
    public var width: Int
    public var height: Int

    public init(_ text: String, author: String? = nil, visible: Bool = false, width: Int = 3, height: Int = 4) {
        self.text = text
        self.author = author
        self.visible = visible
        self.width = max(1, width)
        self.height = max(1, height)
    }
}

/// A data validation rule over one or more ranges (Excel's Data ▸ Validation).
public struct DataValidation: Hashable, Sendable {
    /// The comparison for number, date and text-length rules.
    public enum Operator: String, Hashable, Sendable {
        case between, notBetween, equal, notEqual, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual
    }

    public enum Rule: Hashable, Sendable {
        /// A dropdown of fixed options. Written inline when the options fit Excel's 255-character limit
        /// (and contain no comma or quote), otherwise as a range on a hidden sheet of the workbook.
        case list([String])
        /// A dropdown whose options come from a range or a defined name, e.g. `'Lists'!$A$1:$A$9`.
        case listSource(String)
        case wholeNumber(Operator, Double, Double? = nil)
        case decimal(Operator, Double, Double? = nil)
        case date(Operator, DateTimeValue, DateTimeValue? = nil)
        case textLength(Operator, Int, Int? = nil)
        /// A formula that must be true, e.g. `LEN(A2)=4`.
        case custom(String)
    }

    /// How a rejected entry is handled.
    public enum ErrorStyle: String, Hashable, Sendable {
        /// The entry is refused.
        case stop
        /// The user is warned and may keep it.
        case warning
        /// The user is informed.
        case information
    }

    public var ranges: [CellRange]
    public var rule: Rule
    public var allowBlank: Bool
    /// Title (≤ 32 characters) and text (≤ 255) shown when the cell is selected.
    public var inputTitle: String?
    public var inputMessage: String?
    /// Title (≤ 32 characters) and text (≤ 255) of the alert for a rejected entry.
    public var errorTitle: String?
    public var errorMessage: String?
    public var errorStyle: ErrorStyle
    /// Whether an invalid entry raises an alert at all.
    public var showErrorAlert: Bool

    public init(ranges: [CellRange], rule: Rule, allowBlank: Bool = true, inputTitle: String? = nil,
                inputMessage: String? = nil, errorTitle: String? = nil, errorMessage: String? = nil,
                errorStyle: ErrorStyle = .stop, showErrorAlert: Bool = true) {
        self.ranges = ranges
        self.rule = rule
        self.allowBlank = allowBlank
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.errorStyle = errorStyle
        self.showErrorAlert = showErrorAlert
    }
}

/// Sheet protection: locked cells cannot be edited; cells whose style has `locked = false` stay editable.
public struct SheetProtection: Hashable, Sendable {
    /// Optional password (printable ASCII), stored with Excel's legacy 16-bit hash: it deters, it does not secure.
    public var password: String?
    public var allowSelectLockedCells: Bool
    public var allowSelectUnlockedCells: Bool
    public var allowFormatCells: Bool
    public var allowFormatColumns: Bool
    public var allowFormatRows: Bool
    public var allowInsertRows: Bool
    public var allowDeleteRows: Bool
    public var allowSort: Bool
    public var allowAutoFilter: Bool

    public init(password: String? = nil, allowSelectLockedCells: Bool = true, allowSelectUnlockedCells: Bool = true,
                allowFormatCells: Bool = false, allowFormatColumns: Bool = true, allowFormatRows: Bool = true,
                allowInsertRows: Bool = false, allowDeleteRows: Bool = false, allowSort: Bool = false,
                allowAutoFilter: Bool = false) {
        self.password = password
        self.allowSelectLockedCells = allowSelectLockedCells
        self.allowSelectUnlockedCells = allowSelectUnlockedCells
        self.allowFormatCells = allowFormatCells
        self.allowFormatColumns = allowFormatColumns
        self.allowFormatRows = allowFormatRows
        self.allowInsertRows = allowInsertRows
        self.allowDeleteRows = allowDeleteRows
        self.allowSort = allowSort
        self.allowAutoFilter = allowAutoFilter
    }

    /// Excel's legacy password hash (ECMA-376 Part 4, 14.7.1 `password` attribute), as 4 hex digits.
    public static func legacyHash(_ password: String) -> String {
        var hash: UInt64 = 0
        var count: UInt64 = 0
        for (i, scalar) in password.unicodeScalars.enumerated() {
            let shift = UInt64(min(i + 1, 40))
            var value = UInt64(scalar.value) << shift
            let rotated = value >> 15
            value &= 0x7FFF
            hash ^= value | rotated
            count += 1
        }
        hash ^= count
        hash ^= 0xCE4B
        return String(hash & 0xFFFF, radix: 16, uppercase: true)
    }
}

/// Print settings of a sheet.
public struct PageSetup: Hashable, Sendable {
    public enum Paper: Int, Hashable, Sendable {
        case letter = 1
        case a3 = 8
        case a4 = 9
        case a5 = 11
    }

    public enum Orientation: String, Hashable, Sendable { case portrait, landscape }

    /// Margins in inches (Excel's unit).
    public struct Margins: Hashable, Sendable {
        public var left, right, top, bottom, header, footer: Double
        public init(left: Double = 0.7, right: Double = 0.7, top: Double = 0.75, bottom: Double = 0.75,
                    header: Double = 0.3, footer: Double = 0.3) {
            self.left = left; self.right = right; self.top = top; self.bottom = bottom
            self.header = header; self.footer = footer
        }
        /// Narrow margins (Excel's "Narrow" preset).
        public static let narrow = Margins(left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3)
    }

    public var paper: Paper
    public var orientation: Orientation
    /// Shrink so that all columns fit on one page width (pages run as long as needed).
    public var fitToWidth: Bool
    public var margins: Margins
    /// Rows repeated at the top of every printed page (0-based, inclusive), e.g. `0...1` for two header rows.
    public var repeatRows: ClosedRange<Int>?
    /// Columns repeated at the left of every page (0-based, inclusive).
    public var repeatColumns: ClosedRange<Int>?
    /// The printed area; nil prints the used range.
    public var printArea: CellRange?
    public var centerHorizontally: Bool
    /// Header and footer text in Excel's code (`&C第 &P 页，共 &N 页`).
    public var header: String?
    public var footer: String?

    public init(paper: Paper = .a4, orientation: Orientation = .portrait, fitToWidth: Bool = false,
                margins: Margins = Margins(), repeatRows: ClosedRange<Int>? = nil, repeatColumns: ClosedRange<Int>? = nil,
                printArea: CellRange? = nil, centerHorizontally: Bool = false, header: String? = nil, footer: String? = nil) {
        self.paper = paper
        self.orientation = orientation
        self.fitToWidth = fitToWidth
        self.margins = margins
        self.repeatRows = repeatRows
        self.repeatColumns = repeatColumns
        self.printArea = printArea
        self.centerHorizontally = centerHorizontally
        self.header = header
        self.footer = footer
    }
}

/// Document properties (`docProps/core.xml`).
public struct DocumentProperties: Hashable, Sendable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var company: String?
    /// Creation time (UTC). Nil writes none, which keeps the output byte-for-byte reproducible.
    public var created: DateTimeValue?

    public init(title: String? = nil, subject: String? = nil, author: String? = nil, company: String? = nil,
                created: DateTimeValue? = nil) {
        self.title = title
        self.subject = subject
        self.author = author
        self.company = company
        self.created = created
    }
}
