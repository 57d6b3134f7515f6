import Foundation

// The byte-level tag scanner and splicer of the annotated copy (`AnnotatedPackage`), and relationships parts.

/// One markup tag of an XML part: where it is and what it says.
struct MarkupTag {
    var range: Range<Int>
    /// The element name as written (`x:c`).
    var qname: String
    /// The local name (`c`).
    var name: String
    var isEnd: Bool
    var isEmpty: Bool
    /// Attribute names as written and values still escaped.
    var attributes: [(name: String, raw: String)]

    func value(_ name: String) -> String? {
        attributes.first { $0.name == name }.map { AnnotatedPackage.unescape($0.raw) }
    }

    /// The tag with attributes set (replaced in place or appended) and others removed.
    func rewritten(set: [(String, String)], remove: Set<String>, empty: Bool? = nil) -> String {
        var result = "<" + qname
        var pending = set
        for attribute in attributes where !remove.contains(attribute.name) {
            if let index = pending.firstIndex(where: { $0.0 == attribute.name }) {
                result += " \(attribute.name)=\"\(AnnotatedPackage.escape(pending[index].1))\""
                pending.remove(at: index)
            } else {
                result += " \(attribute.name)=\"\(attribute.raw.replacingOccurrences(of: "\"", with: "&quot;"))\""
            }
        }
        for (name, value) in pending { result += " \(name)=\"\(AnnotatedPackage.escape(value))\"" }
        return result + ((empty ?? isEmpty) ? "/>" : ">")
    }
}

/// The tags of an XML part in document order (comments, CDATA, processing instructions and DTD markup skipped).
struct Tags: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var i = start
        while i <= bytes.count - pattern.count {
            if bytes[i] == pattern[0], Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func next() -> MarkupTag? {
        while position < bytes.count {
            guard let open = bytes[position...].firstIndex(of: 0x3C) else { position = bytes.count; return nil }
            let start = open
            var i = open + 1
            guard i < bytes.count else { position = bytes.count; return nil }
            if bytes[i] == 0x21 {  // <!
                if let end = Array(bytes[i..<Swift.min(i + 3, bytes.count)]) == Array("!--".utf8) ? find(Array("-->".utf8), from: i) : nil {
                    position = end + 3; continue
                }
                if Array(bytes[i..<Swift.min(i + 8, bytes.count)]) == Array("![CDATA[".utf8) {
                    position = (find(Array("]]>".utf8), from: i) ?? bytes.count) + 3; continue
                }
                position = (bytes[i...].firstIndex(of: 0x3E) ?? bytes.count) + 1; continue
            }
            if bytes[i] == 0x3F {  // <?
                position = (find(Array("?>".utf8), from: i) ?? bytes.count) + 2; continue
            }
            let isEnd = bytes[i] == 0x2F
            if isEnd { i += 1 }
            let nameStart = i
            while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != 0x2F, bytes[i] != 0x3E { i += 1 }
            let qname = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            var attributes: [(name: String, raw: String)] = []
            var isEmpty = false
            while i < bytes.count {
                while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { break }
                if bytes[i] == 0x3E { i += 1; break }
                if bytes[i] == 0x2F { isEmpty = true; i += 1; continue }
                let attrStart = i
                while i < bytes.count, bytes[i] != 0x3D, !Self.isSpace(bytes[i]), bytes[i] != 0x3E { i += 1 }
                let attrName = String(decoding: bytes[attrStart..<i], as: UTF8.self)
                while i < bytes.count, Self.isSpace(bytes[i]) || bytes[i] == 0x3D { i += 1 }
                guard i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 else { continue }
                let quote = bytes[i]
                i += 1
                let valueStart = i
                while i < bytes.count, bytes[i] != quote { i += 1 }
                attributes.append((attrName, String(decoding: bytes[valueStart..<Swift.min(i, bytes.count)], as: UTF8.self)))
                i += 1
            }
            position = i
            let local = qname.split(separator: ":").last.map(String.init) ?? qname
            return MarkupTag(range: start..<Swift.min(i, bytes.count), qname: qname, name: local, isEnd: isEnd, isEmpty: isEmpty,
                             attributes: attributes)
        }
        return nil
    }
}

/// Copies a part's bytes to a new buffer, replacing or adding text at tags.
struct Splicer {
    let source: [UInt8]
    var out: [UInt8] = []
    var copied = 0

    init(_ source: [UInt8]) {
        self.source = source
        out.reserveCapacity(source.count + 4096)
    }

    mutating func copy(upTo tag: MarkupTag) {
        if tag.range.lowerBound > copied { out.append(contentsOf: source[copied..<tag.range.lowerBound]) }
        copied = max(copied, tag.range.lowerBound)
    }

    mutating func copy(through tag: MarkupTag) {
        copy(upTo: tag)
        out.append(contentsOf: source[tag.range])
        copied = tag.range.upperBound
    }

    mutating func replace(_ tag: MarkupTag, with text: String) {
        copy(upTo: tag)
        out.append(contentsOf: Array(text.utf8))
        copied = tag.range.upperBound
    }

    mutating func emit(_ text: String) { out.append(contentsOf: Array(text.utf8)) }

    /// Leaves out everything not yet copied, up to and including `tag`.
    mutating func skip(through tag: MarkupTag) {
        copied = max(copied, tag.range.upperBound)
    }

    mutating func finish() -> [UInt8] {
        if copied < source.count { out.append(contentsOf: source[copied...]) }
        copied = source.count
        return out
    }
}

/// A relationships part.
struct Relations {
    struct Item { var id: String; var type: String; var target: String; var external = false }
    var items: [Item] = []

    init() {}

    init(_ xml: [UInt8]) {
        for tag in Tags(xml) where tag.name == "Relationship" && !tag.isEnd {
            items.append(Item(id: tag.value("Id") ?? "", type: tag.value("Type") ?? "", target: tag.value("Target") ?? "",
                              external: tag.value("TargetMode") == "External"))
        }
    }

    func freeID(_ base: String) -> String {
        var n = 1
        while items.contains(where: { $0.id == "\(base)\(n)" }) { n += 1 }
        return "\(base)\(n)"
    }

    func bytes() -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for item in items {
            text += "<Relationship Id=\"\(AnnotatedPackage.escape(item.id))\" Type=\"\(AnnotatedPackage.escape(item.type))\" Target=\"\(AnnotatedPackage.escape(item.target))\""
            text += item.external ? " TargetMode=\"External\"/>" : "/>"
        }
        return Array((text + "</Relationships>").utf8)
    }
}
