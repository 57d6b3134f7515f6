import Foundation
import Testing
import XMLStream

/// Records events as text: `+name(attr=value,…)`, `-name:"collected text"`.
private final class Recorder: XMLStreamHandler {
    static let names = ["root", "item", "k", "t"]
    var events: [String] = []
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        var attrs: [String] = []
        for i in 0..<attributes.count { attrs.append("\(attributes.name(at: i))=\(attributes.value(at: i).string)") }
        events.append("+\(name)(\(attrs.joined(separator: ",")))")
        if name == 3 { parser.beginText() }
    }
    func endElement(_ name: Int, parser: XMLPushParser) throws {
        if name == 3 {
            parser.endText()
            events.append("-\(name):\"\(parser.text.string)\"")
        } else {
            events.append("-\(name)")
        }
    }
}

private func parse(_ xml: String, chunkSize: Int = 1 << 16, limits: XMLStreamLimits = XMLStreamLimits()) throws -> [String] {
    let recorder = Recorder()
    let parser = XMLPushParser(names: Recorder.names, handler: recorder, documentName: "test.xml", limits: limits)
    let bytes = Array(xml.utf8)
    var offset = 0
    while offset < bytes.count {
        let end = min(offset + chunkSize, bytes.count)
        try parser.feed(bytes[offset..<end])
        offset = end
    }
    try parser.finish()
    return recorder.events
}

private struct Stop: Error {}

/// Throws `Stop` at the second start tag.
private final class Stopper: XMLStreamHandler {
    var seen = 0
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
        seen += 1
        if seen == 2 { throw Stop() }
    }
    func endElement(_ name: Int, parser: XMLPushParser) throws {}
}

/// A 10,000-byte text node parses with the default limit and fails with a 5,000-byte one.
private func checkTextLimit(_ run: (String, XMLStreamLimits) throws -> [String]) throws {
    let big = "<root><t>" + String(repeating: "x", count: 10_000) + "</t></root>"
    #expect(try run(big, XMLStreamLimits()).last == "-0")
    let error = try #require(throws: XMLStreamError.self) { try run(big, XMLStreamLimits(maxTextBytes: 5000)) }
    #expect(error.kind == .limitExceeded)
}

@Suite struct XMLStreamTests {
    static let sample = """
    <?xml version="1.0" encoding="UTF-8"?>
    <x:root xmlns:x="urn:a" xmlns:r="urn:r"><x:item k="a &amp; b" r:t="1"/><other k="&lt;&#38;&gt;"/><t>x &amp; y&#x4E2D;<![CDATA[<raw>]]></t></x:root>
    """

    @Test func eventsNamesAttributesAndText() throws {
        let events = try parse(Self.sample)
        #expect(events == ["+0()", "+1(2=a & b,3=1)", "-1", "+-1(2=<&>)", "--1", "+3()", "-3:\"x & y中<raw>\"", "-0"])
    }

    /// Chunk boundaries anywhere (even inside a multi-byte character) give the same events.
    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkBoundariesDoNotMatter(size: Int) throws {
        #expect(try parse(Self.sample, chunkSize: size) == parse(Self.sample))
    }

    @Test func malformedXMLHasALocation() throws {
        let error = try #require(throws: XMLStreamError.self) { try parse("<root>\n  <item>\n</root>") }
        #expect(error.kind == .malformed)
        #expect(error.line == 3)
        #expect(error.column > 0)
    }

    @Test func truncatedDocumentFails() throws {
        let error = try #require(throws: XMLStreamError.self) { try parse("<root><item k=\"1\">") }
        #expect(error.kind == .malformed)
    }

    @Test func billionLaughsIsRefusedAtTheDoctype() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            xml += " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n"
        }
        xml += "]>\n<root><t>&lol9;</t></root>"
        let start = Date()
        let error = try #require(throws: XMLStreamError.self) { try parse(xml) }
        #expect(error.kind == .doctypeNotAllowed)
        #expect(error.line >= 2)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func externalEntityIsNeverLoaded() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<root><t>&e;</t></root>"
        let recorder = Recorder()
        let parser = XMLPushParser(names: Recorder.names, handler: recorder)
        #expect(throws: XMLStreamError.self) {
            try parser.feed(Array(xml.utf8))
            try parser.finish()
        }
        #expect(!recorder.events.joined().contains("root:"))
    }

    @Test func undeclaredEntityIsAnError() throws {
        #expect(throws: XMLStreamError.self) { try parse("<root><t>&nbsp;</t></root>") }
    }

    @Test func textLimit() throws {
        try checkTextLimit { try parse($0, limits: $1) }
    }

    @Test func handlerErrorsStopTheParse() throws {
        let stopper = Stopper()
        let parser = XMLPushParser(names: [], handler: stopper)
        #expect(throws: Stop.self) { try parser.feed(Array("<a><b/><c/><d/></a>".utf8)) }
        #expect(stopper.seen == 2)
    }
}

/// Number parsing straight from bytes.
@Suite struct XMLBytesTests {
    private final class Capture: XMLStreamHandler {
        var doubles: [Double?] = []
        var ints: [Int?] = []
        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            if let v = attributes.value(0) { doubles.append(v.double()); ints.append(v.int()) }
        }
        func endElement(_ name: Int, parser: XMLPushParser) throws {}
    }

    private func numbers(_ text: String) throws -> (Double?, Int?) {
        let capture = Capture()
        let parser = XMLPushParser(names: ["v"], handler: capture)
        try parser.feed(Array("<n v=\"\(text)\"/>".utf8))
        try parser.finish()
        return (capture.doubles[0], capture.ints[0])
    }

    @Test(arguments: [
        ("0", 0.0), ("1", 1.0), ("-2.5", -2.5), ("1.25", 1.25), ("0.1", 0.1), ("123456789012345", 123456789012345),
        ("1.2E-3", 0.0012), ("1E+20", 1e20), ("-0", -0.0), ("3.14159265358979", 3.14159265358979),
        ("123456789012345678", 123456789012345678), ("0.30000000000000004", 0.30000000000000004),
        (".5", 0.5), ("7.", 7), ("+3", 3), ("00012", 12), ("0.000001", 0.000001), ("1234567.891", 1234567.891),
    ])
    func doubles(text: String, expected: Double) throws {
        #expect(try numbers(text).0 == expected)
        #expect(try numbers(text).0 == Double(text))
    }

    @Test(arguments: ["", "abc", "1,5", "1.2.3", "--1", "0x10", ".", "-", "-."])
    func notNumbers(text: String) throws {
        #expect(try numbers(text).0 == nil)
    }

    @Test func ints() throws {
        #expect(try numbers("42").1 == 42)
        #expect(try numbers("-7").1 == -7)
        #expect(try numbers(" 12 ").1 == 12)
        #expect(try numbers("1.0").1 == nil)
        #expect(try numbers("99999999999999999999").1 == nil)
    }
}

/// Parses `xml` with the pull parser (`parse(reading:)`), `pieceSize` bytes per read at most.
private func pull(_ xml: String, pieceSize: Int = 1 << 16, limits: XMLStreamLimits = XMLStreamLimits()) throws -> [String] {
    let recorder = Recorder()
    let parser = XMLPushParser(names: Recorder.names, handler: recorder, documentName: "test.xml", limits: limits)
    let bytes = Array(xml.utf8)
    var offset = 0
    try parser.parse { buffer, capacity in
        let count = min(capacity, pieceSize, bytes.count - offset)
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: count) }
        offset += count
        return count
    }
    return recorder.events
}

/// The pull parser gives the same events and refuses the same documents as the push parser.
@Suite struct XMLPullParserTests {
    @Test(arguments: [1, 3, 7, 1 << 16])
    func sameEventsAsThePushParser(pieceSize: Int) throws {
        #expect(try pull(XMLStreamTests.sample, pieceSize: pieceSize) == parse(XMLStreamTests.sample))
        #expect(try pull(XMLStreamTests.sample).count == 8)
    }

    @Test func malformedAndTruncatedDocumentsFailWithALocation() throws {
        let error = try #require(throws: XMLStreamError.self) { try pull("<root>\n  <item>\n</root>") }
        #expect(error.kind == .malformed)
        #expect(error.line == 3)
        #expect(throws: XMLStreamError.self) { try pull("<root><item k=\"1\">") }
        #expect(throws: XMLStreamError.self) { try pull("") }
    }

    @Test func doctypesAndEntitiesAreRefused() throws {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;\">\n]>\n<root><t>&lol2;</t></root>"
        let error = try #require(throws: XMLStreamError.self) { try pull(laughs) }
        #expect(error.kind == .doctypeNotAllowed)
        let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<root><t>&e;</t></root>"
        #expect(throws: XMLStreamError.self) { try pull(external) }
        #expect(throws: XMLStreamError.self) { try pull("<root><t>&nbsp;</t></root>") }
    }

    @Test func textLimitApplies() throws {
        try checkTextLimit { try pull($0, limits: $1) }
    }

    @Test func readerAndHandlerErrorsStopTheParse() throws {
        struct ReadFailed: Error {}
        let recorder = Recorder()
        let parser = XMLPushParser(names: Recorder.names, handler: recorder)
        let head = Array("<root><item/><item/>".utf8)
        var calls = 0
        #expect(throws: ReadFailed.self) {
            try parser.parse { buffer, capacity in
                calls += 1
                guard calls == 1 else { throw ReadFailed() }
                head.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: head.count) }
                return head.count
            }
        }

        let stopper = Stopper()
        let stopped = XMLPushParser(names: [], handler: stopper)
        let doc = Array("<a><b/><c/><d/></a>".utf8)
        var sent = false
        #expect(throws: Stop.self) {
            try stopped.parse { buffer, capacity in
                guard !sent else { return 0 }
                sent = true
                doc.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: doc.count) }
                return doc.count
            }
        }
        #expect(stopper.seen == 2)
    }
}
