import Foundation
import DisclosureCatalog
import OfficeReturns
import SheetCore
import XLSXWriting

/// 明细 and 问题, the two big sheets, written into the workbook straight from their column tables
/// (`detailTable`, `findingTable`): no `ReportSheet` of hundreds of thousands of `CellValue`s is built (and
/// freed), and texts repeated down a column are made into XML once (`PreparedCell`). Same widths, cells and
/// styles as `fill(_:with:styles:)` writes from the tables' `reportSheet`, byte for byte (the tests hold the
/// two to that).
extension MergeResult {
    /// 明细 — its texts go to the shared string table first (only the big sheets add to it), numbered in the
    /// order they first come up row by row, so the file does not depend on the threads' timing.
    func fillDetail(_ sheet: StreamingWorksheet, styles: SheetStyles, registered: Gate) throws(XLSXWriteError) {
        // 问题 waits for 明细's texts to be in the table, whatever becomes of this sheet.
        defer { registered.open() }
        try Self.fillBigSheet(sheet, table: detailTable, styles: styles, after: nil, registered: registered,
                              attention: attention(sheet: Self.detailSheetIndex))
    }

    /// 问题 — its texts (office codes, files, rules, messages) go to the shared string table after 明细's
    /// (`detailRegistered` opens once those are in).
    func fillFindings(_ sheet: StreamingWorksheet, styles: SheetStyles, after detailRegistered: Gate) throws(XLSXWriteError) {
        try Self.fillBigSheet(sheet, table: findingTable, styles: styles, after: detailRegistered, registered: nil,
                              attention: attention(sheet: Self.findingSheetIndex))
    }

    /// Writes a column table into its sheet. A first pass numbers the texts of each row's `.text` and `.mark`
    /// columns and fits the widths (each distinct text measured once per column); the texts then join the
    /// shared string table (after `after` opens; `registered` opens once they are in), and the second pass
    /// writes the rows from the numbers. Whole numbers repeated down a column are made into a cell once.
    static func fillBigSheet<Source>(_ sheet: StreamingWorksheet, table: ReportTable<Source>, styles: SheetStyles,
                                     after: Gate?, registered: Gate?, attention: [Attention]) throws(XLSXWriteError) {
        let columns = table.columns
        // The numbered columns, in column order; the inline texts, kept from the first pass.
        var textColumns: [Int] = []
        var inlineColumns = 0
        for c in columns.indices {
            switch columns[c].value {
            case .text, .mark: textColumns.append(c)
            case .inline: inlineColumns += 1
            case .integer, .date: break
            }
        }
        let rowCount = table.rowCount
        var texts = NumberedTexts(columns: table.headers, expectedRows: rowCount, textColumns: textColumns.count)
        var inline: [String] = []
        inline.reserveCapacity(rowCount * inlineColumns)
        var channelMarks = ChannelMarks(vocabulary: table.vocabulary)
        var dated = Array(repeating: false, count: columns.count)
        let checked = ReportTable<Source>.checked, unchecked = ReportTable<Source>.unchecked
        for (source, indexes) in table.rows {
            for k in indexes {
                let marks = table.channels.map { channelMarks.marks($0(source, k)) } ?? []
                for c in columns.indices {
                    let lane = columns[c].recursByIndex ? k : 0
                    switch columns[c].value {
                    case .text(let value): texts.number(value(source, k), column: c, lane: lane)
                    case .mark(let v): texts.number(v < marks.count && marks[v] ? checked : unchecked, column: c, lane: lane)
                    case .integer(let value):
                        if let v = value(source, k) { texts.widths.fit(.number(Double(v)), column: c) }
                    case .date(let value):
                        if !dated[c], value(source, k) != nil { dated[c] = true }
                    case .inline(let value):
                        let text = value(source, k)
                        texts.widths.fit(text, column: c)
                        inline.append(text)
                    }
                }
            }
        }
        let date = CellValue.date(DateTimeValue(year: 2000, month: 1, day: 1))
        for c in columns.indices where dated[c] { texts.widths.fit(date, column: c) }
        let fitted = texts.widths.columns
        try writeHead(sheet, columns: fitted, styles: styles)
        let columnStyles = fitted.map { styles.plain[$0.format] ?? .default }
        after?.wait()
        let cells = try texts.cells(in: sheet, textColumns: textColumns, styles: columnStyles)
        registered?.open()
        let numbers = texts.numbers
        // Whole numbers (item numbers) repeat down their column: each made into a cell once.
        var numberCells = Array(repeating: [Int: PreparedCell](), count: columns.count)
        for (source, indexes) in table.rows {
            for k in indexes {
                for c in columns.indices {
                    guard case .integer(let value) = columns[c].value, let v = value(source, k), numberCells[c][v] == nil else { continue }
                    numberCells[c][v] = try sheet.prepare(.number(Double(v)), style: columnStyles[c])
                }
            }
        }
        let width = textColumns.count
        var row = 0
        for (source, indexes) in table.rows {
            for k in indexes {
                var j = row * width, i = row * inlineColumns
                try sheet.appendRow { r throws(XLSXWriteError) in
                    for c in columns.indices {
                        switch columns[c].value {
                        case .text, .mark:
                            try r.append(cells[j - row * width][Int(numbers[j])])
                            j += 1
                        case .integer(let value):
                            if let v = value(source, k), let cell = numberCells[c][v] {
                                try r.append(cell)
                            } else {
                                try r.append(.empty, style: columnStyles[c])
                            }
                        case .date(let value):
                            try r.append(value(source, k).map(CellValue.date) ?? .empty, style: columnStyles[c])
                        case .inline:
                            try r.append(.string(inline[i]), style: columnStyles[c])
                            i += 1
                        }
                    }
                }
                row += 1
            }
        }
        try writeTail(sheet, report: ReportSheet(name: sheet.name, columns: fitted, rows: [], filterRows: row),
                      attention: attention)
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
