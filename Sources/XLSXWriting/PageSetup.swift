import SheetCore

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
