/// The styles of an OpenDocument spreadsheet that reading cells needs: each cell style's font (check-mark
/// glyphs depend on Wingdings/Marlett) and whether a table style hides its table.
///
/// Filled from `styles.xml` (common styles) and the automatic styles of `content.xml`.
struct ODSStyles {
    struct Style {
        var family: String
        var parent: String?
        /// `style:font-name` of its text properties: a font-face name.
        var fontName: String?
        /// `table:display` of its table properties.
        var display: Bool?
        /// `style:data-style-name`: the number style of its values.
        var dataStyle: String?
        /// `style:column-width` of a column style, in Excel character units.
        var columnWidth: Double?
    }

    /// Names of `number:boolean-style`s (LibreOffice keeps booleans as numbers shown TRUE/FALSE).
    var booleanStyles: Set<String> = []
    private var resolvedBooleans: [String: Bool] = [:]

    /// `style:font-face` name → font family (`svg:font-family`, quotes removed).
    var fontFaces: [String: String] = [:]
    var styles: [String: Style] = [:]
    /// Resolved cell fonts by style name (nil entries: no font).
    private var resolvedFonts: [String: String?] = [:]

    /// Most styles kept (a hostile file could declare millions).
    static let maxStyles = 200_000

    mutating func add(name: String, style: Style) {
        guard styles.count < Self.maxStyles else { return }
        styles[name] = style
        resolvedFonts.removeAll()
        resolvedBooleans.removeAll()
    }

    /// The font family of a cell style, following `style:parent-style-name`.
    mutating func fontFamily(ofCellStyle name: String) -> String? {
        if let known = resolvedFonts[name] { return known }
        var current: String? = name
        var font: String?
        var steps = 0
        while let n = current, steps < 32, let style = styles[n] {
            if let f = style.fontName { font = fontFaces[f] ?? f; break }
            current = style.parent
            steps += 1
        }
        resolvedFonts[name] = .some(font)
        return font
    }

    /// Whether a cell style shows its number as TRUE/FALSE (its data style, or its parent's, is boolean).
    mutating func isBoolean(cellStyle name: String) -> Bool {
        guard !booleanStyles.isEmpty else { return false }
        if let known = resolvedBooleans[name] { return known }
        var current: String? = name
        var result = false
        var steps = 0
        while let n = current, steps < 32, let style = styles[n] {
            if let data = style.dataStyle { result = booleanStyles.contains(data); break }
            current = style.parent
            steps += 1
        }
        resolvedBooleans[name] = result
        return result
    }

    /// False when the table style says `table:display="false"`.
    func isDisplayed(tableStyle name: String) -> Bool {
        styles[name]?.display ?? true
    }

    /// An ODF length (`2.258cm`, `0.8299in`, `64pt`, `12mm`) in Excel character units as LibreOffice converts
    /// them when it saves .xlsx (measured: 8.43 characters are 0.8299in, 30 are 2.916in; about 9.28 pixels a
    /// character at 96 dpi), nil when it is not a length.
    static func characterWidth(_ length: String) -> Double? {
        let units: [(String, Double)] = [("cm", 96 / 2.54), ("mm", 96 / 25.4), ("in", 96), ("pt", 96.0 / 72), ("pc", 16), ("px", 1)]
        for (unit, pixelsPer) in units where length.hasSuffix(unit) {
            guard let value = Double(length.dropLast(unit.count)), value.isFinite, value >= 0, value < 1e5 else { return nil }
            let characters = (value * pixelsPer - 1.4) / 9.28
            return max(0, (characters * 100).rounded() / 100)
        }
        return nil
    }

    /// `'Wingdings 2'` → `Wingdings 2`.
    static func unquote(_ family: String) -> String {
        var s = Substring(family)
        if let first = s.first, first == "'" || first == "\"", s.count >= 2, s.last == first {
            s = s.dropFirst().dropLast()
        }
        return String(s)
    }
}
