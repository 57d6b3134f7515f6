import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// How packages are laid out: relationships, part names, namespaces, sheets.
@Suite struct PackageStructureTests {
    static let sheet = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ok</t></is></c></row></sheetData>"

    /// Workbook elsewhere than xl/, absolute and backslashed targets, odd case in part names.
    @Test(arguments: [
        ("absoluteRelationshipTargets", "/xl/workbook.xml", "xl/workbook.xml", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("backslashTargets", "xl\\workbook.xml", "xl/workbook.xml", "worksheets\\sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("caseInsensitivePartNames", "XL/Workbook.xml", "xl/workbook.xml", "Worksheets/SHEET1.xml", "xl/worksheets/sheet1.xml"),
        ("workbookNotUnderXl", "book/main.xml", "book/main.xml", "../sheets/first.xml", "sheets/first.xml"),
        ("dotSegments", "./xl/./workbook.xml", "xl/workbook.xml", "./worksheets/../worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ])
    func relationshipTargets(label: String, workbookTarget: String, workbookPart: String, sheetTarget: String, sheetPart: String) throws {
        let rels = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let workbookFile = workbookPart.split(separator: "/").last!
        let path = try Fixture.package([
            Fixture.rootRels(workbookTarget),
            (workbookPart, "<workbook xmlns=\"\(Fixture.main)\" xmlns:r=\"\(Fixture.rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>"),
            ((rels.isEmpty ? "" : rels + "/") + "_rels/\(workbookFile).rels",
             "<Relationships xmlns=\"\(Fixture.pkgRel)\"><Relationship Id=\"rId7\" Type=\"\(Fixture.rel)/worksheet\" Target=\"\(sheetTarget)\"/></Relationships>"),
            (sheetPart, "<worksheet xmlns=\"\(Fixture.main)\">\(Self.sheet)</worksheet>"),
        ])
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["S"], "\(label)")
        #expect(workbook.sheets.first?.part?.lowercased() == sheetPart.lowercased(), "\(label)")
        #expect(try Fixture.values(path) == ["A1": .string("ok")], "\(label)")
    }

    @Test func namespacePrefixedSheet() throws {
        let x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let path = try Fixture.package([
            Fixture.rootRels(),
            ("xl/workbook.xml", "<x:workbook xmlns:x=\"\(x)\" xmlns:r=\"\(Fixture.rel)\"><x:sheets><x:sheet name=\"P\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(Fixture.pkgRel)\"><Relationship Id=\"rId1\" Type=\"\(Fixture.rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(Fixture.rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
            ("xl/sharedStrings.xml", "<x:sst xmlns:x=\"\(x)\"><x:si><x:t>prefixed</x:t></x:si></x:sst>"),
            ("xl/worksheets/sheet1.xml", "<x:worksheet xmlns:x=\"\(x)\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C2\"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>"),
        ])
        #expect(try Fixture.values(path) == ["B2": .string("prefixed"), "C2": .number(7, raw: "7")])
    }

    @Test func strictOOXMLNamespaces() throws {
        let main = "http://purl.oclc.org/ooxml/spreadsheetml/main"
        let rel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
        let path = try Fixture.package([
            Fixture.rootRels(type: rel),
            ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Strict\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(Fixture.pkgRel)\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"strings.xml\"/></Relationships>"),
            ("xl/strings.xml", "<sst xmlns=\"\(main)\"><si><t>strict</t></si></sst>"),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>"),
        ])
        #expect(try Fixture.values(path) == ["A1": .string("strict")])
    }

    /// Rows and cells without `r`, and a `<dimension>` that lies.
    @Test func rowsAndCellsWithoutReferences() throws {
        let path = try Fixture.workbook(sheetData: """
            <dimension ref="A1:B2"/><sheetData>\
            <row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>\
            <row r="4"><c><v>41</v></c></row>\
            <row><c r="C5"><v>53</v></c><c><v>54</v></c></row>\
            </sheetData>
            """)
        let values = try Fixture.values(path)
        #expect(values.mapValues { $0.number } == ["A1": 1, "B1": 2, "E1": 5, "F1": 6, "A4": 41, "C5": 53, "D5": 54])
        let workbook = try XLSXWorkbook(path: path)
        #expect(try workbook.usedRange(workbook.sheets[0]) == CellRange("A1:F5"))
    }

    @Test func sheetsNamesOrderAndVisibility() throws {
        let path = try Fixture.package([
            Fixture.rootRels(),
            ("xl/workbook.xml", """
             <workbook xmlns="\(Fixture.main)" xmlns:r="\(Fixture.rel)"><sheets>\
             <sheet name="填报" sheetId="3" r:id="rId3"/><sheet name="R&amp;D" sheetId="1" state="hidden" r:id="rId1"/>\
             <sheet name="lists" sheetId="2" state="veryHidden" r:id="rId2"/></sheets>\
             <definedNames><definedName name="渠道">lists!$A$1:$A$8</definedName>\
             <definedName name="_xlnm.Print_Area" localSheetId="0" hidden="1">填报!$A$1:$K$30</definedName></definedNames></workbook>
             """),
            ("xl/_rels/workbook.xml.rels", """
             <Relationships xmlns="\(Fixture.pkgRel)"><Relationship Id="rId1" Type="\(Fixture.rel)/worksheet" Target="worksheets/sheet1.xml"/>\
             <Relationship Id="rId2" Type="\(Fixture.rel)/worksheet" Target="worksheets/sheet2.xml"/>\
             <Relationship Id="rId3" Type="\(Fixture.rel)/worksheet" Target="worksheets/sheet3.xml"/></Relationships>
             """),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>"),
            ("xl/worksheets/sheet2.xml", "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>"),
            ("xl/worksheets/sheet3.xml", "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>3</v></c></row></sheetData></worksheet>"),
        ])
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["填报", "R&D", "lists"])
        #expect(workbook.sheets.map(\.visibility) == [.visible, .hidden, .veryHidden])
        #expect(workbook.sheets.map(\.index) == [0, 1, 2])
        #expect(workbook.definedNames == [
            DefinedName(name: "渠道", formula: "lists!$A$1:$A$8", sheetIndex: nil, isHidden: false),
            DefinedName(name: "_xlnm.Print_Area", formula: "填报!$A$1:$K$30", sheetIndex: 0, isHidden: true),
        ])
        #expect(try Fixture.values(path, sheet: 0)["A1"]?.number == 3)
        #expect(try workbook.grid(named: "r&d").value(CellReference(row: 0, column: 0)).number == 1)
        let error = try #require(throws: XLSXError.self) { try workbook.sheet(named: "nope") }
        #expect(error.kind == .noSuchSheet)
    }

    @Test func missingWorkbookPartIsLocated() throws {
        let path = try Fixture.package([("_rels/.rels", "<Relationships xmlns=\"\(Fixture.pkgRel)\"/>"), ("hello.txt", "hi")])
        let error = try #require(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error.kind == .missingPart)
        #expect(error.description.contains(path))
    }

    @Test func missingSheetPartIsLocated() throws {
        let path = try Fixture.workbook(sheetData: "")
        // Rebuild without the sheet part.
        let broken = try Fixture.package([
            Fixture.rootRels(),
            Fixture.workbookPart(sheet: "Gone"),
            Fixture.rels("xl/_rels/workbook.xml.rels", [("rId1", "worksheet", "worksheets/sheet9.xml")]),
        ])
        #expect(try Fixture.values(path).isEmpty)
        let workbook = try XLSXWorkbook(path: broken)
        let error = try #require(throws: XLSXError.self) { try workbook.grid(workbook.sheets[0]) }
        #expect(error.kind == .missingPart)
        #expect(error.location.part == "xl/worksheets/sheet9.xml")
        #expect(error.description.contains("[xl/worksheets/sheet9.xml]"))
    }

    @Test func macroEnabledAndTemplateExtensionsReadAlike() throws {
        let path = try Fixture.workbook(sheetData: Self.sheet)
        for ext in ["xlsm", "xltx"] {
            let copy = path.replacingOccurrences(of: ".xlsx", with: "." + ext)
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            #expect(try Fixture.values(copy) == ["A1": .string("ok")])
        }
    }
}
