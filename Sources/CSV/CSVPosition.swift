/// A place in delimited text.
///
/// `line` and `column` are 1-based, as an editor shows them: lines end at CR, LF or CRLF (also inside quoted
/// fields), and `column` counts Unicode scalars. `byteOffset` is 0-based, in the UTF-8 text the core saw.
public struct CSVPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var byteOffset: Int

    public init(line: Int = 1, column: Int = 1, byteOffset: Int = 0) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `3:7`.
    public var description: String { "\(line):\(column)" }
}
