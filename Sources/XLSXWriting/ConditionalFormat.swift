import SheetCore
import XMLStream

/// How cells look while a conditional format's rule holds (a *differential* style, `<dxf>`: only what it sets
/// changes; the rest of the cell's own style shows through).
public struct HighlightStyle: Hashable, Sendable {
    /// The font colour; nil keeps the cell's.
    public var fontColor: Color?
    public var bold: Bool
    /// The background; nil keeps the cell's.
    public var fill: Color?

    public init(fontColor: Color? = nil, bold: Bool = false, fill: Color? = nil) {
        self.fontColor = fontColor
        self.bold = bold
        self.fill = fill
    }

    /// Excel's "Light red fill with dark red text".
    public static let bad = HighlightStyle(fontColor: Color(rgb: 0x9C0006), fill: .lightRed)
    /// Excel's "Yellow fill with dark yellow text".
    public static let neutral = HighlightStyle(fontColor: Color(rgb: 0x9C5700), fill: .lightYellow)
}

/// A conditional format: the cells of `ranges` take `style` where `formula` is true. The formula is written as
/// for the top-left cell of the first range; relative references move with each cell, so `$X2="否"` over
/// `A2:Z100` marks every row whose column X says 否 — and keeps marking the right rows after filtering or
/// sorting, unlike a fill put on cells.
public struct ConditionalFormat: Hashable, Sendable {
    public var ranges: [CellRange]
    /// An Excel formula without the leading `=`, e.g. `$F2="错误"`.
    public var formula: String
    public var style: HighlightStyle
    /// Later rules are not evaluated for a cell once this one holds.
    public var stopIfTrue: Bool

    public init(ranges: [CellRange], formula: String, style: HighlightStyle, stopIfTrue: Bool = false) {
        self.ranges = ranges
        self.formula = formula
        self.style = style
        self.stopIfTrue = stopIfTrue
    }
}

extension Sheet {
    /// Adds a formula-based conditional format (rules are evaluated in the order they were added).
    /// - Throws: `.invalidArgument` for no ranges or an empty formula, `.outOfRange` for ranges outside the sheet.
    public func addConditionalFormat(_ format: ConditionalFormat) throws(XLSXWriteError) {
        try checkTailIsOpen("conditional formats")
        guard let first = format.ranges.first else {
            throw error(.invalidArgument, nil, "a conditional format needs at least one range")
        }
        for range in format.ranges { try check(range) }
        let body = format.formula.hasPrefix("=") ? String(format.formula.dropFirst()) : format.formula
        guard !body.isEmpty else { throw error(.invalidArgument, first.start, "empty conditional format formula") }
        var stored = format
        stored.formula = body
        conditionalFormats.append((stored, state.registerHighlight(format.style)))
    }

    /// `<conditionalFormatting>` elements (between `mergeCells` and `dataValidations`).
    func writeConditionalFormats(_ w: inout XMLWriter) {
        for (priority, (format, dxf)) in conditionalFormats.enumerated() {
            w.start("conditionalFormatting", [("sqref", format.ranges.map(\.description).joined(separator: " "))])
            var a = [("type", "expression"), ("dxfId", String(dxf)), ("priority", String(priority + 1))]
            if format.stopIfTrue { a.append(("stopIfTrue", "1")) }
            w.start("cfRule", a)
            w.element("formula", text: format.formula)
            w.end("cfRule")
            w.end("conditionalFormatting")
        }
    }
}

extension StylesPart {
    /// `<dxfs>` of the registered highlight styles.
    static func writeDifferentialStyles(_ styles: [HighlightStyle], to w: inout XMLWriter) {
        w.start("dxfs", [("count", String(styles.count))])
        for style in styles {
            w.raw("<dxf>")
            if style.bold || style.fontColor != nil {
                w.raw("<font>")
                if style.bold { w.raw("<b/>") }
                if let color = style.fontColor { w.empty("color", [("rgb", color.argb)]) }
                w.raw("</font>")
            }
            if let fill = style.fill {
                // A dxf's solid fill takes its colour from bgColor.
                w.raw("<fill><patternFill patternType=\"solid\">")
                w.empty("fgColor", [("rgb", fill.argb)])
                w.empty("bgColor", [("rgb", fill.argb)])
                w.raw("</patternFill></fill>")
            }
            w.raw("</dxf>")
        }
        w.end("dxfs")
    }
}
