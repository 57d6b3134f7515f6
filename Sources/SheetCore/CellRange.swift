/// A rectangular range such as `A1:C3`; both corners are inclusive.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var start: CellReference
    public var end: CellReference

    public init(start: CellReference, end: CellReference) {
        self.start = CellReference(row: min(start.row, end.row), column: min(start.column, end.column))
        self.end = CellReference(row: max(start.row, end.row), column: max(start.column, end.column))
    }

    /// A single-cell range.
    public init(_ cell: CellReference) {
        self.init(start: cell, end: cell)
    }

    /// Parses `A1:C3` or `B2` (as a `String`: a short range stays a small string, no allocation).
    public init?(_ text: some StringProtocol) {
        self.init(String(text))
    }

    /// Parses `A1:C3` or `B2` on the string's contiguous UTF-8, without generic dispatch (ranges are parsed
    /// for every merged cell and validation of every sheet). A reference is ASCII only, so a `:` that a
    /// Character split would not split at (one followed by a combining mark) leaves a non-ASCII byte in a
    /// half and fails the same way.
    public init?(_ text: String) {
        var text = text
        guard let range = text.withUTF8({ Self.parse(utf8: $0) }) else { return nil }
        self = range
    }

    private static func parse(utf8: UnsafeBufferPointer<UInt8>) -> CellRange? {
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else {
            return CellReference(utf8: utf8).map { CellRange($0) }
        }
        let rest = UnsafeBufferPointer(rebasing: utf8[(colon + 1)...])
        guard !rest.contains(UInt8(ascii: ":")),
              let a = CellReference(utf8: UnsafeBufferPointer(rebasing: utf8[..<colon])),
              let b = CellReference(utf8: rest) else { return nil }
        return CellRange(start: a, end: b)
    }

    public var rowCount: Int { end.row - start.row + 1 }
    public var columnCount: Int { end.column - start.column + 1 }

    public func contains(_ cell: CellReference) -> Bool {
        cell.row >= start.row && cell.row <= end.row && cell.column >= start.column && cell.column <= end.column
    }

    public var description: String {
        start == end ? start.description : "\(start):\(end)"
    }
}
