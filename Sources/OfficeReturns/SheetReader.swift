import CatalogTable
import DisclosureCatalog
import SheetCore
import WorkCalendar

/// Reads typed, located fields out of one grid.
struct SheetReader {
    var grid: Grid
    var file: String
    var sheetName: String?

    /// The file and sheet every value read here is located in.
    private let origin: SheetOrigin
    /// For a sparse grid (`Grid.isSparse`: a cell far outside the table), the rows holding cells and their
    /// columns, so loops are proportional to the cells present rather than to the address space they span.
    let sparseRows: [(row: Int, columns: [Int])]?
    private let sparseColumnsByRow: [Int: [Int]]?

    init(grid: Grid, file: String, sheetName: String?) {
        self.grid = grid
        self.file = file
        self.sheetName = sheetName
        origin = SheetOrigin(file: file, sheet: sheetName)
        if grid.isSparse {
            let rows = grid.cellColumnsByRow()
            sparseRows = rows
            sparseColumnsByRow = Dictionary(rows.map { ($0.row, $0.columns) }, uniquingKeysWith: { a, _ in a })
        } else {
            sparseRows = nil
            sparseColumnsByRow = nil
        }
    }

    /// The columns to look at in `row`: every column of the grid, or only those holding a cell when sparse.
    func columns(inRow row: Int, below limit: Int = Int.max) -> [Int] {
        if let sparseColumnsByRow { return (sparseColumnsByRow[row] ?? []).filter { $0 < limit } }
        return Array(0..<min(grid.columnCount, limit))
    }

    /// The rows from `start` on that may hold cells: all of them, or only those holding a cell when sparse.
    func rows(from start: Int) -> [Int] {
        if let sparseRows { return sparseRows.lazy.map(\.row).filter { $0 >= start } }
        return start < grid.rowCount ? Array(start..<grid.rowCount) : []
    }

    func location(row: Int, column: Int) -> SourceLocation {
        SheetOrigin.location(file: file, sheet: sheetName, row: row, column: column)
    }

    /// The cell as the source of a value (named only when asked).
    func origin(row: Int, column: Int) -> ValueSource {
        ValueSource(sheet: origin, row: row, column: column)
    }

    func text(row: Int, column: Int) -> String {
        CellParsing.text(grid.value(CellReference(row: row, column: column)))
    }

    /// The text shown, following merges (a category merged over several rows): `grid.displayedValue`'s text.
    func displayedText(row: Int, column: Int) -> String {
        CellParsing.text(grid.displayedValue(CellReference(row: row, column: column)))
    }

    func firstNonEmptyText(row: Int, upTo limit: Int) -> String {
        if sparseColumnsByRow != nil {
            for column in columns(inRow: row, below: limit) {
                let t = text(row: row, column: column)
                if !t.isEmpty { return t }
            }
            return ""
        }
        for column in 0..<min(grid.columnCount, limit) {
            let t = text(row: row, column: column)
            if !t.isEmpty { return t }
        }
        return ""
    }

    /// Whether every cell of the row is empty or an unchecked box.
    func isEmptyRow(_ row: Int) -> Bool {
        if sparseColumnsByRow != nil {
            for column in columns(inRow: row) {
                let t = text(row: row, column: column)
                if !t.isEmpty, t != CheckMark.unchecked { return false }
            }
            return true
        }
        for column in 0..<grid.columnCount {
            let t = text(row: row, column: column)
            if !t.isEmpty, t != CheckMark.unchecked { return false }
        }
        return true
    }

    func textField(row: Int, column: Int?) -> Sourced<String> {
        guard let column else { return .absent }
        return Sourced(text: text(row: row, column: column), origin: origin(row: row, column: column))
    }

    func dateField(row: Int, column: Int?) -> Sourced<CalendarDate> {
        guard let column else { return .absent }
        let value = grid.value(CellReference(row: row, column: column))
        return Sourced(text: CellParsing.text(value), value: CellParsing.date(value), origin: origin(row: row, column: column))
    }

    /// Re-reads a located text field as a date (identity block).
    func dateField(_ field: Sourced<String>) -> Sourced<CalendarDate> {
        guard let ref = field.origin?.cell ?? field.source?.cell.flatMap(CellReference.init) else {
            return Sourced(text: field.text, value: CellParsing.date(text: field.text), origin: field.origin)
        }
        let value = grid.value(ref)
        return Sourced(text: CellParsing.text(value), value: CellParsing.date(value), origin: field.origin)
    }

    /// Label/value pairs above the table: a label cell (填报单位, 关区代码 …, 目录标识 …) with its value in
    /// the cell to its right (or the next one when that is empty and not itself a label).
    /// - Parameter keys: the header keys of the rows above (`HeaderLayout.scannedKeys`), each cell's
    ///   `TextKey(text.headerKey)`.
    /// - Parameter identity: the labels looked for (the catalog's, `IdentityLabels.for(_:)`).
    func labelValues(above headerRow: Int, keys: [[TextKey]], identity: IdentityLabels = .customs) -> LabelValues {
        let labels = identity.byKey
        var out = LabelValues(identity)
        for row in 0..<headerRow {
            for column in sparseColumnsByRow != nil ? columns(inRow: row) : Array(0..<grid.columnCount) {
                // Labels are short: at most 12 characters, counted no further than the 13th (titles are long).
                guard case .string(let raw) = grid.value(CellReference(row: row, column: column)), Self.isLabelLength(raw) else { continue }
                var cellKey = row < keys.count && column < keys[row].count ? keys[row][column] : TextKey.headerKey(of: raw)
                if cellKey.text.utf8.last == UInt8(ascii: ":") { cellKey = cellKey.droppingTrailingColons() }
                guard let index = identity.keyed.firstIndex(where: { $0.key.equals(cellKey) }), out.values[index] == nil else { continue }
                var valueColumn = column + 1
                if text(row: row, column: valueColumn).isEmpty {
                    let next = text(row: row, column: column + 2).headerKey
                    if !next.isEmpty, !labels.keys.contains(where: { next.hasPrefix($0) }) { valueColumn = column + 2 }
                }
                // A value merged over several cells reads from its first cell.
                var ref = CellReference(row: row, column: valueColumn)
                if let merge = grid.mergedRange(containing: ref) { ref = merge.start }
                out.values[index] = Sourced(text: CellParsing.text(grid.value(ref)), origin: origin(row: ref.row, column: ref.column))
            }
        }
        return out
    }

    /// `raw.prefix(13).count <= 12`, with the grapheme count taken only past 12 scalars (a character is at
    /// least one scalar, so up to 12 scalars are at most 12 characters), and not at all when the first 13 scalars
    /// are plain (`TextKey.isPlainScalar`: each its own character, so there are 13 characters).
    static func isLabelLength(_ raw: String) -> Bool {
        var scalars = 0
        var plain = true
        for s in raw.unicodeScalars {
            scalars += 1
            if plain, !TextKey.isPlainScalar(s) { plain = false }
            if scalars > 12 { return plain ? false : raw.prefix(13).count <= 12 }
        }
        return true
    }

    /// The stamp from the hidden metadata sheet (label in column A, value in column B).
    func stamp(fromMetadata meta: Grid, file: String) -> TemplateStamp {
        // Each label's first row, in one pass over column A that stops when all three are found.
        let labels = [TemplateMetadata.catalogIDLabel, TemplateMetadata.catalogVersionLabel,
                      TemplateMetadata.templateVersionLabel].map(\.headerKey)
        var fields: [Sourced<String>?] = Array(repeating: nil, count: labels.count)
        var missing = labels.count
        for row in 0..<meta.rowCount where missing > 0 {
            let key = meta.text(row: row, column: 0).headerKey
            for index in labels.indices where fields[index] == nil && key == labels[index] {
                fields[index] = Sourced(text: CellParsing.text(meta.value(CellReference(row: row, column: 1))),
                                        source: SourceLocation(file: file, sheet: meta.name, cell: "B\(row + 1)"))
                missing -= 1
            }
        }
        return TemplateStamp(catalogID: fields[0] ?? .absent, catalogVersion: fields[1] ?? .absent,
                             templateVersion: fields[2] ?? .absent)
    }

    /// The entry of catalog item `number` (named `name`) read from table row `row`.
    func itemReturn(row: Int, number: Int, name: String, match: RowMatch, columns: RowColumns) -> ItemReturn {
        var officialCells: [OfficialCell] = []
        officialCells.reserveCapacity(columns.compared.count)
        for (header, c) in columns.compared {
            officialCells.append(OfficialCell(column: header, text: displayedText(row: row, column: c),
                                              origin: origin(row: row, column: c)))
        }
        var status: Sourced<ImplementationStatus> = .absent
        if let statusColumn = columns.status {
            let t = text(row: row, column: statusColumn)
            status = Sourced(text: t, value: ImplementationStatus(cellText: t), origin: origin(row: row, column: statusColumn))
        }
        var channels: [ChannelUse] = columns.channels.map { channel in
            let ref = CellReference(row: row, column: channel.column)
            let value = grid.value(ref)
            // The template's own marks read the same in any font: the whole cell (its font) only for other marks.
            let used = CheckMark.read(templateMark: value) ?? CheckMark.read(grid[ref])
            return ChannelUse(channel: channel.name,
                              used: Sourced(text: CellParsing.text(value), value: used, origin: origin(row: row, column: channel.column)))
        }
        // One cell holding the option list: "☑直属海关网站 ☐两微一端 …" (possibly split over two cells).
        for column in columns.channelLists {
            for option in ChannelOptions.parse(text(row: row, column: column))
            where !channels.contains(where: { $0.channel.headerKey == option.name.headerKey }) {
                channels.append(ChannelUse(channel: option.name,
                                           used: Sourced(text: option.mark, value: CheckMark.read(text: option.mark),
                                                         origin: origin(row: row, column: column))))
            }
        }
        return ItemReturn(
            itemNumber: number, itemName: name, matchedBy: match, row: row + 1,
            officialCells: officialCells, status: status, channels: channels,
            otherChannelNote: textField(row: row, column: columns.otherChannelNote),
            location: textField(row: row, column: columns.location),
            formedOrChangedDate: dateField(row: row, column: columns.formedOrChangedDate),
            publishedDate: dateField(row: row, column: columns.publishedDate),
            department: textField(row: row, column: columns.department),
            reason: textField(row: row, column: columns.reason),
            remarks: textField(row: row, column: columns.remarks))
    }
}

/// The columns a table row is read from, taken out of `HeaderLayout` once per table rather than per row.
struct RowColumns {
    /// The compared official columns (header text, column) in `OfficialColumn` order.
    var compared: [(String, Int)]
    var number: Int?
    var name: Int?
    var key: Int?
    var status: Int?
    var channels: [HeaderLayout.ChannelColumn]
    var channelLists: [Int]
    var otherChannelNote: Int?
    var location: Int?
    var formedOrChangedDate: Int?
    var publishedDate: Int?
    var department: Int?
    var reason: Int?
    var remarks: Int?
    /// `HeaderLayout.firstFillInColumn`.
    var firstFillIn: Int

    init(_ header: HeaderLayout) {
        compared = OfficialColumn.allCases.filter(\.isCompared).compactMap { column in
            header.officialColumns[column].map { (column.header, $0) }
        }
        number = header.officialColumns[.number]
        name = header.officialColumns[.name]
        key = header.keyColumn
        status = header.fillInColumns[.status]
        channels = header.channelColumns
        channelLists = header.channelListColumns
        otherChannelNote = header.fillInColumns[.otherChannelNote]
        location = header.fillInColumns[.location]
        formedOrChangedDate = header.fillInColumns[.formedOrChangedDate]
        publishedDate = header.fillInColumns[.publishedDate]
        department = header.fillInColumns[.department]
        reason = header.fillInColumns[.reason]
        remarks = header.fillInColumns[.remarks]
        firstFillIn = header.firstFillInColumn
    }
}

/// The values of the labels found above the table, by label.
struct LabelValues {
    let identity: IdentityLabels
    /// By the label's index in `identity.keyed`.
    var values: [Sourced<String>?]

    init(_ identity: IdentityLabels) {
        self.identity = identity
        values = Array(repeating: nil, count: identity.keyed.count)
    }

    /// The value of `label` (one of `identity.all`); nil when the label is not in the sheet.
    subscript(label: String) -> Sourced<String>? {
        identity.keyed.firstIndex { $0.label == label }.flatMap { values[$0] }
    }
}

/// The labels read above the table: the identity block's (from the catalog's office fields) and the stamp's.
struct IdentityLabels: Sendable {
    let all: [String]
    /// Labels by their comparison key.
    let byKey: [String: String]
    /// `byKey` as a list, compared rather than hashed (nine short keys; the first label of a shared key).
    let keyed: [(key: TextKey, label: String)]

    init(_ fields: OfficeFields) {
        all = OfficeIdentity.labels(for: fields) + [TemplateMetadata.catalogIDLabel, TemplateMetadata.catalogVersionLabel,
                                               TemplateMetadata.templateVersionLabel]
        byKey = Dictionary(all.map { ($0.headerKey, $0) }, uniquingKeysWith: { a, _ in a })
        keyed = all.reduce(into: []) { list, label in
            let key = TextKey(label.headerKey)
            if !list.contains(where: { $0.key.equals(key) }) { list.append((key, label)) }
        }
    }

    /// The customs labels, made once.
    static let customs = IdentityLabels(.customs)

    /// The labels for a catalog's office fields (`customs`, made once, for the customs fields).
    static func `for`(_ fields: OfficeFields) -> IdentityLabels {
        fields == .customs ? customs : IdentityLabels(fields)
    }
}

/// Options of a one-cell channel list, "☑直属海关网站 ☐两微一端 ■其他:办税服务厅".
enum ChannelOptions {
    struct Option {
        var mark: String
        var name: String
    }

    static func parse(_ text: String) -> [Option] {
        CheckGlyph.options(in: text).options.filter { !$0.label.isEmpty }.map { option in
            // "其他：海关总署网站" and "其他（注明具体形式）" are the 其他 channel.
            Option(mark: option.checked ? CheckMark.checked : CheckMark.unchecked,
                   name: ChannelName.isOther(option.label) ? ChannelName.other : option.label)
        }
    }
}
