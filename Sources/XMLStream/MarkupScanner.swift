#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-level pre-pass over the XML handed to libxml2 that counts the attributes of each start tag
/// (namespace declarations included: `xmlns:x="…"` is an attribute in the syntax).
///
/// libxml2 2.9 checks a start tag's attributes and namespace declarations for duplicates pair by pair, so
/// one element with 10⁶ attributes or 200,000 `xmlns:` declarations keeps it busy for minutes before any
/// callback could object. This scanner sees the bytes first and stops the parse at the attribute past the
/// limit, in time proportional to the bytes.
///
/// It follows only what it needs: text (to the next `<`), start and end tags (a `=` outside a quoted value is
/// one attribute), quoted values (to the closing quote), comments (to `-->`), CDATA sections (to `]]>`),
/// processing instructions (to `?>`) and other `<!…>` markup (to the next `>`), never counted. Comments, CDATA
/// and instructions end where XML says, not at their first `>`: a `>` and a quote inside one would otherwise
/// put the scanner in a quoted value while libxml2 reads the tags after it. Inside tags one table lookup per byte decides whether a byte can matter at all; elsewhere only
/// the byte that ends the mode is looked for.
struct MarkupScanner: Sendable {
    private enum Mode: UInt8 {
        case text, afterOpen, tag, quoted, markup
        /// After `<!`, `<!-`, and within `<![CDATA[` (`progress` bytes of `[CDATA[` matched).
        case afterBang, afterBangDash, cdataOpen
        /// Inside a comment, a CDATA section, a processing instruction (`progress`: the dashes, brackets or
        /// question mark just before).
        case comment, cdata, instruction
    }
    private var mode = Mode.text
    private var quote: UInt8 = 0
    private var progress = 0
    private var attributes = 0
    let maxAttributes: Int
    /// 1-based line and the absolute offset where it starts, for chunks already scanned.
    private var line = 1
    private var lineStart = 0
    /// Absolute offset of the next chunk's first byte.
    private var offset = 0

    init(maxAttributes: Int) {
        self.maxAttributes = maxAttributes
    }

    /// The bytes that matter inside a tag: `>` `"` `'` `=` (everything else is skipped by one table lookup).
    /// Written once, at first use, and only read after (hence `nonisolated(unsafe)`).
    nonisolated(unsafe) private static let tagSpecial: UnsafePointer<Bool> = {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        table.initialize(repeating: false, count: 256)
        for byte in [0x3E, 0x22, 0x27, 0x3D] { table[byte] = true }
        return UnsafePointer(table)
    }()

    /// Scans the next `count` bytes of the document.
    ///
    /// Each mode runs its own loop: text and markup jump to the one byte that ends them with `memchr`, a
    /// quoted value (short) is stepped through to its quote; inside a tag one table lookup per byte skips
    /// names and white space.
    /// - Returns: nil, or the 1-based line and column (in bytes) of the `=` of the first attribute past the limit.
    mutating func scan(_ base: UnsafePointer<UInt8>, _ count: Int) -> (line: Int, column: Int)? {
        // The state in locals for the loop; written back at the end.
        var mode = self.mode, quote = self.quote, attributes = self.attributes, progress = self.progress
        let special = Self.tagSpecial, limit = maxAttributes
        /// The index after the next `byte` from `i`, or nil.
        @inline(__always) func after(_ byte: UInt8, from i: Int) -> Int? {
            guard let hit = memchr(base + i, Int32(byte), count - i) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
        }
        var i = 0
        scanning: while i < count {
            switch mode {
            case .text:
                guard let next = after(0x3C, from: i) else { break scanning }   // `<`
                i = next
                mode = .afterOpen
            case .afterOpen:
                // The byte after `<`: `<!` and `<?` open markup whose `=` are no attributes; any other byte is
                // the tag's first (looked at again in tag mode).
                let b = base[i]
                if b == 0x21 {  // `!`
                    mode = .afterBang
                    i &+= 1
                } else if b == 0x3F {  // `?`
                    mode = .instruction
                    progress = 0
                    i &+= 1
                } else {
                    mode = .tag
                    attributes = 0
                }
            case .afterBang:
                // `<!--` a comment, `<![CDATA[` a CDATA section, anything else (a DOCTYPE) to the next `>`; a byte
                // that does not continue the opening is looked at again as markup.
                let b = base[i]
                if b == 0x2D {  // `-`
                    mode = .afterBangDash
                    i &+= 1
                } else if b == 0x5B {  // `[`
                    mode = .cdataOpen
                    progress = 1
                    i &+= 1
                } else {
                    mode = .markup
                }
            case .afterBangDash:
                if base[i] == 0x2D {
                    mode = .comment
                    progress = 0
                    i &+= 1
                } else {
                    mode = .markup
                }
            case .cdataOpen:
                let opening: StaticString = "[CDATA["
                if base[i] == opening.utf8Start[progress] {
                    progress &+= 1
                    i &+= 1
                    if progress == 7 { mode = .cdata; progress = 0 }
                } else {
                    mode = .markup
                }
            case .comment, .cdata:
                // To `-->` / `]]>`: `progress` counts the dashes (brackets) just before, up to two.
                let mark: UInt8 = mode == .comment ? 0x2D : 0x5D
                while i < count {
                    let b = base[i]
                    i &+= 1
                    if b == mark {
                        progress = min(progress &+ 1, 2)
                    } else if b == 0x3E, progress == 2 {
                        mode = .text
                        continue scanning
                    } else {
                        progress = 0
                    }
                }
            case .instruction:
                // To `?>`.
                while i < count {
                    let b = base[i]
                    i &+= 1
                    if b == 0x3E, progress == 1 {
                        mode = .text
                        continue scanning
                    }
                    progress = b == 0x3F ? 1 : 0
                }
            case .tag:
                while i < count {
                    let b = base[i]
                    i &+= 1
                    if !special[Int(b)] { continue }
                    if b == 0x3E {  // `>`
                        mode = .text
                        continue scanning
                    }
                    if b == 0x22 || b == 0x27 {
                        quote = b
                        mode = .quoted
                        continue scanning
                    }
                    attributes &+= 1  // `=`
                    if attributes > limit {
                        self.mode = mode; self.quote = quote; self.attributes = attributes; self.progress = progress
                        return position(of: i &- 1, in: base)
                    }
                }
            case .quoted:
                // Attribute values are short: a plain loop beats a call.
                while i < count, base[i] != quote { i &+= 1 }
                guard i < count else { break scanning }
                i &+= 1
                mode = .tag
            case .markup:
                guard let next = after(0x3E, from: i) else { break scanning }   // `>`
                i = next
                mode = .text
            }
        }
        self.mode = mode; self.quote = quote; self.attributes = attributes; self.progress = progress
        countLines(base, count)
        return nil
    }

    /// Advances `line` / `lineStart` over a scanned chunk.
    private mutating func countLines(_ base: UnsafePointer<UInt8>, _ count: Int) {
        var i = 0
        while i < count, let p = memchr(base + i, 0x0A, count - i) {
            i = UnsafeRawPointer(p) - UnsafeRawPointer(base) + 1
            line += 1
            lineStart = offset + i
        }
        offset += count
    }

    private func position(of index: Int, in base: UnsafePointer<UInt8>) -> (line: Int, column: Int) {
        var copy = self
        copy.countLines(base, index)
        return (copy.line, copy.offset - copy.lineStart + 1)
    }
}

/// The attribute-count check `XMLPushParser` runs over every byte before libxml2 sees it, for a caller that
/// runs it itself, e.g. on the thread that inflates the part while another thread parses it, and then parses
/// with `XMLPushParser.parse(reading:prechecked: true)`. The check must see exactly the bytes the parser
/// will be given, in order, each once; its error is the one the parser would throw.
public struct XMLAttributeCheck: Sendable {
    private var scanner: MarkupScanner
    private let limit: Int

    public init(limits: XMLStreamLimits) {
        limit = limits.maxAttributesPerElement
        scanner = MarkupScanner(maxAttributes: limit)
    }

    /// Checks the document's next bytes.
    /// - Throws: `XMLStreamError.Kind.limitExceeded`, located at the first attribute past the limit.
    public mutating func check(_ bytes: UnsafePointer<UInt8>, _ count: Int) throws {
        if let position = scanner.scan(bytes, count) {
            throw Self.error(limit: limit, at: position)
        }
    }

    /// Checks the document's next bytes (as `check(_:_:)`).
    public mutating func check(_ bytes: ArraySlice<UInt8>) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try check(base, buffer.count)
        }
    }

    static func error(limit: Int, at position: (line: Int, column: Int)) -> XMLStreamError {
        XMLStreamError(.limitExceeded, message: "an element has more than \(limit) attributes (namespace declarations included)",
                       line: position.line, column: position.column)
    }
}
