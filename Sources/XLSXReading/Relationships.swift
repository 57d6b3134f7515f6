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
        let handler = Handler(source: part)
        try package.parse(rels, names: Handler.names, handler: handler)
        return handler.relationships
    }

    /// Resolves `target` relative to the folder of `source`: absolute targets start at the package root,
    /// backslashes count as slashes, `.` and `..` segments are applied.
    static func resolve(_ target: String, from source: String) -> String {
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
