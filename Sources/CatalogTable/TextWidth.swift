/// Display width of text in terminal columns (and roughly in spreadsheet character units):
/// East Asian wide and full-width characters count 2, combining marks 0, everything else 1.
public enum TextWidth {
    public static func of(_ text: some StringProtocol) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            width += of(scalar)
        }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || scalar.properties.generalCategory == .nonspacingMark
            || scalar.properties.generalCategory == .enclosingMark || v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// The widest line of a possibly multi-line text.
    public static func widestLine(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { of($0) }.max() ?? 0
    }

    /// How many lines `text` takes when wrapped at `columns`.
    public static func wrappedLines(_ text: String, columns: Int) -> Int {
        let width = max(columns, 1)
        return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, line in
            sum + max(1, (of(line) + width - 1) / width)
        }
    }

    /// Pads (or cuts) text to exactly `columns` display columns.
    public static func pad(_ text: String, to columns: Int) -> String {
        var out = ""
        var w = 0
        for c in text {
            let cw = of(String(c))
            if w + cw > columns { break }
            out.append(c)
            w += cw
        }
        return out + String(repeating: " ", count: columns - w)
    }

    /// Splits text into lines of at most `columns` display columns (hard breaks kept).
    public static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = []
        for hard in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var w = 0
            for c in hard {
                let cw = of(String(c))
                if w + cw > columns, !line.isEmpty {
                    lines.append(line)
                    line = ""
                    w = 0
                }
                line.append(c)
                w += cw
            }
            lines.append(line)
        }
        return lines
    }
}
