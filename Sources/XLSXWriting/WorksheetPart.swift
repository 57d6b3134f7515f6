import SheetCore
import XMLStream

/// Row formatting: height in points, hidden.
public struct RowFormat: Hashable, Sendable {
    public var height: Double?
    public var hidden: Bool
    public init(height: Double? = nil, hidden: Bool = false) {
        self.height = height
        self.hidden = hidden
    }
}

/// Relationship ids a worksheet part uses (hyperlinks, notes), assigned in a fixed order.
struct SheetRelationships {
    /// External links in cell order, with their relationship ids.
    var externalLinks: [(cell: CellReference, url: String, id: String)] = []
    var drawingID: String?
    var legacyDrawingID: String?
    var commentsID: String?

    init(_ sheet: Sheet) {
        var n = 0
        for (cell, link) in sheet.hyperlinks.sorted(by: { $0.key < $1.key }) {
            if let url = link.url {
                n += 1
                externalLinks.append((cell, url, "rId\(n)"))
            }
        }
        if !sheet.charts.isEmpty {
            n += 1
            drawingID = "rId\(n)"
        }
        if !sheet.comments.isEmpty {
            legacyDrawingID = "rId\(n + 1)"
            commentsID = "rId\(n + 2)"
        }
    }

    var isEmpty: Bool { externalLinks.isEmpty && drawingID == nil && legacyDrawingID == nil }
}

// The worksheet part (`xl/worksheets/sheetN.xml`), written head → rows → tail.
extension Sheet {
    /// A `<dimension>` element as long as the longest possible one, overwritten once a streamed sheet's
    /// used range is known (XML allows the white space that pads the real one).
    static let dimensionPlaceholder = "<dimension ref=\"XFD1048576:XFD1048576\"/>"

    /// `<dimension ref="…"/>` padded with spaces to the placeholder's length.
    static func paddedDimension(_ range: CellRange?) -> [UInt8] {
        var bytes = Array("<dimension ref=\"\(range?.description ?? "A1")\"/>".utf8)
        bytes += [UInt8](repeating: 0x20, count: max(0, dimensionPlaceholder.utf8.count - bytes.count))
        return bytes
    }

    /// Everything before the first `<row>`.
    /// - Returns: where the dimension placeholder starts in `w.bytes` when `dimension` is nil.
    @discardableResult
    func writeHead(_ w: inout XMLWriter, dimension: CellRange?) -> Int? {
        var placeholder: Int?
        w.declaration()
        w.raw("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        let fit = pageSetup?.fitToWidth ?? false
        if fit || tabColor != nil {
            w.raw("<sheetPr>")
            if let tabColor { w.empty("tabColor", [("rgb", tabColor.argb)]) }
            if fit { w.raw("<pageSetUpPr fitToPage=\"1\"/>") }
            w.raw("</sheetPr>")
        }
        if let dimension {
            w.empty("dimension", [("ref", dimension.description)])
        } else {
            placeholder = w.bytes.count
            w.raw(Self.dimensionPlaceholder)
        }
        w.raw("<sheetViews><sheetView")
        if !showGridLines { w.raw(" showGridLines=\"0\"") }
        if isActive { w.raw(" tabSelected=\"1\"") }
        w.raw(" workbookViewId=\"0\"")
        if let pane = freezePanes {
            w.raw(">")
            let topLeft = CellReference(row: pane.rows, column: pane.columns).description
            let activePane = pane.rows > 0 && pane.columns > 0 ? "bottomRight" : pane.rows > 0 ? "bottomLeft" : "topRight"
            var attributes: [(String, String)] = []
            if pane.columns > 0 { attributes.append(("xSplit", String(pane.columns))) }
            if pane.rows > 0 { attributes.append(("ySplit", String(pane.rows))) }
            attributes += [("topLeftCell", topLeft), ("activePane", activePane), ("state", "frozen")]
            w.empty("pane", attributes)
            w.empty("selection", [("pane", activePane), ("activeCell", topLeft), ("sqref", topLeft)])
            w.raw("</sheetView>")
        } else {
            w.raw("/>")
        }
        w.raw("</sheetViews><sheetFormatPr defaultRowHeight=\"13.5\"/>")
        if !columns.isEmpty {
            w.raw("<cols>")
            let sorted = columns.keys.sorted()
            var i = 0
            while i < sorted.count {
                let first = sorted[i]
                let format = columns[first] ?? ColumnFormat()
                var last = first
                while i + 1 < sorted.count, sorted[i + 1] == last + 1, columns[sorted[i + 1]] == format {
                    i += 1
                    last = sorted[i]
                }
                var attributes = [("min", String(first + 1)), ("max", String(last + 1))]
                attributes.append(("width", formatNumber(format.width ?? 9)))
                if let style = format.style { attributes.append(("style", String(style.index))) }
                if format.hidden { attributes.append(("hidden", "1")) }
                if format.width != nil { attributes.append(("customWidth", "1")) }
                w.empty("col", attributes)
                i += 1
            }
            w.raw("</cols>")
        }
        w.raw("<sheetData>")
        return placeholder
    }

    /// `<row …>` start tag.
    @inline(__always) func writeRowStart(_ w: inout XMLWriter, row: Int, format: RowFormat?) {
        w.raw("<row r=\"")
        w.integer(row + 1)
        w.byte(UInt8(ascii: "\""))
        if let format {
            if let height = format.height {
                w.raw(" ht=\"")
                w.double(height)
                w.raw("\" customHeight=\"1\"")
            }
            if format.hidden { w.raw(" hidden=\"1\"") }
        }
        w.byte(UInt8(ascii: ">"))
    }

    /// One `<c>` element; empty unstyled cells write nothing.
    /// - Throws: `.textTooLong`, `.invalidValue` with the cell's location.
    @inline(__always)
    func writeCell(_ w: inout XMLWriter, _ tags: inout CellTags, row: Int, column: Int, value: CellValue, formula: String?,
                   style: StyleID) throws(XLSXWriteError) {
        if formula == nil {
            switch value {
            case .empty:
                if style.index == 0 { return }
            case .string(let s) where s.isEmpty:
                if style.index == 0 { return }
            default:
                break
            }
        }
        var style = style
        if case .date(let d) = value { style = state.dateStyle(style, kind: d.kind) }
        tags.open(&w, row: row, column: column, style: style.index)
        if let formula {
            var text = Substring(formula)
            if text.hasPrefix("=") { text = text.dropFirst() }
            switch value {
            case .string: w.raw(" t=\"str\"")
            case .bool: w.raw(" t=\"b\"")
            case .error: w.raw(" t=\"e\"")
            default: break
            }
            w.raw("><f>")
            w.text(String(text))
            w.raw("</f>")
            switch value {
            case .empty: break
            case .string(let s):
                try checkLength(s, row, column)
                w.raw("<v>"); w.text(s); w.raw("</v>")
            default:
                try writeValueBody(&w, value, row, column)
            }
            w.raw("</c>")
            return
        }
        switch value {
        case .empty:
            w.raw("/>")
        case .string(let s):
            if s.isEmpty {
                w.raw("/>")
                return
            }
            try checkLength(s, row, column)
            if state.options.strings == .shared {
                w.raw(" t=\"s\"><v>")
                w.integer(state.strings.id(for: s))
                w.raw("</v></c>")
            } else {
                w.raw(needsPreserve(s) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>")
                w.text(s)
                w.raw("</t></is></c>")
            }
        case .bool(let b):
            w.raw(b ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        case .error(let e):
            w.raw(" t=\"e\"><v>")
            w.text(e)
            w.raw("</v></c>")
        default:
            w.byte(UInt8(ascii: ">"))
            try writeValueBody(&w, value, row, column)
            w.raw("</c>")
        }
    }

    /// `<v>…</v>` for numbers and dates (and other cached formula values).
    private func writeValueBody(_ w: inout XMLWriter, _ value: CellValue, _ row: Int, _ column: Int) throws(XLSXWriteError) {
        switch value {
        case .number(let d, _):
            guard d.isFinite else {
                throw error(.invalidValue, CellReference(row: row, column: column), "\(d) cannot be stored in a spreadsheet")
            }
            w.raw("<v>"); w.double(d); w.raw("</v>")
        case .date(let date):
            guard let serial = ExcelDate.serial(date) else {
                throw error(.invalidValue, CellReference(row: row, column: column), "date \(date) is before 1900-01-01 or invalid; Excel cannot store it")
            }
            w.raw("<v>"); w.double(serial); w.raw("</v>")
        case .bool(let b):
            w.raw(b ? "<v>1</v>" : "<v>0</v>")
        case .error(let e):
            w.raw("<v>"); w.text(e); w.raw("</v>")
        case .string(let s):
            w.raw("<v>"); w.text(s); w.raw("</v>")
        case .empty:
            break
        }
    }

    @inline(__always) func checkLength(_ s: String, _ row: Int, _ column: Int) throws(XLSXWriteError) {
        if s.utf8.count > 32_767 {
            let length = s.utf16.count
            if length > 32_767 {
                throw error(.textTooLong, CellReference(row: row, column: column), "text is \(length) characters long; Excel allows 32,767 per cell")
            }
        }
    }

    @inline(__always) func writeColumnName(_ w: inout XMLWriter, _ column: Int) {
        Self.writeColumnName(&w, column)
    }

    @inline(__always) static func writeColumnName(_ w: inout XMLWriter, _ column: Int) {
        if column < 26 {
            w.byte(UInt8(truncatingIfNeeded: column) &+ 65)
        } else if column < 702 {
            let c = column - 26
            w.byte(UInt8(truncatingIfNeeded: c / 26) &+ 65)
            w.byte(UInt8(truncatingIfNeeded: c % 26) &+ 65)
        } else {
            let c = column - 702
            w.byte(UInt8(truncatingIfNeeded: c / 676) &+ 65)
            w.byte(UInt8(truncatingIfNeeded: (c / 26) % 26) &+ 65)
            w.byte(UInt8(truncatingIfNeeded: c % 26) &+ 65)
        }
    }

    /// Everything after the last `</row>`.
    func writeTail(_ w: inout XMLWriter, relationships: SheetRelationships) {
        w.raw("</sheetData>")
        if let protection {
            var a: [(String, String)] = []
            if let password = protection.password { a.append(("password", SheetProtection.legacyHash(password))) }
            a += [("sheet", "1"), ("objects", "1"), ("scenarios", "1")]
            if protection.allowFormatCells { a.append(("formatCells", "0")) }
            if protection.allowFormatColumns { a.append(("formatColumns", "0")) }
            if protection.allowFormatRows { a.append(("formatRows", "0")) }
            if protection.allowInsertRows { a.append(("insertRows", "0")) }
            if protection.allowDeleteRows { a.append(("deleteRows", "0")) }
            if !protection.allowSelectLockedCells { a.append(("selectLockedCells", "1")) }
            if protection.allowSort { a.append(("sort", "0")) }
            if protection.allowAutoFilter { a.append(("autoFilter", "0")) }
            if !protection.allowSelectUnlockedCells { a.append(("selectUnlockedCells", "1")) }
            w.empty("sheetProtection", a)
        }
        if let autoFilter { w.empty("autoFilter", [("ref", autoFilter.description)]) }
        if !merges.isEmpty {
            w.start("mergeCells", [("count", String(merges.count))])
            for range in merges { w.empty("mergeCell", [("ref", range.description)]) }
            w.end("mergeCells")
        }
        if !validations.isEmpty {
            w.start("dataValidations", [("count", String(validations.count))])
            for validation in validations { writeValidation(&w, validation) }
            w.end("dataValidations")
        }
        if !hyperlinks.isEmpty {
            w.raw("<hyperlinks>")
            var external = relationships.externalLinks.makeIterator()
            for (cell, link) in hyperlinks.sorted(by: { $0.key < $1.key }) {
                var a = [("ref", cell.description)]
                if link.url != nil, let rel = external.next() { a.append(("r:id", rel.id)) }
                if let location = link.location { a.append(("location", location)) }
                if let tooltip = link.tooltip { a.append(("tooltip", tooltip)) }
                w.empty("hyperlink", a)
            }
            w.raw("</hyperlinks>")
        }
        let setup = pageSetup ?? PageSetup()
        if setup.centerHorizontally { w.raw("<printOptions horizontalCentered=\"1\"/>") }
        let m = setup.margins
        w.empty("pageMargins", [("left", formatNumber(m.left)), ("right", formatNumber(m.right)), ("top", formatNumber(m.top)),
                                ("bottom", formatNumber(m.bottom)), ("header", formatNumber(m.header)), ("footer", formatNumber(m.footer))])
        if let pageSetup {
            var a = [("paperSize", String(pageSetup.paper.rawValue))]
            if pageSetup.fitToWidth { a += [("fitToWidth", "1"), ("fitToHeight", "0")] }
            a.append(("orientation", pageSetup.orientation.rawValue))
            w.empty("pageSetup", a)
            if pageSetup.header != nil || pageSetup.footer != nil {
                w.raw("<headerFooter>")
                if let header = pageSetup.header { w.element("oddHeader", text: Self.sectioned(header)) }
                if let footer = pageSetup.footer { w.element("oddFooter", text: Self.sectioned(footer)) }
                w.raw("</headerFooter>")
            }
        }
        if !numberAsTextRanges.isEmpty {
            w.raw("<ignoredErrors>")
            w.empty("ignoredError", [("sqref", numberAsTextRanges.map(\.description).joined(separator: " ")), ("numberStoredAsText", "1")])
            w.raw("</ignoredErrors>")
        }
        if let id = relationships.drawingID { w.empty("drawing", [("r:id", id)]) }
        if let id = relationships.legacyDrawingID { w.empty("legacyDrawing", [("r:id", id)]) }
        w.raw("</worksheet>")
    }

    /// Header/footer text with a section code: text without `&L`, `&C` or `&R` goes in the centre
    /// (Excel's reading; openpyxl and others need the code spelled out).
    static func sectioned(_ text: String) -> String {
        let upper = text.uppercased()
        return upper.contains("&L") || upper.contains("&C") || upper.contains("&R") ? text : "&C" + text
    }

    private func writeValidation(_ w: inout XMLWriter, _ v: DataValidation) {
        var a: [(String, String)] = []
        var formula1: String
        var formula2: String?
        var op: DataValidation.Operator?
        switch v.rule {
        case .list(let options):
            a.append(("type", "list"))
            let joined = options.joined(separator: ",")
            let inlineOK = joined.utf16.count <= 255 && !options.contains { $0.contains(",") || $0.contains("\"") }
            formula1 = inlineOK ? "\"" + joined + "\"" : state.listSource(for: options)
        case .listSource(let source):
            a.append(("type", "list"))
            formula1 = source.hasPrefix("=") ? String(source.dropFirst()) : source
        case .wholeNumber(let o, let x, let y):
            a.append(("type", "whole")); op = o
            formula1 = formatNumber(x); formula2 = y.map(formatNumber)
        case .decimal(let o, let x, let y):
            a.append(("type", "decimal")); op = o
            formula1 = formatNumber(x); formula2 = y.map(formatNumber)
        case .date(let o, let x, let y):
            a.append(("type", "date")); op = o
            formula1 = formatNumber(ExcelDate.serial(x) ?? 0); formula2 = y.map { formatNumber(ExcelDate.serial($0) ?? 0) }
        case .textLength(let o, let x, let y):
            a.append(("type", "textLength")); op = o
            formula1 = String(x); formula2 = y.map { String($0) }
        case .custom(let formula):
            a.append(("type", "custom"))
            formula1 = formula.hasPrefix("=") ? String(formula.dropFirst()) : formula
        }
        if v.errorStyle != .stop { a.append(("errorStyle", v.errorStyle.rawValue)) }
        if let op, op != .between { a.append(("operator", op.rawValue)) }
        if v.allowBlank { a.append(("allowBlank", "1")) }
        a.append(("showInputMessage", "1"))
        if v.showErrorAlert { a.append(("showErrorMessage", "1")) }
        if let t = v.errorTitle { a.append(("errorTitle", t)) }
        if let t = v.errorMessage { a.append(("error", t)) }
        if let t = v.inputTitle { a.append(("promptTitle", t)) }
        if let t = v.inputMessage { a.append(("prompt", t)) }
        a.append(("sqref", v.ranges.map(\.description).joined(separator: " ")))
        w.start("dataValidation", a)
        w.element("formula1", text: formula1)
        if let formula2 { w.element("formula2", text: formula2) }
        w.end("dataValidation")
    }
}

/// The bytes every cell starts with, made once per column, row and style rather than cell by cell:
/// `<c r="` + column letters, the row's digits and `"`, and ` s="N"` for a style. (The same bytes as
/// writing them piece by piece; the XML is most of a large write's work.)
struct CellTags {
    private var columnOpen: [[UInt8]] = []
    private var styleAttribute: [[UInt8]] = []
    private var row = -1
    private var rowDigits: [UInt8] = []
    /// The column of the previous cell written in `row` (-2 before the row's first cell).
    private var lastColumn = -2
    /// Leave out `r="…"` on a cell that directly follows the previous one (`Options.implicitCellReferences`).
    var implicitReferences = false

    /// Forgets the current row, so that its next cell writes a full reference (after a row is taken back).
    mutating func forgetRow() { row = -1 }

    /// Enters row 0 as if a cell had been written just before column 0 (for `PreparedCell`).
    mutating func startRowForPreparing() {
        row = 0
        rowDigits = Array("1\"".utf8)
        lastColumn = -1
    }

    /// `<c r="A1"` (just `<c` for an implicit reference) and, for a style other than the default, ` s="N"`.
    @inline(__always)
    mutating func open(_ w: inout XMLWriter, row: Int, column: Int, style: Int) {
        if row != self.row {
            var t = XMLWriter(capacity: 16)
            t.integer(row + 1)
            t.byte(UInt8(ascii: "\""))
            rowDigits = t.bytes
            self.row = row
            lastColumn = -2
        }
        if implicitReferences && column == lastColumn + 1 {
            w.bytes.append(UInt8(ascii: "<"))
            w.bytes.append(UInt8(ascii: "c"))
        } else {
            while columnOpen.count <= column {
                var t = XMLWriter(capacity: 16)
                t.raw("<c r=\"")
                Sheet.writeColumnName(&t, columnOpen.count)
                columnOpen.append(t.bytes)
            }
            w.bytes.append(contentsOf: columnOpen[column])
            w.bytes.append(contentsOf: rowDigits)
        }
        lastColumn = column
        if style != 0 {
            while styleAttribute.count <= style {
                var t = XMLWriter(capacity: 16)
                t.raw(" s=\"")
                t.integer(styleAttribute.count)
                t.byte(UInt8(ascii: "\""))
                styleAttribute.append(t.bytes)
            }
            w.bytes.append(contentsOf: styleAttribute[style])
        }
    }
}
