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

    /// Parses `A1:C3` or `B2`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let a = CellReference(parts[0]) else { return nil }
            self.init(a)
        case 2:
            guard let a = CellReference(parts[0]), let b = CellReference(parts[1]) else { return nil }
            self.init(start: a, end: b)
        default:
            return nil
        }
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
