import DisclosureCatalog
import OfficeReturns
import SheetCore
import XLSXWriting

/// 明细 and 问题, the two big sheets, written into the workbook straight from the result: no `ReportSheet` of
/// hundreds of thousands of `CellValue`s is built (and freed), and texts repeated down a column are made into
/// XML once (`PreparedCell`). The sheet is the one `fill(_:with:styles:)` writes from `detailSheet` and
/// `findingSheet` — same widths, cells and styles, byte for byte (the tests hold the two to that).
extension MergeResult {
    /// 明细 — one row per office × item. Its texts repeat down the columns (offices, items, statuses, ☑/☐, yes
    /// and no, departments): they go to the shared string table, numbered in the order they first come up row
    /// by row (only this sheet adds to the table, so the file does not depend on the threads' timing).
    ///
    /// A first pass numbers the texts of each row and fits the widths (each distinct text measured once per
    /// column); the second writes the rows from the numbers.
    func fillDetail(_ sheet: StreamingWorksheet, styles: SheetStyles) throws(XLSXWriteError) {
        let spec = detailColumns
        let vocabulary = channelVocabulary
        let after = 6 + vocabulary.count  // the first column after the channels
        let checked = "☑", unchecked = "☐"
        // The text columns that are numbered, in row order (the rest — item number, dates, source — are not).
        let textColumns = [0, 1, 2, 4, 5] + Array(6..<after) + [after, after + 1, after + 4, after + 5, after + 6, after + 7, after + 8]
        let rowCount = offices.reduce(0) { $0 + $1.answers.count }
        var texts = TextNumbers()
        var numbers: [Int32] = []
        numbers.reserveCapacity(rowCount * textColumns.count)
        var sources: [String] = []
        sources.reserveCapacity(rowCount)
        var widths = ColumnWidths(spec)
        var fitted = [[Bool]](repeating: [], count: spec.count)
        func number(_ text: String, column: Int) {
            let n = texts.number(text)
            if fitted[column].count <= n { fitted[column] += repeatElement(false, count: n + 1 - fitted[column].count) }
            if !fitted[column][n] {
                fitted[column][n] = true
                widths.fit(text, column: column)
            }
            numbers.append(Int32(n))
        }
        var channelMarks = ChannelMarks(vocabulary: vocabulary)
        var dated = (formed: false, published: false)
        for o in offices {
            for k in o.answers.indices {
                number(o.code, column: 0); number(o.name, column: 1); number(o.district, column: 2)
                widths.fit(.number(Double(o.answers[k].item)), column: 3)
                number(o.answers[k].name, column: 4)
                number(o.answers[k].statusText, column: 5)
                let marks = channelMarks.marks(o.answers[k].channels)
                for v in marks.indices { number(marks[v] ? checked : unchecked, column: 6 + v) }
                number(o.answers[k].otherChannel, column: after)
                number(o.answers[k].location, column: after + 1)
                if o.answers[k].formedOn != nil { dated.formed = true }
                if o.answers[k].publishedOn != nil { dated.published = true }
                number(o.answers[k].department, column: after + 4)
                number(o.answers[k].reason, column: after + 5)
                number(o.answers[k].remarks, column: after + 6)
                number(yesNo(o.answers[k].deadlineMet), column: after + 7)
                number(yesNo(Merger.isCompliant(o.answers[k])), column: after + 8)
                let source = o.answers[k].source.description
                widths.fit(source, column: after + 9)
                sources.append(source)
            }
        }
        let date = CellValue.date(DateTimeValue(year: 2000, month: 1, day: 1))
        if dated.formed { widths.fit(date, column: after + 2) }
        if dated.published { widths.fit(date, column: after + 3) }
        let columns = widths.columns
        try Self.writeHead(sheet, columns: columns, styles: styles)
        let columnStyles = columns.map { styles.plain[$0.format] ?? .default }
        // The cells of the numbered texts, per style of the text columns (all one style in practice).
        var cellsByStyle: [StyleID: [PreparedCell]] = [:]
        for c in textColumns where cellsByStyle[columnStyles[c]] == nil {
            var cells: [PreparedCell] = []
            cells.reserveCapacity(texts.count)
            for n in 0..<texts.count {
                do throws(XLSXWriteError) {
                    cells.append(try sheet.prepareShared(texts.text(n), style: columnStyles[c]))
                } catch {
                    throw Self.locate(error, sheet: sheet, text: n, numbers: numbers, columns: textColumns)
                }
            }
            cellsByStyle[columnStyles[c]] = cells
        }
        let cells = textColumns.map { cellsByStyle[columnStyles[$0]] ?? [] }
        var itemCells: [Int: PreparedCell] = [:]
        var row = 0
        let width = textColumns.count
        for o in offices {
            for k in o.answers.indices {
                let base = row * width
                try sheet.appendRow { r throws(XLSXWriteError) in
                    // Columns 0-2, then the item number, then the numbered texts up to the dates, the dates, the rest.
                    for j in 0..<3 { r.append(cells[j][Int(numbers[base + j])]) }
                    let item = o.answers[k].item
                    if let cell = itemCells[item] {
                        r.append(cell)
                    } else {
                        let cell = try sheet.prepare(.number(Double(item)), style: columnStyles[3])
                        itemCells[item] = cell
                        r.append(cell)
                    }
                    for j in 3..<(width - 5) { r.append(cells[j][Int(numbers[base + j])]) }
                    try r.append(o.answers[k].formedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 2])
                    try r.append(o.answers[k].publishedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 3])
                    for j in (width - 5)..<width { r.append(cells[j][Int(numbers[base + j])]) }
                    try r.append(.string(sources[row]), style: columnStyles[after + 9])
                }
                row += 1
            }
        }
        try Self.writeTail(sheet, report: ReportSheet(name: sheet.name, columns: columns, rows: [], filterRows: row))
    }

    /// A text that cannot be a cell (too long), located at its first cell.
    private static func locate(_ error: XLSXWriteError, sheet: StreamingWorksheet, text: Int, numbers: [Int32],
                               columns: [Int]) -> XLSXWriteError {
        guard let at = numbers.firstIndex(of: Int32(text)) else { return error }
        var located = error
        located.cell = CellReference(row: 1 + at / columns.count, column: columns[at % columns.count])
        return located
    }

    /// 问题 — every finding with office, file, cell and rule.
    func fillFindings(_ sheet: StreamingWorksheet, styles: SheetStyles) throws(XLSXWriteError) {
        let count = min(findings.count, findingOffices.count)
        func cellOrLine(_ f: Finding) -> String { f.location?.cell ?? f.location?.line.map { String($0) } ?? "" }
        var widths = ColumnWidths(findingColumns)
        for k in 0..<count {
            let f = findings[k]
            widths.fit(findingOffices[k] ?? "", column: 0)
            widths.fit(f.location?.file ?? "", column: 1)
            widths.fit(f.location?.sheet ?? "", column: 2)
            widths.fit(cellOrLine(f), column: 3)
            if let item = f.itemNumber { widths.fit(.number(Double(item)), column: 4) }
            widths.fit(f.severity.label(language), column: 5)
            widths.fit(f.code, column: 6)
            widths.fit(f.message.text(language), column: 7)
        }
        let columns = widths.columns
        try Self.writeHead(sheet, columns: columns, styles: styles)
        let columnStyles = columns.map { styles.plain[$0.format] ?? .default }
        var texts = columnStyles.map { TextCells(sheet: sheet, style: $0) }
        for k in 0..<count {
            let f = findings[k]
            try sheet.appendRow { r throws(XLSXWriteError) in
                try texts[0].append(findingOffices[k] ?? "", to: &r)
                try texts[1].append(f.location?.file ?? "", to: &r)
                try texts[2].append(f.location?.sheet ?? "", to: &r)
                try r.append(.string(cellOrLine(f)), style: columnStyles[3])
                try r.append(f.itemNumber.map { .number(Double($0)) } ?? .empty, style: columnStyles[4])
                try texts[5].append(f.severity.label(language), to: &r)
                try texts[6].append(f.code, to: &r)
                try texts[7].append(f.message.text(language), to: &r)
            }
        }
        try Self.writeTail(sheet, report: ReportSheet(name: sheet.name, columns: columns, rows: [], filterRows: count))
    }
}

/// The texts of one column made into cells once each (up to a limit), looked up by their UTF-8 bytes: a text
/// equal to the previous one is found without hashing.
struct TextCells {
    let sheet: StreamingWorksheet
    let style: StyleID
    private var cells: [ByteKey: PreparedCell] = [:]
    private var last: (text: String, cell: PreparedCell)?
    /// Distinct texts kept at most; later ones are written cell by cell.
    private let limit = 4096

    init(sheet: StreamingWorksheet, style: StyleID) { self.sheet = sheet; self.style = style }

    /// Appends `text` in this column's style to the row.
    mutating func append(_ text: String, to row: inout RowWriter) throws(XLSXWriteError) {
        if let last, last.text.hasSameBytes(as: text) { return row.append(last.cell) }
        let key = ByteKey(text)
        if let cell = cells[key] {
            last = (text, cell)
            return row.append(cell)
        }
        // A text that cannot be a cell (too long) fails in `row.append`, located.
        guard cells.count < limit, let cell = try? sheet.prepare(.string(text), style: style) else {
            return try row.append(.string(text), style: style)
        }
        cells[key] = cell
        last = (text, cell)
        row.append(cell)
    }
}

/// Distinct texts numbered in the order they first come up, told apart by their UTF-8 bytes.
struct TextNumbers {
    private var numbers: [ByteKey: Int] = [:]
    private var texts: [String] = []
    /// The previous text and its number: a text equal to it is found without hashing.
    private var last: (text: String, number: Int)?

    var count: Int { texts.count }
    func text(_ number: Int) -> String { texts[number] }

    mutating func number(_ text: String) -> Int {
        if let last, last.text.hasSameBytes(as: text) { return last.number }
        let key = ByteKey(text)
        let n: Int
        if let known = numbers[key] { n = known } else {
            n = texts.count
            numbers[key] = n
            texts.append(text)
        }
        last = (text, n)
        return n
    }
}

/// A string compared and hashed by its UTF-8 bytes (no Unicode normalization: equal bytes, equal keys).
struct ByteKey: Hashable {
    let text: String
    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.text.hasSameBytes(as: b.text) }
}
