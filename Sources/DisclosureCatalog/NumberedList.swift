/// One numbered part of a cell such as "1. 机构概况 2. 主要职能", or the whole cell when it is not numbered.
public struct NumberedPart: Hashable, Sendable {
    /// 1-based number as printed, nil when the text is not a numbered list.
    public var number: Int?
    public var text: String

    public init(number: Int?, text: String) {
        self.number = number
        self.text = text
    }
}

/// Splitting of "1. … 2. …" cells (content elements, numbered publishers, numbered deadlines).
public enum NumberedList {
    /// Splits `text` at the markers `1.` `2.` … (also `1．` and `1、`), which must count up from 1 and start
    /// the text or follow white space. Digits that are not the next expected marker (e.g. "12360热线") are text.
    /// - Returns: the numbered parts, or a single unnumbered part when the text does not start with `1.`.
    public static func split(_ text: String) -> [NumberedPart] {
        let chars = Array(text)
        var markers: [(number: Int, start: Int, textStart: Int)] = []
        var expected = 1
        var i = 0
        while i < chars.count {
            let atBoundary = i == 0 || chars[i - 1].isWhitespace
            if atBoundary, chars[i].isASCII, chars[i].isNumber {
                var j = i
                var number = 0
                while j < chars.count, chars[j].isASCII, let d = chars[j].wholeNumberValue, j - i < 3 {
                    number = number * 10 + d
                    j += 1
                }
                if number == expected, j < chars.count, ["." , "．", "、"].contains(chars[j]) {
                    // "1.5" is a decimal, not a marker.
                    let next = j + 1 < chars.count ? chars[j + 1] : " "
                    if !(chars[j] == "." && next.isASCII && next.isNumber) {
                        var k = j + 1
                        while k < chars.count, chars[k].isWhitespace { k += 1 }
                        markers.append((number, i, k))
                        expected += 1
                        i = k
                        continue
                    }
                }
            }
            i += 1
        }
        let trimmed = text.trimmingWhitespace()
        guard let first = markers.first, first.number == 1,
              String(chars[0..<first.start]).trimmingWhitespace().isEmpty else {
            return [NumberedPart(number: nil, text: trimmed)]
        }
        var parts: [NumberedPart] = []
        for (index, marker) in markers.enumerated() {
            let end = index + 1 < markers.count ? markers[index + 1].start : chars.count
            let body = String(chars[marker.textStart..<max(marker.textStart, end)]).trimmingWhitespace()
            parts.append(NumberedPart(number: marker.number, text: body))
        }
        return parts
    }

    /// Joins parts back into one line ("1. a 2. b"), or with `separator` "\n" for a wrapped cell.
    public static func join(_ parts: [NumberedPart], separator: String = " ") -> String {
        parts.map { part in
            if let n = part.number { return "\(n). \(part.text)" }
            return part.text
        }.joined(separator: separator)
    }
}

extension String {
    /// The text without leading and trailing white space (including full-width spaces and line breaks).
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// Runs of white space collapsed to one ASCII space, trimmed.
    public func collapsingWhitespace() -> String {
        var out = ""
        var pendingSpace = false
        for c in self {
            if c.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }
}
