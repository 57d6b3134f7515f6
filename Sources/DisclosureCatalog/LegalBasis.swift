/// 公开依据 — one entry of the 备注1 list: a circled symbol (①…) and the document(s) it stands for.
public struct LegalBasis: Hashable, Sendable, Codable {
    /// The symbol as printed, e.g. ①.
    public var symbol: String
    /// 1 for ①, 11 for ⑪.
    public var number: Int
    /// The documents, each with its title in 《》 and its document number when printed, e.g.
    /// 《国务院关于加快推进“互联网+政务服务”工作的指导意见》（国发〔2016〕55号）.
    public var documents: [String]

    public init(symbol: String, number: Int, documents: [String]) {
        self.symbol = symbol
        self.number = number
        self.documents = documents
    }

    /// ① … ⑳ as numbers 1…20; nil for other characters.
    public static func circledNumber(_ c: Character) -> Int? {
        guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value else { return nil }
        if (0x2460...0x2473).contains(v) { return Int(v - 0x2460) + 1 }
        return nil
    }

    /// The symbol for a number 1…20.
    public static func symbol(for number: Int) -> String? {
        guard (1...20).contains(number), let scalar = Unicode.Scalar(0x2460 + UInt32(number) - 1) else { return nil }
        return String(Character(scalar))
    }

    /// The symbols in a cell such as "①③④", or nil when the cell holds anything besides symbols and spaces
    /// or separators (then the wording is a legal basis written out, kept as text).
    public static func symbols(in text: String) -> [String]? {
        var out: [String] = []
        for c in text {
            if circledNumber(c) != nil { out.append(String(c)) }
            else if c.isWhitespace || "、,，;；".contains(c) { continue }
            else { return nil }
        }
        return out.isEmpty ? nil : out
    }

    /// Parses the 备注1 text "①《…》 ②《…》（…号） …" into entries.
    /// - Returns: the entries in order; empty when the text has no circled numbers.
    public static func parseList(_ text: String) -> [LegalBasis] {
        var entries: [(Int, String, String)] = []
        var current: (Int, String)? = nil
        var body = ""
        for c in text {
            if let n = circledNumber(c) {
                if let cur = current { entries.append((cur.0, cur.1, body)) }
                current = (n, String(c))
                body = ""
            } else if current != nil {
                body.append(c)
            }
        }
        if let cur = current { entries.append((cur.0, cur.1, body)) }
        return entries.map { LegalBasis(symbol: $0.1, number: $0.0, documents: documents(in: $0.2)) }
    }

    /// Splits "《A》、《B》（国发〔2021〕5号）" into ["《A》", "《B》（国发〔2021〕5号）"].
    /// Text without 《》 is one document.
    public static func documents(in text: String) -> [String] {
        let chars = Array(text.trimmingWhitespace())
        var docs: [String] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "《" {
                var depth = 0
                var j = i
                while j < chars.count {
                    if chars[j] == "《" { depth += 1 }
                    if chars[j] == "》" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                var end = min(j + 1, chars.count)
                if end < chars.count, chars[end] == "（" || chars[end] == "(" {
                    var k = end
                    while k < chars.count, chars[k] != "）", chars[k] != ")" { k += 1 }
                    if k < chars.count { end = k + 1 }
                }
                docs.append(String(chars[i..<end]))
                i = end
            } else {
                i += 1
            }
        }
        if docs.isEmpty {
            let whole = String(chars).trimmingWhitespace()
            return whole.isEmpty ? [] : [whole]
        }
        return docs
    }

    /// The 备注1 wording for a list of entries: "①《…》 ②《…》".
    public static func listText(_ bases: [LegalBasis]) -> String {
        bases.map { $0.symbol + $0.documents.joined(separator: "、") }.joined(separator: " ")
    }
}

/// 备注 — a footnote row under the table.
public struct Footnote: Hashable, Sendable, Codable {
    /// The label as printed, e.g. 备注1.
    public var label: String
    public var text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}
