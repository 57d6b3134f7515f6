/// How a cell looks: font, fill, border, alignment, number format and protection.
///
/// The one style model of the package. Readers produce it (`XLSXWorkbook.cellStyles()` gives one per
/// `cellXfs` entry, indexed by a cell's `styleIndex`), the writer consumes it (`XLSXWriter.style(_:)`), so a
/// workbook read can be written back with its look. What a reader cannot see in a file (theme or indexed
/// colours, gradient fills, diagonal borders, rotation) is left at the default.
///
/// Styles are plain values; the writer deduplicates them, so equal styles share one entry of `xl/styles.xml`
/// however many cells use them.
public struct CellStyle: Hashable, Sendable {
    public var font: Font
    /// The background; nil for none.
    public var fill: Fill?
    public var border: Border
    public var alignment: Alignment
    public var numberFormat: NumberFormat
    /// Whether the cell is locked when its sheet is protected (Excel's default is locked).
    /// Unlock the input cells of a template so offices can fill them in a protected sheet.
    public var locked: Bool
    /// Whether the formula is hidden when the sheet is protected.
    public var formulaHidden: Bool

    public init(font: Font = Font(), fill: Fill? = nil, border: Border = Border(), alignment: Alignment = Alignment(),
                numberFormat: NumberFormat = .general, locked: Bool = true, formulaHidden: Bool = false) {
        self.font = font
        self.fill = fill
        self.border = border
        self.alignment = alignment
        self.numberFormat = numberFormat
        self.locked = locked
        self.formulaHidden = formulaHidden
    }

    /// The workbook's default look.
    public static let `default` = CellStyle()
}

/// A colour as 24-bit RGB (written as opaque ARGB `FFRRGGBB`).
public struct Color: Hashable, Sendable, CustomStringConvertible {
    public var rgb: UInt32

    public init(rgb: UInt32) { self.rgb = rgb & 0xFF_FFFF }

    /// Parses `"FF0000"` or `"#FF0000"`; nil for anything else.
    public init?(hex: String) {
        var text = Substring(hex)
        if text.hasPrefix("#") { text = text.dropFirst() }
        guard text.utf8.count == 6, text.utf8.allSatisfy(Self.isHexDigit), let value = UInt32(text, radix: 16) else { return nil }
        rgb = value
    }

    /// Parses styles.xml's `FFRRGGBB` (the alpha byte is ignored) or a plain `RRGGBB`; nil for anything else.
    public init?(argb: String) {
        let text = argb.utf8.count == 8 ? Substring(argb).dropFirst(2) : Substring(argb)
        guard text.utf8.count == 6, text.utf8.allSatisfy(Self.isHexDigit), let value = UInt32(text, radix: 16) else { return nil }
        rgb = value
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }

    /// `FFRRGGBB`, as styles.xml wants it.
    public var argb: String {
        let hex = String(rgb, radix: 16, uppercase: true)
        return "FF" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    public var description: String { "#" + argb.dropFirst(2) }

    public static let black = Color(rgb: 0x000000)
    public static let white = Color(rgb: 0xFFFFFF)
    public static let red = Color(rgb: 0xFF0000)
    public static let darkRed = Color(rgb: 0xC00000)
    public static let blue = Color(rgb: 0x0563C1)
    /// Highlight for a problem cell (light red, as Excel's "bad" style).
    public static let lightRed = Color(rgb: 0xFFC7CE)
    /// Highlight for a warning (light yellow).
    public static let lightYellow = Color(rgb: 0xFFEB9C)
    public static let yellow = Color(rgb: 0xFFFF00)
    public static let lightGreen = Color(rgb: 0xC6EFCE)
    public static let lightGray = Color(rgb: 0xD9D9D9)
    public static let lightBlue = Color(rgb: 0xDDEBF7)
}

/// A font. `nil` name or size means the workbook's default font (for the writer, `XLSXWriter.Options.defaultFont`).
public struct Font: Hashable, Sendable {
    public var name: String?
    /// Size in points.
    public var size: Double?
    public var bold: Bool
    public var italic: Bool
    public var underline: Bool
    public var strikethrough: Bool
    public var color: Color?

    public init(name: String? = nil, size: Double? = nil, bold: Bool = false, italic: Bool = false,
                underline: Bool = false, strikethrough: Bool = false, color: Color? = nil) {
        self.name = name
        self.size = size
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.strikethrough = strikethrough
        self.color = color
    }
}

/// A cell background.
public struct Fill: Hashable, Sendable {
    /// The pattern (ECMA-376 ST_PatternType). `.solid` is what "fill colour" means in Excel.
    public enum Pattern: String, Hashable, Sendable {
        case solid, gray125, gray0625, darkGray, mediumGray, lightGray
        case darkHorizontal, darkVertical, darkDown, darkUp, darkGrid, darkTrellis
        case lightHorizontal, lightVertical, lightDown, lightUp, lightGrid, lightTrellis
    }

    public var pattern: Pattern
    public var foreground: Color
    public var background: Color?

    public init(pattern: Pattern = .solid, foreground: Color, background: Color? = nil) {
        self.pattern = pattern
        self.foreground = foreground
        self.background = background
    }

    /// A solid fill, e.g. `Fill.solid(.lightRed)` to highlight a problem cell.
    public static func solid(_ color: Color) -> Fill { Fill(foreground: color) }
}

/// Cell borders, one line per side (nil for none).
public struct Border: Hashable, Sendable {
    public enum Style: String, Hashable, Sendable {
        case thin, medium, thick, dashed, dotted, double, hair, mediumDashed, dashDot, mediumDashDot
        case dashDotDot, mediumDashDotDot, slantDashDot
    }

    /// One side's line.
    public struct Line: Hashable, Sendable {
        public var style: Style
        public var color: Color?
        public init(_ style: Style, color: Color? = nil) {
            self.style = style
            self.color = color
        }
    }

    public var left: Line?
    public var right: Line?
    public var top: Line?
    public var bottom: Line?

    public init(left: Line? = nil, right: Line? = nil, top: Line? = nil, bottom: Line? = nil) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    /// The same line on all four sides: `Border.all(.thin)`.
    public static func all(_ style: Style, color: Color? = nil) -> Border {
        let line = Line(style, color: color)
        return Border(left: line, right: line, top: line, bottom: line)
    }

    public var isEmpty: Bool { left == nil && right == nil && top == nil && bottom == nil }
}

/// Text placement inside a cell.
public struct Alignment: Hashable, Sendable {
    public enum Horizontal: String, Hashable, Sendable {
        case general, left, center, right, fill, justify, centerContinuous, distributed
    }

    public enum Vertical: String, Hashable, Sendable {
        case top, center, bottom, justify, distributed
    }

    public var horizontal: Horizontal?
    public var vertical: Vertical?
    public var wrapText: Bool
    /// Indent level (each level is about three characters wide), 0...250.
    public var indent: Int
    public var shrinkToFit: Bool

    public init(horizontal: Horizontal? = nil, vertical: Vertical? = nil, wrapText: Bool = false, indent: Int = 0,
                shrinkToFit: Bool = false) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrapText = wrapText
        self.indent = indent
        self.shrinkToFit = shrinkToFit
    }

    public var isDefault: Bool { self == Alignment() }
}
