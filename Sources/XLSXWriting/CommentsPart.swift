import SheetCore
import XMLStream

// Notes need two parts: `xl/commentsN.xml` (the text) and `xl/drawings/vmlDrawingN.vml` (the yellow box
// Excel, WPS and LibreOffice draw; without it Excel shows no note at all).
extension PackageParts {
    func comments(_ sheet: Sheet) -> [UInt8] {
        NoteParts.comments(sheet.comments.sorted { $0.key < $1.key }, defaultAuthor: properties.author ?? "DisclosureKit")
    }

    func vmlDrawing(_ sheet: Sheet, number: Int) -> [UInt8] {
        NoteParts.vmlDrawing(sheet.comments.sorted { $0.key < $1.key }, number: number)
    }
}

/// The two parts of a sheet's notes, for a writer that patches an existing package (the annotated copy of
/// `disclosure validate`) as well as for `XLSXWriter`.
public enum NoteParts {
    /// `xl/commentsN.xml` for notes in cell order.
    public static func comments(_ notes: [(CellReference, Comment)], defaultAuthor: String) -> [UInt8] {
        var authors: [String] = []
        var authorIndex: [String: Int] = [:]
        for (_, note) in notes {
            let author = note.author ?? defaultAuthor
            if authorIndex[author] == nil {
                authorIndex[author] = authors.count
                authors.append(author)
            }
        }
        var w = XMLWriter()
        w.declaration()
        w.raw("<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors>")
        for author in authors { w.element("author", text: author) }
        w.raw("</authors><commentList>")
        for (cell, note) in notes {
            let author = authorIndex[note.author ?? defaultAuthor] ?? 0
            w.start("comment", [("ref", cell.description), ("authorId", String(author))])
            w.raw("<text><r><rPr><sz val=\"9\"/><color indexed=\"81\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr>")
            w.raw(needsPreserve(note.text) ? "<t xml:space=\"preserve\">" : "<t>")
            w.text(note.text)
            w.raw("</t></r></text></comment>")
        }
        w.raw("</commentList></comments>")
        return w.bytes
    }

    /// `xl/drawings/vmlDrawingN.vml` for notes in cell order; `number` must be unique in the workbook
    /// (it picks the drawing's block of shape ids).
    public static func vmlDrawing(_ notes: [(CellReference, Comment)], number: Int) -> [UInt8] {
        var w = XMLWriter()
        w.raw("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">")
        w.raw("<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"")
        w.integer(number)
        w.raw("\"/></o:shapelayout>")
        w.raw("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        for (i, (cell, note)) in notes.enumerated() {
            let id = number * 1024 + 1 + i
            let visibility = note.visible ? "visible" : "hidden"
            w.raw("<v:shape id=\"_x0000_s")
            w.integer(id)
            w.raw("\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:")
            w.integer(note.width * 54)
            w.raw("pt;height:")
            w.integer(note.height * 14)
            w.raw("pt;z-index:")
            w.integer(i + 1)
            w.raw(";visibility:\(visibility)\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">")
            w.raw("<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>")
            w.raw("<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>")
            w.raw("<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>")
            // Left column, offset, top row, offset, right column, offset, bottom row, offset.
            // Beside the cell, or to its left when the sheet ends first.
            let lastColumn = CellReference.maxColumns - 1, lastRow = CellReference.maxRows - 1
            let left = cell.column + 1 + note.width <= lastColumn ? cell.column + 1 : max(cell.column - note.width - 1, 0)
            let top = min(max(cell.row - 1, 0), max(lastRow - note.height, 0))
            w.raw("\(left), 15, \(top), 10, \(left + note.width), 15, \(top + note.height), 4")
            w.raw("</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>")
            w.integer(cell.row)
            w.raw("</x:Row><x:Column>")
            w.integer(cell.column)
            w.raw("</x:Column>")
            if note.visible { w.raw("<x:Visible/>") }
            w.raw("</x:ClientData></v:shape>")
        }
        w.raw("</xml>")
        return w.bytes
    }
}
