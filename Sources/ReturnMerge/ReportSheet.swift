import SheetCore

/// A table of the consolidated workbook, independent of the file format it is written in.
public struct ReportSheet: Sendable {
    /// How a column's numbers are shown.
    public enum Format: Sendable, Hashable { case general, integer, percent, date }

    public struct Column: Sendable, Hashable {
        public var header: String
        public var format: Format
        /// Width in Excel character units, fitted to the content.
        public var width: Double
    }

    /// A native bar chart over two columns of this sheet (categories and values).
    public struct Chart: Sendable, Hashable {
        public var title: String
        public var seriesName: String
        /// 0-based rows (inclusive) of the data, 0-based columns of categories and values.
        public var firstRow: Int
        public var lastRow: Int
        public var categoryColumn: Int
        public var valueColumn: Int
        /// Top-left cell where the chart is drawn.
        public var anchor: CellReference
    }

    public var name: String
    public var columns: [Column]
    /// Rows under the header row; a row may be shorter than `columns` and may contain section headers.
    public var rows: [[CellValue]]
    /// Rows (0-based, counted in `rows`) that are headers of a further section (shown bold).
    public var sectionHeaderRows: Set<Int> = []
    /// Formats of single cells that differ from their column's (row counted in `rows`, 0-based).
    public var formatOverrides: [CellReference: Format] = [:]

    /// The format of a cell: its override, else its column's.
    public func format(row: Int, column: Int) -> Format {
        formatOverrides[CellReference(row: row, column: column)] ?? (column < columns.count ? columns[column].format : .general)
    }
    /// The range the autofilter covers (header row included), 0-based sheet rows.
    public var filterRowCount: Int
    public var chart: Chart?
    /// Lines printed above the header row in the workbook (a report's title block; not in CSV). The header,
    /// rows, filter and chart move down by their count plus one blank row; `chart` rows are counted without them.
    public var titleLines: [String] = []

    /// The header row and every row as text, for CSV export and tests.
    public var textRows: [[String]] {
        [columns.map(\.header)] + rows.map { $0.map(\.text) }
    }
}

extension ReportSheet {
    /// Builds a sheet and fits each column's width to its longest text (CJK counts double).
    init(name: String, columns: [(String, Format)], rows: [[CellValue]], filterRows: Int? = nil) {
        var widths = ColumnWidths(columns)
        for row in rows {
            for i in 0..<min(row.count, widths.count) { widths.fit(row[i], column: i) }
        }
        self.init(name: name, columns: widths.columns, rows: rows, filterRows: filterRows)
    }

    /// A sheet with fitted columns (see `ColumnWidths`).
    init(name: String, columns: [Column], rows: [[CellValue]], filterRows: Int? = nil) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.filterRowCount = filterRows ?? rows.count
        self.chart = nil
    }

    /// The length of `String(v)`: digits and a minus sign.
    static func digitCount(_ v: Int64) -> Int {
        var n = v < 0 ? 2 : 1
        var m = v.magnitude
        while m >= 10 { m /= 10; n += 1 }
        return n
    }

    /// Columns a text takes on screen: 2 for wide (CJK, full-width) characters, else 1; the longest line counts.
    static func displayWidth(_ text: String) -> Int {
        var text = text
        // Decoded from the UTF-8 directly: only three- and four-byte characters can be wide.
        return text.withUTF8 { utf8 in
            var best = 0, current = 0, i = 0
            let n = utf8.count
            while i < n {
                let lead = utf8[i]
                if lead < 0x80 {
                    if lead == 0x0A { best = max(best, current); current = 0 } else { current += 1 }
                    i += 1
                } else if lead < 0xE0 {
                    current += 1  // two bytes: U+0080...U+07FF, never wide
                    i += 2
                } else if lead < 0xF0 {
                    let v = (UInt32(lead & 0x0F) << 12) | (UInt32(utf8[i + 1] & 0x3F) << 6) | UInt32(utf8[i + 2] & 0x3F)
                    current += isWide(v) ? 2 : 1
                    i += 3
                } else {
                    let v = (UInt32(lead & 0x07) << 18) | (UInt32(utf8[i + 1] & 0x3F) << 12)
                        | (UInt32(utf8[i + 2] & 0x3F) << 6) | UInt32(utf8[i + 3] & 0x3F)
                    current += (0x20000...0x3FFFD).contains(v) ? 2 : 1
                    i += 4
                }
            }
            return max(best, current)
        }
    }

    /// Wide characters of the Basic Multilingual Plane (CJK, Hangul, full-width forms).
    @inline(__always) private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v)
    }
}

/// Column widths fitted to the cells seen so far: the widest text of each column (CJK counts double), as
/// `ReportSheet` sizes its columns.
struct ColumnWidths {
    private var widths: [Int]
    private let percent: [Bool]
    private let spec: [(String, ReportSheet.Format)]

    init(_ columns: [(String, ReportSheet.Format)]) {
        spec = columns
        widths = columns.map { ReportSheet.displayWidth($0.0) }
        percent = columns.map { $0.1 == .percent }
    }

    var count: Int { widths.count }

    /// Widens column `i` (< `count`) to fit a cell.
    @inline(__always) mutating func fit(_ value: CellValue, column i: Int) {
        let w: Int
        switch value {
        case .string(let s): return fit(s, column: i)
        case .number where percent[i]: w = 7
        case .number(let d, nil) where d == d.rounded() && abs(d) < 1e15: w = ReportSheet.digitCount(Int64(d))
        case .date: w = 10
        case .empty: return
        default: w = ReportSheet.displayWidth(value.text)
        }
        widths[i] = max(widths[i], w)
    }

    /// Widens column `i` (< `count`) to fit a text cell.
    @inline(__always) mutating func fit(_ s: String, column i: Int) {
        // A text is never wider than its UTF-8 byte count: most cells cannot widen the column.
        if s.utf8.count <= widths[i] { return }
        widths[i] = max(widths[i], ReportSheet.displayWidth(s))
    }

    /// The columns with their widths (2 characters of margin, between 6 and 60).
    var columns: [ReportSheet.Column] {
        zip(spec, widths).map { ReportSheet.Column(header: $0.0, format: $0.1, width: Double(min(max($1 + 2, 6), 60))) }
    }
}
