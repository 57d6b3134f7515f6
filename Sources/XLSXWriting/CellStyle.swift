/// How a cell looks: font, fill, border, alignment, number format and protection.
///
/// Styles are plain values; the workbook deduplicates them (`XLSXWriter.style(_:)` gives a `StyleID`),
/// so equal styles share one entry of `xl/styles.xml` however many cells use them.
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
        guard text.count == 6, let value = UInt32(text, radix: 16) else { return nil }
        rgb = value
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

/// A font. `nil` name or size means the workbook's default font (`XLSXWriter.Options.defaultFont`).
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
        case solid, gray125, darkGray, mediumGray, lightGray, lightHorizontal, lightVertical, lightGrid
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

/// A number format: one of Excel's built-in formats (by id) or a custom format code.
///
/// Built-in codes given as text (`"0.00"`, `"@"`) are recognised and written as the built-in id.
public struct NumberFormat: Hashable, Sendable {
    /// The format code, e.g. `yyyy-mm-dd` or `#,##0.00`.
    public let code: String
    /// The built-in id (0...49) when the code is one of Excel's built-ins, else nil.
    public let builtinID: Int?

    public init(_ code: String) {
        self.code = code
        builtinID = NumberFormat.builtinCodes[code]
    }

    /// A built-in format by id (0 General, 1 `0`, 2 `0.00`, 3 `#,##0`, 4 `#,##0.00`, 9 `0%`, 10 `0.00%`,
    /// 14 short date (locale-dependent), 22 date-time, 49 text `@`, …).
    public init(builtinID: Int) {
        self.builtinID = builtinID
        code = NumberFormat.builtinCodes.first { $0.value == builtinID }?.key ?? "General"
    }

    public var isGeneral: Bool { builtinID == 0 }

    public static let general = NumberFormat(builtinID: 0)
    public static let integer = NumberFormat("0")
    public static let decimal2 = NumberFormat("0.00")
    public static let thousands = NumberFormat("#,##0")
    public static let thousands2 = NumberFormat("#,##0.00")
    public static let percent = NumberFormat("0%")
    public static let percent2 = NumberFormat("0.00%")
    /// Text (`@`): what a cell typed by a person keeps as typed (e.g. 关区代码 `0101`).
    public static let text = NumberFormat("@")
    /// ISO date, the default for `.date` values.
    public static let isoDate = NumberFormat("yyyy-mm-dd")
    /// ISO date and time, the default for `.dateTime` values.
    public static let isoDateTime = NumberFormat("yyyy-mm-dd hh:mm:ss")
    /// Elapsed hours, minutes and seconds (built-in 46), the default for `.duration` values.
    public static let elapsedTime = NumberFormat("[h]:mm:ss")
    /// Time of day, the default for `.time` values.
    public static let time = NumberFormat("hh:mm:ss")
    /// 2025年1月1日.
    public static let chineseDate = NumberFormat("yyyy\"年\"m\"月\"d\"日\"")

    /// Excel's locale-independent built-in format codes.
    static let builtinCodes: [String: Int] = [
        "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4,
        "0%": 9, "0.00%": 10, "0.00E+00": 11, "# ?/?": 12, "# ??/??": 13,
        "mm-dd-yy": 14, "d-mmm-yy": 15, "d-mmm": 16, "mmm-yy": 17, "h:mm AM/PM": 18, "h:mm:ss AM/PM": 19,
        "h:mm": 20, "h:mm:ss": 21, "m/d/yy h:mm": 22,
        "#,##0 ;(#,##0)": 37, "#,##0 ;[Red](#,##0)": 38, "#,##0.00;(#,##0.00)": 39, "#,##0.00;[Red](#,##0.00)": 40,
        "mm:ss": 45, "[h]:mm:ss": 46, "mmss.0": 47, "##0.0E+0": 48, "@": 49,
    ]
}

/// A registered style: an index into the workbook's cell formats (`cellXfs`). Get one from `XLSXWriter.style(_:)`.
///
/// Only valid for the workbook that made it.
public struct StyleID: Hashable, Sendable {
    /// The `s` attribute written on cells.
    public let index: Int
    init(_ index: Int) { self.index = index }

    /// The default style (index 0).
    public static let `default` = StyleID(0)
}
