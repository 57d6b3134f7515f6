import SheetCore

/// The sparse cell dump of `disclosure sheet dump`: non-empty cells, row-major, typed `s n b d e`.
///
/// JSON: `{"sheets":[{"name":"…","cells":[["A1","s","text"],["B1","n",1.5],["C1","b",true],["D1","d","2017-02-27"],["E1","e","#DIV/0!"]]}]}`.
public enum SheetDump {
    /// One sheet's non-empty cells in row-major order.
    public struct Sheet: Sendable {
        public var name: String
        public var cells: [(CellReference, CellValue)]
        public init(name: String, cells: [(CellReference, CellValue)]) { self.name = name; self.cells = cells }
    }

    /// Streams a sheet and keeps its non-empty values, sorted row-major.
    public static func read(_ sheet: SheetInfo, of workbook: some SheetWorkbook) throws -> Sheet {
        var cells: [(CellReference, CellValue)] = []
        try forEachCell(sheet, of: workbook, buffering: .max) { cells.append(($0, $1)) }
        return Sheet(name: sheet.name, cells: cells)
    }

    /// Calls `body` with every non-empty cell of a sheet in row-major order, in bounded memory.
    ///
    /// Rows arrive in file order, which Excel requires to be ascending. Until `buffering` cells have been seen
    /// they are held back, so a small sheet in any order is still sorted; past that they are passed on as they
    /// come, and a row that then goes backwards is an error (Excel too reports such a file as damaged).
    /// - Throws: `XLSXError` (`.invalidContent` for rows out of order past the buffer), or what `body` throws.
    public static func forEachCell(_ sheet: SheetInfo, of workbook: some SheetWorkbook, buffering: Int = 100_000,
                                   _ body: (CellReference, CellValue) throws -> Void) throws {
        var order = RowOrder(file: workbook.path, sheet: sheet.name, buffering: buffering)
        try workbook.forEachRow(in: sheet) { row, cells in try order.add(row: row, cells: cells, body) }
        try order.finish(body)
    }

    /// Puts a sheet's rows, as the parser gives them in file order, into row-major order of their non-empty
    /// cells (see `forEachCell`): rows that may be parsed on one thread and ordered and written on another.
    public struct RowOrder: Sendable {
        private let file: String
        private let sheet: String
        private let buffering: Int
        private var pending: [(CellReference, CellValue)] = []
        private var streaming = false
        private var ordered = true
        private var lastRow = -1
        private var rowCells: [(Int, CellValue)] = []

        /// - Parameters: `file` and `sheet` name the place of an out-of-order error; `buffering` as in `forEachCell`.
        public init(file: String, sheet: String, buffering: Int = 100_000) {
            self.file = file
            self.sheet = sheet
            self.buffering = buffering
        }

        /// Takes the next row in file order; passes on what is due, in row-major order.
        public mutating func add(row: Int, cells: [ReadCell], _ body: (CellReference, CellValue) throws -> Void) throws {
            rowCells.removeAll(keepingCapacity: true)
            for i in cells.indices where !cells[i].value.isEmpty { rowCells.append((cells[i].column, cells[i].value)) }
            guard !rowCells.isEmpty else { return }
            if rowCells.count > 1, !zip(rowCells, rowCells.dropFirst()).allSatisfy({ $0.0 < $1.0 }) {
                rowCells.sort { $0.0 < $1.0 }
            }
            if row <= lastRow {
                if streaming {
                    throw XLSXError(.invalidContent, SourceLocation(file: file, sheet: sheet,
                                                                    cell: CellReference(row: row, column: rowCells[0].0).description),
                                    "row \(row + 1) comes after row \(lastRow + 1): the rows are out of order",
                                    zh: "第 \(row + 1) 行出现在第 \(lastRow + 1) 行之后：行的顺序错乱")
                }
                ordered = false
            }
            lastRow = max(lastRow, row)
            if streaming {
                for i in rowCells.indices { try body(CellReference(row: row, column: rowCells[i].0), rowCells[i].1) }
                return
            }
            for (column, value) in rowCells { pending.append((CellReference(row: row, column: column), value)) }
            if ordered, pending.count > buffering {
                for i in pending.indices { try body(pending[i].0, pending[i].1) }
                pending = []
                streaming = true
            }
        }

        /// Passes on what is still held back (sorted when the rows came out of order).
        public mutating func finish(_ body: (CellReference, CellValue) throws -> Void) throws {
            if !ordered { pending.sort { $0.0 < $1.0 } }
            for i in pending.indices { try body(pending[i].0, pending[i].1) }
            pending = []
        }
    }

    /// The one-letter type of a value: `s n b d e` ("" for empty).
    public static func typeCode(_ value: CellValue) -> String {
        switch value {
        case .empty: ""
        case .string: "s"
        case .number: "n"
        case .bool: "b"
        case .date: "d"
        case .error: "e"
        }
    }

    /// The JSON dump of several sheets (one line per cell for readable diffs).
    public static func json(_ sheets: [Sheet]) -> String {
        let writer = Writer()
        for sheet in sheets {
            writer.beginSheet(sheet.name)
            for (ref, value) in sheet.cells { writer.cell(ref, value) }
        }
        return String(decoding: writer.finished(), as: UTF8.self)
    }

    /// Writes the JSON dump of `sheets` straight from the workbook, in pieces of about 1 MB, in bounded memory.
    /// - Parameter output: receives the UTF-8 text piece by piece (a piece may end inside a character).
    public static func writeJSON(_ sheets: [SheetInfo], of workbook: some SheetWorkbook,
                                 to output: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let writer = Writer(chunk: 1 << 20, sink: output)
        for sheet in sheets {
            writer.beginSheet(sheet.name)
            try forEachCell(sheet, of: workbook) { ref, value in
                writer.cell(ref, value)
                try writer.checkSink()
            }
        }
        try writer.finish()
    }

    /// Writes the dump's text through the package's `JSONWriter`:
    /// `{"sheets":[` + a line per sheet start and per cell + `]}]}`.
    public final class Writer {
        private let json: JSONWriter
        private var sheets = 0

        /// Keeps the text in memory (`finished()`).
        public init() {
            json = JSONWriter(capacity: 1 << 16, layout: Writer.layout)
            start()
        }

        /// Hands the text to `sink` in chunks of about `chunk` bytes.
        public init(chunk: Int, sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) {
            json = JSONWriter(chunk: chunk, layout: Writer.layout, sink: sink)
            start()
        }

        /// A line break before each sheet (members of `sheets`, depth 2) and each cell (depth 4).
        private static let layout = JSONWriter.Layout.lineBreaks(atDepths: [2, 4])

        private func start() {
            json.beginObject()
            json.key("sheets")
            json.beginArray()
        }

        public func beginSheet(_ name: String) {
            if sheets > 0 { endSheet() }
            sheets += 1
            json.element()
            json.beginObject()
            json.key("name"); json.string(name)
            json.key("cells"); json.beginArray()
        }

        private func endSheet() {
            json.endArray()
            json.endObject()
        }

        /// One cell: `["A1","s","text"]`; typed `s n b d e`, non-finite numbers as null.
        public func cell(_ ref: CellReference, _ value: CellValue) {
            json.element()
            json.beginArray()
            json.element(); json.string(ref)
            json.element()
            // The type code and the value, with the code written as a literal (no escaping check).
            switch value {
            case .empty: json.string(literal: ""); json.element(); json.null()
            case .string(let s): json.string(literal: "s"); json.element(); json.string(s)
            case .error(let s): json.string(literal: "e"); json.element(); json.string(s)
            case .number(let d, _): json.string(literal: "n"); json.element(); json.number(d)
            case .bool(let b): json.string(literal: "b"); json.element(); json.bool(b)
            case .date(let d): json.string(literal: "d"); json.element(); json.date(d)
            }
            json.endArray()
        }

        /// Rethrows the sink's first failure.
        public func checkSink() throws { try json.checkSink() }

        private func end() {
            if sheets > 0 { endSheet() }
            json.endArray()
            json.endObject()
        }

        /// The whole text (for a writer without a sink).
        public func finished() -> [UInt8] {
            end()
            return json.finished()
        }

        /// Ends the document and hands the rest to the sink. - Throws: the sink's first error.
        public func finish() throws {
            end()
            try json.finish()
        }
    }
}
