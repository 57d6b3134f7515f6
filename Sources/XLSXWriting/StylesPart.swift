import SheetCore
import XMLStream

/// The workbook's style table (`xl/styles.xml`): fonts, fills, borders, number formats and cell formats,
/// each deduplicated, in first-use order so the output is deterministic.
struct StylesPart {
    private(set) var styles: [CellStyle] = [CellStyle()]
    private var styleIndex: [CellStyle: Int] = [CellStyle(): 0]
    /// The date-formatted variant of a style, per value kind (see `dateStyle`).
    private var dateVariants: [DateVariantKey: Int] = [:]

    private struct DateVariantKey: Hashable {
        var style: Int
        var kind: DateTimeValue.Kind
    }

    /// Registers a style and returns its cell-format index.
    mutating func register(_ style: CellStyle) -> StyleID {
        if let index = styleIndex[style] { return StyleID(index) }
        let index = styles.count
        styles.append(style)
        styleIndex[style] = index
        return StyleID(index)
    }

    func contains(_ id: StyleID) -> Bool { id.index >= 0 && id.index < styles.count }

    /// The style to use for a date value: the given style when it already has a number format, otherwise
    /// the same style with the ISO format for the value's kind (a date without a format would show as a number).
    mutating func dateStyle(_ id: StyleID, kind: DateTimeValue.Kind) -> StyleID {
        let key = DateVariantKey(style: id.index, kind: kind)
        if let cached = dateVariants[key] { return StyleID(cached) }
        var style = styles[id.index]
        if style.numberFormat.isGeneral {
            switch kind {
            case .date: style.numberFormat = .isoDate
            case .dateTime: style.numberFormat = .isoDateTime
            case .time: style.numberFormat = .time
            case .duration: style.numberFormat = .elapsedTime
            }
        }
        let result = register(style)
        dateVariants[key] = result.index
        return result
    }

    // MARK: Serialization

    /// `xl/styles.xml`.
    func xml(defaultFont: Font) -> [UInt8] {
        var fonts: [Font] = []
        var fontIndex: [Font: Int] = [:]
        var fills: [Fill?] = [nil, Fill(pattern: .gray125, foreground: .black)]
        var fillIndex: [Fill?: Int] = [nil: 0]
        var borders: [Border] = [Border()]
        var borderIndex: [Border: Int] = [Border(): 0]
        var customFormats: [String] = []
        var formatIndex: [String: Int] = [:]

        func resolved(_ font: Font) -> Font {
            var f = font
            if f.name == nil { f.name = defaultFont.name ?? "宋体" }
            if f.size == nil { f.size = defaultFont.size ?? 11 }
            return f
        }
        struct XF { var font: Int, fill: Int, border: Int, numFmt: Int, style: CellStyle }
        var xfs: [XF] = []
        for style in styles {
            let font = resolved(style.font)
            let fontID: Int
            if let known = fontIndex[font] { fontID = known } else {
                fontID = fonts.count; fonts.append(font); fontIndex[font] = fontID
            }
            let fillID: Int
            if let known = fillIndex[style.fill] { fillID = known } else {
                fillID = fills.count; fills.append(style.fill); fillIndex[style.fill] = fillID
            }
            let borderID: Int
            if let known = borderIndex[style.border] { borderID = known } else {
                borderID = borders.count; borders.append(style.border); borderIndex[style.border] = borderID
            }
            let numFmtID: Int
            if let builtin = style.numberFormat.builtinID { numFmtID = builtin } else if let known = formatIndex[style.numberFormat.code] {
                numFmtID = known
            } else {
                numFmtID = 164 + customFormats.count
                customFormats.append(style.numberFormat.code)
                formatIndex[style.numberFormat.code] = numFmtID
            }
            xfs.append(XF(font: fontID, fill: fillID, border: borderID, numFmt: numFmtID, style: style))
        }

        var w = XMLWriter(capacity: 4096)
        w.declaration()
        w.raw("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if !customFormats.isEmpty {
            w.start("numFmts", [("count", String(customFormats.count))])
            for (i, code) in customFormats.enumerated() {
                w.empty("numFmt", [("numFmtId", String(164 + i)), ("formatCode", code)])
            }
            w.end("numFmts")
        }
        w.start("fonts", [("count", String(fonts.count))])
        for font in fonts { Self.write(font, to: &w) }
        w.end("fonts")
        w.start("fills", [("count", String(fills.count))])
        for fill in fills { Self.write(fill, to: &w) }
        w.end("fills")
        w.start("borders", [("count", String(borders.count))])
        for border in borders { Self.write(border, to: &w) }
        w.end("borders")
        w.raw("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        w.start("cellXfs", [("count", String(xfs.count))])
        for xf in xfs {
            var attributes = [("numFmtId", String(xf.numFmt)), ("fontId", String(xf.font)), ("fillId", String(xf.fill)),
                              ("borderId", String(xf.border)), ("xfId", "0")]
            if xf.numFmt != 0 { attributes.append(("applyNumberFormat", "1")) }
            if xf.font != 0 { attributes.append(("applyFont", "1")) }
            if xf.fill != 0 { attributes.append(("applyFill", "1")) }
            if xf.border != 0 { attributes.append(("applyBorder", "1")) }
            let alignment = xf.style.alignment
            if !alignment.isDefault { attributes.append(("applyAlignment", "1")) }
            let protection = !xf.style.locked || xf.style.formulaHidden
            if protection { attributes.append(("applyProtection", "1")) }
            if alignment.isDefault && !protection {
                w.empty("xf", attributes)
                continue
            }
            w.start("xf", attributes)
            if !alignment.isDefault {
                var a: [(String, String)] = []
                if let h = alignment.horizontal { a.append(("horizontal", h.rawValue)) }
                if let v = alignment.vertical { a.append(("vertical", v.rawValue)) }
                if alignment.wrapText { a.append(("wrapText", "1")) }
                if alignment.indent > 0 { a.append(("indent", String(alignment.indent))) }
                if alignment.shrinkToFit { a.append(("shrinkToFit", "1")) }
                w.empty("alignment", a)
            }
            if protection {
                var p: [(String, String)] = []
                if !xf.style.locked { p.append(("locked", "0")) }
                if xf.style.formulaHidden { p.append(("hidden", "1")) }
                w.empty("protection", p)
            }
            w.end("xf")
        }
        w.end("cellXfs")
        w.raw("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        w.raw("<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/>")
        w.raw("</styleSheet>")
        return w.bytes
    }

    private static func write(_ font: Font, to w: inout XMLWriter) {
        w.raw("<font>")
        if font.bold { w.raw("<b/>") }
        if font.italic { w.raw("<i/>") }
        if font.strikethrough { w.raw("<strike/>") }
        if font.underline { w.raw("<u/>") }
        w.empty("sz", [("val", formatNumber(font.size ?? 11))])
        if let color = font.color { w.empty("color", [("rgb", color.argb)]) }
        w.empty("name", [("val", font.name ?? "宋体")])
        if let name = font.name, name.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) {
            w.empty("charset", [("val", "134")])  // GB2312: lets Excel pick the CJK face
        } else {
            w.empty("family", [("val", "2")])
        }
        w.raw("</font>")
    }

    private static func write(_ fill: Fill?, to w: inout XMLWriter) {
        guard let fill else {
            w.raw("<fill><patternFill patternType=\"none\"/></fill>")
            return
        }
        w.raw("<fill>")
        if fill.pattern == .gray125 {
            w.raw("<patternFill patternType=\"gray125\"/>")
        } else {
            w.start("patternFill", [("patternType", fill.pattern.rawValue)])
            w.empty("fgColor", [("rgb", fill.foreground.argb)])
            if let background = fill.background {
                w.empty("bgColor", [("rgb", background.argb)])
            } else {
                w.empty("bgColor", [("indexed", "64")])
            }
            w.end("patternFill")
        }
        w.raw("</fill>")
    }

    private static func write(_ border: Border, to w: inout XMLWriter) {
        w.raw("<border>")
        for (name, line) in [("left", border.left), ("right", border.right), ("top", border.top), ("bottom", border.bottom)] {
            guard let line else {
                w.empty(name)
                continue
            }
            w.start(name, [("style", line.style.rawValue)])
            if let color = line.color { w.empty("color", [("rgb", color.argb)]) } else { w.empty("color", [("indexed", "64")]) }
            w.end(name)
        }
        w.raw("<diagonal/></border>")
    }
}

/// Shortest decimal text of a number, `11` rather than `11.0`.
func formatNumber(_ value: Double) -> String {
    CellValue.format(number: value)
}
