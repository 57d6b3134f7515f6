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
final class BookState {
    let options: XLSXWriter.Options
    var styles = StylesPart()
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
        let column: Int
        if let known = listIndex[options] { column = known } else {
            column = lists.count
            lists.append(options)
            listIndex[options] = column
        }
        let letters = CellReference.columnName(column)
        return "\(quoteSheetName(self.options.listSheetName))!$\(letters)$1:$\(letters)$\(max(options.count, 1))"
    }

    /// A new spool file path in the temporary folder.
    func newSpoolPath() -> String {
        spoolCounter += 1
        let folder = options.temporaryDirectory ?? NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("disclosurekit-\(getpid())-\(UUID().uuidString)-\(spoolCounter).xml")
    }
}

/// `'Sheet name'` as formulas and defined names refer to a sheet (quotes doubled inside).
func quoteSheetName(_ name: String) -> String {
    "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
}

/// The shared string table (`xl/sharedStrings.xml`), in first-use order.
struct SharedStringsPart {
    private(set) var strings: [String] = []
    private var index: [UTF8Key: Int] = [:]

    /// A string compared and hashed by its UTF-8 bytes: `String`'s own hashing normalizes Unicode first,
    /// which costs more than the rest of writing a cell for CJK text. Canonically equivalent but differently
    /// encoded texts get separate entries, which keeps them exactly as given.
    struct UTF8Key: Hashable {
        let text: String
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        static func == (a: UTF8Key, b: UTF8Key) -> Bool {
            var x = a.text, y = b.text
            return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
        }
    }
    /// How many string cells refer to the table (the `count` attribute).
    var references = 0

    mutating func id(for text: String) -> Int {
        references += 1
        let key = UTF8Key(text: text)
        if let known = index[key] { return known }
        let id = strings.count
        strings.append(text)
        index[key] = id
        return id
    }

    var isEmpty: Bool { strings.isEmpty }

    func xml() -> [UInt8] {
        var w = XMLWriter(capacity: 64 + strings.count * 24)
        w.declaration()
        w.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
        w.integer(references)
        w.raw("\" uniqueCount=\"")
        w.integer(strings.count)
        w.raw("\">")
        for s in strings {
            if needsPreserve(s) { w.raw("<si><t xml:space=\"preserve\">") } else { w.raw("<si><t>") }
            w.text(s)
            w.raw("</t></si>")
        }
        w.raw("</sst>")
        return w.bytes
    }
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

/// Days from 1899-12-30 in the proleptic Gregorian calendar, corrected for Excel's fictitious 1900-02-29.
func excelSerial(_ d: DateTimeValue) -> Double? {
    let time = (Double(d.hour) * 3600 + Double(d.minute) * 60 + Double(d.second) + Double(d.millisecond) / 1000) / 86_400
    if d.kind == .time { return time }
    guard d.month >= 1, d.month <= 12, d.year >= 1900, d.year <= 9999 else { return nil }
    let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0
    let monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1]
    guard d.day >= 1, d.day <= monthLength else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = d.month <= 2 ? d.year - 1 : d.year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (d.month + 9) % 12
    let doy = (153 * mp + 2) / 5 + d.day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let daysSinceEpoch = era * 146_097 + doe - 719_468  // days since 1970-01-01
    var serial = daysSinceEpoch + 25_569  // 1970-01-01 is serial 25569
    if serial < 61 { serial -= 1 }  // before 1900-03-01 Excel's count lacks the leap-day bug's day
    guard serial >= 1 else { return nil }
    return Double(serial) + (d.kind == .dateTime ? time : 0)
}
