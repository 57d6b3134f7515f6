// The only Swift file that calls libxml2. Everything above it uses `XMLPushParser`, `XMLBytes` and
// `XMLAttributes`, which expose bytes without copying them and without any C type in a signature.
//
// Safety: the parser is a SAX2 push parser created without XML_PARSE_NOENT, XML_PARSE_DTDLOAD or
// XML_PARSE_HUGE and always with XML_PARSE_NONET. On top of that any DOCTYPE stops the parse with an error
// (spreadsheet parts never have one), so entity expansion attacks and external entities cannot happen:
// only the five predefined entities and character references are ever expanded.
internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What goes wrong while parsing XML, with the 1-based line and column where libxml2 stopped.
public struct XMLStreamError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The text is not well-formed XML (libxml2's message says why).
        case malformed
        /// A document type declaration was present; DTDs (and so custom entities) are refused.
        case doctypeNotAllowed
        /// A configured limit was hit (for example one text node larger than `maxTextBytes`).
        case limitExceeded
    }

    public var kind: Kind
    public var message: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int

    public init(_ kind: Kind, message: String, line: Int, column: Int) {
        self.kind = kind; self.message = message; self.line = line; self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// A borrowed run of UTF-8 bytes from the parser: an attribute value, or the text collected for an element.
///
/// Valid only during the handler call that received it (the bytes belong to the parser); copy what you keep
/// with `string`. Parsing methods work on the bytes directly, without making a `String`.
@frozen
public struct XMLBytes {
    @usableFromInline let base: UnsafePointer<UInt8>?
    public let count: Int
    /// True for attribute values, whose `&` libxml2 hands over as `&#38;` (it does that without
    /// XML_PARSE_NOENT); `string` turns it back into `&`.
    @usableFromInline let isAttribute: Bool

    @inlinable init(base: UnsafePointer<UInt8>?, count: Int, isAttribute: Bool) {
        self.base = base; self.count = count; self.isAttribute = isAttribute
    }

    public static var empty: XMLBytes { XMLBytes(base: nil, count: 0, isAttribute: false) }

    public var isEmpty: Bool { count == 0 }

    /// The byte at `index` (0-based, must be < `count`).
    @inlinable public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "XMLBytes index out of range")
        return base.unsafelyUnwrapped[index]
    }

    /// The bytes as a String (UTF-8; invalid sequences are replaced).
    public var string: String {
        guard let base, count > 0 else { return "" }
        let s = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        if isAttribute, s.utf8.contains(UInt8(ascii: "&")) {
            return Self.decodeAmpersands(s)
        }
        return s
    }

    private static func decodeAmpersands(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let bytes = Array(s.utf8)
        var i = 0
        let pattern = Array("&#38;".utf8)
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&"), i + 5 <= bytes.count, Array(bytes[i..<i + 5]) == pattern {
                out.append(UInt8(ascii: "&"))
                i += 5
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the raw bytes (valid only during the call). For attribute values these are the
    /// bytes as libxml2 hands them over (an `&` as `&#38;`): use `string` to decode those.
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes as an array (a copy).
    public var array: [UInt8] {
        guard let base, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// True when the bytes equal the ASCII text `literal`.
    @inlinable public func equals(_ literal: StaticString) -> Bool {
        guard literal.utf8CodeUnitCount == count else { return false }
        if count == 0 { return true }
        let other = literal.utf8Start
        for i in 0..<count where base.unsafelyUnwrapped[i] != other[i] { return false }
        return true
    }

    /// True when some byte equals `byte`.
    public func contains(_ byte: UInt8) -> Bool {
        guard let base, count > 0 else { return false }
        return memchr(base, Int32(byte), count) != nil
    }

    /// A decimal integer with optional sign, surrounding ASCII whitespace allowed; nil otherwise or on overflow.
    @inlinable public func int() -> Int? {
        guard let base = base, count > 0 else { return nil }
        var i = 0
        var end = count
        while i < end, base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0A || base[i] == 0x0D { i += 1 }
        while end > i, base[end - 1] == 0x20 || base[end - 1] == 0x09 || base[end - 1] == 0x0A || base[end - 1] == 0x0D { end -= 1 }
        var negative = false
        if i < end, base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
            negative = base[i] == UInt8(ascii: "-"); i += 1
        }
        guard i < end, end - i <= 18 else { return nil }
        var value = 0
        while i < end {
            let d = base[i] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int(d)
            i += 1
        }
        return negative ? -value : value
    }

    /// A decimal floating-point number as XML Schema writes it (`1`, `-2.5`, `1.2E-3`, `INF`); nil otherwise.
    ///
    /// Short plain decimals are converted exactly without `strtod`; anything else goes through `strtod`.
    public func double() -> Double? {
        guard let base, count > 0 else { return nil }
        // Fast path: [-]digits[.digits] with at most 15 significant digits: exact integer / exact power of ten.
        var i = 0
        var negative = false
        if base[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenDot = false
        var seenDigit = false
        var plain = i < count
        while i < count {
            let b = base[i]
            if b &- 48 < 10 {
                seenDigit = true
                if mantissa != 0 || b != 48 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(b &- 48)
                if seenDot { fraction += 1 }
            } else if b == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                plain = false
                break
            }
            i += 1
        }
        if plain, seenDigit, digits <= 15, fraction <= 22 {
            var value = Double(mantissa)
            if fraction > 0 { value /= Self.powersOfTen[fraction] }
            return negative ? -value : value
        }
        return slowDouble()
    }

    @usableFromInline static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    private func slowDouble() -> Double? {
        guard let base, count > 0, count < 400 else { return nil }
        var text = [CChar](repeating: 0, count: count + 1)
        for i in 0..<count {
            let b = base[i]
            // Only the characters a number may contain; anything else (NUL included) makes it not a number.
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "N"), UInt8(ascii: "F"),
                 UInt8(ascii: "A"), 0x20, 0x09, 0x0A, 0x0D:
                text[i] = CChar(bitPattern: b)
            default:
                return nil
            }
        }
        var value: Double = 0
        let ok = text.withUnsafeMutableBufferPointer { buffer -> Bool in
            var end: UnsafeMutablePointer<CChar>? = nil
            value = strtod(buffer.baseAddress!, &end)
            guard let end else { return false }
            var p = end
            while p.pointee == 0x20 || p.pointee == 0x09 || p.pointee == 0x0A || p.pointee == 0x0D { p += 1 }
            return p.pointee == 0 && end != buffer.baseAddress!
        }
        return ok ? value : nil
    }
}

/// The attributes of one start tag, borrowed for the duration of `startElement`.
///
/// Names are the ids of the names the parser was created with (`-1` for any other name); the namespace
/// prefix is ignored, so `r:id` is `id`.
public struct XMLAttributes {
    @usableFromInline let pointers: UnsafePointer<UnsafePointer<UInt8>?>?
    public let count: Int
    @usableFromInline let names: Unmanaged<XMLNameTable>

    init(pointers: UnsafePointer<UnsafePointer<UInt8>?>?, count: Int, names: Unmanaged<XMLNameTable>) {
        self.pointers = pointers; self.count = count; self.names = names
    }

    /// The name id of attribute `index`.
    @inlinable @inline(__always) public func name(at index: Int) -> Int {
        let name = pointers.unsafelyUnwrapped[index * 5]
        return names._withUnsafeGuaranteedRef { $0.id(of: name) }
    }

    /// The value of attribute `index`.
    @inlinable @inline(__always) public func value(at index: Int) -> XMLBytes {
        let start = pointers.unsafelyUnwrapped[index * 5 + 3]
        let end = pointers.unsafelyUnwrapped[index * 5 + 4]
        guard let start, let end else { return .empty }
        return XMLBytes(base: start, count: end - start, isAttribute: true)
    }

    /// The value of the first attribute with name id `id`, if present.
    @inlinable public func value(_ id: Int) -> XMLBytes? {
        for i in 0..<count where name(at: i) == id { return value(at: i) }
        return nil
    }

    /// The value of attribute `id` as a String, if present.
    public func string(_ id: Int) -> String? {
        value(id)?.string
    }
}

/// Maps the parser's interned name pointers to the small integer ids a handler registered.
///
/// libxml2 interns every element and attribute name in its dictionary, so one pointer comparison
/// identifies a name; the first time a pointer shows up its bytes are compared with the registered names.
/// The cache is an open-addressing table keyed by pointer, held through a pointer so lookups need no
/// exclusivity bookkeeping.
public final class XMLNameTable {
    @usableFromInline struct Slot {
        @usableFromInline var key: UnsafeRawPointer?
        @usableFromInline var id: Int
    }
    @usableFromInline static var capacityBits: Int { 8 }
    @usableFromInline static var capacity: Int { 1 << capacityBits }
    private let names: [[UInt8]]
    @usableFromInline let slots: UnsafeMutablePointer<Slot>
    private let used: UnsafeMutablePointer<Int>

    init(_ names: [String]) {
        self.names = names.map { Array($0.utf8) }
        slots = .allocate(capacity: Self.capacity)
        slots.initialize(repeating: Slot(key: nil, id: -1), count: Self.capacity)
        used = .allocate(capacity: 1)
        used.initialize(to: 0)
    }

    deinit {
        slots.deallocate()
        used.deallocate()
    }

    @inlinable @inline(__always) func id(of name: UnsafePointer<UInt8>?) -> Int {
        let raw = UnsafeRawPointer(name)
        // Fibonacci hashing: libxml2 interns names next to each other in one pool, so the low bits of the
        // pointers form runs that would make long linear-probe chains.
        let bits = UInt(bitPattern: raw.map { Int(bitPattern: $0) } ?? 0) &* 0x9E37_79B9_7F4A_7C15
        var index = Int(bitPattern: bits >> (UInt.bitWidth - Self.capacityBits))
        while true {
            let slot = slots[index]
            if slot.key == raw, raw != nil { return slot.id }
            if slot.key == nil { return slowID(of: name, slot: index) }
            index = (index + 1) & (Self.capacity - 1)
        }
    }

    @usableFromInline func slowID(of name: UnsafePointer<UInt8>?, slot: Int) -> Int {
        guard let name else { return -1 }
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        var id = -1
        for (index, candidate) in names.enumerated() where candidate.count == length {
            if candidate.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name, length) == 0 }) { id = index; break }
        }
        // Keep the table at most half full; past that, names are still resolved, just not cached.
        if used.pointee < Self.capacity / 2 {
            slots[slot] = Slot(key: UnsafeRawPointer(name), id: id)
            used.pointee += 1
        }
        return id
    }
}

/// Receives parse events. Element names are ids into the `names` the parser was created with, `-1` for others.
///
/// Text is not delivered by event: call `parser.beginText()` in `startElement` to start collecting character
/// data, read `parser.text` later (e.g. in `endElement`), `parser.endText()` to stop collecting.
public protocol XMLStreamHandler: AnyObject {
    func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws
    func endElement(_ name: Int, parser: XMLPushParser) throws
}

/// The byte source of a pull parse: calls the caller's `read`, keeps the first error it throws.
private final class XMLReadSource {
    let body: (UnsafeMutablePointer<UInt8>, Int) throws -> Int
    var error: (any Error)?

    init(_ body: @escaping (UnsafeMutablePointer<UInt8>, Int) throws -> Int) { self.body = body }

    private var ended = false

    /// Bytes written, 0 at the end, -1 on an error (libxml2's convention). Fills the whole buffer unless
    /// the document ends first: libxml2's XML declaration parsing misreads documents handed over a few bytes
    /// at a time.
    func read(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> Int32 {
        guard error == nil else { return -1 }
        var filled = 0
        do {
            while filled < capacity, !ended {
                let count = try body(buffer + filled, capacity - filled)
                if count <= 0 { ended = true } else { filled += min(count, capacity - filled) }
            }
        } catch {
            self.error = error
            return -1
        }
        return Int32(filled)
    }
}

/// Limits of one parse.
public struct XMLStreamLimits: Sendable, Hashable {
    /// Most bytes collected as text at once (one cell value, one shared string).
    public var maxTextBytes: Int
    /// Most attributes of one element, namespace declarations included (checked on the bytes before libxml2
    /// sees them: libxml2 compares a tag's attributes pair by pair).
    public var maxAttributesPerElement: Int
    /// Most namespace declarations (`xmlns`, `xmlns:p`) on one element.
    public var maxNamespaceDeclarations: Int
    public init(maxTextBytes: Int = 64 << 20, maxAttributesPerElement: Int = 1000, maxNamespaceDeclarations: Int = 256) {
        self.maxTextBytes = maxTextBytes
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxNamespaceDeclarations = maxNamespaceDeclarations
    }
}

/// A libxml2 SAX2 push parser (`xmlCreatePushParserCtxt` + `xmlParseChunk`) fed with chunks of bytes.
///
/// Not thread-safe; one parser per document. Create it, `feed` chunks, then `finish()`.
public final class XMLPushParser {
    public let names: XMLNameTable
    public let limits: XMLStreamLimits
    private var context: xmlParserCtxtPtr?
    private let handler: any XMLStreamHandler
    private let unmanagedNames: Unmanaged<XMLNameTable>
    private var handlerError: (any Error)?
    private var firstError: XMLStreamError?
    /// Hot mutable state, behind a pointer so the per-event paths need no exclusivity bookkeeping.
    private struct State {
        var buffer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0
        var collecting = false
        var failed = false
    }
    private let state: UnsafeMutablePointer<State>
    /// The attribute-counting pre-pass over every byte before libxml2 parses it (unless the caller ran it).
    private let scanner: UnsafeMutablePointer<XMLAttributeCheck>
    private var finished = false

    /// Whether character data is being collected.
    public var isCollectingText: Bool { state.pointee.collecting }

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Creates a parser; `names` are the element and attribute local names the handler wants ids for.
    /// - Parameter documentName: used in libxml2 messages only.
    public init(names: [String], handler: any XMLStreamHandler, documentName: String = "",
                limits: XMLStreamLimits = XMLStreamLimits()) {
        _ = Self.initialized
        let table = XMLNameTable(names)
        self.names = table
        unmanagedNames = Unmanaged.passUnretained(table)
        self.handler = handler
        self.limits = limits
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096 + 1)
        buffer[0] = 0
        state = .allocate(capacity: 1)
        state.initialize(to: State(buffer: buffer, capacity: 4096))
        scanner = .allocate(capacity: 1)
        scanner.initialize(to: XMLAttributeCheck(limits: limits))

        var sax = Self.makeSAXHandler()
        let me = Unmanaged.passUnretained(self).toOpaque()
        context = documentName.withCString { name in
            xmlCreatePushParserCtxt(&sax, me, nil, 0, name)
        }
        if let context {
            // NONET always; never NOENT, DTDLOAD or HUGE.
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        }
    }

    /// The SAX2 callbacks; the user data of every callback is the `XMLPushParser`.
    private static func makeSAXHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, _, nbNamespaces, _, nbAttributes, _, attributes in
            guard let ctx else { return }
            Unmanaged<XMLPushParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef {
                $0.start(localname, attributes, Int(nbAttributes), namespaces: Int(nbNamespaces))
            }
        }
        sax.endElementNs = { ctx, localname, _, _ in
            guard let ctx else { return }
            Unmanaged<XMLPushParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.end(localname) }
        }
        let characters: charactersSAXFunc = { ctx, bytes, length in
            guard let ctx, let bytes else { return }
            Unmanaged<XMLPushParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.append(bytes, Int(length)) }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<XMLPushParser>.fromOpaque(ctx).takeUnretainedValue().refuseDoctype()
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            Unmanaged<XMLPushParser>.fromOpaque(ctx).takeUnretainedValue().record(error)
        }
        return sax
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
        state.pointee.buffer.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        scanner.deinitialize(count: 1)
        scanner.deallocate()
    }

    /// Parses the next chunk (`xmlParseChunk`).
    /// - Throws: `XMLStreamError`, or the first error the handler threw.
    public func feed(_ chunk: ArraySlice<UInt8>) throws {
        try chunk.withUnsafeBufferPointer { buffer in
            try parse(buffer.baseAddress, buffer.count, terminate: false)
        }
    }

    /// Parses `bytes` as the whole rest of the document.
    public func feed(_ bytes: [UInt8]) throws {
        try feed(bytes[...])
    }

    /// Parses the whole document in one call, pulling its bytes from `read` (libxml2's pull parser,
    /// `xmlCreateIOParserCtxt` + `xmlParseDocument`, about a fifth faster than `xmlParseChunk` on big parts).
    ///
    /// `read` fills at most `capacity` bytes at the pointer and returns how many it wrote (it is called again
    /// for the rest), 0 at the end of the document; what it throws stops the parse and is rethrown. Use it instead of `feed`/`finish`, on a
    /// parser that has not been fed yet. Same options and the same DOCTYPE refusal as the push parser.
    ///
    /// With `prechecked`, the bytes `read` delivers have all been through an `XMLAttributeCheck` with this
    /// parser's limits already (the caller ran it, e.g. on the inflating thread), so the parser skips its own.
    /// - Throws: `XMLStreamError`, the first error the handler threw, or the first error `read` threw.
    public func parse(prechecked: Bool = false,
                      reading read: @escaping (_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int) throws {
        guard !finished else { return }
        finished = true
        if let context { xmlFreeParserCtxt(context) }
        context = nil
        let source = XMLReadSource { [unowned self] buffer, capacity in
            let count = try read(buffer, capacity)
            if count > 0, !prechecked { try check(buffer, min(count, capacity)) }
            return count
        }
        var sax = Self.makeSAXHandler()
        let me = Unmanaged.passUnretained(self).toOpaque()
        let sourcePointer = Unmanaged.passRetained(source).toOpaque()
        // libxml2 calls the close callback (which releases `source`) when it frees the input, also when
        // creating the context fails.
        context = xmlCreateIOParserCtxt(&sax, me, { ioContext, buffer, length in
            guard let ioContext, let buffer, length > 0 else { return 0 }
            return Unmanaged<XMLReadSource>.fromOpaque(ioContext)._withUnsafeGuaranteedRef {
                $0.read(UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self), Int(length))
            }
        }, { ioContext in
            guard let ioContext else { return 0 }
            Unmanaged<XMLReadSource>.fromOpaque(ioContext).release()
            return 0
        }, sourcePointer, XML_CHAR_ENCODING_NONE)
        guard let context else {
            throw XMLStreamError(.malformed, message: "cannot create an XML parser", line: 0, column: 0)
        }
        // NONET always; never NOENT, DTDLOAD or HUGE.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        let status = xmlParseDocument(context)
        if let handlerError { throw handlerError }
        if let error = source.error { throw error }
        if let firstError { throw firstError }
        if status != 0 || context.pointee.wellFormed == 0 {
            throw XMLStreamError(.malformed, message: "XML error \(status)", line: line, column: column)
        }
    }

    /// Signals the end of the document; reports truncated documents.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try parse(nil, 0, terminate: true)
    }

    private func parse(_ pointer: UnsafePointer<UInt8>?, _ count: Int, terminate: Bool) throws {
        guard let context else {
            throw XMLStreamError(.malformed, message: "cannot create an XML parser", line: 0, column: 0)
        }
        var offset = 0
        repeat {
            // xmlParseChunk takes an Int32 size: feed large buffers in pieces.
            let piece = min(count - offset, 1 << 30)
            if let pointer { try check(pointer + offset, piece) }
            let start = pointer.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            let status = xmlParseChunk(context, start, Int32(piece), terminate && offset + piece == count ? 1 : 0)
            if let handlerError { throw handlerError }
            if let firstError { throw firstError }
            if status != 0 {
                throw XMLStreamError(.malformed, message: "XML error \(status)", line: line, column: column)
            }
            offset += piece
        } while offset < count
    }

    /// Runs the attribute-counting pre-pass over bytes about to reach libxml2.
    /// - Throws: `XMLStreamError.Kind.limitExceeded` at the first attribute past the limit.
    @inline(__always) private func check(_ bytes: UnsafePointer<UInt8>, _ count: Int) throws {
        try scanner.pointee.check(bytes, count)
    }

    /// The 1-based line of the parser's position (`xmlSAX2GetLineNumber`).
    public var line: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    /// The 1-based column of the parser's position (`xmlSAX2GetColumnNumber`).
    public var column: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetColumnNumber(context))
    }

    // MARK: Text collection

    /// Starts collecting character data; with `clear` (the default) previously collected text is dropped.
    @inline(__always) public func beginText(clear: Bool = true) {
        if clear { state.pointee.count = 0; state.pointee.buffer[0] = 0 }
        state.pointee.collecting = true
    }

    /// Stops collecting character data; the collected text stays available in `text`.
    @inline(__always) public func endText() {
        state.pointee.collecting = false
    }

    /// Drops the collected text.
    @inline(__always) public func clearText() {
        state.pointee.count = 0
        state.pointee.buffer[0] = 0
    }

    /// Removes leading and trailing XML whitespace (space, tab, CR, LF) from the text collected since
    /// byte offset `start` (what `text.count` was when that piece began), as `xml:space="default"` allows.
    public func trimCollectedText(from start: Int) {
        let textCount = state.pointee.count
        let textBuffer = state.pointee.buffer
        guard start >= 0, start < textCount else { return }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var end = textCount
        while end > start, isSpace(textBuffer[end - 1]) { end -= 1 }
        var first = start
        while first < end, isSpace(textBuffer[first]) { first += 1 }
        if first > start {
            (textBuffer + start).update(from: textBuffer + first, count: end - first)
        }
        state.pointee.count = start + (end - first)
        textBuffer[state.pointee.count] = 0
    }

    /// The text collected so far (valid until the next event).
    @inline(__always) public var text: XMLBytes {
        XMLBytes(base: UnsafePointer(state.pointee.buffer), count: state.pointee.count, isAttribute: false)
    }

    // MARK: Callbacks

    private func start(_ localname: UnsafePointer<UInt8>?, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ count: Int,
                       namespaces: Int) {
        guard !state.pointee.failed else { return }
        if namespaces > limits.maxNamespaceDeclarations {
            stop(XMLStreamError(.limitExceeded,
                                message: "an element declares \(namespaces) namespaces, more than the limit of \(limits.maxNamespaceDeclarations)",
                                line: line, column: column))
            return
        }
        let id = unmanagedNames._withUnsafeGuaranteedRef { $0.id(of: localname) }
        let attrs = XMLAttributes(pointers: attributes.map { UnsafePointer($0) }, count: count, names: unmanagedNames)
        do {
            try handler.startElement(id, attributes: attrs, parser: self)
        } catch {
            stop(error)
        }
    }

    private func end(_ localname: UnsafePointer<UInt8>?) {
        guard !state.pointee.failed else { return }
        do {
            try handler.endElement(unmanagedNames._withUnsafeGuaranteedRef { $0.id(of: localname) }, parser: self)
        } catch {
            stop(error)
        }
    }

    private func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        let st = state
        guard st.pointee.collecting, length > 0, !st.pointee.failed else { return }
        let needed = st.pointee.count + length
        if needed > st.pointee.capacity {
            if needed > limits.maxTextBytes {
                stop(XMLStreamError(.limitExceeded,
                                    message: "a text value is longer than the limit of \(limits.maxTextBytes) bytes",
                                    line: line, column: column))
                return
            }
            var capacity = st.pointee.capacity
            while capacity < needed { capacity *= 2 }
            capacity = min(capacity, limits.maxTextBytes)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 1)
            bigger.update(from: st.pointee.buffer, count: st.pointee.count)
            st.pointee.buffer.deallocate()
            st.pointee.buffer = bigger
            st.pointee.capacity = capacity
        }
        (st.pointee.buffer + st.pointee.count).update(from: bytes, count: length)
        st.pointee.count = needed
        st.pointee.buffer[needed] = 0
    }

    private func refuseDoctype() {
        stop(XMLStreamError(.doctypeNotAllowed,
                            message: "a document type declaration (DTD) is not allowed here; entities are refused",
                            line: line, column: column))
    }

    private func record(_ error: UnsafeMutablePointer<xmlError>) {
        guard firstError == nil, handlerError == nil else { return }
        let level = error.pointee.level
        guard level == XML_ERR_FATAL || level == XML_ERR_ERROR else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        firstError = XMLStreamError(.malformed, message: message,
                                    line: Int(error.pointee.line), column: Int(error.pointee.int2))
    }

    private func stop(_ error: any Error) {
        state.pointee.failed = true
        if handlerError == nil { handlerError = error }
        if let context { xmlStopParser(context) }
    }
}
