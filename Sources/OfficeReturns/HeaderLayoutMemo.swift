import DisclosureCatalog
import Foundation
import SheetCore

/// Header layouts found before, shared by every import in the process: a sheet whose header area reads like one
/// seen before gets that sheet's layout without finding it again.
///
/// Returns made from one template have the same header rows, and finding the header (keys of every cell above
/// the table, columns matched against the header contract) costs more than checking that the rows are the same.
/// A layout depends on the texts of rows 0 to its sub-header row (`headerRow + 1`) in every column, on the merges
/// crossing its header row, on the sheet's width and on the catalog's channel names. An entry is reused when all
/// of these are equal (texts byte for byte) except cells above the header row (the identity block: each office
/// writes its own name and code there) whose new key is none of the keys that make a row a header (序号, 二级事项,
/// 落实情况, 公开事项) and which start no merge crossing the header row: such cells cannot make an earlier row the
/// header nor change the header's columns, so the layout found would be the same; only their keys
/// (`scannedKeys`, for the label values) are worked out. Entries serve only sheets with rows past that area.
/// At most `capacity` layouts are kept (least recently used dropped). Thread-safe.
final class HeaderLayoutMemo: @unchecked Sendable {
    private struct Entry {
        /// Tells entries apart when moving one to most recently used (no texts compared again).
        var id: Int
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
        for index in known.indices.reversed() {
            guard let keys = Self.scannedKeys(known[index], grid: grid, catalog: catalog) else { continue }
            let entry = known[index]
            lock.lock()
            hits += 1
            if let at = entries.lastIndex(where: { $0.id == entry.id }) {
                entries.append(entries.remove(at: at))
            }
            lock.unlock()
            var layout = entry.layout
            layout.scannedKeys = keys
            return layout
        }
        guard let layout = HeaderLayout(grid: grid, catalog: catalog) else { return nil }
        let rows = layout.headerRow + 2
        // A sparse grid (a far cell) is not memoized: its entry would hold a text per column of its width.
        guard grid.rowCount > rows, !grid.isSparse else { return layout }
        lock.lock()
        nextID += 1
        let id = nextID
        lock.unlock()
        let entry = Entry(id: id, channels: catalog.channels, width: grid.columnCount,
                          texts: (0..<rows).map { row in (0..<grid.columnCount).map { grid.text(row: row, column: $0) } },
                          merges: Self.merges(grid, crossing: layout.headerRow), layout: layout)
        lock.lock()
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        lock.unlock()
        return layout
    }

    /// How many layouts came from the memo.
    var hitCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return hits
    }

    private var hits = 0
    private var nextID = 0

    /// The keys that make a row the header.
    private static let headerRowKeys = [HeaderKeys.number, HeaderKeys.name, HeaderKeys.status, HeaderKeys.items]

    private static func merges(_ grid: Grid, crossing row: Int) -> [CellRange] {
        grid.mergedRanges.filter { $0.start.row <= row && row <= $0.end.row }
    }

    /// The scanned keys of `grid` when `entry`'s layout is `grid`'s (see the type's comment); nil otherwise.
    private static func scannedKeys(_ entry: Entry, grid: Grid, catalog: Catalog) -> [[TextKey]]? {
        guard grid.columnCount == entry.width, grid.rowCount > entry.texts.count, catalog.channels == entry.channels,
              !grid.isSparse else { return nil }
        let header = entry.layout.headerRow
        guard merges(grid, crossing: header) == entry.merges else { return nil }
        var keys = entry.layout.scannedKeys
        for row in entry.texts.indices {
            for column in entry.texts[row].indices {
                let text = grid.text(row: row, column: column)
                // Most cells of the header area are empty (merged titles, blank columns): no byte compare for them.
                if text.isEmpty ? entry.texts[row][column].isEmpty : text.hasSameBytes(as: entry.texts[row][column]) { continue }
                guard row < header, row < keys.count, column < keys[row].count,
                      !entry.merges.contains(where: { $0.start == CellReference(row: row, column: column) }) else { return nil }
                let key = TextKey.headerKey(of: text)
                guard !headerRowKeys.contains(where: key.equals) else { return nil }
                keys[row][column] = key
            }
        }
        return keys
    }
}
