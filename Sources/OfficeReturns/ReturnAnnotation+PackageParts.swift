import DisclosureCatalog
import Foundation
import SheetCore

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
