import Testing
@testable import XMLStream

/// The fast check that lets text skip the escaping loop must never change what is written: compared with the
/// former check (every 0xEF lead byte and every `_` under the OOXML policy took the escaping loop) on random text.
@Suite struct XMLWriterEscapeTests {
    /// The check as it was before non-ASCII punctuation got a fast path.
    static func formerNeedsEscaping(_ utf8: UnsafeBufferPointer<UInt8>, policy: XMLWriter.InvalidCharacterPolicy) -> Bool {
        for b in utf8 {
            switch b {
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), 0xEF: return true
            case UInt8(ascii: "_") where policy == .ooxml: return true
            default: continue
            }
        }
        return false
    }

    static func formerEscape(_ text: String, inAttribute: Bool, policy: XMLWriter.InvalidCharacterPolicy) -> [UInt8] {
        var writer = XMLWriter(policy: policy)
        var text = text
        text.withUTF8 { utf8 in
            if formerNeedsEscaping(utf8, policy: policy) { writer.escapeSlow(utf8, inAttribute: inAttribute) } else { writer.bytes.append(contentsOf: utf8) }
        }
        return writer.bytes
    }

    @Test func fastCheckWritesWhatTheFormerCheckWrote() {
        let pieces: [String] = ["公开", "目录", "，", "。", "：", "（", "）", "！", "\u{FF5E}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}",
                                "\u{FEFF}", "\u{EFFF}", "\u{F000}", "a", "Z", "9", " ", "_", "_x", "_x00A1_", "_x005F_", "_xZZZZ_", "x0041_",
                                "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{01}", "\u{1F}", "\u{7F}", "é", "😀", "\u{10FFFF}"]
        var generator = SystemRandomNumberGenerator()
        var changedPath = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...12, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for policy in [XMLWriter.InvalidCharacterPolicy.ooxml, .replace] {
                for inAttribute in [false, true] {
                    var writer = XMLWriter(policy: policy)
                    writer.escape(text, inAttribute: inAttribute)
                    #expect(writer.bytes == Self.formerEscape(text, inAttribute: inAttribute, policy: policy), "\(Array(text.unicodeScalars)) \(policy) \(inAttribute)")
                }
                var copy = text
                if copy.withUTF8({ Self.formerNeedsEscaping($0, policy: policy) && !XMLWriter.needsEscaping($0, policy: policy) }) { changedPath += 1 }
            }
        }
        #expect(changedPath > 1000, "the random texts exercise the new fast path")
    }

    @Test func chineseWithFullWidthPunctuationTakesTheFastPath() {
        var text = "海关总署：行政许可（一）、公开目录！"
        #expect(!text.withUTF8 { XMLWriter.needsEscaping($0, policy: .ooxml) })
        var invalid = "第\u{FFFE}项"
        #expect(invalid.withUTF8 { XMLWriter.needsEscaping($0, policy: .ooxml) })
        var writer = XMLWriter(policy: .ooxml)
        writer.escape(invalid, inAttribute: false)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "第_xFFFE_项")
    }
}
