/// Where a value or a problem is in an input file: the file, optionally the part inside a package,
/// the sheet and cell, or the line and column of a text file.
///
/// `line` and `column` are 1-based.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var part: String?
    public var sheet: String?
    public var cell: String?
    public var line: Int?
    public var column: Int?

    public init(file: String, part: String? = nil, sheet: String? = nil, cell: String? = nil,
                line: Int? = nil, column: Int? = nil) {
        self.file = file; self.part = part; self.sheet = sheet; self.cell = cell
        self.line = line; self.column = column
    }

    /// `returns/0101.xlsx[xl/worksheets/sheet1.xml]!C14`, `0101.xlsx!填报!C14`, `return.csv:3:7`.
    public var description: String {
        var s = file
        if let part { s += "[\(part)]" }
        if let sheet { s += "!\(sheet)" }
        if let cell { s += "!\(cell)" }
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        return s
    }
}
