import Foundation
import SheetCore
import TestSupport
import XLSXReading
import ZipArchive

/// Hand-made packages for tests: every part given as text, zipped with our own ZipWriter.
enum Fixture {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// `_rels/.rels` pointing at the workbook part `target`.
    static func rootRels(_ target: String = "xl/workbook.xml", type: String = rel) -> (String, String) {
        ("_rels/.rels", "<Relationships xmlns=\"\(pkgRel)\"><Relationship Id=\"rId1\" Type=\"\(type)/officeDocument\" Target=\"\(target)\"/></Relationships>")
    }

    /// A relationships part listing `(id, type suffix, target)`.
    static func rels(_ name: String, _ entries: [(String, String, String)], type: String = rel) -> (String, String) {
        (name, "<Relationships xmlns=\"\(pkgRel)\">" + entries.map { "<Relationship Id=\"\($0.0)\" Type=\"\(type)/\($0.1)\" Target=\"\($0.2)\"/>" }.joined() + "</Relationships>")
    }

    /// A workbook part with one sheet `name` → relationship `rId1`.
    static func workbookPart(_ part: String = "xl/workbook.xml", sheet name: String = "S") -> (String, String) {
        (part, "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"\(name)\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
    }

    /// Writes a zip with the given parts (name → text) and returns its path.
    static func package(_ parts: [(String, String)], name: String = "book.xlsx") throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("xlsx")
        let path = dir.appendingPathComponent(name).path
        let writer = try ZipWriter(path: path)
        for (part, text) in parts { try writer.addEntry(named: part, bytes: Array(text.utf8)) }
        try writer.close()
        return path
    }

    /// A one-sheet workbook with the usual part names; pass the worksheet body (inside `<worksheet>`).
    static func workbook(sheetData: String, sharedStrings: [String]? = nil, styles: String? = nil,
                         sheetName: String = "Sheet1", workbookPr: String = "", extraParts: [(String, String)] = [],
                         sheetRels: String? = nil) throws -> String {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", """
             <Relationships xmlns="\(pkgRel)"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
             """),
            ("xl/workbook.xml", """
             <workbook xmlns="\(main)" xmlns:r="\(rel)">\(workbookPr)<sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>
             """),
            ("xl/_rels/workbook.xml.rels", """
             <Relationships xmlns="\(pkgRel)"><Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/>\
             <Relationship Id="rId2" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>\
             <Relationship Id="rId3" Type="\(rel)/styles" Target="styles.xml"/></Relationships>
             """),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">\(sheetData)</worksheet>"),
        ]
        if let sharedStrings {
            parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\">" + sharedStrings.joined() + "</sst>"))
        }
        if let styles { parts.append(("xl/styles.xml", "<styleSheet xmlns=\"\(main)\">\(styles)</styleSheet>")) }
        if let sheetRels { parts.append(("xl/worksheets/_rels/sheet1.xml.rels", "<Relationships xmlns=\"\(pkgRel)\">\(sheetRels)</Relationships>")) }
        return try package(parts + extraParts)
    }

    /// Every non-empty cell of a sheet as `A1 → value`.
    static func values(_ path: String, sheet: Int = 0) throws -> [String: CellValue] {
        let workbook = try XLSXWorkbook(path: path)
        var out: [String: CellValue] = [:]
        try workbook.forEachRow(in: workbook.sheets[sheet]) { row, cells in
            for cell in cells where !cell.value.isEmpty {
                out[CellReference(row: row, column: cell.column).description] = cell.value
            }
        }
        return out
    }

    /// Runs a Python script (with openpyxl / xlsxwriter available) that writes `sys.argv[1]`.
    static func python(_ script: String, name: String = "peer.xlsx") throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("peer")
        let path = dir.appendingPathComponent(name).path
        let result = try TestSupport.python(script, [path])
        guard result.status == 0 else { throw TestSupport.ToolFailure(message: "python failed: \(result.stderr)") }
        return path
    }
}

extension CellValue {
    /// A date value for comparisons.
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CellValue { .date(DateTimeValue(year: y, month: m, day: d)) }

    var number: Double? {
        if case .number(let d, _) = self { return d }
        return nil
    }
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
