import Foundation
import SheetCore
import ZipArchive

/// Parse results shared by every workbook in the process, keyed by a part's exact stored bytes plus
/// everything else the result depends on (`Context`).
///
/// Returns made from one template carry byte-identical parts (styles, instruction and metadata sheets):
/// a merge round parses each of those once instead of once per file, and does not even inflate them again.
/// The key is the part's compressed bytes with its compression method, declared size and CRC-32 (the same
/// compressed bytes inflate to the same text, which passed the same CRC check). A result is stored only
/// when its bytes show up a second time, so parts unique to one file cost a compare and nothing else.
/// Only successful parses are stored; at most `capacity` results (least recently used dropped) of parts up
/// to `maxPartBytes` are kept. Thread-safe.
final class PartMemo<Context: Hashable, Value>: @unchecked Sendable {
    struct Key: Equatable {
        var crc: UInt32
        var method: Int32
        var declaredSize: Int64
        var compressed: [UInt8]
    }

    private struct Entry {
        var key: Key
        var context: Context
        var value: Value
        var inflatedSize: Int
    }

    enum Probe {
        /// The stored result and how many bytes the part inflates to.
        case hit(Value, inflatedSize: Int)
        /// Seen before: parse, then `store` the result.
        case record
        /// First sighting: parse without recording.
        case parse
    }

    static var maxPartBytes: Int { 256 << 10 }
    let capacity: Int
    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [Entry] = []
    /// Keys of parts parsed once, most recent last.
    private var seen: [Key] = []
    private static var maxSeen: Int { 64 }

    init(capacity: Int) { self.capacity = capacity }

    /// The memo key of `entry` (its compressed bytes read from `zip`), nil when the entry is too big, lacks
    /// a checksum or method, or is encrypted.
    static func key(of entry: ZipEntry, in zip: (ZipEntry, Int) throws -> [UInt8]?) rethrows -> Key? {
        guard !entry.isEncrypted, let crc = entry.crc32, let method = entry.compressionMethod,
              entry.declaredSize >= 0, entry.declaredSize <= Int64(maxPartBytes),
              entry.compressedSize >= 0, entry.compressedSize <= Int64(maxPartBytes),
              let compressed = try zip(entry, maxPartBytes) else { return nil }
        return Key(crc: crc, method: method, declaredSize: entry.declaredSize, compressed: compressed)
    }

    func probe(_ key: Key, context: Context) -> Probe {
        lock.lock()
        defer { lock.unlock() }
        if let index = entries.lastIndex(where: { $0.key == key && $0.context == context }) {
            let entry = entries.remove(at: index)
            entries.append(entry)
            return .hit(entry.value, inflatedSize: entry.inflatedSize)
        }
        if let index = seen.lastIndex(of: key) {
            seen.remove(at: index)
            return .record
        }
        seen.append(key)
        if seen.count > Self.maxSeen { seen.removeFirst() }
        return .parse
    }

    func store(_ key: Key, context: Context, value: Value, inflatedSize: Int) {
        lock.lock()
        defer { lock.unlock() }
        entries.append(Entry(key: key, context: context, value: value, inflatedSize: inflatedSize))
        if entries.count > capacity { entries.removeFirst() }
    }

    /// Whether `key` is stored or was seen once (tests).
    func knows(_ key: Key) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return entries.contains { $0.key == key } || seen.contains(key)
    }

    /// Forgets everything (tests).
    func removeAll() {
        lock.lock()
        entries.removeAll()
        seen.removeAll()
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}

/// What a worksheet's parse depends on besides its bytes (shared strings are not part of it: sheets of
/// workbooks with a shared-string table are not memoized).
struct SheetParseContext: Hashable {
    var styles: [CellStyle]
    var date1904: Bool
    var formulas: Bool
    var limits: XLSXLimits
    /// True for a parse into a grid (`XLSXWorkbook.grid`), which stores the grid instead of rows.
    var grid = false
}

/// A worksheet's parse as replayed from the memo: its rows in file order (or, for a grid parse, the grid
/// itself) and its extras.
struct SheetRecording {
    var rows: [(row: Int, cells: [ReadCell])]
    var grid: Grid?
    var extras: SheetExtras
}

/// What the styles part's parse depends on besides its bytes.
struct StylesParseContext: Hashable {
    var limits: XLSXLimits
}

/// What a relationships part's or the workbook part's parse depends on besides its bytes.
struct PackagePartContext: Hashable {
    /// The part the relationships belong to (targets resolve against its folder); "" for the workbook part.
    var source: String
    var limits: XLSXLimits
}

enum PartMemos {
    /// Whether parts are memoized; see `XLSXWorkbook.partMemoEnabled`.
    static var enabled: Bool {
        get { enabledFlag.withLock { $0 } }
        set { enabledFlag.withLock { $0 = newValue } }
    }
    private static let enabledFlag = LockedFlag(ProcessInfo.processInfo.environment["DISCLOSUREKIT_PART_MEMO"] != "0")
    static let styles = PartMemo<StylesParseContext, [CellStyle]>(capacity: 4)
    static let sheets = PartMemo<SheetParseContext, SheetRecording>(capacity: 8)
    static let relationships = PartMemo<PackagePartContext, [Relationship]>(capacity: 8)
    static let workbooks = PartMemo<PackagePartContext, WorkbookPart>(capacity: 4)
}

/// A Bool behind a lock.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool
    init(_ value: Bool) { self.value = value }
    func withLock<T>(_ body: (inout Bool) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

extension XLSXWorkbook {
    /// Whether parse results of parts are shared between the workbooks of this process (the part memo: a
    /// merge round made from one template parses its byte-identical styles, relationships, workbook and small
    /// sheets once). On by default; the environment variable `DISCLOSUREKIT_PART_MEMO=0`, read once at first
    /// use, starts it off. Results are the same either way: turning it off only makes every workbook parse
    /// all of its parts again (for measuring, or to rule the memo out). Switching it does not drop what is
    /// already stored; while off, nothing is looked up or stored.
    public static var partMemoEnabled: Bool {
        get { PartMemos.enabled }
        set { PartMemos.enabled = newValue }
    }
}
