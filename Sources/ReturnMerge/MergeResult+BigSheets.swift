import Foundation
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
    func fillDetail(_ sheet: StreamingWorksheet, styles: SheetStyles, registered: Gate) throws(XLSXWriteError) {
        // 问题 waits for 明细's texts to be in the table, whatever becomes of this sheet.
        defer { registered.open() }
        let vocabulary = channelVocabulary
        let after = 6 + vocabulary.count  // the first column after the channels
        let checked = "☑", unchecked = "☐"
        // The text columns that are numbered, in row order (the rest — item number, dates, source — are not).
        let textColumns = [0, 1, 2, 4, 5] + Array(6..<after) + [after, after + 1, after + 4, after + 5, after + 6, after + 7, after + 8]
        let rowCount = offices.reduce(0) { $0 + $1.answers.count }
        var texts = NumberedTexts(columns: detailColumns, expectedRows: rowCount, textColumns: textColumns.count)
        var sources: [String] = []
        sources.reserveCapacity(rowCount)
        var channelMarks = ChannelMarks(vocabulary: vocabulary)
        var dated = (formed: false, published: false)
        for o in offices {
            for k in o.answers.indices {
                texts.number(o.code, column: 0); texts.number(o.name, column: 1); texts.number(o.district, column: 2)
                texts.widths.fit(.number(Double(o.answers[k].item)), column: 3)
                texts.number(o.answers[k].name, column: 4, lane: k)
                texts.number(o.answers[k].statusText, column: 5, lane: k)
                let marks = channelMarks.marks(o.answers[k].channels)
                for v in marks.indices { texts.number(marks[v] ? checked : unchecked, column: 6 + v, lane: k) }
                texts.number(o.answers[k].otherChannel, column: after, lane: k)
                texts.number(o.answers[k].location, column: after + 1, lane: k)
                if o.answers[k].formedOn != nil { dated.formed = true }
                if o.answers[k].publishedOn != nil { dated.published = true }
                texts.number(o.answers[k].department, column: after + 4, lane: k)
                texts.number(o.answers[k].reason, column: after + 5, lane: k)
                texts.number(o.answers[k].remarks, column: after + 6, lane: k)
                texts.number(yesNo(o.answers[k].deadlineMet), column: after + 7, lane: k)
                texts.number(yesNo(o.compliant[k]), column: after + 8, lane: k)
                let source = o.answers[k].source.description
                texts.widths.fit(source, column: after + 9)
                sources.append(source)
            }
        }
        let date = CellValue.date(DateTimeValue(year: 2000, month: 1, day: 1))
        if dated.formed { texts.widths.fit(date, column: after + 2) }
        if dated.published { texts.widths.fit(date, column: after + 3) }
        let columns = texts.widths.columns
        try Self.writeHead(sheet, columns: columns, styles: styles)
        let columnStyles = columns.map { styles.plain[$0.format] ?? .default }
        let cells = try texts.cells(in: sheet, textColumns: textColumns, styles: columnStyles)
        registered.open()
        let numbers = texts.numbers
        // Item numbers are the only numbers repeated down a column: each made into a cell once.
        var itemCells: [Int: PreparedCell] = [:]
        for o in offices {
            for k in o.answers.indices where itemCells[o.answers[k].item] == nil {
                itemCells[o.answers[k].item] = try sheet.prepare(.number(Double(o.answers[k].item)), style: columnStyles[3])
            }
        }
        let items = itemCells
        var row = 0
        let width = textColumns.count
        for o in offices {
            for k in o.answers.indices {
                let base = row * width
                try sheet.appendRow { r throws(XLSXWriteError) in
                    // Columns 0-2, then the item number, then the numbered texts up to the dates, the dates, the rest.
                    for j in 0..<3 { try r.append(cells[j][Int(numbers[base + j])]) }
                    if let cell = items[o.answers[k].item] {
                        try r.append(cell)
                    } else {
                        try r.append(.number(Double(o.answers[k].item)), style: columnStyles[3])
                    }
                    for j in 3..<(width - 5) { try r.append(cells[j][Int(numbers[base + j])]) }
                    try r.append(o.answers[k].formedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 2])
                    try r.append(o.answers[k].publishedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 3])
                    for j in (width - 5)..<width { try r.append(cells[j][Int(numbers[base + j])]) }
                    try r.append(.string(sources[row]), style: columnStyles[after + 9])
                }
                row += 1
            }
        }
        try Self.writeTail(sheet, report: ReportSheet(name: sheet.name, columns: columns, rows: [], filterRows: row))
    }

    /// 问题 — every finding with office, file, cell and rule. Its repeated texts (office codes, files, rules,
    /// messages) go to the shared string table after 明细's (`detailRegistered` opens once those are in), so the
    /// table's order does not depend on which sheet gets there first.
    func fillFindings(_ sheet: StreamingWorksheet, styles: SheetStyles, after detailRegistered: Gate) throws(XLSXWriteError) {
        let count = min(findings.count, findingOffices.count)
        func cellOrLine(_ f: Finding) -> String { f.location?.cell ?? f.location?.line.map { String($0) } ?? "" }
        let textColumns = [0, 1, 2, 5, 6, 7]
        var texts = NumberedTexts(columns: findingColumns, expectedRows: count, textColumns: textColumns.count)
        for k in 0..<count {
            let f = findings[k]
            texts.number(findingOffices[k] ?? "", column: 0)
            texts.number(f.location?.file ?? "", column: 1)
            texts.number(f.location?.sheet ?? "", column: 2)
            texts.widths.fit(cellOrLine(f), column: 3)
            if let item = f.itemNumber { texts.widths.fit(.number(Double(item)), column: 4) }
            texts.number(f.severity.label(language), column: 5)
            texts.number(f.code, column: 6)
            texts.number(f.message.text(language), column: 7)
        }
        let columns = texts.widths.columns
        try Self.writeHead(sheet, columns: columns, styles: styles)
        let columnStyles = columns.map { styles.plain[$0.format] ?? .default }
        detailRegistered.wait()
        let cells = try texts.cells(in: sheet, textColumns: textColumns, styles: columnStyles)
        let width = textColumns.count, numbers = texts.numbers
        for k in 0..<count {
            let f = findings[k], base = k * width
            try sheet.appendRow { r throws(XLSXWriteError) in
                for j in 0..<3 { try r.append(cells[j][Int(numbers[base + j])]) }
                try r.append(.string(cellOrLine(f)), style: columnStyles[3])
                try r.append(f.itemNumber.map { .number(Double($0)) } ?? .empty, style: columnStyles[4])
                for j in 3..<6 { try r.append(cells[j][Int(numbers[base + j])]) }
            }
        }
        try Self.writeTail(sheet, report: ReportSheet(name: sheet.name, columns: columns, rows: [], filterRows: count))
    }
}

/// The texts of a sheet's text columns numbered row by row (the same text, the same number) while the columns'
/// widths are fitted (each distinct text measured once per column), then made into shared-string cells.
struct NumberedTexts {
    var widths: ColumnWidths
    private var texts = TextNumbers()
    /// Row by row, the numbers of the text columns in the order `number` was called.
    private(set) var numbers: [Int32] = []
    private var fitted: [[Bool]]
    private var last: [(text: String, number: Int)?]
    private var byLane: [(text: String, number: Int)?]
    private static let lanes = 64
    private let textColumns: Int

    init(columns: [(String, ReportSheet.Format)], expectedRows: Int, textColumns: Int) {
        widths = ColumnWidths(columns)
        fitted = [[Bool]](repeating: [], count: columns.count)
        last = Array(repeating: nil, count: columns.count)
        byLane = Array(repeating: nil, count: columns.count * Self.lanes)
        self.textColumns = textColumns
        numbers.reserveCapacity(expectedRows * textColumns)
    }

    /// Numbers `text` in `column`. `lane` tells rows apart that tend to repeat each other's texts (the item
    /// of an office's row: item names, statuses and locations recur item by item from one office to the next).
    mutating func number(_ text: String, column: Int, lane: Int = 0) {
        // A column often repeats the text of the row above (an office's rows, ☐, 是) or of the same lane in the
        // previous office: found without hashing.
        if let last = last[column], last.text.hasSameBytes(as: text) { return numbers.append(Int32(last.number)) }
        let slot = column * Self.lanes + lane % Self.lanes
        if let previous = byLane[slot], previous.text.hasSameBytes(as: text) {
            last[column] = previous
            return numbers.append(Int32(previous.number))
        }
        let n = texts.number(text)
        last[column] = (text, n)
        byLane[slot] = (text, n)
        if fitted[column].count <= n { fitted[column] += repeatElement(false, count: n + 1 - fitted[column].count) }
        if !fitted[column][n] {
            fitted[column][n] = true
            widths.fit(text, column: column)
        }
        numbers.append(Int32(n))
    }

    /// The cells of every text, for each text column (in `number` order) in that column's style: the texts join
    /// the workbook's shared string table now, in the order they first came up.
    /// - Throws: `.textTooLong` located at the text's first cell (the header is row 0).
    func cells(in sheet: StreamingWorksheet, textColumns columns: [Int], styles: [StyleID]) throws(XLSXWriteError) -> [[PreparedCell]] {
        var byStyle: [StyleID: [PreparedCell]] = [:]
        for c in columns where byStyle[styles[c]] == nil {
            var cells: [PreparedCell] = []
            cells.reserveCapacity(texts.count)
            for n in 0..<texts.count {
                do throws(XLSXWriteError) {
                    cells.append(try sheet.prepareShared(texts.text(n), style: styles[c]))
                } catch {
                    var located = error
                    if let at = numbers.firstIndex(of: Int32(n)) {
                        located.cell = CellReference(row: 1 + at / textColumns, column: columns[at % textColumns])
                    }
                    throw located
                }
            }
            byStyle[styles[c]] = cells
        }
        return columns.map { byStyle[styles[$0]] ?? [] }
    }
}

/// Opens once; waiting on it returns when it is open (shared strings of one sheet wait for another's).
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false

    init(open: Bool = false) { isOpen = open }

    func open() {
        condition.lock(); defer { condition.unlock() }
        isOpen = true
        condition.broadcast()
    }

    func wait() {
        condition.lock(); defer { condition.unlock() }
        while !isOpen { condition.wait() }
    }
}

/// Distinct texts numbered in the order they first come up, told apart by their UTF-8 bytes.
struct TextNumbers {
    private var numbers: [ByteKey: Int] = [:]
    private var texts: [String] = []

    var count: Int { texts.count }
    func text(_ number: Int) -> String { texts[number] }

    mutating func number(_ text: String) -> Int {
        let key = ByteKey(text)
        if let known = numbers[key] { return known }
        numbers[key] = texts.count
        texts.append(text)
        return texts.count - 1
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
