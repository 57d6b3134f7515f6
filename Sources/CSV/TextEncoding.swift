/// A text encoding of delimited files.
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// GB18030 (a superset of GBK and GB2312), what Chinese Excel and WPS write for "CSV".
    case gb18030 = "gb18030"

    /// Parses a name as users type it: `utf8`, `UTF-8`, `utf-16`, `utf16le`, `gbk`, `gb2312`, `gb18030`, `cp936`.
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" }
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "utf16", "utf16le", "unicode": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936", "euccn": self = .gb18030
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        }
    }

    /// The byte order mark for this encoding (empty for GB18030, which has none in practice).
    public var byteOrderMark: [UInt8] {
        switch self {
        case .utf8: return [0xEF, 0xBB, 0xBF]
        case .utf16LE: return [0xFF, 0xFE]
        case .utf16BE: return [0xFE, 0xFF]
        case .gb18030: return []
        }
    }
}
