import DisclosureCatalog
import SheetCore

/// The header of an official table as found in a grid: where it is and what each column holds.
struct CatalogTableHeader {
    /// The (first) header row.
    var row: Int
    /// Whether a second header row (一级事项 / 全社会 / channel names …) follows.
    var hasSubRow: Bool
    /// Columns the reader understood, by 0-based column index.
    var columns: [(index: Int, kind: CatalogColumn)]

    var firstDataRow: Int { row + (hasSubRow ? 2 : 1) }

    func index(of kind: CatalogColumn) -> Int? { columns.first { $0.kind == kind }?.index }

    /// Header text for matching: no white space, no "(见备注1)", full-width brackets folded.
    static func key(_ text: String) -> String {
        var out = ""
        var depth = 0
        var bracket = ""
        for c in text where !c.isWhitespace {
            switch c {
            case "(", "（":
                depth += 1
                bracket = ""
                if depth == 1 { bracket.append("(") }
            case ")", "）":
                if depth > 0 { depth -= 1 }
                if depth == 0 {
                    // Drop references to footnotes; keep other bracketed words (公开内容（要素）).
                    if !bracket.contains("备注") { out += bracket + ")" }
                    bracket = ""
                }
            default:
                if depth > 0 { bracket.append(c) } else { out.append(c) }
            }
        }
        if depth > 0 { out += bracket }
        return out
    }

    private static let coreKeys: [[String]] = [
        ["序号", "编号"], ["公开事项", "一级事项", "二级事项"], ["公开内容", "公开要素"], ["公开依据"], ["公开时限"],
        ["公开主体"], ["公开渠道", "公开载体"], ["公开对象"], ["公开方式"],
    ]

    private static let subLabels: Set<String> = ["一级事项", "二级事项", "全社会", "特定群体", "特定群众", "主动", "依申请",
                                                 "主动公开", "依申请公开"]

    /// Finds the header: the first row (within the first 50) naming at least three core columns.
    static func find(in grid: Grid, text: (Int, Int) -> String) -> CatalogTableHeader? {
        let lastRow = min(grid.rowCount, 50)
        for r in 0..<lastRow {
            var hits = 0
            let keys = (0..<grid.columnCount).map { key(text(r, $0)) }
            for group in coreKeys where keys.contains(where: { k in group.contains { k.contains($0) } }) { hits += 1 }
            if hits >= 3 { return build(grid, row: r, text: text) }
        }
        return nil
    }

    private static func build(_ grid: Grid, row h: Int, text: (Int, Int) -> String) -> CatalogTableHeader {
        // A second header row has sub-labels under group headers, and no item number.
        var hasSub = false
        if h + 1 < grid.rowCount {
            var wideMerge = false
            let subTexts = (0..<grid.columnCount).compactMap { c -> String? in
                let ref = CellReference(row: h + 1, column: c)
                if let m = grid.mergedRange(containing: ref) {
                    if m.start.row <= h || m.start.column != c { return nil }
                    // A label spanning most of the row is a category row, not sub-headers.
                    if m.columnCount * 2 > grid.columnCount { wideMerge = true }
                }
                let t = key(text(h + 1, c))
                return t.isEmpty ? nil : t
            }
            let numberColumn = (0..<grid.columnCount).first { key(text(h, $0)).contains("序号") }
            let numberIsInt = numberColumn.map { Int(key(text(h + 1, $0))) != nil } ?? false
            hasSub = !numberIsInt && !wideMerge && (subTexts.contains { subLabels.contains($0) } || subTexts.count >= 2)
        }
        var columns: [(Int, CatalogColumn)] = []
        var previousTop = ""
        var previousHadSub = false
        for c in 0..<grid.columnCount {
            let ref = CellReference(row: h, column: c)
            var top = text(h, c).collapsingWhitespace()
            let topMerge = grid.mergedRange(containing: ref)
            var sub: String? = nil
            if hasSub {
                let subRef = CellReference(row: h + 1, column: c)
                let subMerge = grid.mergedRange(containing: subRef)
                if subMerge == nil || subMerge?.start.row == h + 1 {
                    let s = text(h + 1, c).collapsingWhitespace()
                    sub = s.isEmpty ? nil : s
                }
            }
            // Unmerged group headers (text extracted from a printed table): fill right under a group.
            if top.isEmpty, topMerge == nil, sub != nil, previousHadSub { top = previousTop }
            if top.isEmpty && sub == nil { previousTop = ""; previousHadSub = false; continue }
            // A flattened header (CSV): "公开渠道和载体·直属海关网站".
            if sub == nil, let dot = top.firstIndex(of: CatalogHeader.pathSeparator) {
                sub = String(top[top.index(after: dot)...]).trimmingWhitespace()
                top = String(top[..<dot]).trimmingWhitespace()
            }
            if top.isEmpty, let s = sub { top = s; sub = nil }
            previousTop = top
            previousHadSub = sub != nil
            columns.append((c, classify(top: top, sub: sub)))
        }
        return CatalogTableHeader(row: h, hasSubRow: hasSub, columns: columns)
    }

    static func classify(top: String, sub: String?) -> CatalogColumn {
        let t = key(top)
        let s = key(sub ?? "")
        if t.contains("序号") || t == "编号" { return .number }
        if s == "一级事项" || t == "一级事项" { return .category }
        if s == "二级事项" || t == "二级事项" { return .name }
        if t == "公开事项" && s.isEmpty { return .name }
        if t.contains("公开内容") || t.contains("公开要素") { return .content }
        if t.contains("公开依据") { return .legalBasis }
        if t.contains("公开时限") { return .deadline }
        if t.contains("公开主体") { return .publisher }
        if t.contains("公开渠道") || t.contains("公开载体") || t.contains("渠道和载体") {
            guard let sub, !s.isEmpty else { return .channelOptions }
            return .channel(ChannelName.isOther(sub) ? ChannelName.other : sub.collapsingWhitespace())
        }
        if t.contains("公开对象"), let a = Audience(label: s) { return .audience(a) }
        if t.contains("公开方式"), let m = DisclosureMode(label: s) { return .mode(m) }
        if t.contains("公开对象"), s.isEmpty { return .audienceText }
        if t.contains("公开方式"), s.isEmpty { return .modeText }
        if s.isEmpty, let a = Audience(label: t) { return .audience(a) }
        if s.isEmpty, let m = DisclosureMode(label: t) { return .mode(m) }
        if ["有关说明", "说明", "备注", "有关说明及备注"].contains(t) { return .remarks }
        if let sub { return .extra(top + String(CatalogHeader.pathSeparator) + sub) }
        return .extra(top)
    }
}
