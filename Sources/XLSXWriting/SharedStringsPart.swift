import Foundation
import SheetCore
import XMLStream

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
            a.text.hasSameBytes(as: b.text)
        }
    }
    /// How many string cells refer to the table (the `count` attribute).
    var references = 0

    mutating func id(for text: String) -> Int {
        references += 1
        return index(for: text)
    }

    /// The index of `text`, added at the end when new; no reference is counted.
    mutating func index(for text: String) -> Int {
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
