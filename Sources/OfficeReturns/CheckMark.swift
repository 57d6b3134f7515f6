import CatalogTable
import SheetCore

/// Reads a channel flag cell (☑/☐ and the other ways offices mark a box), through the catalog's
/// `CheckGlyph`: ☑ ☒ ■ √ ✓ ✔ TRUE 是 1 checked; empty ☐ □ 口 × FALSE 否 0 "/" not; Wingdings letters read
/// through the cell's font; Excel 365 check boxes (booleans).
public enum CheckMark {
    public static let checked = String(CheckGlyph.checked)
    public static let unchecked = String(CheckGlyph.unchecked)

    /// The flag a cell holds: true, false, or nil when the text is no mark.
    public static func read(_ cell: GridCell?) -> Bool? {
        // The template's own marks read the same in any font (only Wingdings letters are remapped).
        if let cell, case .string(let s) = cell.value {
            if let mark = read(templateMark: cell.value) { return mark }
            if s == checked { return true }
            if s == unchecked { return false }
        }
        return CheckGlyph.readMark(cell).state
    }

    /// The flag plain text holds (CSV), nil when it is no mark.
    public static func read(text: String) -> Bool? {
        CheckGlyph.readMark(text: text).state
    }

    /// ☑ → true, ☐ → false by their exact bytes (the template's own marks, read the same in any font); nil for
    /// anything else, which `read(_:)` decides with the cell's font.
    static func read(templateMark value: CellValue) -> Bool? {
        guard case .string(let s) = value else { return nil }
        // Equal bytes, no normalizing comparison: both marks are three UTF-8 bytes, compared as one number.
        guard s.utf8.count == 3 else { return nil }
        let bytes = threeBytes(s)
        if bytes == checkedBytes { return true }
        if bytes == uncheckedBytes { return false }
        return nil
    }

    /// The UTF-8 bytes of a three-byte text as one number.
    private static func threeBytes(_ s: String) -> UInt32 {
        s.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static let checkedBytes = threeBytes(checked)
    private static let uncheckedBytes = threeBytes(unchecked)
}
