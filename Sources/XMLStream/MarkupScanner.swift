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
/// It follows only what it needs: text (skipped with `memchr` to the next `<`), start and end tags (a `=`
/// outside a quoted value is one attribute), quoted values (skipped to the closing quote), and `<!…>` /
/// `<?…>` markup (skipped to the next `>`, never counted).
struct MarkupScanner {
    private enum Mode: UInt8 { case text, afterOpen, tag, quoted, markup }
    private var mode = Mode.text
    private var quote: UInt8 = 0
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

    /// Scans the next `count` bytes of the document.
    /// - Returns: nil, or the 1-based line and column (in bytes) of the `=` of the first attribute past the limit.
    mutating func scan(_ base: UnsafePointer<UInt8>, _ count: Int) -> (line: Int, column: Int)? {
        var i = 0
        while i < count {
            switch mode {
            case .text:
                guard let p = memchr(base + i, 0x3C, count - i) else { i = count; break }
                i = UnsafeRawPointer(p) - UnsafeRawPointer(base) + 1
                mode = .afterOpen
            case .afterOpen:
                let b = base[i]
                if b == 0x21 || b == 0x3F {  // `<!` `<?`
                    mode = .markup
                } else {
                    mode = .tag
                    attributes = 0
                }
                i += 1
            case .tag:
                while i < count {
                    let b = base[i]
                    if b == 0x3E {  // `>`
                        mode = .text
                        i += 1
                        break
                    }
                    if b == 0x22 || b == 0x27 {
                        quote = b
                        mode = .quoted
                        i += 1
                        break
                    }
                    if b == 0x3D {  // `=`
                        attributes &+= 1
                        if attributes > maxAttributes { return position(of: i, in: base) }
                    }
                    i += 1
                }
            case .quoted:
                guard let p = memchr(base + i, Int32(quote), count - i) else { i = count; break }
                i = UnsafeRawPointer(p) - UnsafeRawPointer(base) + 1
                mode = .tag
            case .markup:
                guard let p = memchr(base + i, 0x3E, count - i) else { i = count; break }
                i = UnsafeRawPointer(p) - UnsafeRawPointer(base) + 1
                mode = .text
            }
        }
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
