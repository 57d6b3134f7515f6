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
