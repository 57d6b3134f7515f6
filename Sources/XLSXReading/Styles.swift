import SheetCore
import XMLStream

/// `xl/styles.xml`: number formats, fonts, fills, borders and the cell formats (`cellXfs`) cells refer to by
/// index, read into the shared `CellStyle` model (one per `cellXfs` entry).
///
/// Colours are read when given as `rgb` or as an index into the legacy palette; theme colours are not
/// resolved (the colour is left out, and a fill whose colour is unknown is read as no fill).
struct Styles {
    var cellStyles: [CellStyle] = []

    /// The cell styles of `part`, from the memo when another workbook had the same bytes.
    static func readMemoized(part: String, in package: PackageReader) throws -> [CellStyle] {
        let entry = try package.entry(part)
        let memoized = try package.memoized(entry, kind: .styles, in: PartMemos.styles, context: StylesParseContext(limits: package.limits)) { bytes, _ in
            let handler = Handler()
            try package.parse(entry, bytes: bytes, names: Handler.names, handler: handler)
            return handler.cellStyles
        }
        return try memoized?.value ?? read(part: part, in: package).cellStyles
    }

    static func read(part: String, in package: PackageReader) throws -> Styles {
        let handler = Handler()
        try package.parse(part, kind: .styles, names: Handler.names, handler: handler)
        return Styles(cellStyles: handler.cellStyles)
    }

    private struct XF {
        var numFmtId = 0, fontId = 0, fillId = 0, borderId = 0
        var alignment = Alignment()
        var locked = true, hidden = false
    }

    private final class Handler: XMLStreamHandler {
        static let names = [
            "numFmt", "numFmtId", "formatCode", "fonts", "font", "name", "val", "cellXfs", "xf", "fontId",  // 0-9
            "fills", "fill", "patternFill", "patternType", "fgColor", "bgColor", "rgb", "indexed",           // 10-17
            "borders", "border", "left", "right", "top", "bottom", "start", "end", "style", "color",         // 18-27
            "sz", "b", "i", "u", "strike", "fillId", "borderId",                                              // 28-34
            "alignment", "horizontal", "vertical", "wrapText", "indent", "shrinkToFit",                       // 35-40
            "protection", "locked", "hidden",                                                                 // 41-43
        ]
        var customFormats: [Int: String] = [:]
        var fonts: [Font] = []
        var fills: [Fill?] = []
        var borders: [Border] = []
        var xfs: [XF] = []
        var inFonts = false, inFills = false, inBorders = false, inCellXfs = false
        /// The fill being read: its pattern and colours until `</fill>`.
        var pattern: String?, foreground: Color?, background: Color?
        /// The border side being read (20 left … 23 bottom), or nil.
        var side: Int?

        var cellStyles: [CellStyle] {
            xfs.map { xf in
                CellStyle(font: xf.fontId >= 0 && xf.fontId < fonts.count ? fonts[xf.fontId] : Font(),
                          fill: xf.fillId >= 0 && xf.fillId < fills.count ? fills[xf.fillId] : nil,
                          border: xf.borderId >= 0 && xf.borderId < borders.count ? borders[xf.borderId] : Border(),
                          alignment: xf.alignment,
                          numberFormat: NumberFormat(id: xf.numFmtId, code: customFormats[xf.numFmtId]),
                          locked: xf.locked, formulaHidden: xf.hidden)
            }
        }

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                if let id = attributes.value(1)?.int(), let code = attributes.string(2) { customFormats[id] = code }
            case 3: inFonts = true
            case 10: inFills = true
            case 18: inBorders = true
            case 7: inCellXfs = true
            case 4: if inFonts { fonts.append(Font()) }
            case 5, 28, 29, 30, 31, 32: if inFonts, !fonts.isEmpty { readFont(name, attributes) }
            case 27:
                if inFonts, !fonts.isEmpty, side == nil {
                    fonts[fonts.count - 1].color = Self.color(attributes)
                } else if inBorders, let side, !borders.isEmpty {
                    borders[borders.count - 1].setColor(Self.color(attributes), side: side)
                }
            case 11: if inFills { pattern = nil; foreground = nil; background = nil }
            case 12: if inFills { pattern = attributes.string(13) }
            case 14: if inFills { foreground = Self.color(attributes) }
            case 15: if inFills { background = Self.color(attributes) }
            case 19: if inBorders { borders.append(Border()) }
            case 20, 21, 22, 23, 24, 25:
                guard inBorders, !borders.isEmpty else { break }
                let id = name == 24 ? 20 : name == 25 ? 21 : name
                side = id
                if let style = attributes.string(26).flatMap(Border.Style.init(rawValue:)) {
                    borders[borders.count - 1].setLine(Border.Line(style), side: id)
                }
            case 8:
                if inCellXfs {
                    xfs.append(XF(numFmtId: attributes.value(1)?.int() ?? 0, fontId: attributes.value(9)?.int() ?? 0,
                                  fillId: attributes.value(33)?.int() ?? 0, borderId: attributes.value(34)?.int() ?? 0))
                }
            case 35:
                guard inCellXfs, !xfs.isEmpty else { break }
                var a = Alignment()
                a.horizontal = attributes.string(36).flatMap(Alignment.Horizontal.init(rawValue:))
                a.vertical = attributes.string(37).flatMap(Alignment.Vertical.init(rawValue:))
                a.wrapText = Self.flag(attributes.value(38)) ?? false
                a.indent = min(max(attributes.value(39)?.int() ?? 0, 0), 250)
                a.shrinkToFit = Self.flag(attributes.value(40)) ?? false
                xfs[xfs.count - 1].alignment = a
            case 41:
                guard inCellXfs, !xfs.isEmpty else { break }
                xfs[xfs.count - 1].locked = Self.flag(attributes.value(42)) ?? true
                xfs[xfs.count - 1].hidden = Self.flag(attributes.value(43)) ?? false
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {
            switch name {
            case 3: inFonts = false
            case 10: inFills = false
            case 18: inBorders = false
            case 7: inCellXfs = false
            case 11:
                guard inFills else { break }
                // "none" and a pattern whose colour is a theme colour (not resolved) read as no fill.
                if let pattern, pattern != "none", let kind = Fill.Pattern(rawValue: pattern),
                   let colour = foreground ?? (kind == .solid ? nil : .black) {
                    fills.append(Fill(pattern: kind, foreground: colour, background: background))
                } else {
                    fills.append(nil)
                }
            case 20, 21, 22, 23, 24, 25: side = nil
            default: break
            }
        }

        private func readFont(_ name: Int, _ attributes: XMLAttributes) {
            let last = fonts.count - 1
            switch name {
            case 5: fonts[last].name = attributes.string(6)
            case 28: fonts[last].size = attributes.value(6)?.double()
            case 29: fonts[last].bold = Self.flag(attributes.value(6)) ?? true
            case 30: fonts[last].italic = Self.flag(attributes.value(6)) ?? true
            case 31: fonts[last].underline = attributes.value(6).map { !$0.equals("none") } ?? true
            case 32: fonts[last].strikethrough = Self.flag(attributes.value(6)) ?? true
            default: break
            }
        }

        /// An xsd:boolean attribute: nil when absent.
        private static func flag(_ value: XMLBytes?) -> Bool? {
            guard let value else { return nil }
            return !(value.equals("0") || value.equals("false"))
        }

        /// A colour element's `rgb` (ARGB) or legacy palette `indexed` colour; nil for theme colours.
        private static func color(_ attributes: XMLAttributes) -> Color? {
            if let rgb = attributes.string(16) { return Color(argb: rgb) }
            if let index = attributes.value(17)?.int() { return Color.indexed(index) }
            return nil
        }
    }
}

extension Border {
    /// Sets one side's line; `side` is the reader's name id (20 left, 21 right, 22 top, 23 bottom).
    fileprivate mutating func setLine(_ line: Line, side: Int) {
        switch side {
        case 20: left = line
        case 21: right = line
        case 22: top = line
        default: bottom = line
        }
    }

    fileprivate mutating func setColor(_ color: Color?, side: Int) {
        switch side {
        case 20: left?.color = color
        case 21: right?.color = color
        case 22: top?.color = color
        default: bottom?.color = color
        }
    }
}

extension Color {
    /// A colour of the legacy 64-entry palette (`indexed`), as Excel's default `indexedColors`; nil for the
    /// system colours (64, 65) and anything out of range.
    static func indexed(_ index: Int) -> Color? {
        guard index >= 0, index < palette.count else { return nil }
        return Color(rgb: palette[index])
    }

    private static let palette: [UInt32] = [
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
        0x800000, 0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080,
        0x9999FF, 0x993366, 0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF,
        0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF,
        0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99,
        0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600, 0x666699, 0x969696,
        0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399, 0x333333,
    ]
}
