import DisclosureCatalog
import SheetCore

/// Check-box glyphs as catalogs print them (☑ ☐ ■ □ 口 √ ✓ ✔ ☒ ×), Wingdings letters read through the
/// cell's font, booleans, TRUE/FALSE and 是/否.
///
/// ☒ counts as checked (a box marked with a cross); a bare × or ✗ counts as not checked.
public enum CheckGlyph {
    /// The glyph written for a checked box.
    public static let checked: Character = "☑"
    /// The glyph written for an empty box.
    public static let unchecked: Character = "☐"
    /// The mark written in 公开对象 / 公开方式 cells.
    public static let mark = "√"

    static let checkedGlyphs: Set<Character> = ["☑", "■", "√", "✓", "✔", "☒", "✅", "⊠", "▣", "●"]
    static let uncheckedGlyphs: Set<Character> = ["☐", "□", "口", "×", "✗", "✘", "○"]

    /// Whether a character is a check-box glyph, and which state it means.
    public static func state(of c: Character) -> Bool? {
        if checkedGlyphs.contains(c) { return true }
        if uncheckedGlyphs.contains(c) { return false }
        return nil
    }

    /// Maps the letters of a Wingdings-family font to the glyphs they show:
    /// Wingdings 2 "R" ☑, "£" ☐, "S"/"T" ☒, "P" ✓, "O" ✗; Wingdings "þ" ☑, "¨" ☐, "ý" ☒, "ü" ✓, "û" ✗.
    /// Text in other fonts is returned unchanged.
    public static func unfont(_ text: String, fontName: String?) -> String {
        guard let font = fontName?.lowercased().filter({ !$0.isWhitespace }), font.hasPrefix("wingdings") else {
            return text
        }
        let map: [Character: Character]
        if font.hasPrefix("wingdings2") {
            map = ["R": "☑", "£": "☐", "S": "☒", "T": "☒", "P": "✓", "O": "✗"]
        } else if font == "wingdings" {
            map = ["þ": "☑", "¨": "☐", "ý": "☒", "ü": "✓", "û": "✗"]
        } else {
            return text  // Wingdings 3 has arrows, not boxes.
        }
        return String(text.map { map[$0] ?? $0 })
    }

    /// The displayed text of a cell with Wingdings letters turned into the glyphs they show.
    public static func text(of cell: GridCell?) -> String {
        guard let cell else { return "" }
        return unfont(cell.value.text, fontName: cell.fontName)
    }

    /// Reads a cell that should hold only a mark: a check-box glyph, √, TRUE/FALSE, 是/否, "/" or nothing.
    /// - Returns: the state and any text after the mark (item 9's "√ 海关认为…"); nil state when the cell
    ///   holds something else.
    public static func readMark(_ cell: GridCell?) -> (state: Bool?, rest: String) {
        guard let cell else { return (false, "") }
        if case .bool(let b) = cell.value { return (b, "") }
        return readMark(text: text(of: cell))
    }

    /// `readMark` for plain text.
    public static func readMark(text raw: String) -> (state: Bool?, rest: String) {
        let text = raw.trimmingWhitespace()
        switch text.uppercased() {
        case "", "/", "／", "-", "—", "FALSE", "否", "0", "无", "N":
            return (false, "")
        case "TRUE", "是", "1", "Y":
            return (true, "")
        default:
            break
        }
        guard let first = text.first, let state = state(of: first) else { return (nil, text) }
        let rest = String(text.dropFirst()).trimmingWhitespace()
        return (state, rest)
    }

    /// One option of a channel cell such as "☑直属海关网站 ☐两微一端 ☑其他：海关总署网站".
    public struct Option: Hashable, Sendable {
        public var checked: Bool
        public var label: String
    }

    /// Splits a cell of options at its check-box glyphs.
    /// - Returns: the options, and any text before the first glyph (normally empty).
    public static func options(in text: String) -> (options: [Option], leading: String) {
        var options: [Option] = []
        var leading = ""
        var current: (Bool, String)? = nil
        var previous: Character = " "
        for c in text {
            defer { previous = c }
            // 口 is also a common character (窗口, 出入口): a box only where an option starts.
            let boundary = previous.isWhitespace || state(of: previous) != nil || "，,；;、".contains(previous)
            if let s = state(of: c), c != "●", c != "○", c != "口" || boundary {
                if let cur = current { options.append(Option(checked: cur.0, label: cur.1.trimmingWhitespace())) }
                current = (s, "")
            } else if current != nil {
                current?.1.append(c)
            } else {
                leading.append(c)
            }
        }
        if let cur = current { options.append(Option(checked: cur.0, label: cur.1.trimmingWhitespace())) }
        return (options, leading.trimmingWhitespace())
    }
}
