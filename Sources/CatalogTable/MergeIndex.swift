import SheetCore

/// Finds the merged range containing a cell without scanning every merge (`Grid.mergedRange(containing:)`
/// is linear, which a hostile sheet with many merges and rows would turn into a hang).
struct MergeIndex {
    private var byRow: [Int: [CellRange]] = [:]
    /// Ranges taller than `bucketLimit` rows, checked one by one (few in practice).
    private var tall: [CellRange] = []
    private static let bucketLimit = 256

    init(_ ranges: [CellRange]) {
        for range in ranges {
            if range.rowCount > Self.bucketLimit {
                tall.append(range)
            } else {
                for r in range.start.row...range.end.row { byRow[r, default: []].append(range) }
            }
        }
    }

    func range(containing ref: CellReference) -> CellRange? {
        if let hit = byRow[ref.row]?.first(where: { $0.contains(ref) }) { return hit }
        return tall.first { $0.contains(ref) }
    }
}
