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
    public static func read(_ sheet: SheetInfo, of workbook: XLSXWorkbook) throws -> Sheet {
        var cells: [(CellReference, CellValue)] = []
        try workbook.forEachRow(in: sheet) { row, readCells in
            for cell in readCells where !cell.value.isEmpty {
                cells.append((CellReference(row: row, column: cell.column), cell.value))
            }
        }
        cells.sort { $0.0 < $1.0 }
        return Sheet(name: sheet.name, cells: cells)
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
        var out = "{\"sheets\":["
        for (i, sheet) in sheets.enumerated() {
            if i > 0 { out += "," }
            out += "\n{\"name\":" + quote(sheet.name) + ",\"cells\":["
            for (j, (ref, value)) in sheet.cells.enumerated() {
                out += j == 0 ? "\n" : ",\n"
                out += "[\"\(ref)\",\"\(typeCode(value))\","
                switch value {
                case .empty: out += "null"
                case .string(let s), .error(let s): out += quote(s)
                case .number(let d, _): out += d.isFinite ? CellValue.format(number: d) : "null"
                case .bool(let b): out += b ? "true" : "false"
                case .date(let d): out += quote(d.iso8601)
                }
                out += "]"
            }
            out += "]}"
        }
        return out + "]}\n"
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
