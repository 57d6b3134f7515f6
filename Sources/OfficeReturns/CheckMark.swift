import SheetCore

/// Reads a channel flag cell (☑/☐ and the other ways offices mark a box).
///
/// Checked: ☑ ☒ ✅ ■ √ ✓ ✔ TRUE 是 1 Y, Wingdings 2 "R" / "P" / "T", Wingdings "þ" / "ü".
/// Unchecked: empty, ☐ □ 口 FALSE 否 0 N × ✗, Wingdings 2 "£", Wingdings "¨" / "o".
/// The letter glyphs count only in a Wingdings font, since the glyph depends on the cell's font.
public enum CheckMark {
    public static let checked = "☑"
    public static let unchecked = "☐"

    private static let checkedTexts: Set<String> = ["☑", "☒", "✅", "■", "√", "✓", "✔", "TRUE", "true", "是", "1", "Y", "y", "是的", "有"]
    private static let uncheckedTexts: Set<String> = ["", "☐", "□", "口", "FALSE", "false", "否", "0", "N", "n", "×", "✗", "✘", "无"]

    /// The flag a cell holds: true, false, or nil when the text means neither.
    public static func read(_ cell: GridCell?) -> Bool? {
        guard let cell else { return false }
        if case .bool(let b) = cell.value { return b }
        let text = cell.value.text.filter { !$0.isWhitespace }
        if let font = cell.fontName?.lowercased(), font.hasPrefix("wingdings") {
            let isTwo = font.hasPrefix("wingdings 2")
            if isTwo {
                if ["R", "P", "T", "S"].contains(text) { return true }
                if text == "£" { return false }
            } else {
                if ["þ", "ü", "x"].contains(text) { return true }
                if ["¨", "o"].contains(text) { return false }
            }
        }
        return read(text: text)
    }

    /// The flag plain text holds (CSV), nil when it means neither.
    public static func read(text raw: String) -> Bool? {
        let text = raw.filter { !$0.isWhitespace }
        if checkedTexts.contains(text) { return true }
        if uncheckedTexts.contains(text) { return false }
        return nil
    }
}
