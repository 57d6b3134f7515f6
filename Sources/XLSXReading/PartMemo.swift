import Foundation
import ZipArchive

/// Parse results shared by every workbook in the process, keyed by a part's exact bytes plus everything
/// else the result depends on (`Context`).
///
/// Returns made from one template carry byte-identical parts (styles, instruction and metadata sheets):
/// a merge round parses each of those once instead of once per file. A result is stored only when its
/// bytes show up a second time, so parts unique to one file cost a checksum compare and nothing else.
/// Candidates are found by the zip's CRC-32 and size and then compared byte for byte. Only successful
/// parses are stored; at most `capacity` results (least recently used dropped) of parts up to
/// `maxPartBytes` are kept. Thread-safe.
final class PartMemo<Context: Hashable, Value>: @unchecked Sendable {
    private struct Entry {
        var crc: UInt32
        var bytes: [UInt8]
        var context: Context
        var value: Value
    }

    enum Probe {
        /// The stored result.
        case hit(Value)
        /// Seen before: parse, then `store` the result.
        case record
        /// First sighting (or not memoizable): parse without recording.
        case parse
    }

    static var maxPartBytes: Int { 256 << 10 }
    let capacity: Int
    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [Entry] = []
    /// (CRC, size) of parts parsed once, most recent last.
    private var seen: [(crc: UInt32, size: Int)] = []
    private static var maxSeen: Int { 64 }

    init(capacity: Int) { self.capacity = capacity }

    /// Whether `entry` is small enough and has a checksum to be memoized.
    static func accepts(_ entry: ZipEntry) -> Bool {
        entry.crc32 != nil && entry.declaredSize >= 0 && entry.declaredSize <= Int64(maxPartBytes)
    }

    func probe(crc: UInt32, bytes: [UInt8], context: Context) -> Probe {
        guard bytes.count <= Self.maxPartBytes else { return .parse }
        lock.lock()
        defer { lock.unlock() }
        if let index = entries.lastIndex(where: {
            $0.crc == crc && $0.bytes.count == bytes.count && $0.context == context && $0.bytes == bytes
        }) {
            let entry = entries.remove(at: index)
            entries.append(entry)
            return .hit(entry.value)
        }
        if let index = seen.lastIndex(where: { $0.crc == crc && $0.size == bytes.count }) {
            seen.remove(at: index)
            return .record
        }
        seen.append((crc, bytes.count))
        if seen.count > Self.maxSeen { seen.removeFirst() }
        return .parse
    }

    func store(crc: UInt32, bytes: [UInt8], context: Context, value: Value) {
        guard bytes.count <= Self.maxPartBytes else { return }
        lock.lock()
        defer { lock.unlock() }
        entries.append(Entry(crc: crc, bytes: bytes, context: context, value: value))
        if entries.count > capacity { entries.removeFirst() }
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
}

/// A worksheet's parse as replayed from the memo: its rows in file order and its extras.
struct SheetRecording {
    var rows: [(row: Int, cells: [ReadCell])]
    var extras: SheetExtras
}

/// What the styles part's parse depends on besides its bytes.
struct StylesParseContext: Hashable {
    var limits: XLSXLimits
}

enum PartMemos {
    static let styles = PartMemo<StylesParseContext, [CellStyle]>(capacity: 4)
    static let sheets = PartMemo<SheetParseContext, SheetRecording>(capacity: 8)
}
