/// How to read delimited text.
public struct CSVReadOptions: Sendable {
    /// The field delimiter, or nil to sniff it among `,` tab `;` `|` (see `DelimiterSniffer`).
    public var delimiter: UInt8?
    /// The quote character.
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// The text encoding, or nil to detect it (see `TextDecoder`).
    public var encoding: TextEncoding?
    /// Accept records with another number of fields than the first one (ragged rows); by default they are
    /// a located error.
    public var flexible = false
    /// Skip empty lines instead of reporting them as records without fields.
    public var skipsEmptyLines = false
    /// The longest field accepted, in UTF-8 bytes: a guard against a quote that is never closed swallowing
    /// the rest of the file. Excel's own cell limit is 32,767 characters.
    public var maxFieldBytes = 1 << 20
    /// The most fields a record may have.
    public var maxFieldsPerRecord = 100_000
    /// Bytes read from the source at a time.
    public var chunkSize = 1 << 18
    /// The delimiter used when sniffing finds none (a one-column file); tab for `.tsv` files by default.
    public var fallbackDelimiter: UInt8 = UInt8(ascii: ",")

    public init(delimiter: UInt8? = nil, encoding: TextEncoding? = nil, flexible: Bool = false) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.flexible = flexible
    }

    /// Parses a delimiter as users type it: `,` `;` `|` `\t`, `tab`, `comma`, `semicolon`, `pipe`.
    public static func delimiter(named name: String) -> UInt8? {
        switch name.lowercased() {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "|", "pipe": return UInt8(ascii: "|")
        case "\t", "\\t", "tab", "tsv": return UInt8(ascii: "\t")
        default:
            let bytes = Array(name.utf8)
            if bytes.count == 1, bytes[0] < 0x80, bytes[0] != UInt8(ascii: "\""), bytes[0] != 10, bytes[0] != 13 {
                return bytes[0]
            }
            return nil
        }
    }
}
