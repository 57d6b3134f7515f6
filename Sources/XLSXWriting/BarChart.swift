import SheetCore

/// A clustered bar or column chart over ranges of the workbook (DrawingML `c:barChart`).
///
/// ```swift
/// var chart = BarChart(title: "各事项合规率", direction: .bar)
/// chart.series = [BarChart.Series(name: "合规率", categories: range("B3:B27"), values: range("J3:J27"))]
/// chart.valueFormat = "0%"
/// try sheet.addChart(chart, in: range("M1:T30"))
/// ```
/// Data are referenced, not copied: spreadsheet apps draw the chart from the cells when the file opens.
public struct BarChart: Hashable, Sendable {
    /// `.bar` draws horizontal bars (categories down the side), `.column` vertical columns.
    public enum Direction: String, Hashable, Sendable {
        case bar
        case column = "col"
    }

    /// One data series: a name, the category labels and the values (same length), optionally on another sheet.
    public struct Series: Hashable, Sendable {
        public var name: String
        public var categories: CellRange
        public var values: CellRange
        /// The sheet holding the ranges; nil means the sheet the chart is placed on.
        public var sheet: String?
        public var color: Color?

        public init(name: String, categories: CellRange, values: CellRange, sheet: String? = nil, color: Color? = nil) {
            self.name = name
            self.categories = categories
            self.values = values
            self.sheet = sheet
            self.color = color
        }
    }

    public var title: String?
    public var direction: Direction
    public var series: [Series]
    public var categoryAxisTitle: String?
    public var valueAxisTitle: String?
    /// Number format of the value axis and labels, e.g. `0%`; nil follows the cells.
    public var valueFormat: String?
    /// Fixed value-axis bounds (e.g. 0...1 for rates); nil lets the app choose.
    public var valueMinimum: Double?
    public var valueMaximum: Double?
    /// Shows each bar's value next to it.
    public var showValues: Bool
    /// Shows the legend (at the bottom); useful with several series.
    public var showLegend: Bool
    /// With `.bar`, lists the first category at the top (as the rows read) instead of at the bottom.
    public var categoriesTopDown: Bool

    public init(title: String? = nil, direction: Direction = .column, series: [Series] = [],
                categoryAxisTitle: String? = nil, valueAxisTitle: String? = nil, valueFormat: String? = nil,
                valueMinimum: Double? = nil, valueMaximum: Double? = nil, showValues: Bool = false,
                showLegend: Bool = false, categoriesTopDown: Bool = true) {
        self.title = title
        self.direction = direction
        self.series = series
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.valueFormat = valueFormat
        self.valueMinimum = valueMinimum
        self.valueMaximum = valueMaximum
        self.showValues = showValues
        self.showLegend = showLegend
        self.categoriesTopDown = categoriesTopDown
    }
}

extension Sheet {
    /// Places a chart over the cells of `area` (it moves with them but keeps its size).
    /// - Throws: `.invalidArgument` for a chart without series or series whose ranges are not a single
    ///   row or column, `.outOfRange` for ranges outside the sheet.
    public func addChart(_ chart: BarChart, in area: CellRange) throws(XLSXWriteError) {
        try checkTailIsOpen("charts")
        try check(area)
        guard !chart.series.isEmpty else {
            throw error(.invalidArgument, area.start, "a chart needs at least one series")
        }
        for series in chart.series {
            try check(series.categories)
            try check(series.values)
            for range in [series.categories, series.values] where range.rowCount != 1 && range.columnCount != 1 {
                throw error(.invalidArgument, range.start, "chart series \"\(series.name)\": \(range) must be one row or one column")
            }
            if let sheet = series.sheet { try validateSheetName(sheet) }
        }
        if let minimum = chart.valueMinimum, let maximum = chart.valueMaximum, !(minimum < maximum) {
            throw error(.invalidArgument, area.start, "chart axis minimum \(minimum) is not below maximum \(maximum)")
        }
        charts.append((chart, area))
    }
}
