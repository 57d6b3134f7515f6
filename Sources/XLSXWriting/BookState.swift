import Foundation
import SheetCore
import XMLStream

/// Whether cell text goes to the shared string table or inline into each cell.
public enum StringStorage: Sendable, Hashable {
    /// Deduplicated in `xl/sharedStrings.xml` (smaller files; the table is held in memory while writing).
    case shared
    /// Written inline in each cell (`t="inlineStr"`): memory stays flat whatever the row count.
    case inline
}

/// State shared by a workbook and its sheets: styles, shared strings, hidden dropdown lists, options.
///
/// Styles and spool names are behind a lock, so that streaming sheets with inline strings can be filled on
/// different threads at once (see `StreamingWorksheet`); everything else belongs to one thread at a time.
final class BookState: @unchecked Sendable {
    let options: XLSXWriter.Options
    /// Read directly only when no sheet is being filled (serializing `styles.xml`); otherwise through the
    /// locked methods below.
    var styles = StylesPart()
    private let lock = NSLock()
    var strings = SharedStringsPart()
    /// Long dropdown lists, one column each of the hidden list sheet, deduplicated.
    var lists: [[String]] = []
    var listIndex: [[String]: Int] = [:]
    var hasFormulas = false
    private var spoolCounter = 0

    init(options: XLSXWriter.Options) {
        self.options = options
    }

    /// The source formula of a long dropdown list, stored on the hidden list sheet.
    func listSource(for options: [String]) -> String {
        lock.lock(); defer { lock.unlock() }
        let column: Int
        if let known = listIndex[options] { column = known } else {
            column = lists.count
            lists.append(options)
            listIndex[options] = column
        }
        let letters = CellReference.columnName(column)
        return "\(quoteSheetName(self.options.listSheetName))!$\(letters)$1:$\(letters)$\(max(options.count, 1))"
    }

    /// The shared string table's index of `text` (added at the end when new), without counting a reference.
    func sharedStringIndex(_ text: String) -> Int {
        lock.lock(); defer { lock.unlock() }
        return strings.index(for: text)
    }

    /// Counts cells that refer to the shared string table (its `count` attribute).
    func addSharedStringReferences(_ count: Int) {
        lock.lock(); defer { lock.unlock() }
        strings.references += count
    }

    func register(_ style: CellStyle) -> StyleID {
        lock.lock(); defer { lock.unlock() }
        return styles.register(style)
    }

    /// The `<dxfs>` index of a conditional format's highlight (deduplicated, in first-use order).
    func registerHighlight(_ style: HighlightStyle) -> Int {
        lock.lock(); defer { lock.unlock() }
        return styles.registerHighlight(style)
    }

    func contains(_ style: StyleID) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return styles.contains(style)
    }

    /// The index of the first of `ids` not made by this workbook (one lock for a whole row's styles).
    func firstUnknown(_ ids: [StyleID]) -> Int? {
        lock.lock(); defer { lock.unlock() }
        return ids.firstIndex { !styles.contains($0) }
    }

    func dateStyle(_ id: StyleID, kind: DateTimeValue.Kind) -> StyleID {
        lock.lock(); defer { lock.unlock() }
        return styles.dateStyle(id, kind: kind)
    }

    /// A new spool file path in the temporary folder.
    func newSpoolPath() -> String {
        lock.lock()
        spoolCounter += 1
        let spoolCounter = spoolCounter
        lock.unlock()
        let folder = options.temporaryDirectory ?? NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("disclosurekit-\(getpid())-\(UUID().uuidString)-\(spoolCounter).xml")
    }
}

/// `'Sheet name'` as formulas and defined names refer to a sheet (quotes doubled inside).
func quoteSheetName(_ name: String) -> String {
    "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
}

/// Whether text needs `xml:space="preserve"` (leading or trailing white space).
@inline(__always) func needsPreserve(_ s: String) -> Bool {
    guard let first = s.utf8.first, let last = s.utf8.last else { return false }
    return first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D
        || last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D
}

/// Checks a sheet name against Excel's rules.
func validateSheetName(_ name: String) throws(XLSXWriteError) {
    if name.isEmpty {
        throw XLSXWriteError(.invalidSheetName, message: "a sheet name cannot be empty")
    }
    if name.utf16.count > 31 {
        throw XLSXWriteError(.invalidSheetName, sheet: name, message: "sheet name is \(name.utf16.count) characters long; Excel allows at most 31")
    }
    if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
        throw XLSXWriteError(.invalidSheetName, sheet: name, message: "sheet name contains '\(bad)'; Excel forbids any of [ ] : * ? / \\")
    }
    if name.hasPrefix("'") || name.hasSuffix("'") {
        throw XLSXWriteError(.invalidSheetName, sheet: name, message: "sheet name may not begin or end with an apostrophe")
    }
    if name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
        throw XLSXWriteError(.invalidSheetName, sheet: name, message: "sheet name contains a control character")
    }
    if name.lowercased() == "history" {
        throw XLSXWriteError(.invalidSheetName, sheet: name, message: "\"History\" is reserved by Excel")
    }
}
