import XMLStream

/// `xl/workbook.xml`: the sheets in tab order and the date system.
struct WorkbookPart {
    struct SheetEntry { var name: String; var relationshipID: String; var state: String }
    var sheets: [SheetEntry] = []
    var date1904 = false
    var definedNames: [DefinedName] = []

    static func read(part: String, in package: PackageReader) throws -> WorkbookPart {
        let entry = try package.entry(part)
        let context = PackagePartContext(source: "", limits: package.limits)
        if let memoized = try package.memoized(entry, kind: .workbook, in: PartMemos.workbooks, context: context, parse: { bytes, _ in
            let handler = Handler(maxSheets: package.limits.maxSheets)
            try package.parse(entry, bytes: bytes, names: Handler.names, handler: handler)
            return handler.result
        }) {
            return memoized.value
        }
        let handler = Handler(maxSheets: package.limits.maxSheets)
        try package.parse(part, kind: .workbook, names: Handler.names, handler: handler)
        return handler.result
    }

    private final class Handler: XMLStreamHandler {
        static let names = ["sheet", "name", "id", "state", "workbookPr", "date1904", "definedName", "localSheetId", "hidden"]
        var result = WorkbookPart()
        var pendingName: DefinedName?
        let maxSheets: Int

        init(maxSheets: Int) { self.maxSheets = maxSheets }

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                guard result.sheets.count < maxSheets else {
                    throw XMLStreamError(.limitExceeded, message: "the workbook lists more than \(maxSheets) sheets",
                                         line: parser.line, column: parser.column)
                }
                result.sheets.append(SheetEntry(name: attributes.string(1) ?? "", relationshipID: attributes.string(2) ?? "",
                                                state: attributes.string(3) ?? "visible"))
            case 4:
                if let v = attributes.value(5) { result.date1904 = v.equals("1") || v.equals("true") }
            case 6:
                pendingName = DefinedName(name: attributes.string(1) ?? "", formula: "",
                                          sheetIndex: attributes.value(7)?.int(),
                                          isHidden: attributes.value(8).map { $0.equals("1") || $0.equals("true") } ?? false)
                parser.beginText()
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {
            if name == 6, var pendingName {
                parser.endText()
                pendingName.formula = parser.text.string
                result.definedNames.append(pendingName)
                self.pendingName = nil
            }
        }
    }
}

/// A defined name (`<definedName>` in the workbook part), e.g. the source of a dropdown list.
public struct DefinedName: Sendable, Hashable {
    public var name: String
    /// The formula without `=`, e.g. `Lists!$A$1:$A$8`.
    public var formula: String
    /// The 0-based sheet index when the name is local to one sheet.
    public var sheetIndex: Int?
    public var isHidden: Bool

    public init(name: String, formula: String, sheetIndex: Int? = nil, isHidden: Bool = false) {
        self.name = name; self.formula = formula; self.sheetIndex = sheetIndex; self.isHidden = isHidden
    }
}
