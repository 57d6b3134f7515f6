import DisclosureCatalog
import SheetCore

/// The official table (the printed 附件) of a catalog, laid out cell by cell: values, merges, styles,
/// widths, heights and print settings. File writers (XLSX) render it; `grid` gives the same values as a
/// `Grid` for reading back.
///
/// Rows and columns are 0-based. Row 0 is 附件, row 1 the title, rows 2–3 the two-level header, then one
/// row per item, then the 备注 rows.
public struct CatalogTableLayout: Sendable {
    /// How a cell is formatted.
    public enum Style: String, Sendable, CaseIterable {
        /// 附件 label: bold, left.
        case attachment
        /// Title: large bold, centred.
        case title
        /// Header: bold, centred both ways, wrapped, bordered, shaded.
        case header
        /// Body text: wrapped, top-left, bordered.
        case text
        /// Body text centred both ways (序号, 一级事项, 公开依据, 公开主体), bordered.
        case centered
        /// A check mark (☑ ☐ √), centred, bordered.
        case mark
        /// 备注N label: bold, centred, bordered.
        case footnoteLabel
        /// 备注 text: wrapped, left, bordered.
        case footnote
    }

    public struct Cell: Hashable, Sendable {
        public var text: String
        public var style: Style
    }

    public var sheetName: String
    public var columns: [CatalogColumn]
    public private(set) var cells: [CellReference: Cell] = [:]
    public private(set) var merges: [CellRange] = []
    /// Widths in Excel character units, by column.
    public private(set) var columnWidths: [Double] = []
    /// Heights in points, by row.
    public private(set) var rowHeights: [Int: Double] = [:]
    /// The two header rows (repeated on every printed page, frozen on screen).
    public let headerRows: ClosedRange<Int> = 2...3
    /// The first cell of the scrolling pane: below the header, right of 序号…二级事项.
    public let freezeAt = CellReference(row: 4, column: 3)
    /// Print on A3 landscape, fitted to one page wide.
    public let paper = "A3"
    public let landscape = true
    public private(set) var rowCount = 0

    /// Lays out `catalog`.
    public init(catalog: Catalog, sheetName: String = "标准目录") {
        self.sheetName = sheetName
        self.columns = CatalogHeader.columns(for: catalog)
        build(catalog)
    }

    /// The values and merges as a `Grid` (what a reader of the written file sees).
    public var grid: Grid {
        var g = Grid(name: sheetName)
        for (ref, cell) in cells where !cell.text.isEmpty {
            g[ref] = GridCell(value: .string(cell.text))
        }
        g.mergedRanges = merges
        for (i, w) in columnWidths.enumerated() { g.columnWidths[i] = w }
        return g
    }

    private mutating func set(_ row: Int, _ column: Int, _ text: String, _ style: Style) {
        cells[CellReference(row: row, column: column)] = Cell(text: text, style: style)
    }

    private mutating func merge(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int, style: Style) {
        guard r1 != r2 || c1 != c2 else { return }
        merges.append(CellRange(start: CellReference(row: r1, column: c1), end: CellReference(row: r2, column: c2)))
        // Every cell of a merge carries the style so borders print all round.
        for r in r1...r2 {
            for c in c1...c2 where cells[CellReference(row: r, column: c)] == nil { set(r, c, "", style) }
        }
    }

    private mutating func build(_ catalog: Catalog) {
        let last = columns.count - 1
        // 附件 and title.
        set(0, 0, catalog.attachmentLabel ?? "", .attachment)
        set(1, 0, catalog.title, .title)
        merge(1, 0, 1, last, style: .title)

        // Two-level header: equal consecutive top labels merge across; columns without a sub-header merge down.
        let labels = columns.map { CatalogHeader.labels($0, catalog: catalog) }
        var c = 0
        while c <= last {
            let (top, sub) = labels[c]
            if sub == nil {
                set(2, c, top, .header)
                merge(2, c, 3, c, style: .header)
                c += 1
                continue
            }
            var end = c
            while end + 1 <= last, labels[end + 1].sub != nil, labels[end + 1].top == top { end += 1 }
            set(2, c, top, .header)
            merge(2, c, 2, end, style: .header)
            for k in c...end { set(3, k, labels[k].sub ?? "", .header) }
            c = end + 1
        }

        // Items.
        var row = 4
        var categoryStart = 4
        for (index, item) in catalog.items.enumerated() {
            for (k, column) in columns.enumerated() {
                let text = CatalogCellText.text(column, item: item, catalog: catalog, lineBreak: "\n")
                set(row, k, text, Self.style(of: column))
            }
            let nextCategory = index + 1 < catalog.items.count ? catalog.items[index + 1].category : nil
            if nextCategory != item.category {
                if let k = columns.firstIndex(of: .category), row > categoryStart {
                    for r in (categoryStart + 1)...row { set(r, k, "", .centered) }
                    merge(categoryStart, k, row, k, style: .centered)
                }
                categoryStart = row + 1
            }
            row += 1
        }

        // 备注 rows: label in the first column, text merged across the rest.
        for note in catalog.footnotes {
            set(row, 0, note.label, .footnoteLabel)
            set(row, 1, note.text, .footnote)
            merge(row, 1, row, last, style: .footnote)
            row += 1
        }
        rowCount = row
        computeSizes(catalog)
    }

    static func style(of column: CatalogColumn) -> Style {
        switch column {
        case .number, .category, .legalBasis, .publisher: return .centered
        case .channel, .audience, .mode: return .mark
        case .audienceText, .modeText: return .centered
        case .name, .content, .deadline, .channelOptions, .remarks, .extra: return .text
        }
    }

    /// Widths that fit the content within sensible caps, and row heights for the wrapped text.
    private mutating func computeSizes(_ catalog: Catalog) {
        columnWidths = columns.enumerated().map { k, column in
            let (minimum, maximum): (Double, Double)
            switch column {
            case .number: (minimum, maximum) = (5, 6)
            case .category, .name: (minimum, maximum) = (8, 14)
            case .content, .remarks: (minimum, maximum) = (20, 42)
            case .legalBasis: (minimum, maximum) = (7, 10)
            case .deadline: (minimum, maximum) = (12, 22)
            case .publisher: (minimum, maximum) = (9, 12)
            case .channel(let name): (minimum, maximum) = (6, ChannelName.isOther(name) ? 18 : 8)
            case .channelOptions: (minimum, maximum) = (16, 30)
            case .audience, .mode: (minimum, maximum) = (5, 6)
            case .audienceText, .modeText: (minimum, maximum) = (8, 12)
            case .extra: (minimum, maximum) = (8, 20)
            }
            var widest = 0
            for r in 4..<rowCount {
                guard let cell = cells[CellReference(row: r, column: k)], cell.style != .footnote,
                      cell.style != .footnoteLabel else { continue }
                widest = max(widest, TextWidth.widestLine(cell.text))
            }
            return min(max(Double(widest) + 2, minimum), maximum)
        }
        let lineHeight = 14.4
        for r in 0..<rowCount {
            var lines = 1
            for (k, width) in columnWidths.enumerated() {
                guard let cell = cells[CellReference(row: r, column: k)], !cell.text.isEmpty else { continue }
                var available = width
                if let m = merges.first(where: { $0.start == CellReference(row: r, column: k) }) {
                    // Merged text spreads over the merged width (and height, for the category).
                    available = (m.start.column...m.end.column).reduce(0) { $0 + columnWidths[$1] }
                    if m.rowCount > 1 { continue }
                }
                lines = max(lines, TextWidth.wrappedLines(cell.text, columns: Int(available) - 1))
            }
            switch r {
            case 0: rowHeights[r] = 20
            case 1: rowHeights[r] = 32
            default: rowHeights[r] = Double(lines) * lineHeight + 4
            }
        }
    }
}

/// The text of one cell of the official table (XLSX and CSV share it).
enum CatalogCellText {
    static func text(_ column: CatalogColumn, item: CatalogItem, catalog: Catalog, lineBreak: String) -> String {
        switch column {
        case .number: return String(item.number)
        case .category: return item.category
        case .name: return item.name
        case .content: return item.contentWording(separator: lineBreak)
        case .legalBasis: return item.legalBasisWording
        case .deadline: return item.deadlineWording(separator: lineBreak)
        case .publisher: return item.publisherWording(separator: lineBreak)
        case .channel(let name):
            let glyph = String(item.channels.isRecommended(name) ? CheckGlyph.checked : CheckGlyph.unchecked)
            guard ChannelName.isOther(name) else { return glyph }
            if let form = item.channels.otherForm { return glyph + " " + form }
            if let prompt = item.channels.otherPrompt { return glyph + "（" + prompt + "）" }
            return glyph
        case .channelOptions:
            return catalog.channels.map { name in
                let glyph = String(item.channels.isRecommended(name) ? CheckGlyph.checked : CheckGlyph.unchecked)
                let label = ChannelName.isOther(name)
                    ? ChannelName.otherLabel(form: item.channels.otherForm, prompt: item.channels.otherPrompt) : name
                return glyph + label
            }.joined(separator: " ")
        case .audience(let a): return item.audience.contains(a) ? CheckGlyph.mark : ""
        case .mode(let m): return item.modes.contains(m) ? CheckGlyph.mark : ""
        case .audienceText: return item.audience.map { $0.label(.zh) }.joined(separator: "、")
        case .modeText: return item.modes.map { $0.label(.zh) }.joined(separator: "、")
        case .remarks: return item.remarks ?? "/"
        case .extra(let name): return item.extraField(name) ?? ""
        }
    }
}
