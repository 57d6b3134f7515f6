/// Guesses the field delimiter of delimited text among `,` tab `;` `|`.
///
/// Looks at up to the first 50 records (quote-aware: delimiters and line ends inside quotes do not count)
/// and picks the candidate whose most common per-record count is non-zero and shared by the most records;
/// ties go to the larger count, then to the order `,` tab `;` `|`.
public enum DelimiterSniffer {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
    /// How many decoded bytes the reader gives the sniffer.
    public static let window = 1 << 16

    /// - Parameters:
    ///   - text: the beginning of the text, UTF-8.
    ///   - isComplete: true when `text` is the whole input (else its last, possibly cut, record is ignored).
    /// - Returns: the delimiter, or nil when no candidate occurs consistently.
    public static func sniff(_ text: UnsafeBufferPointer<UInt8>, isComplete: Bool,
                             quote: UInt8 = UInt8(ascii: "\"")) -> UInt8? {
        var rows: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        for b in text {
            if b == quote {
                inQuotes.toggle()
                lineHasContent = true
                continue
            }
            if inQuotes { continue }
            if b == 10 || b == 13 {
                if lineHasContent { rows.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
                if rows.count >= 50 { break }
                continue
            }
            lineHasContent = true
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        if lineHasContent && (isComplete || rows.isEmpty) {
            rows.append(counts)
        }
        guard !rows.isEmpty else { return nil }
        var best: (agree: Int, count: Int, index: Int)?
        for k in candidates.indices {
            var frequency: [Int: Int] = [:]
            for row in rows { frequency[row[k], default: 0] += 1 }
            guard let (mode, agree) = frequency.filter({ $0.key > 0 }).max(by: { ($0.value, $0.key) < ($1.value, $1.key) })
            else { continue }
            // The mode must be the most common count overall, zero included, or the candidate is incidental.
            if let zeros = frequency[0], zeros > agree { continue }
            if let current = best {
                if (agree, mode) > (current.agree, current.count) { best = (agree, mode, k) }
            } else {
                best = (agree, mode, k)
            }
        }
        return best.map { candidates[$0.index] }
    }
}
