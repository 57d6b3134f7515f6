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
        var pending: [(CellReference, CellValue)] = []
        var streaming = false
        var ordered = true
        var lastRow = -1
        var rowCells: [(Int, CellValue)] = []
        try workbook.forEachRow(in: sheet) { row, cells in
            rowCells.removeAll(keepingCapacity: true)
            for cell in cells where !cell.value.isEmpty { rowCells.append((cell.column, cell.value)) }
            guard !rowCells.isEmpty else { return }
            if rowCells.count > 1, !zip(rowCells, rowCells.dropFirst()).allSatisfy({ $0.0 < $1.0 }) {
                rowCells.sort { $0.0 < $1.0 }
            }
            if row <= lastRow {
                if streaming {
                    throw XLSXError(.invalidContent, SourceLocation(file: workbook.path, sheet: sheet.name,
                                                                    cell: CellReference(row: row, column: rowCells[0].0).description),
                                    "row \(row + 1) comes after row \(lastRow + 1): the rows are out of order")
                }
                ordered = false
            }
            lastRow = max(lastRow, row)
            if streaming {
                for (column, value) in rowCells { try body(CellReference(row: row, column: column), value) }
                return
            }
            for (column, value) in rowCells { pending.append((CellReference(row: row, column: column), value)) }
            if ordered, pending.count > buffering {
                for (ref, value) in pending { try body(ref, value) }
                pending = []
                streaming = true
            }
        }
        if !ordered { pending.sort { $0.0 < $1.0 } }
        for (ref, value) in pending { try body(ref, value) }
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
        var out = ""
        var writer = JSONWriter { out += $0 }
        for sheet in sheets {
            writer.beginSheet(sheet.name)
            for (ref, value) in sheet.cells { writer.cell(ref, value) }
        }
        writer.finish()
        return out
    }

    /// Writes the JSON dump of `sheets` straight from the workbook, in pieces of about 1 MB, in bounded memory.
    public static func writeJSON(_ sheets: [SheetInfo], of workbook: some SheetWorkbook, to output: (String) throws -> Void) throws {
        var buffer = ""
        var writer = JSONWriter { buffer += $0 }
        for sheet in sheets {
            writer.beginSheet(sheet.name)
            try forEachCell(sheet, of: workbook) { ref, value in
                writer.cell(ref, value)
                if buffer.utf8.count >= 1 << 20 {
                    try output(buffer)
                    buffer = ""
                }
            }
        }
        writer.finish()
        try output(buffer)
    }

    /// Builds the dump text piece by piece.
    struct JSONWriter {
        let emit: (String) -> Void
        private var sheets = 0
        private var cells = 0

        init(_ emit: @escaping (String) -> Void) { self.emit = emit }

        mutating func beginSheet(_ name: String) {
            emit((sheets == 0 ? "{\"sheets\":[\n" : "]},\n") + "{\"name\":" + SheetDump.quote(name) + ",\"cells\":[")
            sheets += 1
            cells = 0
        }

        mutating func cell(_ ref: CellReference, _ value: CellValue) {
            var line = cells == 0 ? "\n[\"" : ",\n[\""
            cells += 1
            line += ref.description + "\",\"" + SheetDump.typeCode(value) + "\","
            switch value {
            case .empty: line += "null"
            case .string(let s), .error(let s): line += SheetDump.quote(s)
            case .number(let d, _): line += d.isFinite ? CellValue.format(number: d) : "null"
            case .bool(let b): line += b ? "true" : "false"
            case .date(let d): line += SheetDump.quote(d.iso8601)
            }
            emit(line + "]")
        }

        func finish() {
            emit(sheets == 0 ? "{\"sheets\":[]}\n" : "]}]}\n")
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
