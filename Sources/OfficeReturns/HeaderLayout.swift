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
        var header: Int?
        for row in 0..<scanRows {
            var hasNumber = false, hasNameOrStatus = false
            for column in 0..<grid.columnCount {
                let key = grid.text(row: row, column: column).headerKey
                if key == "序号" { hasNumber = true }
                if key == "二级事项" || key == "落实情况" || key == "公开事项" { hasNameOrStatus = true }
            }
            // 二级事项 often sits in the second header row under 公开事项.
            if hasNumber, !hasNameOrStatus, row + 1 < grid.rowCount {
                for column in 0..<grid.columnCount where grid.text(row: row + 1, column: column).headerKey == "二级事项" {
                    hasNameOrStatus = true
                }
            }
            if hasNumber && hasNameOrStatus {
                header = row
                break
            }
        }
        guard let header else { return nil }
        headerRow = header
        let vocabulary = Set(catalog.channels.map(\.headerKey))
        let sub = header + 1

        // Does the second row hold sub-headers? (一级事项/二级事项, channel names, 全社会 …) Not when it
        // carries an item number: then it is the first data row (a one-row CSV header).
        var subHeaderRow = false
        var numberColumn = 0
        for column in 0..<grid.columnCount where grid.text(row: header, column: column).headerKey == "序号" {
            numberColumn = column
        }
        let subNumber = grid.text(row: sub, column: numberColumn).trimmed
        let subIsData = !subNumber.isEmpty && Double(subNumber) != nil
        for column in 0..<grid.columnCount {
            let key = grid.text(row: sub, column: column).headerKey
            if key == "二级事项" || key == "一级事项" || vocabulary.contains(key) || key == "全社会" || key == "主动"
                || ChannelName.isOther(key) {
                subHeaderRow = !subIsData
            }
        }
        dataStart = subHeaderRow ? header + 2 : header + 1

        for column in 0..<grid.columnCount {
            let topRef = CellReference(row: header, column: column)
            let top = grid.displayedValue(topRef).text.headerKey
            let below = subHeaderRow ? grid.text(row: sub, column: column).headerKey : ""
            // A second-row cell inside a vertical merge from the first row repeats the top header.
            let lower = below.isEmpty ? "" : below
            let groupIsActualChannels = top == HeaderKeys.channels
                || top.hasPrefix(HeaderKeys.channels)
            if groupIsActualChannels {
                var name = lower
                if name.isEmpty, top.count > HeaderKeys.channels.count {
                    // Flattened CSV header "实际公开渠道·直属海关网站".
                    name = String(top.dropFirst(HeaderKeys.channels.count))
                    while let f = name.first, "·-_/:.|".contains(f) { name.removeFirst() }
                }
                if !name.isEmpty {
                    channelColumns.append(ChannelColumn(name: HeaderLayout.displayName(grid, row: subHeaderRow && !lower.isEmpty ? sub : header, column: column, fallback: name), column: column))
                }
                continue
            }
            if top == "公开渠道和载体" || top.hasPrefix("公开渠道和载体") {
                if !lower.isEmpty, vocabulary.contains(lower) || ChannelName.isOther(lower) {
                    channelColumns.append(ChannelColumn(name: grid.text(row: sub, column: column).trimmed, column: column))
                } else {
                    channelListColumns.append(column)
                }
                continue
            }
            if top == HeaderKeys.keyColumn || lower == HeaderKeys.keyColumn {
                keyColumn = column
                continue
            }
            for candidate in [lower, top] where !candidate.isEmpty {
                if let fill = HeaderKeys.fillIn[candidate] {
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
            for column in 0..<grid.columnCount {
                let top = grid.text(row: header, column: column).trimmed
                if vocabulary.contains(top.headerKey) { channelColumns.append(ChannelColumn(name: top, column: column)) }
            }
        }
        if officialColumns[.number] == nil { return nil }
    }

    private static func displayName(_ grid: Grid, row: Int, column: Int, fallback: String) -> String {
        let text = grid.text(row: row, column: column).trimmed
        if text.isEmpty || text.headerKey.hasPrefix(HeaderKeys.channels) { return fallback }
        return text
    }

    private static func official(_ key: String) -> OfficialColumn? {
        if let exact = HeaderKeys.officialExact[key] { return exact }
        for (prefix, column) in HeaderKeys.officialPrefixes where key.hasPrefix(prefix) { return column }
        return nil
    }
}

/// Header comparison keys of the fixed column headers, computed once.
enum HeaderKeys {
    static let channels = FillInColumn.channels.header.headerKey
    static let keyColumn = TemplateMetadata.keyColumnHeader.headerKey
    /// Fill-in columns (实际公开渠道 aside) by key; the first column in declaration order wins a shared key.
    static let fillIn: [String: FillInColumn] = Dictionary(
        FillInColumn.allCases.filter { $0 != .channels }.map { ($0.header.headerKey, $0) }, uniquingKeysWith: { a, _ in a })
    static let officialExact: [String: OfficialColumn] = Dictionary(
        OfficialColumn.allCases.map { ($0.header.headerKey, $0) }, uniquingKeysWith: { a, _ in a })
    /// (key prefix, column) in the order `official` tries them.
    static let officialPrefixes: [(String, OfficialColumn)] = OfficialColumn.allCases.flatMap { column in
        ([column.header] + column.alternativeHeaders).map { ($0.headerKey, column) }
    }
}
