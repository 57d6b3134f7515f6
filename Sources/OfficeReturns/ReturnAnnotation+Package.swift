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
