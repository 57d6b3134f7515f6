import XMLStream

/// `xl/workbook.xml`: the sheets in tab order and the date system.
struct WorkbookPart {
    struct SheetEntry { var name: String; var relationshipID: String; var state: String }
    var sheets: [SheetEntry] = []
    var date1904 = false

    static func read(part: String, in package: PackageReader) throws -> WorkbookPart {
        let handler = Handler()
        try package.parse(part, names: Handler.names, handler: handler)
        return handler.result
    }

    private final class Handler: XMLStreamHandler {
        static let names = ["sheet", "name", "id", "state", "workbookPr", "date1904"]
        var result = WorkbookPart()

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                result.sheets.append(SheetEntry(name: attributes.string(1) ?? "", relationshipID: attributes.string(2) ?? "",
                                                state: attributes.string(3) ?? "visible"))
            case 4:
                if let v = attributes.value(5) { result.date1904 = v.equals("1") || v.equals("true") }
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {}
    }
}
