import DisclosureCatalog
import OfficeReturns
import SheetCore
import XLSXWriting

/// 明细 and 问题, the two big sheets, written into the workbook straight from the result: no `ReportSheet` of
/// hundreds of thousands of `CellValue`s is built (and freed), and texts repeated down a column are made into
/// XML once (`PreparedCell`). The sheet is the one `fill(_:with:styles:)` writes from `detailSheet` and
/// `findingSheet` — same widths, cells and styles, byte for byte (the tests hold the two to that).
extension MergeResult {
    /// 明细 — one row per office × item.
    func fillDetail(_ sheet: StreamingWorksheet, styles: SheetStyles) throws(XLSXWriteError) {
        let spec = detailColumns
        let vocabulary = channelVocabulary
        let after = 6 + vocabulary.count  // the first column after the channels
        let checked = "☑", unchecked = "☐"
        var channelMarks = ChannelMarks(vocabulary: vocabulary)
        // The source of each row, made once for its width and its cell.
        var sources: [String] = []
        sources.reserveCapacity(offices.reduce(0) { $0 + $1.answers.count })
        var widths = ColumnWidths(spec)
        for o in offices {
            widths.fit(o.code, column: 0); widths.fit(o.name, column: 1); widths.fit(o.district, column: 2)
            for k in o.answers.indices {
                widths.fit(.number(Double(o.answers[k].item)), column: 3)
                widths.fit(o.answers[k].name, column: 4)
                widths.fit(o.answers[k].statusText, column: 5)
                let marks = channelMarks.marks(o.answers[k].channels)
                for v in marks.indices { widths.fit(marks[v] ? checked : unchecked, column: 6 + v) }
                widths.fit(o.answers[k].otherChannel, column: after)
                widths.fit(o.answers[k].location, column: after + 1)
                if o.answers[k].formedOn != nil { widths.fit(.date(DateTimeValue(year: 2000, month: 1, day: 1)), column: after + 2) }
                if o.answers[k].publishedOn != nil { widths.fit(.date(DateTimeValue(year: 2000, month: 1, day: 1)), column: after + 3) }
                widths.fit(o.answers[k].department, column: after + 4)
                widths.fit(o.answers[k].reason, column: after + 5)
                widths.fit(o.answers[k].remarks, column: after + 6)
                widths.fit(yesNo(o.answers[k].deadlineMet), column: after + 7)
                widths.fit(yesNo(Merger.isCompliant(o.answers[k])), column: after + 8)
                let source = o.answers[k].source.description
                widths.fit(source, column: after + 9)
                sources.append(source)
            }
        }
        let columns = widths.columns
        try Self.writeHead(sheet, columns: columns, styles: styles)
        let columnStyles = columns.map { styles.plain[$0.format] ?? .default }
        var texts = columnStyles.map { TextCells(sheet: sheet, style: $0) }
        let markCells = (try sheet.prepare(.string(checked), style: columnStyles[6 < after ? 6 : 0]),
                         try sheet.prepare(.string(unchecked), style: columnStyles[6 < after ? 6 : 0]))
        var numbers: [Int: PreparedCell] = [:]
        var row = 0
        for o in offices {
            let code = try sheet.prepare(.string(o.code), style: columnStyles[0])
            let name = try sheet.prepare(.string(o.name), style: columnStyles[1])
            let district = try sheet.prepare(.string(o.district), style: columnStyles[2])
            for k in o.answers.indices {
                try sheet.appendRow { r throws(XLSXWriteError) in
                    r.append(code); r.append(name); r.append(district)
                    let item = o.answers[k].item
                    if let cell = numbers[item] {
                        r.append(cell)
                    } else {
                        let cell = try sheet.prepare(.number(Double(item)), style: columnStyles[3])
                        numbers[item] = cell
                        r.append(cell)
                    }
                    try texts[4].append(o.answers[k].name, to: &r)
                    try texts[5].append(o.answers[k].statusText, to: &r)
                    let marks = channelMarks.marks(o.answers[k].channels)
                    for v in marks.indices {
                        if columnStyles[6 + v] == columnStyles[6] {
                            r.append(marks[v] ? markCells.0 : markCells.1)
                        } else {
                            try r.append(.string(marks[v] ? checked : unchecked), style: columnStyles[6 + v])
                        }
                    }
                    try texts[after].append(o.answers[k].otherChannel, to: &r)
                    try texts[after + 1].append(o.answers[k].location, to: &r)
                    try r.append(o.answers[k].formedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 2])
                    try r.append(o.answers[k].publishedOn.map(CellValue.date) ?? .empty, style: columnStyles[after + 3])
                    try texts[after + 4].append(o.answers[k].department, to: &r)
                    try texts[after + 5].append(o.answers[k].reason, to: &r)
                    try texts[after + 6].append(o.answers[k].remarks, to: &r)
                    try texts[after + 7].append(yesNo(o.answers[k].deadlineMet), to: &r)
                    try texts[after + 8].append(yesNo(Merger.isCompliant(o.answers[k])), to: &r)
                    try r.append(.string(sources[row]), style: columnStyles[after + 9])
                }
                row += 1
            }
        }
        try Self.writeTail(sheet, report: ReportSheet(name: sheet.name, columns: columns, rows: [], filterRows: row))
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
