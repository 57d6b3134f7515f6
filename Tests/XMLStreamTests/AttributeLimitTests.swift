import Foundation
import Testing
import XMLStream

/// Issue 13: the attribute-counting pre-pass that keeps libxml2 away from its pair-by-pair attribute and
/// namespace checks (10⁶ attributes, 200,000 `xmlns:` declarations on one element hung for minutes).
@Suite struct AttributeLimitTests {
    private final class Counter: XMLStreamHandler {
        var elements = 0
        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws { elements += 1 }
        func endElement(_ name: Int, parser: XMLPushParser) throws {}
    }

    /// Parses `xml` pushed in chunks of `chunkSize` bytes (or pulled, with `pull`); returns the error, if any.
    private func parse(_ xml: String, chunkSize: Int, pull: Bool = false, limits: XMLStreamLimits = XMLStreamLimits()) -> XMLStreamError? {
        let parser = XMLPushParser(names: [], handler: Counter(), documentName: "t.xml", limits: limits)
        let bytes = Array(xml.utf8)
        do {
            if pull {
                var offset = 0
                try parser.parse { buffer, capacity in
                    let n = min(capacity, chunkSize, bytes.count - offset)
                    for i in 0..<n { buffer[i] = bytes[offset + i] }
                    offset += n
                    return n
                }
            } else {
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + chunkSize, bytes.count)
                    try parser.feed(bytes[offset..<end])
                    offset = end
                }
                try parser.finish()
            }
            return nil
        } catch let error as XMLStreamError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    private func element(attributes count: Int, prefix: String = "a") -> String {
        "<e" + (0..<count).map { " \(prefix)\($0)=\"v>\($0)=\"" }.joined() + "/>"
    }

    @Test func attributesUpToTheLimitParseAtAnyChunking() {
        let xml = "<root>\n" + element(attributes: 1000) + "\n</root>"
        for chunk in [1, 7, 4096, 1 << 20] {
            #expect(parse(xml, chunkSize: chunk) == nil, "chunk \(chunk)")
            #expect(parse(xml, chunkSize: chunk, pull: true) == nil, "pull chunk \(chunk)")
        }
    }

    @Test func oneAttributeTooManyStopsAtThatAttribute() throws {
        let xml = "<root>\n  " + element(attributes: 1001) + "\n</root>"
        // The 1001st `=` outside a quoted value: line 2, column of that `=` (values hold `>` and `=`).
        let head = "  " + "<e" + (0..<1000).map { " a\($0)=\"v>\($0)=\"" }.joined() + " a1000"
        for chunk in [1, 13, 1 << 20] {
            for pull in [false, true] {
                let error = try #require(parse(xml, chunkSize: chunk, pull: pull), "chunk \(chunk) pull \(pull)")
                #expect(error.kind == .limitExceeded)
                #expect(error.message == "an element has more than 1000 attributes (namespace declarations included)")
                #expect(error.line == 2 && error.column == head.utf8.count + 1, "\(error.line):\(error.column)")
            }
        }
    }

    /// The check a caller runs itself (on its inflating thread) throws exactly the parser's error, and a
    /// `prechecked` parse leaves the counting to it.
    @Test func theCallersCheckThrowsTheParsersErrorAndPrecheckedSkipsIt() throws {
        let xml = "<root>\n  " + element(attributes: 1001) + "\n</root>"
        let parsers = try #require(parse(xml, chunkSize: 13, pull: true))
        let bytes = Array(xml.utf8)
        for chunk in [1, 13, 1 << 20] {
            var check = XMLAttributeCheck(limits: XMLStreamLimits())
            var offset = 0
            let callers = try #require(throws: XMLStreamError.self, "chunk \(chunk)") {
                while offset < bytes.count {
                    let end = min(offset + chunk, bytes.count)
                    try check.check(bytes[offset..<end])
                    offset = end
                }
            }
            #expect(callers.kind == parsers.kind && callers.message == parsers.message)
            #expect(callers.line == parsers.line && callers.column == parsers.column, "\(callers) vs \(parsers)")
        }
        // Prechecked, the parser does not count (libxml2 itself accepts 1001 distinct attributes).
        let parser = XMLPushParser(names: [], handler: Counter(), documentName: "t.xml")
        var offset = 0
        try parser.parse(prechecked: true) { buffer, capacity in
            let n = min(capacity, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
    }

    @Test func aMillionAttributesStopInBoundedTime() throws {
        let xml = "<root>" + element(attributes: 1_000_000) + "</root>"
        let start = Date()
        let error = try #require(parse(xml, chunkSize: 1 << 20))
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(error.kind == .limitExceeded)
    }

    @Test func commentsInstructionsAndQuotedTextAreNotCounted() {
        let noise = (0..<3000).map { "k\($0)=v" }.joined(separator: " ")
        let xml = "<?xml version=\"1.0\"?><?pi \(noise)?><root><!-- \(noise) --><e a='\(noise)' b=\"\(noise)\">\(noise.replacingOccurrences(of: "=", with: "&#61;"))</e></root>"
        #expect(parse(xml, chunkSize: 5) == nil)
    }

    @Test func namespaceDeclarationsHaveTheirOwnLimit() throws {
        let xml = "<root" + (0..<300).map { " xmlns:p\($0)=\"urn:\($0)\"" }.joined() + "/>"
        let error = try #require(parse(xml, chunkSize: 1 << 16))
        #expect(error.kind == .limitExceeded)
        #expect(error.message == "an element declares 300 namespaces, more than the limit of 256")
        #expect(parse(xml, chunkSize: 1 << 16, limits: XMLStreamLimits(maxNamespaceDeclarations: 300)) == nil)
        let many = "<root" + (0..<200_000).map { " xmlns:p\($0)=\"urn:\($0)\"" }.joined() + "/>"
        let start = Date()
        #expect(parse(many, chunkSize: 1 << 20)?.kind == .limitExceeded)
        #expect(Date().timeIntervalSince(start) < 3)
    }

    /// A byte-by-byte reference for the check: the 1-based line and column of the first `=` past `limit`
    /// outside quotes in a tag, or nil. Comments end at `-->`, CDATA sections at `]]>`, instructions at `?>`,
    /// other `<!…>` at `>`.
    private func referenceScan(_ bytes: [UInt8], limit: Int) -> (line: Int, column: Int)? {
        let text = bytes
        var i = 0, line = 1, lineStart = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let p = Array(s.utf8)
            return k + p.count <= text.count && Array(text[k..<k + p.count]) == p
        }
        /// Moves `i` past the first `end` at or after `k` (to the end when there is none).
        func skip(to end: String, from k: Int) { i = k; while i < text.count, !starts(end, at: i) { i += 1 }; i = min(i + end.utf8.count, text.count) }
        while i < text.count {
            guard text[i] == 0x3C else { i += 1; continue }
            if starts("<!--", at: i) { skip(to: "-->", from: i + 4); continue }
            if starts("<![CDATA[", at: i) { skip(to: "]]>", from: i + 9); continue }
            if starts("<?", at: i) { skip(to: "?>", from: i + 2); continue }
            if starts("<!", at: i) { skip(to: ">", from: i + 2); continue }
            // A tag: `=` outside quotes to the first `>` outside quotes.
            var k = i + 1, attributes = 0, quote: UInt8 = 0
            while k < text.count {
                let b = text[k]
                if quote != 0 { if b == quote { quote = 0 } }
                else if b == 0x3E { break }
                else if b == 0x22 || b == 0x27 { quote = b }
                else if b == 0x3D {
                    attributes += 1
                    if attributes > limit {
                        for n in 0..<k where text[n] == 0x0A { line += 1; lineStart = n + 1 }
                        return (line, k - lineStart + 1)
                    }
                }
                k += 1
            }
            i = k + 1
        }
        return nil
    }

    /// Random markup (tags, quotes, `=`, comments, CDATA, instructions and pieces of them), checked at several
    /// chunkings: the same verdict and position as the reference.
    @Test func theCheckAgreesWithAByteByByteReference() throws {
        var generator = SystemRandomNumberGenerator()
        let tokens = ["<", "<", ">", ">", "\"", "'", "=", "=", "=", "a", " ", "\n", "<!--", "-->", "-", "--",
                      "<![CDATA[", "]]>", "]", "<?", "?>", "?", "<!", "<![CD", "<!-"]
        var checked = 0, failures = 0
        for round in 0..<3000 {
            let length = Int.random(in: 1...(round < 2000 ? 30 : 300), using: &generator)
            let bytes = Array((0..<length).map { _ in tokens.randomElement(using: &generator)! }.joined().utf8)
            let limit = Int.random(in: 0...4, using: &generator)
            let expected = referenceScan(bytes, limit: limit)
            if expected != nil { failures += 1 }
            for chunk in [1, 2, 5, 64, bytes.count] {
                var check = XMLAttributeCheck(limits: XMLStreamLimits(maxAttributesPerElement: limit))
                var got: (line: Int, column: Int)?
                var offset = 0
                do {
                    while offset < bytes.count {
                        let end = min(offset + chunk, bytes.count)
                        try check.check(bytes[offset..<end])
                        offset = end
                    }
                } catch let error as XMLStreamError {
                    got = (error.line, error.column)
                }
                #expect(got?.line == expected?.line && got?.column == expected?.column,
                        "\(String(decoding: bytes, as: UTF8.self).debugDescription) limit \(limit) chunk \(chunk)")
                checked += 1
            }
        }
        // Both outcomes were exercised.
        #expect(failures > 100 && failures < 2900, "\(failures) of 3000 over the limit")
        #expect(checked == 15000)
    }

    /// A `>` and a quote inside a comment, CDATA section or instruction do not hide the tags after it: an
    /// element with too many attributes there is still stopped (once the scanner ended such markup at its
    /// first `>`, took `<q z="` for a tag and read every later attribute as inside a quoted value).
    @Test(arguments: ["<!-- > <q z=\" -->", "<![CDATA[ > <q z=\" ]]>", "<?pi > <q z=\" ?>"])
    func markupHoldingAQuoteDoesNotHideTheNextTag(markup: String) throws {
        let xml = "<root>" + markup + "\n" + element(attributes: 1001) + "</root>"
        for chunk in [1, 7, 1 << 20] {
            let error = try #require(parse(xml, chunkSize: chunk, pull: true), "chunk \(chunk)")
            #expect(error.kind == .limitExceeded)
            #expect(error.line == 2)
        }
        #expect(parse("<root>" + markup + "\n" + element(attributes: 1000) + "</root>", chunkSize: 7) == nil)
    }
}
