import XMLStream

/// One `<Relationship>` of a `.rels` part, its target resolved to a part name.
struct Relationship: Sendable, Hashable {
    var id: String
    /// The last segment of the type URI (`worksheet`, `officeDocument`, `sharedStrings`, …): transitional and
    /// Strict OOXML types differ only before it.
    var type: String
    /// The resolved part name for internal targets (`xl/worksheets/sheet1.xml`), the raw target for external ones.
    var target: String
    var isExternal: Bool
}

/// Reading relationship parts and resolving their targets.
enum Relationships {
    /// The `.rels` part name for a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`, "" → `_rels/.rels`.
    static func relsPart(for part: String) -> String {
        let (dir, file) = split(part)
        return (dir.isEmpty ? "" : dir + "/") + "_rels/" + file + ".rels"
    }

    /// Reads the relationships of `part` ("" for the package); a missing .rels part means none.
    static func read(for part: String, in package: PackageReader) throws -> [Relationship] {
        let rels = relsPart(for: part)
        guard package.has(rels) else { return [] }
        let entry = try package.entry(rels)
        let context = PackagePartContext(source: part, limits: package.limits)
        if let memoized = try package.memoized(entry, kind: .relationships, in: PartMemos.relationships, context: context, parse: { bytes, _ in
            let handler = Handler(source: part)
            try package.parse(entry, bytes: bytes, names: Handler.names, handler: handler)
            return handler.relationships
        }) {
            return memoized.value
        }
        let handler = Handler(source: part)
        try package.parse(rels, kind: .relationships, names: Handler.names, handler: handler)
        return handler.relationships
    }

    /// Resolves `target` relative to the folder of `source`: absolute targets start at the package root,
    /// backslashes count as slashes, `.` and `..` segments are applied.
    static func resolve(_ target: String, from source: String) -> String {
        if let resolved = resolveASCII(target, from: source) { return resolved }
        return resolveByCharacters(target, from: source)
    }

    /// `resolve` on the bytes of ASCII names (all real ones): there a `/` is always its own Character, so
    /// splitting bytes is splitting Characters.
    static func resolveASCII(_ target: String, from source: String) -> String? {
        var target = target, source = source
        return target.withUTF8 { t -> String? in
            source.withUTF8 { s -> String? in
                guard t.allSatisfy({ $0 < 0x80 }), s.allSatisfy({ $0 < 0x80 }) else { return nil }
                func isSlash(_ b: UInt8) -> Bool { b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") }
                var out: [UInt8] = []
                var pieces: [(UnsafeBufferPointer<UInt8>, Range<Int>)] = []
                func split(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) -> [Range<Int>] {
                    var result: [Range<Int>] = []
                    var start = 0
                    for i in 0...end where i == end || isSlash(bytes[i]) {
                        if i > start { result.append(start..<i) }
                        start = i + 1
                    }
                    return result
                }
                if t.first.map({ isSlash($0) }) != true {
                    // The source's folder: everything before its last slash.
                    let lastSlash = s.lastIndex(where: isSlash) ?? 0
                    for range in split(s, upTo: lastSlash) { pieces.append((s, range)) }
                }
                for range in split(t, upTo: t.count) {
                    let piece = t[range]
                    if piece.count == 1, piece.first == UInt8(ascii: ".") { continue }
                    if piece.count == 2, piece.first == UInt8(ascii: "."), piece.last == UInt8(ascii: ".") {
                        if !pieces.isEmpty { pieces.removeLast() }
                        continue
                    }
                    pieces.append((t, range))
                }
                for (index, (bytes, range)) in pieces.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: "/")) }
                    out.append(contentsOf: bytes[range])
                }
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The definition `resolveASCII` must agree with.
    static func resolveByCharacters(_ target: String, from source: String) -> String {
        let cleaned = target.replacingBackslashes()
        var segments: [Substring] = []
        if !cleaned.hasPrefix("/") {
            let (dir, _) = split(source)
            segments = dir.split(separator: "/")
        }
        for segment in cleaned.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// The text after the last `/` (all of it without one); what `split(separator: "/").last` gave, found
    /// on the UTF-8 bytes instead of by splitting Characters.
    static func lastSegment(of type: String) -> String {
        let utf8 = type.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return type }
        let after = utf8.index(after: slash)
        if after == utf8.endIndex {
            // `split` drops empty pieces: "a/b/" gives "b".
            return type.split(separator: "/").last.map(String.init) ?? type
        }
        return String(type[after...])
    }

    private static func split(_ part: String) -> (String, String) {
        let normalized = part.replacingBackslashes()
        guard let slash = normalized.lastIndex(of: "/") else { return ("", normalized) }
        return (String(normalized[..<slash]), String(normalized[normalized.index(after: slash)...]))
    }

    private final class Handler: XMLStreamHandler {
        static let names = ["Relationship", "Id", "Type", "Target", "TargetMode"]
        let source: String
        var relationships: [Relationship] = []
        init(source: String) { self.source = source }

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            guard name == 0 else { return }
            let id = attributes.string(1) ?? ""
            let type = attributes.string(2) ?? ""
            let target = attributes.string(3) ?? ""
            let external = attributes.string(4)?.lowercased() == "external"
            let shortType = Relationships.lastSegment(of: type)
            relationships.append(Relationship(id: id, type: shortType,
                                              target: external ? target : Relationships.resolve(target, from: source),
                                              isExternal: external))
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {}
    }
}

extension String {
    func replacingBackslashes() -> String {
        guard utf8.contains(UInt8(ascii: "\\")) else { return self }
        return String(map { $0 == "\\" ? "/" : $0 })
    }
}
