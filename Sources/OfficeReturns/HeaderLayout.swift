import DisclosureCatalog
import SheetCore

/// Where the columns of a return table are, found by header text.
struct HeaderLayout {
    struct ChannelColumn {
        var name: String
        var column: Int
    }

    /// 0-based row of the first header row (the one holding 序号).
    var headerRow: Int
    /// 0-based first data row.
    var dataStart: Int
    var officialColumns: [OfficialColumn: Int] = [:]
    var fillInColumns: [FillInColumn: Int] = [:]
    var channelColumns: [ChannelColumn] = []
    /// Columns holding the whole option list in one cell ("☑直属海关网站 ☐两微一端 …"), possibly split in two.
    var channelListColumns: [Int] = []
    /// The hidden item-key column.
    var keyColumn: Int?
    /// The header keys of the rows scanned for the header (rows 0 to `headerRow`, every column), for
    /// `SheetReader.labelValues`.
    var scannedKeys: [[TextKey]] = []

    var firstFillInColumn: Int {
        (Array(fillInColumns.values) + channelColumns.map(\.column)).min() ?? Int.max
    }

    /// Fill-in headers the table lacks (实际公开渠道 counts as present when any channel column is found).
    var missingColumns: [String] {
        FillInColumn.allCases.filter { column in
            column == .channels ? channelColumns.isEmpty && channelListColumns.isEmpty : fillInColumns[column] == nil
        }.map(\.header)
    }

    /// Finds the header in `grid`; nil when the sheet has no return table.
    init?(grid: Grid, catalog: Catalog) {
        let scanRows = min(grid.rowCount, 60)
        // The columns the header rows can use: all of them, or for a sparse grid (a far cell) up to the last
        // column holding a cell or a merge in the rows scanned (and the sub-header row after them).
        var width = grid.columnCount
        if grid.isSparse {
            var last = -1
            for entry in grid.cellColumnsByRow() where entry.row <= scanRows { last = max(last, entry.columns.last ?? -1) }
            for merge in grid.mergedRanges where merge.start.row <= scanRows { last = max(last, merge.end.column) }
            width = min(last + 1, grid.columnCount)
        }
        func keys(_ row: Int) -> [TextKey] { (0..<width).map { TextKey.headerKey(of: grid.text(row: row, column: $0)) } }
        var header: Int?
        var headerKeys: [TextKey] = []
        var scanned: [[TextKey]] = []
        for row in 0..<scanRows {
            let rowKeys = keys(row)
            scanned.append(rowKeys)
            let hasNumber = rowKeys.contains { $0.equals(HeaderKeys.number) }
            var hasNameOrStatus = rowKeys.contains {
                $0.equals(HeaderKeys.name) || $0.equals(HeaderKeys.status) || $0.equals(HeaderKeys.items)
            }
            // 二级事项 often sits in the second header row under 公开事项.
            if hasNumber, !hasNameOrStatus, row + 1 < grid.rowCount {
                hasNameOrStatus = keys(row + 1).contains { $0.equals(HeaderKeys.name) }
            }
            if hasNumber && hasNameOrStatus {
                header = row
                headerKeys = rowKeys
                break
            }
        }
        guard let header else { return nil }
        headerRow = header
        scannedKeys = scanned
        let vocabulary = catalog.channels.map { TextKey($0.headerKey) }
        func inVocabulary(_ key: TextKey) -> Bool { vocabulary.contains { $0.equals(key) } }
        let sub = header + 1
        let subKeys = keys(sub)

        // Does the second row hold sub-headers? (一级事项/二级事项, channel names, 全社会 …) Not when it
        // carries an item number: then it is the first data row (a one-row CSV header).
        var subHeaderRow = false
        let numberColumn = headerKeys.lastIndex { $0.equals(HeaderKeys.number) } ?? 0
        let subNumber = grid.text(row: sub, column: numberColumn).trimmed
        let subIsData = !subNumber.isEmpty && Double(subNumber) != nil
        for key in subKeys {
            if key.equals(HeaderKeys.name) || key.equals(HeaderKeys.category) || inVocabulary(key) || key.equals(HeaderKeys.everyone)
                || key.equals(HeaderKeys.proactive) || key.hasPrefix(HeaderKeys.other) {
                subHeaderRow = !subIsData
            }
        }
        dataStart = subHeaderRow ? header + 2 : header + 1

        // The merges crossing the header row, in the grid's order (the first holding a cell is the one shown).
        let headerMerges = grid.mergedRanges.filter { $0.start.row <= header && header <= $0.end.row }
        for column in 0..<width {
            let topRef = CellReference(row: header, column: column)
            // The shown header text: the merge's first cell, else the cell itself (its key is already known).
            let top = headerMerges.first(where: { $0.contains(topRef) }).map { merge in
                // A merge starting in a scanned row has its key already.
                let start = merge.start
                return start.row >= 0 && start.row < scanned.count && start.column >= 0 && start.column < width
                    ? scanned[start.row][start.column] : TextKey(grid.value(start).text.headerKey)
            } ?? headerKeys[column]
            let lower = subHeaderRow ? subKeys[column] : TextKey("")
            // A second-row cell inside a vertical merge from the first row repeats the top header.
            let groupIsActualChannels = top.equals(HeaderKeys.channels) || top.hasPrefix(HeaderKeys.channels)
            if groupIsActualChannels {
                var name = lower.text
                if name.isEmpty, top.text.count > HeaderKeys.channels.text.count {
                    // Flattened CSV header "实际公开渠道·直属海关网站".
                    name = String(top.text.dropFirst(HeaderKeys.channels.text.count))
                    while let f = name.first, "·-_/:.|".contains(f) { name.removeFirst() }
                }
                if !name.isEmpty {
                    channelColumns.append(ChannelColumn(name: HeaderLayout.displayName(grid, row: subHeaderRow && !lower.isEmpty ? sub : header, column: column, fallback: name), column: column))
                }
                continue
            }
            if top.equals(HeaderKeys.channelsAndCarriers) || top.hasPrefix(HeaderKeys.channelsAndCarriers) {
                if !lower.isEmpty, inVocabulary(lower) || lower.hasPrefix(HeaderKeys.other) {
                    channelColumns.append(ChannelColumn(name: grid.text(row: sub, column: column).trimmed, column: column))
                } else {
                    channelListColumns.append(column)
                }
                continue
            }
            if top.equals(HeaderKeys.keyColumn) || lower.equals(HeaderKeys.keyColumn) {
                keyColumn = column
                continue
            }
            for candidate in [lower, top] where !candidate.isEmpty {
                if let fill = HeaderKeys.fillIn.first(where: { $0.0.equals(candidate) })?.1 {
                    if fillInColumns[fill] == nil { fillInColumns[fill] = column }
                    break
                }
                if let official = HeaderLayout.official(candidate) {
                    if officialColumns[official] == nil { officialColumns[official] = column }
                    break
                }
            }
        }
        // A flat header (CSV) may name channels directly by vocabulary.
        if channelColumns.isEmpty {
            for column in 0..<width {
                let top = grid.text(row: header, column: column).trimmed
                if inVocabulary(TextKey(top.headerKey)) { channelColumns.append(ChannelColumn(name: top, column: column)) }
            }
        }
        if officialColumns[.number] == nil { return nil }
    }

    private static func displayName(_ grid: Grid, row: Int, column: Int, fallback: String) -> String {
        let text = grid.text(row: row, column: column).trimmed
        if text.isEmpty || TextKey(text.headerKey).hasPrefix(HeaderKeys.channels) { return fallback }
        return text
    }

    private static func official(_ key: TextKey) -> OfficialColumn? {
        if let exact = HeaderKeys.officialExact.first(where: { $0.0.equals(key) })?.1 { return exact }
        for (prefix, column) in HeaderKeys.officialPrefixes where key.hasPrefix(prefix) { return column }
        return nil
    }
}

/// Header comparison keys of the fixed column headers, computed once.
enum HeaderKeys {
    static let number = TextKey("序号")
    static let category = TextKey("一级事项")
    static let name = TextKey("二级事项")
    static let status = TextKey("落实情况")
    static let items = TextKey("公开事项")
    static let everyone = TextKey("全社会")
    static let proactive = TextKey("主动")
    static let other = TextKey(ChannelName.other)
    static let channelsAndCarriers = TextKey("公开渠道和载体")
    static let channels = TextKey(FillInColumn.channels.header.headerKey)
    static let keyColumn = TextKey(TemplateMetadata.keyColumnHeader.headerKey)
    /// Fill-in columns (实际公开渠道 aside) by key, in declaration order: the first wins a shared key.
    static let fillIn: [(TextKey, FillInColumn)] = FillInColumn.allCases.filter { $0 != .channels }.map {
        (TextKey($0.header.headerKey), $0)
    }
    /// Official columns by key, in declaration order: the first wins a shared key.
    static let officialExact: [(TextKey, OfficialColumn)] = OfficialColumn.allCases.map { (TextKey($0.header.headerKey), $0) }
    /// (key prefix, column) in the order `official` tries them.
    static let officialPrefixes: [(TextKey, OfficialColumn)] = OfficialColumn.allCases.flatMap { column in
        ([column.header] + column.alternativeHeaders).map { (TextKey($0.headerKey), column) }
    }
}
