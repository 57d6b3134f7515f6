import SheetCore
import XMLStream

/// What a cell style (`cellXfs` entry) means to a reader: its number format and font.
public struct CellStyle: Sendable, Hashable {
    public var numberFormatID: Int
    /// The format code (custom or built-in), nil for General or unknown ids.
    public var numberFormat: String?
    /// Set when the format shows numbers as dates/times.
    public var dateKind: DateTimeValue.Kind?
    public var fontName: String?
}

/// `xl/styles.xml`: number formats, fonts and the cell formats (`cellXfs`) cells refer to by index.
struct Styles {
    var cellStyles: [CellStyle] = []

    /// The cell styles of `part`, from the memo when another workbook had the same bytes.
    static func readMemoized(part: String, in package: PackageReader) throws -> [CellStyle] {
        let entry = try package.entry(part)
        let memoized = try package.memoized(entry, kind: .styles, in: PartMemos.styles, context: StylesParseContext(limits: package.limits)) { bytes, _ in
            let handler = Handler()
            try package.parse(entry, bytes: bytes, names: Handler.names, handler: handler)
            return make(handler).cellStyles
        }
        return try memoized?.value ?? read(part: part, in: package).cellStyles
    }

    static func read(part: String, in package: PackageReader) throws -> Styles {
        let handler = Handler()
        try package.parse(part, kind: .styles, names: Handler.names, handler: handler)
        return make(handler)
    }

    private static func make(_ handler: Handler) -> Styles {
        var styles = Styles()
        styles.cellStyles = handler.xfs.map { xf in
            let code = handler.customFormats[xf.numFmtId] ?? NumberFormat.builtinCode(xf.numFmtId)
            let fontName = xf.fontId >= 0 && xf.fontId < handler.fonts.count ? handler.fonts[xf.fontId] : nil
            let shown = (xf.numFmtId == 0 || code == "General") ? nil : code
            return CellStyle(numberFormatID: xf.numFmtId, numberFormat: shown,
                             dateKind: shown.flatMap(NumberFormat.dateKind), fontName: fontName)
        }
        return styles
    }

    private struct XF { var numFmtId: Int; var fontId: Int }

    private final class Handler: XMLStreamHandler {
        static let names = ["numFmt", "numFmtId", "formatCode", "fonts", "font", "name", "val", "cellXfs", "xf", "fontId"]
        var customFormats: [Int: String] = [:]
        var fonts: [String?] = []
        var xfs: [XF] = []
        var inFonts = false
        var inCellXfs = false

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                if let id = attributes.value(1)?.int(), let code = attributes.string(2) { customFormats[id] = code }
            case 3: inFonts = true
            case 4: if inFonts { fonts.append(nil) }
            case 5:
                if inFonts, !fonts.isEmpty, fonts[fonts.count - 1] == nil { fonts[fonts.count - 1] = attributes.string(6) }
            case 7: inCellXfs = true
            case 8:
                if inCellXfs {
                    xfs.append(XF(numFmtId: attributes.value(1)?.int() ?? 0, fontId: attributes.value(9)?.int() ?? 0))
                }
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {
            if name == 3 { inFonts = false }
            if name == 7 { inCellXfs = false }
        }
    }
}
