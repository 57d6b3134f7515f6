import DisclosureCatalog
import Foundation
import SheetCore
import XLSXWriting
import XMLStream
import ZipArchive

/// The annotated copy of an .xlsx return made from the office's own package: every part is copied as it is
/// (sheet protection and its password hash, every data validation with its prompts, page setup, print titles
/// and other defined names, widths, styles, conditional formats, hidden sheets and columns…) and only these
/// change:
/// - the marked cells get a copy of their own cell format with a fill and a border (so a locked cell stays
///   locked, a date stays a date); cells the finding points at that the file does not store are added;
/// - the marked sheets get notes (their own notes kept, the findings appended);
/// - 校验结果 is added as the first sheet (and the active one), with its print titles;
/// - `calcChain.xml` is dropped (Excel rebuilds it).
///
/// Parts are edited as bytes, tag by tag (no DOM): the few tags that change are rewritten, all other bytes
/// are copied.
enum AnnotatedPackage {
    /// The package is not laid out as this editor expects (the caller then rebuilds the copy instead).
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    /// One highlighted cell: the worst severity there and the note lines.
    struct Mark {
        var severity: Severity
        var lines: [String]
    }

    static func write(source: String, loaded: ReturnFiles.LoadedFile, findings: [Finding], language: Language,
                      to path: String) throws {
        let zip = try ZipReader(path: source)
        var entries: [String: ZipEntry] = [:]
        for entry in zip.entries { entries[entry.name] = entry }
        func part(_ name: String) throws -> [UInt8]? {
            guard let entry = entries[name] else { return nil }
            return try zip.readAll(entry)
        }
        guard let contentTypes = try part("[Content_Types].xml"), let rootRels = try part("_rels/.rels") else {
            throw Unsupported(description: "no [Content_Types].xml or _rels/.rels")
        }
        let rootRelations = Relations(rootRels)
        guard let workbookName = rootRelations.items.first(where: { $0.type.hasSuffix("/officeDocument") })
            .map({ resolve($0.target, from: "") }), let workbookXML = try part(workbookName) else {
            throw Unsupported(description: "no workbook part")
        }
        // Strict OOXML names its parts' types otherwise: rebuild the copy instead of mixing the two.
        if String(decoding: workbookXML.prefix(4096), as: UTF8.self).contains("purl.oclc.org/ooxml") {
            throw Unsupported(description: "strict OOXML")
        }
        let workbookDirectory = directory(of: workbookName)
        let workbookRelsName = relsName(of: workbookName)
        guard let workbookRelsXML = try part(workbookRelsName) else { throw Unsupported(description: "no workbook relationships") }
        let workbookRels = Relations(workbookRelsXML)
        guard let stylesName = workbookRels.items.first(where: { $0.type.hasSuffix("/styles") })
            .map({ resolve($0.target, from: workbookDirectory) }), let stylesXML = try part(stylesName) else {
            throw Unsupported(description: "no styles part")
        }

        // The sheets in tab order: name → part.
        var sheetParts: [(name: String, part: String)] = []
        var relPrefix = "r:"
        var sheetElement = "sheet"
        var maxSheetID = 0
        // The 校验结果 of an earlier check (the copy checked again): replaced by this one.
        var oldSummary: (index: Int, part: String, relID: String)?
        var sheetIndex = -1
        for tag in Tags(workbookXML) where tag.name == "sheet" && !tag.isEnd {
            sheetIndex += 1
            sheetElement = tag.qname
            maxSheetID = max(maxSheetID, Int(tag.value("sheetId") ?? "") ?? 0)
            guard let idAttribute = tag.attributes.first(where: { $0.name.hasSuffix(":id") }),
                  let name = tag.value("name") else { continue }
            relPrefix = String(idAttribute.name.dropLast(3))
            let id = unescape(idAttribute.raw)
            if let rel = workbookRels.items.first(where: { $0.id == id }), rel.type.hasSuffix("/worksheet") {
                if name == ReturnAnnotation.summarySheetName, oldSummary == nil {
                    oldSummary = (sheetIndex, resolve(rel.target, from: workbookDirectory), id)
                    continue
                }
                sheetParts.append((name, resolve(rel.target, from: workbookDirectory)))
            }
        }
        if sheetParts.isEmpty { throw Unsupported(description: "no worksheet") }
        let summaryName = uniqueSheetName(ReturnAnnotation.summarySheetName, taken: Set(sheetParts.map(\.name)))

        // Findings by sheet and cell (a finding without a sheet belongs to the first sheet).
        var marks: [String: [CellReference: Mark]] = [:]
        for finding in findings {
            guard let cellText = finding.location?.cell, let ref = CellReference(cellText) else { continue }
            let sheet = finding.location?.sheet ?? sheetParts[0].name
            let line = "[\(finding.severity.label(language))] \(finding.code): \(finding.message.text(language))"
            if var mark = marks[sheet]?[ref] {
                mark.severity = min(mark.severity, finding.severity)
                mark.lines.append(line)
                marks[sheet]?[ref] = mark
            } else {
                marks[sheet, default: [:]][ref] = Mark(severity: finding.severity, lines: [line])
            }
        }
        // The sheets' own notes, without the lines an earlier check added.
        let existingNotes = Dictionary(loaded.sheets.map { ($0.name, $0.comments.compactMapValues(withoutFindingLines)) },
                                       uniquingKeysWith: { a, _ in a })

        var styles = try StylesEditor(stylesXML)
        var replaced: [String: [UInt8]] = [:]
        var added: [(String, [UInt8])] = []
        var dropped: Set<String> = []
        if let oldSummary {
            dropped.insert(oldSummary.part)
            dropped.insert(relsName(of: oldSummary.part))
        }
        var overrides: [(part: String, type: String)] = []
        var taken = Set(entries.keys)
        func freeName(_ make: (Int) -> String) -> String {
            var n = 1
            while taken.contains(make(n)) { n += 1 }
            taken.insert(make(n))
            return make(n)
        }

        for (index, sheet) in sheetParts.enumerated() {
            guard let xml = try part(sheet.part) else { throw Unsupported(description: "no part \(sheet.part)") }
            let sheetMarks = marks[sheet.name] ?? [:]
            let sheetRelsName = relsName(of: sheet.part)
            var legacyID: String?
            if !sheetMarks.isEmpty {
                legacyID = Tags(xml).first(where: { $0.name == "legacyDrawing" && !$0.isEnd })?
                    .attributes.first(where: { $0.name.hasSuffix(":id") }).map { unescape($0.raw) }
            }
            var noteRelID: String?
            if !sheetMarks.isEmpty {
                // Notes: the sheet's own (as read) with the findings appended, in new parts.
                var notes: [CellReference: Comment] = [:]
                for (ref, text) in existingNotes[sheet.name] ?? [:] { notes[ref] = Comment(text, width: 3, height: 4) }
                for (ref, mark) in sheetMarks {
                    let text = ([existingNotes[sheet.name]?[ref]].compactMap { $0 } + mark.lines).joined(separator: "\n")
                    notes[ref] = Comment(text, author: "disclosure validate", width: 4, height: 6)
                }
                let sorted = notes.sorted { $0.key < $1.key }
                let commentsName = freeName { "xl/comments\($0).xml" }
                let vmlName = freeName { "xl/drawings/vmlDrawing\($0).vml" }
                added.append((commentsName, NoteParts.comments(sorted, defaultAuthor: "disclosure validate")))
                added.append((vmlName, NoteParts.vmlDrawing(sorted, number: 100 + index)))
                overrides.append(("/" + commentsName, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"))
                var rels = try part(sheetRelsName).map(Relations.init) ?? Relations()
                for rel in rels.items where rel.type.hasSuffix("/comments") || (rel.id == legacyID && rel.type.hasSuffix("/vmlDrawing")) {
                    dropped.insert(resolve(rel.target, from: directory(of: sheet.part)))
                }
                rels.items.removeAll { $0.type.hasSuffix("/comments") || ($0.id == legacyID && $0.type.hasSuffix("/vmlDrawing")) }
                let vmlID = rels.freeID("rIdDKv")
                rels.items.append(.init(id: vmlID, type: relType + "vmlDrawing", target: relative(vmlName, from: directory(of: sheet.part))))
                rels.items.append(.init(id: rels.freeID("rIdDKc"), type: relType + "comments",
                                        target: relative(commentsName, from: directory(of: sheet.part))))
                replaced[sheetRelsName] = rels.bytes()
                noteRelID = vmlID
            }
            replaced[sheet.part] = SheetEditor.edit(xml, marks: sheetMarks, styles: &styles, legacyDrawingID: noteRelID)
        }
        for name in dropped { overrides.removeAll { $0.part == "/" + name } }

        // 校验结果.
        let summaryPart = freeName { "\(workbookDirectory)worksheets/sheet\($0).xml" }
        added.append((summaryPart, summarySheet(findings: findings, language: language, styles: &styles)))
        overrides.append(("/" + summaryPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        var bookRels = workbookRels
        let summaryID = bookRels.freeID("rIdDKs")
        bookRels.items.append(.init(id: summaryID, type: relType + "worksheet", target: relative(summaryPart, from: workbookDirectory)))
        for rel in bookRels.items where rel.type.hasSuffix("/calcChain") { dropped.insert(resolve(rel.target, from: workbookDirectory)) }
        bookRels.items.removeAll { $0.type.hasSuffix("/calcChain") || $0.id == oldSummary?.relID }
        replaced[workbookRelsName] = bookRels.bytes()
        replaced[stylesName] = styles.edited()
        replaced[workbookName] = editWorkbook(workbookXML, sheetElement: sheetElement, relPrefix: relPrefix,
                                              summary: (summaryName, maxSheetID + 1, summaryID),
                                              replacing: oldSummary.map { ($0.index, $0.relID) })
        replaced["[Content_Types].xml"] = editContentTypes(contentTypes, add: overrides, drop: dropped)

        let writer = try ZipWriter(path: path)
        do {
            for entry in zip.entries where !entry.name.hasSuffix("/") && !dropped.contains(entry.name) {
                try writer.addEntry(named: entry.name, bytes: try replaced[entry.name] ?? zip.readAll(entry))
            }
            for (name, bytes) in added { try writer.addEntry(named: name, bytes: bytes) }
            for (name, bytes) in replaced where entries[name] == nil || dropped.contains(name) { try writer.addEntry(named: name, bytes: bytes) }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A note without the finding lines (`[错误] RET-…: …`) an earlier check added; nil when nothing else is left.
    static func withoutFindingLines(_ note: String) -> String? {
        let kept = note.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return true }
            let rest = line[line.index(after: close)...]
            return !(rest.hasPrefix(" RET-") && rest.contains(":"))
        }
        let text = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func uniqueSheetName(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var n = 2
        while taken.contains("\(base)\(n)") { n += 1 }
        return "\(base)\(n)"
    }

    // MARK: Workbook, content types

    /// - Parameter replacing: the position and relationship of an earlier 校验结果, left out with its names.
    static func editWorkbook(_ xml: [UInt8], sheetElement: String, relPrefix: String, summary: (name: String, id: Int, rel: String),
                             replacing old: (index: Int, relID: String)? = nil) -> [UInt8] {
        var out = Splicer(xml)
        var skippingName = false
        let quotedName = "'" + summary.name.replacingOccurrences(of: "'", with: "''") + "'"
        let titles = "<\(prefix(of: sheetElement))definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">\(escape(quotedName))!$1:$1</\(prefix(of: sheetElement))definedName>"
        var namesWritten = false
        let afterNames: Set<String> = ["calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                                       "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"]
        var depth = 0
        for tag in Tags(xml) {
            let top = depth == 1
            if tag.isEnd { depth -= 1 } else if !tag.isEmpty { depth += 1 }
            switch tag.name {
            case "workbookView" where !tag.isEnd:
                out.replace(tag, with: tag.rewritten(set: [("activeTab", "0")], remove: ["firstSheet"]))
            case "sheets" where !tag.isEnd:
                out.copy(through: tag)
                out.emit("<\(sheetElement) name=\"\(escape(summary.name))\" sheetId=\"\(summary.id)\" \(relPrefix):id=\"\(summary.rel)\"/>")
            case "definedNames" where !tag.isEnd && !tag.isEmpty:
                out.copy(through: tag)
                out.emit(titles)
                namesWritten = true
            case "sheet" where !tag.isEnd && old != nil:
                if tag.attributes.contains(where: { $0.name.hasSuffix(":id") && AnnotatedPackage.unescape($0.raw) == old?.relID }) {
                    out.replace(tag, with: "")
                }
            case "definedName" where !tag.isEnd:
                if let local = tag.value("localSheetId"), let n = Int(local) {
                    if let old, n == old.index {
                        out.replace(tag, with: "")
                        skippingName = !tag.isEmpty
                    } else {
                        let shifted = n + 1 - (old.map { n > $0.index ? 1 : 0 } ?? 0)
                        out.replace(tag, with: tag.rewritten(set: [("localSheetId", String(shifted))], remove: []))
                    }
                }
            case "definedName" where tag.isEnd && skippingName:
                out.skip(through: tag)
                skippingName = false
            case let name where top && !namesWritten && (afterNames.contains(name) || (tag.isEnd && name == "workbook")):
                out.copy(upTo: tag)
                out.emit("<\(prefix(of: sheetElement))definedNames>\(titles)</\(prefix(of: sheetElement))definedNames>")
                namesWritten = true
            case "workbook" where tag.isEnd && !namesWritten:
                out.copy(upTo: tag)
                out.emit("<\(prefix(of: sheetElement))definedNames>\(titles)</\(prefix(of: sheetElement))definedNames>")
                namesWritten = true
            default: break
            }
        }
        return out.finish()
    }

    static func editContentTypes(_ xml: [UInt8], add: [(part: String, type: String)], drop: Set<String>) -> [UInt8] {
        var out = Splicer(xml)
        var hasVML = false
        for tag in Tags(xml) {
            if tag.name == "Default", tag.value("Extension")?.lowercased() == "vml" { hasVML = true }
            if tag.name == "Override", !tag.isEnd, let part = tag.value("PartName"), drop.contains(String(part.drop { $0 == "/" })) {
                out.replace(tag, with: "")
            }
            if tag.name == "Types", tag.isEnd {
                out.copy(upTo: tag)
                if !hasVML { out.emit("<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>") }
                for item in add { out.emit("<Override PartName=\"\(escape(item.part))\" ContentType=\"\(item.type)\"/>") }
            }
        }
        return out.finish()
    }

    // MARK: 校验结果

    static func summarySheet(findings: [Finding], language: Language, styles: inout StylesEditor) -> [UInt8] {
        let header = styles.summaryStyle(.header), wrap = styles.summaryStyle(.wrap)
        let severityStyle: [Severity: Int] = [.error: styles.summaryStyle(.error), .warning: styles.summaryStyle(.warning), .info: wrap]
        let headers = language == .zh ? ["级别", "规则", "位置", "事项", "说明"] : ["severity", "rule", "location", "item", "message"]
        let ruleWidth = Double(max(22, (findings.map(\.code.utf8.count).max() ?? 0) + 2))
        let sorted = findings.sorted { $0.severity < $1.severity }
        var w = XMLWriter()
        w.declaration()
        w.raw("<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")
        w.raw("<dimension ref=\"A1:E\(sorted.count + 1)\"/>")
        w.raw("<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        w.raw("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>")
        for (column, width) in [8.0, ruleWidth, 22, 6, 90].enumerated() {
            w.raw("<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
        }
        w.raw("</cols><sheetData>")
        func text(_ ref: String, _ value: String, _ style: Int) {
            w.raw("<c r=\"\(ref)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
            w.text(value)
            w.raw("</t></is></c>")
        }
        w.raw("<row r=\"1\">")
        for (column, title) in headers.enumerated() { text(CellReference(row: 0, column: column).description, title, header) }
        w.raw("</row>")
        var links: [(String, String)] = []
        for (offset, finding) in sorted.enumerated() {
            let row = offset + 2
            w.raw("<row r=\"\(row)\">")
            let place = [finding.location?.sheet, finding.location?.cell].compactMap { $0 }.joined(separator: "!")
            text("A\(row)", finding.severity.label(language), severityStyle[finding.severity] ?? wrap)
            text("B\(row)", finding.code, wrap)
            text("C\(row)", place, wrap)
            if let item = finding.itemNumber { w.raw("<c r=\"D\(row)\" s=\"\(wrap)\"><v>\(item)</v></c>") }
            text("E\(row)", finding.message.text(language), wrap)
            w.raw("</row>")
            if let sheet = finding.location?.sheet, let cell = finding.location?.cell {
                links.append(("C\(row)", "'\(sheet.replacingOccurrences(of: "'", with: "''"))'!\(cell)"))
            }
        }
        w.raw("</sheetData>")
        if !links.isEmpty {
            w.raw("<hyperlinks>")
            for (ref, location) in links { w.empty("hyperlink", [("ref", ref), ("location", location)]) }
            w.raw("</hyperlinks>")
        }
        w.raw("<pageMargins left=\"0.25\" right=\"0.25\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        w.raw("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>")
        w.raw("<headerFooter><oddFooter>&amp;C&amp;A — &amp;P / &amp;N</oddFooter></headerFooter></worksheet>")
        return w.bytes
    }

    // MARK: Paths

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    static func relsName(of part: String) -> String {
        let dir = directory(of: part)
        return dir + "_rels/" + part.dropFirst(dir.count) + ".rels"
    }

    /// A relationship target resolved against the source part's folder (`xl/`), as a zip entry name.
    static func resolve(_ target: String, from base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var parts: [Substring] = []
        for piece in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if piece == "." { continue }
            if piece == ".." { _ = parts.popLast() } else { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    /// `part` relative to the folder `base` (both zip entry names).
    static func relative(_ part: String, from base: String) -> String {
        let from = base.split(separator: "/"), to = part.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    static func prefix(of qname: String) -> String {
        guard let colon = qname.firstIndex(of: ":") else { return "" }
        return String(qname[...colon])
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for ch in text {
            switch ch {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(ch)
            }
        }
        return result
    }

    static func unescape(_ raw: String) -> String {
        guard raw.contains("&") else { return raw }
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { result += rest[amp...]; return result }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) } else { result += "&\(entity);" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }
}

// MARK: - Tags

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

// MARK: - Worksheets

/// Rewrites one worksheet: marked cells get their highlighted format (missing ones are added in order), the
/// sheet is no longer the selected tab (校验结果 is), and the notes' drawing is referred to.
enum SheetEditor {
    static let afterLegacyDrawing: Set<String> = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                                                   "webPublishItems", "tableParts", "extLst"]

    static func edit(_ xml: [UInt8], marks: [CellReference: AnnotatedPackage.Mark], styles: inout StylesEditor,
                     legacyDrawingID: String?) -> [UInt8] {
        var out = Splicer(xml)
        // Marked cells in sheet order, walked once: cells come in that order, so a marked cell behind the
        // position reached that was not seen is not in the file.
        let pending = marks.keys.sorted()
        var cursor = 0
        var seen = Set<CellReference>()
        var inSheetData = false
        var depth = 0
        var p = ""
        var columnStyles: [(range: ClosedRange<Int>, style: Int)] = []
        var row = -1, rowStyle: Int?, lastColumn = -1
        var drawingDone = legacyDrawingID == nil
        let drawing = legacyDrawingID.map { "xmlns:r=\"\(AnnotatedPackage.relNS)\" r:id=\"\(AnnotatedPackage.escape($0))\"" } ?? ""

        func baseStyle(_ ref: CellReference) -> Int {
            if ref.row == row, let rowStyle { return rowStyle }
            return columnStyles.first { $0.range.contains(ref.column + 1) }?.style ?? 0
        }
        func newCell(_ ref: CellReference) -> String {
            seen.insert(ref)
            let style = styles.marked(style: baseStyle(ref), severity: marks[ref]?.severity ?? .info)
            return "<\(p)c r=\"\(ref.description)\" s=\"\(style)\"/>"
        }
        func missingCells(row r: Int, before column: Int) -> String {
            var text = ""
            while cursor < pending.count, pending[cursor].row < r || (pending[cursor].row == r && pending[cursor].column < column) {
                let ref = pending[cursor]
                cursor += 1
                // (A cell of an earlier row is there only when rows are out of order: left as it is.)
                if ref.row == r, !seen.contains(ref) { text += newCell(ref) }
            }
            return text
        }
        func missingRows(before r: Int) -> String {
            var text = ""
            var current = -1
            while cursor < pending.count, pending[cursor].row < r {
                let ref = pending[cursor]
                cursor += 1
                if seen.contains(ref) { continue }
                if ref.row != current {
                    if current >= 0 { text += "</\(p)row>" }
                    current = ref.row
                    text += "<\(p)row r=\"\(ref.row + 1)\">"
                }
                text += newCell(ref)
            }
            if current >= 0 { text += "</\(p)row>" }
            return text
        }

        for tag in Tags(xml) {
            let top = depth == 1
            if tag.isEnd { depth -= 1 } else if !tag.isEmpty { depth += 1 }
            switch tag.name {
            case "worksheet" where !tag.isEnd:
                p = AnnotatedPackage.prefix(of: tag.qname)
            case "sheetView" where !tag.isEnd && tag.value("tabSelected") != nil:
                out.replace(tag, with: tag.rewritten(set: [], remove: ["tabSelected"]))
            case "col" where !tag.isEnd:
                if let min = Int(tag.value("min") ?? ""), let max = Int(tag.value("max") ?? ""), min <= max,
                   let style = Int(tag.value("style") ?? "") {
                    columnStyles.append((min...max, style))
                }
            case "sheetData" where !tag.isEnd && tag.isEmpty:
                out.replace(tag, with: "<\(tag.qname)>" + missingRows(before: Int.max) + "</\(tag.qname)>")
            case "sheetData" where !tag.isEnd:
                inSheetData = true
            case "sheetData" where tag.isEnd:
                inSheetData = false
                out.copy(upTo: tag)
                out.emit(missingRows(before: Int.max))
            case "row" where !tag.isEnd && inSheetData:
                let r = (Int(tag.value("r") ?? "") ?? (row + 2)) - 1
                out.copy(upTo: tag)
                out.emit(missingRows(before: r))
                row = r
                lastColumn = -1
                rowStyle = ["1", "true"].contains(tag.value("customFormat") ?? "") ? Int(tag.value("s") ?? "") : nil
                if tag.isEmpty {
                    let cells = missingCells(row: r, before: Int.max)
                    if !cells.isEmpty { out.replace(tag, with: tag.rewritten(set: [], remove: [], empty: false) + cells + "</\(tag.qname)>") }
                }
            case "row" where tag.isEnd && inSheetData:
                out.copy(upTo: tag)
                out.emit(missingCells(row: row, before: Int.max))
            case "c" where !tag.isEnd && inSheetData:
                let ref = tag.value("r").flatMap { CellReference($0) } ?? CellReference(row: max(row, 0), column: lastColumn + 1)
                out.copy(upTo: tag)
                out.emit(missingCells(row: ref.row, before: ref.column))
                lastColumn = ref.column
                if let mark = marks[ref] {
                    seen.insert(ref)
                    let style = styles.marked(style: Int(tag.value("s") ?? "") ?? baseStyle(ref), severity: mark.severity)
                    out.replace(tag, with: tag.rewritten(set: [("s", String(style))], remove: []))
                }
            case "legacyDrawing" where !tag.isEnd && legacyDrawingID != nil:
                out.replace(tag, with: "<\(tag.qname) \(drawing)/>")
                drawingDone = true
            case let name where top && !drawingDone && ((!tag.isEnd && afterLegacyDrawing.contains(name)) || (tag.isEnd && name == "worksheet")):
                out.copy(upTo: tag)
                out.emit("<\(p)legacyDrawing \(drawing)/>")
                drawingDone = true
            default: break
            }
        }
        return out.finish()
    }
}

// MARK: - Styles

/// The styles part with the highlight formats added: each marked cell's own format copied with a fill and a
/// border, plus the formats of 校验结果.
struct StylesEditor {
    enum SummaryStyle: Hashable { case header, wrap, error, warning }

    let xml: [UInt8]
    private var counts: [String: Int] = [:]
    private var xfs: [[UInt8]] = []
    private var fontSize = "11", fontName = "宋体"
    private var added: [String: [String]] = ["fonts": [], "fills": [], "borders": [], "cellXfs": []]
    private var clones: [String: Int] = [:]
    private var parts: [String: Int] = [:]
    private static let containers: Set<String> = ["fonts", "fills", "borders", "cellXfs"]

    init(_ xml: [UInt8]) throws {
        self.xml = xml
        var container: String?
        var depth = 0, containerDepth = 0
        var xfStart: Int?
        var firstFont = true
        for tag in Tags(xml) {
            if tag.isEnd { depth -= 1 }
            defer { if !tag.isEnd && !tag.isEmpty { depth += 1 } }
            if Self.containers.contains(tag.name), depth == 1 {
                if tag.isEnd { container = nil } else {
                    counts[tag.name] = 0
                    if !tag.isEmpty { container = tag.name; containerDepth = depth + 1 }
                }
                continue
            }
            guard let current = container else { continue }
            if !tag.isEnd, depth == containerDepth {
                counts[current, default: 0] += 1
                if current == "cellXfs" {
                    if tag.isEmpty { xfs.append(Array(xml[tag.range])) } else { xfStart = tag.range.lowerBound }
                }
            } else if tag.isEnd, depth == containerDepth, current == "cellXfs", let start = xfStart {
                xfs.append(Array(xml[start..<tag.range.upperBound]))
                xfStart = nil
            } else if tag.isEnd, depth == containerDepth, current == "fonts" {
                firstFont = false
            }
            if current == "fonts", firstFont, !tag.isEnd {
                if tag.name == "sz", let v = tag.value("val") { fontSize = v }
                if tag.name == "name", let v = tag.value("val") { fontName = v }
            }
        }
        for name in Self.containers where counts[name] == nil {
            throw AnnotatedPackage.Unsupported(description: "styles without <\(name)>")
        }
    }

    private mutating func add(_ container: String, _ xml: String) -> Int {
        if let index = parts[container + xml] { return index }
        let index = (counts[container] ?? 0) + (added[container]?.count ?? 0)
        added[container, default: []].append(xml)
        parts[container + xml] = index
        return index
    }

    private mutating func fill(_ rgb: String) -> Int {
        add("fills", "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF\(rgb)\"/><bgColor indexed=\"64\"/></patternFill></fill>")
    }

    private mutating func font(bold: Bool, rgb: String?) -> Int {
        add("fonts", "<font>\(bold ? "<b/>" : "")<sz val=\"\(AnnotatedPackage.escape(fontSize))\"/>"
            + (rgb.map { "<color rgb=\"FF\($0)\"/>" } ?? "") + "<name val=\"\(AnnotatedPackage.escape(fontName))\"/></font>")
    }

    /// The format of a marked cell whose own format is `style`.
    mutating func marked(style: Int, severity: Severity) -> Int {
        let key = "\(style)/\(severity)"
        if let index = clones[key] { return index }
        let (fillRGB, borderRGB) = severity == .error ? ("FFC7CE", "FF0000") : severity == .warning ? ("FFEB9C", "BF9000") : ("DDEBF7", "BF9000")
        let fillID = fill(fillRGB)
        let side = { (name: String) in "<\(name) style=\"medium\"><color rgb=\"FF\(borderRGB)\"/></\(name)>" }
        let borderID = add("borders", "<border>" + ["left", "right", "top", "bottom"].map(side).joined() + "<diagonal/></border>")
        let raw = style >= 0 && style < xfs.count ? xfs[style] : Array("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>".utf8)
        var tags = Tags(raw)
        guard let first = tags.next() else { return style }
        let head = first.rewritten(set: [("fillId", String(fillID)), ("borderId", String(borderID)), ("applyFill", "1"), ("applyBorder", "1")],
                                   remove: [])
        let rest = String(decoding: raw[first.range.upperBound...], as: UTF8.self)
        let index = add("cellXfs", head + rest)
        clones[key] = index
        return index
    }

    mutating func summaryStyle(_ kind: SummaryStyle) -> Int {
        let fontID: Int, fillID: Int
        switch kind {
        case .header: fontID = font(bold: true, rgb: nil); fillID = fill("D9D9D9")
        case .wrap: fontID = font(bold: false, rgb: nil); fillID = 0
        case .error: fontID = font(bold: true, rgb: "C00000"); fillID = 0
        case .warning: fontID = font(bold: true, rgb: "9C5700"); fillID = 0
        }
        return add("cellXfs", "<xf numFmtId=\"0\" fontId=\"\(fontID)\" fillId=\"\(fillID)\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>")
    }

    /// The styles part with the new fonts, fills, borders and formats appended (and counted).
    func edited() -> [UInt8] {
        var out = Splicer(xml)
        var depth = 0
        for tag in Tags(xml) {
            let atTop = tag.isEnd ? depth == 2 : depth == 1
            if tag.isEnd { depth -= 1 } else if !tag.isEmpty { depth += 1 }
            guard atTop, Self.containers.contains(tag.name), let extra = added[tag.name], !extra.isEmpty else { continue }
            let p = AnnotatedPackage.prefix(of: tag.qname)
            let items = extra.map { p.isEmpty || $0.hasPrefix("<" + p) ? $0 : prefixed($0, p) }.joined()
            let total = String((counts[tag.name] ?? 0) + extra.count)
            if tag.isEnd {
                out.copy(upTo: tag)
                out.emit(items)
            } else if tag.isEmpty {
                out.replace(tag, with: tag.rewritten(set: [("count", total)], remove: [], empty: false) + items + "</\(tag.qname)>")
            } else {
                out.replace(tag, with: tag.rewritten(set: [("count", total)], remove: []))
            }
        }
        return out.finish()
    }

    /// Our markup with every element name given the part's prefix (`x:`).
    private func prefixed(_ text: String, _ p: String) -> String {
        text.replacingOccurrences(of: "</", with: "\u{1}").replacingOccurrences(of: "<", with: "<" + p)
            .replacingOccurrences(of: "\u{1}", with: "</" + p)
    }
}
