import DisclosureCatalog
import SheetCore

/// Reads an official catalog table (any domain) from a grid: finds the header by its text, understands
/// two-level merged headers, categories filled down, channels as one column each or one cell of options,
/// check glyphs (including Wingdings letters), "/", "同上", synonyms and extra column groups.
///
/// Anything it cannot interpret becomes a located finding; nothing is dropped silently.
public enum CatalogTableReader {
    /// What the printed table does not say about itself.
    public struct Options: Sendable {
        /// The file name used in locations.
        public var file: String
        /// Catalog id; default: derived from the file name.
        public var id: String?
        public var issuer: String?
        public var version: String?
        /// 领域; default: taken from the title (海关领域… → 海关).
        public var domain: String?

        public init(file: String, id: String? = nil, issuer: String? = nil, version: String? = nil,
                    domain: String? = nil) {
            self.file = file
            self.id = id
            self.issuer = issuer
            self.version = version
            self.domain = domain
        }
    }

    /// A catalog read from a table, with what was noticed on the way.
    public struct Result: Sendable {
        public var catalog: Catalog
        public var findings: [Finding]
    }

    /// Reads the first grid that has a catalog header.
    /// - Throws: `CatalogTableError.headerNotFound` when no grid has one.
    public static func read(_ grids: [Grid], options: Options) throws -> Result {
        var firstError: CatalogTableError? = nil
        for grid in grids {
            do {
                return try read(grid, options: options)
            } catch let error as CatalogTableError {
                // A sheet without a header is skipped; a sheet with a header but no name column is reported.
                if error.kind != .headerNotFound || grids.count == 1 { firstError = firstError ?? error }
            }
        }
        if let firstError { throw firstError }
        let names = grids.map(\.name).joined(separator: ", ")
        throw CatalogTableError(.headerNotFound, SourceLocation(file: options.file),
                                "没有找到标准目录的表头（序号、公开事项、公开内容、公开时限…）；已查看工作表：\(names) "
                                + "(no catalog header found in sheets: \(names))")
    }

    /// Reads one grid.
    /// - Throws: `CatalogTableError` when the grid has no catalog header or no item-name column.
    public static func read(_ grid: Grid, options: Options) throws -> Result {
        var reader = TableReading(grid: grid, options: options)
        return try reader.run()
    }
}

/// One reading of one grid (state: findings, the table width).
struct TableReading {
    let grid: Grid
    let options: CatalogTableReader.Options
    /// Columns looked at in body rows: up to the last header column.
    var width: Int
    var findings: [Finding] = []

    init(grid: Grid, options: CatalogTableReader.Options) {
        self.grid = grid
        self.options = options
        self.width = grid.columnCount
    }

    func location(_ r: Int, _ c: Int) -> SourceLocation {
        SourceLocation(file: options.file, sheet: grid.name, cell: CellReference(row: r, column: c).description)
    }

    /// The cell shown at a position (the merge's top-left cell inside a merge).
    func cell(_ r: Int, _ c: Int) -> GridCell? {
        let ref = CellReference(row: r, column: c)
        if let m = grid.mergedRange(containing: ref) { return grid[m.start] }
        return grid[ref]
    }

    /// Displayed text with Wingdings letters turned into glyphs, trimmed.
    func text(_ r: Int, _ c: Int) -> String {
        CheckGlyph.text(of: cell(r, c)).trimmingWhitespace()
    }

    mutating func note(_ code: String, _ severity: Severity, _ r: Int, _ c: Int, item: Int?, zh: String, en: String) {
        findings.append(Finding(code: code, severity: severity, location: location(r, c), itemNumber: item, zh: zh, en: en))
    }

    mutating func run() throws -> CatalogTableReader.Result {
        guard let header = CatalogTableHeader.find(in: grid, text: { text($0, $1) }) else {
            throw CatalogTableError(.headerNotFound, SourceLocation(file: options.file, sheet: grid.name),
                                    "没有找到标准目录的表头（序号、公开事项、公开内容、公开时限…） "
                                    + "(no catalog header: 序号, 公开事项, 公开内容, 公开时限 …)")
        }
        guard header.index(of: .name) != nil else {
            throw CatalogTableError(.missingNameColumn, location(header.row, 0),
                                    "表头中没有“二级事项”或“公开事项”列 (the header has no 二级事项 / 公开事项 column)")
        }

        // Cells right of the header are not part of the table: report them rather than drop them silently.
        width = (header.columns.last?.index ?? 0) + 1
        var outside = 0
        for (ref, cell) in grid.sortedCells where ref.row >= header.row && ref.column >= width && !cell.value.isEmpty {
            if grid.mergedRange(containing: ref).map({ $0.start.column < width }) == true { continue }
            outside += 1
            if outside <= 20 {
                note("CAT-OUTSIDE-TABLE", .warning, ref.row, ref.column, item: nil,
                     zh: "表格右侧的内容“\(cell.value.text)”不属于任何列，未读取",
                     en: "\"\(cell.value.text)\" lies right of the table under no header; not read")
            }
        }
        if outside > 20 {
            note("CAT-OUTSIDE-TABLE", .warning, header.row, width, item: nil,
                 zh: "另有\(outside - 20)个单元格位于表格右侧，未读取", en: "\(outside - 20) more cells right of the table not read")
        }

        // Title rows above the header.
        var attachment: String? = nil
        var title = ""
        var seenMerges = Set<CellReference>()
        var aboveHeader: [(Int, Int, String)] = []
        for r in 0..<header.row {
            for c in 0..<grid.columnCount {
                let ref = CellReference(row: r, column: c)
                if let m = grid.mergedRange(containing: ref) {
                    if seenMerges.contains(m.start) { continue }
                    seenMerges.insert(m.start)
                }
                let t = text(r, c)
                if t.isEmpty { continue }
                if t.hasPrefix("附件"), t.count <= 4 { attachment = t; continue }
                if title.isEmpty || (t.contains("目录") && !title.contains("目录")) {
                    if !title.isEmpty { aboveHeader.append((r, c, title)) }
                    title = t
                } else {
                    aboveHeader.append((r, c, t))
                }
            }
        }
        for (r, c, t) in aboveHeader where t != title {
            note("CAT-TITLE-TEXT", .info, r, c, item: nil, zh: "标题区的文字“\(t)”未读入目录", en: "text \"\(t)\" above the header is not part of the catalog")
        }
        if title.isEmpty {
            note("CAT-NO-TITLE", .info, header.row, 0, item: nil, zh: "表头上方没有标题", en: "no title above the header")
        }

        // Columns.
        for (index, kind) in header.columns {
            if case .extra(let name) = kind {
                note("CAT-EXTRA-COLUMN", .info, header.row, index, item: nil,
                     zh: "列“\(name)”不是标准列，已作为附加字段保留", en: "column \"\(name)\" is not a core column; kept as an extra field")
            }
        }
        // A core column named twice: the later one wins; say so.
        var seenKinds = Set<CatalogColumn>()
        for (index, kind) in header.columns {
            if kind == .channelOptions { continue }
            if case .extra = kind { continue }
            if !seenKinds.insert(kind).inserted {
                note("CAT-DUPLICATE-COLUMN", .warning, header.row, index, item: nil,
                     zh: "此列与前面的列含义相同，以此列为准", en: "this column repeats an earlier one; its values are used")
            }
        }
        var vocabulary: [String] = []
        var extraColumns: [String] = []
        for (_, kind) in header.columns {
            if case .channel(let name) = kind, !vocabulary.contains(name) { vocabulary.append(name) }
            if case .extra(let name) = kind, !extraColumns.contains(name) { extraColumns.append(name) }
        }

        // Body.
        var items: [CatalogItem] = []
        var footnotes: [Footnote] = []
        var category = ""
        var previous: [Int: GridCell] = [:]
        let numberColumn = header.index(of: .number)
        let nameColumn = header.index(of: .name) ?? 0
        let audienceColumn = header.columns.first {
            if case .audience = $0.kind { return true }
            return $0.kind == .audienceText
        }?.index
        let modeColumn = header.columns.first {
            if case .mode = $0.kind { return true }
            return $0.kind == .modeText
        }?.index
        if audienceColumn == nil {
            note("CAT-NO-AUDIENCE-COLUMN", .info, header.row, 0, item: nil, zh: "表中没有公开对象列", en: "the table has no audience (公开对象) column")
        }
        if modeColumn == nil {
            note("CAT-NO-MODE-COLUMN", .info, header.row, 0, item: nil, zh: "表中没有公开方式列", en: "the table has no disclosure mode (公开方式) column")
        }
        // A sparse grid (a cell far below the table): only the rows holding cells are visited; a row without
        // cells has no distinct texts and is skipped below anyway.
        let occupiedRows: [Int]? = grid.isSparse ? grid.cellColumnsByRow().map(\.row) : nil
        var occupiedIndex = 0
        var r = header.firstDataRow
        while r < grid.rowCount {
            if let occupiedRows {
                while occupiedIndex < occupiedRows.count, occupiedRows[occupiedIndex] < r { occupiedIndex += 1 }
                guard occupiedIndex < occupiedRows.count else { break }
                r = occupiedRows[occupiedIndex]
            }
            defer { r += 1 }
            let distinct = distinctTexts(row: r)
            if distinct.isEmpty { continue }
            // 备注 rows.
            if let first = distinct.first, first.text.hasPrefix("备注") || first.text.hasPrefix("注：") || first.text.hasPrefix("注:") {
                footnotes.append(footnote(distinct))
                continue
            }
            if !footnotes.isEmpty {
                // Text after the footnotes continues the last one.
                footnotes[footnotes.count - 1].text += "\n" + distinct.map(\.text).joined(separator: " ")
                note("CAT-FOOTNOTE-CONTINUED", .info, r, distinct[0].column, item: nil,
                     zh: "表格下方的文字已并入\(footnotes[footnotes.count - 1].label)",
                     en: "text below the table added to \(footnotes[footnotes.count - 1].label)")
                continue
            }
            var number: Int? = nil
            if let nc = numberColumn {
                let t = text(r, nc)
                number = Int(t) ?? Int(t.trimmingCharacters(".．、"))
                if number == nil, case .number(let d, _)? = cell(r, nc)?.value { number = Int(exactly: d) }
            }
            let nameText = text(r, nameColumn)
            if number == nil {
                let spansColumns = (grid.mergedRange(containing: CellReference(row: r, column: distinct[0].column))?.columnCount ?? 1) > 1
                if distinct.count == 1 && (nameText.isEmpty || spansColumns) {
                    // A label row carrying the category (一、机构信息).
                    category = Self.stripOrdinal(distinct[0].text)
                    continue
                }
                if nameText.isEmpty {
                    note("CAT-UNREAD-ROW", .warning, r, distinct[0].column, item: nil,
                         zh: "无法识别的行：“\(distinct.map(\.text).joined(separator: " "))”",
                         en: "row not understood: \"\(distinct.map(\.text).joined(separator: " "))\"")
                    continue
                }
                let guess = (items.last?.number ?? 0) + 1
                note("CAT-NO-NUMBER", .warning, r, numberColumn ?? nameColumn, item: guess,
                     zh: "缺少序号，按顺序记为\(guess)", en: "no item number; numbered \(guess) by position")
                number = guess
            }
            guard let number else { continue }
            var item = CatalogItem(number: number, category: category, name: "", content: [])
            var current: [Int: GridCell] = [:]
            for (c, kind) in header.columns {
                var gridCell = cell(r, c)
                if CheckGlyph.text(of: gridCell).trimmingWhitespace().trimmingCharacters("。.") == "同上" {
                    if let prev = previous[c] {
                        gridCell = prev
                    } else {
                        note("CAT-SAME-AS-ABOVE", .warning, r, c, item: number,
                             zh: "“同上”但上方没有事项", en: "\"同上\" (same as above) with no item above")
                        gridCell = nil
                    }
                }
                current[c] = gridCell
                interpret(kind, gridCell, row: r, column: c, item: &item, vocabulary: &vocabulary, category: &category)
            }
            previous = current
            if item.category.isEmpty { item.category = category }
            if item.audience.isEmpty, let c = audienceColumn {
                note("CAT-NO-AUDIENCE", .warning, r, c, item: number, zh: "未标明公开对象", en: "no audience (公开对象) marked")
            }
            if item.modes.isEmpty, let c = modeColumn {
                note("CAT-NO-MODE", .warning, r, c, item: number, zh: "未标明公开方式", en: "no disclosure mode (公开方式) marked")
            }
            items.append(item)
        }

        // Keep recommended channels in vocabulary order.
        for i in items.indices {
            items[i].channels.recommended.sort {
                (vocabulary.firstIndex(of: $0) ?? .max) < (vocabulary.firstIndex(of: $1) ?? .max)
            }
        }
        let basisNote = footnotes.first { $0.label == "备注1" } ?? footnotes.first { !LegalBasis.parseList($0.text).isEmpty }
        let legalBases = basisNote.map { LegalBasis.parseList($0.text) } ?? []
        let domain = options.domain ?? Self.domain(fromTitle: title)
        let id = options.id ?? Self.id(fromFile: options.file)
        let catalog = Catalog(id: id, title: title, domain: domain, issuer: options.issuer, version: options.version,
                              attachmentLabel: attachment, channels: vocabulary, legalBases: legalBases,
                              footnotes: footnotes, extraColumns: extraColumns, items: items)
        let located = Set(["CAT-DEADLINE-UNPARSED", "CAT-NO-AUDIENCE", "CAT-NO-MODE"])
        for f in catalog.consistencyFindings() where !located.contains(f.code) {
            var f = f
            f.location = SourceLocation(file: options.file, sheet: grid.name)
            findings.append(f)
        }
        if items.isEmpty {
            note("CAT-NO-ITEMS", .error, header.firstDataRow, 0, item: nil, zh: "表头下没有事项行", en: "no item rows below the header")
        }
        return CatalogTableReader.Result(catalog: catalog, findings: findings)
    }

    /// Non-empty texts of a row, one per merged range, in column order.
    func distinctTexts(row r: Int) -> [(column: Int, text: String)] {
        var out: [(Int, String)] = []
        var seen = Set<CellReference>()
        for c in 0..<width {
            let ref = CellReference(row: r, column: c)
            if let m = grid.mergedRange(containing: ref) {
                if m.start.row != r { continue }  // a vertical merge from above (category) is not this row's text
                if !seen.insert(m.start).inserted { continue }
            }
            let t = text(r, c)
            if !t.isEmpty { out.append((c, t)) }
        }
        return out
    }

    func footnote(_ texts: [(column: Int, text: String)]) -> Footnote {
        let first = texts[0].text
        let rest = texts.dropFirst().map(\.text).joined(separator: " ")
        // "备注1" alone, or "备注1：text" in one cell.
        let labelEnd = first.firstIndex { $0 == "：" || $0 == ":" || $0.isWhitespace }
        if let labelEnd {
            let label = String(first[..<labelEnd])
            var body = String(first[labelEnd...])
            while let c = body.first, c == "：" || c == ":" || c.isWhitespace { body.removeFirst() }
            return Footnote(label: label, text: [body, rest].filter { !$0.isEmpty }.joined(separator: " "))
        }
        return Footnote(label: first, text: rest)
    }
}

extension String {
    /// Trims the given characters from both ends.
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
