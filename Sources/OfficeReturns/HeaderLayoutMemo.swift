import DisclosureCatalog
import Foundation
import SheetCore

/// Header layouts found before, shared by every import in the process: a sheet whose header area reads the same
/// as one seen before gets that sheet's layout without finding it again.
///
/// Returns made from one template have the same header rows, and finding the header (keys of every cell above
/// the table, columns matched against the header contract) costs more than checking that the rows are the same.
/// A layout depends only on the texts of rows 0 to its first sub-header row (`headerRow + 1`) in every column,
/// on the merges crossing its header row, on the sheet's width and on the catalog's channel names; an entry is
/// reused only when all of these are equal (texts byte for byte), and only for sheets with rows past that area,
/// so the layout found would be the same. At most `capacity` layouts are kept (least recently used dropped).
/// Thread-safe.
final class HeaderLayoutMemo: @unchecked Sendable {
    private struct Entry {
        var channels: [String]
        var width: Int
        /// Texts of rows 0...headerRow + 1, every column.
        var texts: [[String]]
        var merges: [CellRange]
        var layout: HeaderLayout
    }

    /// The memo every import uses.
    static let shared = HeaderLayoutMemo(capacity: 4)

    let capacity: Int
    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [Entry] = []

    init(capacity: Int) { self.capacity = capacity }

    /// `HeaderLayout(grid:catalog:)`, from the memo when a layout of the same header area is known.
    func layout(grid: Grid, catalog: Catalog) -> HeaderLayout? {
        lock.lock()
        let known = entries
        lock.unlock()
        for index in known.indices.reversed() where Self.matches(known[index], grid: grid, catalog: catalog) {
            let entry = known[index]
            lock.lock()
            if let at = entries.lastIndex(where: { $0.layout.headerRow == entry.layout.headerRow && $0.texts == entry.texts }) {
                entries.append(entries.remove(at: at))
            }
            lock.unlock()
            return entry.layout
        }
        guard let layout = HeaderLayout(grid: grid, catalog: catalog) else { return nil }
        let rows = layout.headerRow + 2
        guard grid.rowCount > rows else { return layout }
        let entry = Entry(channels: catalog.channels, width: grid.columnCount,
                          texts: (0..<rows).map { row in (0..<grid.columnCount).map { grid.text(row: row, column: $0) } },
                          merges: Self.merges(grid, crossing: layout.headerRow), layout: layout)
        lock.lock()
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        lock.unlock()
        return layout
    }

    private static func merges(_ grid: Grid, crossing row: Int) -> [CellRange] {
        grid.mergedRanges.filter { $0.start.row <= row && row <= $0.end.row }
    }

    private static func matches(_ entry: Entry, grid: Grid, catalog: Catalog) -> Bool {
        guard grid.columnCount == entry.width, grid.rowCount > entry.texts.count,
              catalog.channels == entry.channels else { return false }
        for row in entry.texts.indices {
            for column in entry.texts[row].indices where !grid.text(row: row, column: column).hasSameBytes(as: entry.texts[row][column]) {
                return false
            }
        }
        return merges(grid, crossing: entry.layout.headerRow) == entry.merges
    }
}
