import SheetCore
import XMLStream

/// The shared-string table (`xl/sharedStrings.xml`): rich-text runs joined, phonetic runs (`rPh`) left out,
/// an empty `<si/>` keeps its index, `_xHHHH_` escapes decoded.
enum SharedStrings {
    static func read(part: String, in package: PackageReader) throws -> [String] {
        let handler = Handler(limits: package.limits, file: package.path, part: part)
        try package.parse(part, kind: .sharedStrings, names: Handler.names, handler: handler)
        return handler.strings
    }

    private final class Handler: XMLStreamHandler {
        static let names = ["sst", "si", "t", "rPh", "uniqueCount", "space"]
        let limits: XLSXLimits
        let file: String
        let part: String
        var strings: [String] = []
        var totalBytes = 0
        var inItem = false
        var phoneticDepth = 0
        var trimmer = TextRunTrimmer()

        init(limits: XLSXLimits, file: String, part: String) {
            self.limits = limits; self.file = file; self.part = part
        }

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 1:
                inItem = true
                parser.clearText()
            case 2:
                if inItem, phoneticDepth == 0 {
                    trimmer.begin(attributes, spaceName: 5, parser: parser)
                    parser.beginText(clear: false)
                }
            case 3:
                phoneticDepth += 1
            case 0:
                if let count = attributes.value(4)?.int(), count > 0 {
                    strings.reserveCapacity(min(count, 1 << 20))
                }
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {
            switch name {
            case 1:
                parser.endText()
                inItem = false
                let text = parser.text
                totalBytes += text.count
                guard strings.count < limits.maxSharedStrings, totalBytes <= limits.maxSharedStringBytes else {
                    throw XLSXError(.limitExceeded, SourceLocation(file: file, part: part, line: parser.line, column: parser.column),
                                    "the shared-string table exceeds the limit of \(limits.maxSharedStrings) strings / \(limits.maxSharedStringBytes) bytes")
                }
                strings.append(OOXMLText.decode(text))
                parser.clearText()
            case 2:
                parser.endText()
                trimmer.end(parser: parser)
            case 3:
                phoneticDepth -= 1
            default: break
            }
        }
    }
}

/// Applies `xml:space`: a `<t>` without `xml:space="preserve"` loses its leading and trailing whitespace
/// (as Excel reads it); runs are trimmed one by one before they are joined.
struct TextRunTrimmer {
    private var start = -1

    mutating func begin(_ attributes: XMLAttributes, spaceName: Int, parser: XMLPushParser) {
        let preserve = attributes.value(spaceName)?.equals("preserve") ?? false
        start = preserve ? -1 : parser.text.count
    }

    mutating func end(parser: XMLPushParser) {
        if start >= 0 { parser.trimCollectedText(from: start) }
        start = -1
    }
}

/// Text as SpreadsheetML stores it.
enum OOXMLText {
    /// The bytes as a String with `_xHHHH_` escapes decoded (`_x000D_` → CR, `_x005F_` escapes `_`).
    static func decode(_ bytes: XMLBytes) -> String {
        let s = bytes.string
        guard bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) else { return s }
        return decodeEscapes(s)
    }

    /// `decode` of element text (not an attribute value), sharing the String of a text seen before.
    static func decode(text bytes: XMLBytes, interner: TextInterner) -> String {
        if bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) { return decodeEscapes(bytes.string) }
        return bytes.withUnsafeBufferPointer { interner.string($0) }
    }

    static func decodeEscapes(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.count >= 7 else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        func hex(_ b: UInt8) -> UInt32? {
            switch b {
            case 48...57: return UInt32(b - 48)
            case 65...70: return UInt32(b - 55)
            case 97...102: return UInt32(b - 87)
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "_"), i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
               bytes[i + 6] == UInt8(ascii: "_"),
               let a = hex(bytes[i + 2]), let b = hex(bytes[i + 3]), let c = hex(bytes[i + 4]), let d = hex(bytes[i + 5]),
               let scalar = Unicode.Scalar(a << 12 | b << 8 | c << 4 | d) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += 7
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : s
    }
}
