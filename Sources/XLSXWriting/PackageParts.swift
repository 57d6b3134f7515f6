import SheetCore
import XMLStream

/// The small package parts: content types, relationships, document properties and the workbook part.
struct PackageParts {
    let sheets: [Sheet]
    let properties: DocumentProperties
    let state: BookState
    let definedNames: [XLSXWriter.DefinedName]
    /// Indexes of the sheets that have notes, in order (their parts are numbered 1, 2, …).
    let commentSheets: [Int]
    /// Indexes of the sheets that have charts (their drawing parts are numbered 1, 2, …).
    let chartSheets: [Int]

    init(sheets: [Sheet], properties: DocumentProperties, state: BookState, definedNames: [XLSXWriter.DefinedName]) {
        self.sheets = sheets
        self.properties = properties
        self.state = state
        self.definedNames = definedNames
        commentSheets = sheets.indices.filter { !sheets[$0].comments.isEmpty }
        chartSheets = sheets.indices.filter { !sheets[$0].charts.isEmpty }
    }

    var hasSharedStrings: Bool { !state.strings.isEmpty }

    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let officeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRel = "http://schemas.openxmlformats.org/package/2006/relationships"

    func contentTypes() -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
        w.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        w.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        if !commentSheets.isEmpty {
            w.raw("<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>")
        }
        func override(_ part: String, _ type: String) {
            w.empty("Override", [("PartName", part), ("ContentType", type)])
        }
        override("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")
        override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
        override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        if hasSharedStrings {
            override("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        }
        for index in sheets.indices {
            override("/xl/worksheets/sheet\(index + 1).xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        }
        for number in commentSheets.indices {
            override("/xl/comments\(number + 1).xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")
        }
        for number in chartSheets.indices {
            override("/xl/drawings/drawing\(number + 1).xml", "application/vnd.openxmlformats-officedocument.drawing+xml")
        }
        for number in 0..<chartCount {
            override("/xl/charts/chart\(number + 1).xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
        }
        w.raw("</Types>")
        return w.bytes
    }

    func rootRelationships() -> [UInt8] {
        relationships([
            ("rId1", Self.officeRel + "/officeDocument", "xl/workbook.xml", false),
            ("rId2", Self.packageRel + "/metadata/core-properties", "docProps/core.xml", false),
            ("rId3", Self.officeRel + "/extended-properties", "docProps/app.xml", false),
        ])
    }

    func workbookRelationships() -> [UInt8] {
        var list: [(String, String, String, Bool)] = []
        for index in sheets.indices {
            list.append(("rId\(index + 1)", Self.officeRel + "/worksheet", "worksheets/sheet\(index + 1).xml", false))
        }
        let n = sheets.count
        list.append(("rId\(n + 1)", Self.officeRel + "/styles", "styles.xml", false))
        if hasSharedStrings { list.append(("rId\(n + 2)", Self.officeRel + "/sharedStrings", "sharedStrings.xml", false)) }
        return relationships(list)
    }

    /// `xl/worksheets/_rels/sheetN.xml.rels`, or nil when the sheet links to nothing.
    func sheetRelationships(_ index: Int) -> [UInt8]? {
        let sheet = sheets[index]
        let ids = SheetRelationships(sheet)
        if ids.isEmpty { return nil }
        var list: [(String, String, String, Bool)] = []
        for link in ids.externalLinks {
            list.append((link.id, Self.officeRel + "/hyperlink", link.url, true))
        }
        if let drawing = ids.drawingID, let number = chartSheets.firstIndex(of: index) {
            list.append((drawing, Self.officeRel + "/drawing", "../drawings/drawing\(number + 1).xml", false))
        }
        if let drawing = ids.legacyDrawingID, let comments = ids.commentsID, let number = commentSheets.firstIndex(of: index) {
            list.append((drawing, Self.officeRel + "/vmlDrawing", "../drawings/vmlDrawing\(number + 1).vml", false))
            list.append((comments, Self.officeRel + "/comments", "../comments\(number + 1).xml", false))
        }
        return relationships(list)
    }

    func relationships(_ list: [(id: String, type: String, target: String, external: Bool)]) -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<Relationships xmlns=\"\(Self.packageRel)\">")
        for r in list {
            var a = [("Id", r.id), ("Type", r.type), ("Target", r.target)]
            if r.external { a.append(("TargetMode", "External")) }
            w.empty("Relationship", a)
        }
        w.raw("</Relationships>")
        return w.bytes
    }

    func appProperties() -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">")
        w.element("Application", text: "Microsoft Excel")
        w.element("DocSecurity", text: "0")
        w.element("ScaleCrop", text: "false")
        w.raw("<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>")
        w.integer(sheets.count)
        w.raw("</vt:i4></vt:variant></vt:vector></HeadingPairs>")
        w.start("TitlesOfParts")
        w.start("vt:vector", [("size", String(sheets.count)), ("baseType", "lpstr")])
        for sheet in sheets { w.element("vt:lpstr", text: sheet.name) }
        w.end("vt:vector")
        w.end("TitlesOfParts")
        if let company = properties.company { w.element("Company", text: company) }
        w.element("LinksUpToDate", text: "false")
        w.element("SharedDoc", text: "false")
        w.element("HyperlinksChanged", text: "false")
        w.element("AppVersion", text: "16.0300")
        w.raw("</Properties>")
        return w.bytes
    }

    func coreProperties() -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
        if let title = properties.title { w.element("dc:title", text: title) }
        if let subject = properties.subject { w.element("dc:subject", text: subject) }
        if let author = properties.author {
            w.element("dc:creator", text: author)
            w.element("cp:lastModifiedBy", text: author)
        }
        if let created = properties.created {
            var stamp = created
            stamp.kind = .dateTime
            w.element("dcterms:created", [("xsi:type", "dcterms:W3CDTF")], text: stamp.iso8601 + "Z")
            w.element("dcterms:modified", [("xsi:type", "dcterms:W3CDTF")], text: stamp.iso8601 + "Z")
        }
        w.raw("</cp:coreProperties>")
        return w.bytes
    }

    func workbook() -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.officeRel)\">")
        w.raw("<workbookPr/>")
        let active = sheets.firstIndex { $0.isActive } ?? sheets.firstIndex { $0.visibility == .visible } ?? 0
        w.raw("<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"")
        if active > 0 {
            w.raw(" activeTab=\"")
            w.integer(active)
            w.raw("\"")
        }
        w.raw("/></bookViews><sheets>")
        for (index, sheet) in sheets.enumerated() {
            var a = [("name", sheet.name), ("sheetId", String(index + 1))]
            if sheet.visibility != .visible { a.append(("state", sheet.visibility.rawValue)) }
            a.append(("r:id", "rId\(index + 1)"))
            w.empty("sheet", a)
        }
        w.raw("</sheets>")
        if !definedNames.isEmpty {
            w.raw("<definedNames>")
            let sorted = definedNames.sorted { ($0.name.lowercased(), $0.sheetIndex ?? -1) < ($1.name.lowercased(), $1.sheetIndex ?? -1) }
            for name in sorted {
                var a = [("name", name.name)]
                if let scope = name.sheetIndex { a.append(("localSheetId", String(scope))) }
                if name.hidden { a.append(("hidden", "1")) }
                w.element("definedName", a, text: name.formula)
            }
            w.raw("</definedNames>")
        }
        w.raw(state.hasFormulas ? "<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/>" : "<calcPr calcId=\"191029\"/>")
        w.raw("</workbook>")
        return w.bytes
    }
}
