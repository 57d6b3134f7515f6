import CorpusSupport
import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXReading

/// The two-core parse of a big worksheet part (`WorksheetSegments.swift`) gives exactly what the sequential
/// parse gives: the same rows, grids and located errors. A zero threshold and small segments make small
/// files take the parallel path.
@Suite struct ParallelSheetTests {
    struct Outcome {
        var events: [String] = []
        var error: String?
        var segments: Int?
    }

    /// Every row a streaming read delivers, as text (then the error, if any).
    static func stream(_ path: String, parallel: Bool, segmentBytes: Int = 400, formulas: Bool = false,
                       limits: XLSXLimits = .default, stopAfterRows: Int? = nil) -> Outcome {
        var outcome = Outcome()
        do {
            let workbook = try XLSXWorkbook(path: path, limits: limits)
            workbook.parallelThreshold = parallel ? 0 : .max
            workbook.parallelSegmentBytes = segmentBytes
            struct Enough: Error {}
            do {
                try workbook.forEachRow(in: workbook.sheets[0], formulas: formulas) { row, cells in
                    outcome.events.append("\(row): " + cells.map { "\($0.column)=\($0.value) s\($0.styleIndex) f\($0.formula ?? "-")" }
                        .joined(separator: " | "))
                    if let stopAfterRows, outcome.events.count >= stopAfterRows { throw Enough() }
                }
            } catch is Enough {
                outcome.events.append("stopped")
            }
            outcome.segments = workbook.lastParallelSegments
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    /// A sheet read into a grid, as text (every cell, hidden rows, merged ranges, validations), or the error.
    static func grid(_ path: String, parallel: Bool, segmentBytes: Int = 400, limits: XLSXLimits = .default) -> Outcome {
        var outcome = Outcome()
        do {
            let workbook = try XLSXWorkbook(path: path, limits: limits)
            workbook.parallelThreshold = parallel ? 0 : .max
            workbook.parallelSegmentBytes = segmentBytes
            let grid = try workbook.grid(workbook.sheets[0])
            for (ref, cell) in grid.sortedCells { outcome.events.append("\(ref)=\(cell)") }
            outcome.events.append("hidden \(grid.hiddenRows.sorted())")
            outcome.events.append("merged \(grid.mergedRanges)")
            outcome.events.append("validations \(grid.listValidations)")
            outcome.segments = workbook.lastParallelSegments
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    static func firstDifference(_ a: [String], _ b: [String]) -> String {
        for k in 0..<max(a.count, b.count) where k >= a.count || k >= b.count || a[k] != b[k] {
            return "at \(k): \(k < a.count ? a[k] : "-") vs \(k < b.count ? b[k] : "-")"
        }
        return "none"
    }

    static let styles = """
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><name val="宋体"/></font><font><name val="Wingdings 2"/></font></fonts>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="0" fontId="1"/></cellXfs>
        """
    static let strings = (0..<20).map { "<si><t>共享文本 \($0)</t></si>" }

    /// Rows of every kind a split must respect: shared and inline strings, styled dates, booleans, errors,
    /// formulas (shared ones whose first cell is many segments back), hidden rows, rows and cells without
    /// references, comments and CDATA holding row tags; `extra(r)` is put before row r.
    static func bigSheet(rows: Int, references: Bool = true, extra: (Int) -> String = { _ in "" }) -> String {
        var body = "<dimension ref=\"A1:H\(rows)\"/><cols><col min=\"1\" max=\"2\" width=\"12\"/></cols><sheetData>"
        for r in 0..<rows {
            body += extra(r)
            let n = r + 1
            let rowRef = references || r % 50 == 0 ? " r=\"\(n)\"" : ""
            func ref(_ column: String) -> String { references && r % 3 != 1 ? " r=\"\(column)\(n)\"" : "" }
            let hidden = r % 17 == 5 ? " hidden=\"1\"" : ""
            body += "<row\(rowRef)\(hidden) spans=\"1:8\">"
            body += "<c\(ref("A"))><v>\(r)</v></c>"
            body += "<c\(ref("B")) t=\"s\"><v>\(r % 20)</v></c>"
            body += "<c\(ref("C")) t=\"inlineStr\"><is><t xml:space=\"preserve\"> 行 \(r) &amp; &lt;row r=\"9\"/&gt; </t></is></c>"
            body += "<c\(ref("D")) s=\"1\"><v>\(45000 + r)</v></c>"
            body += r % 7 == 0 ? "<c\(ref("E")) t=\"b\"><v>1</v></c>" : "<c\(ref("E")) t=\"e\"><v>#N/A</v></c>"
            if r == 2 {
                body += "<c\(ref("F"))><f t=\"shared\" ref=\"F3:F\(rows)\" si=\"0\">A3*2</f><v>4</v></c>"
            } else if r > 2 {
                body += "<c\(ref("F"))><f t=\"shared\" si=\"0\"/><v>\(2 * r)</v></c>"
            }
            if r % 11 == 0 { body += "<c\(ref("G"))><f>SUM(A1:A\(n))</f><v>\(r)</v></c>" }
            if r % 13 == 0 { body += "<!-- <row r=\"999\"><c r=\"A999\"><v>1</v></c></row> --><c\(ref("H"))><v><![CDATA[1\(r)]]></v></c>" }
            if r % 19 == 0 { body += "<c\(ref("H")) s=\"2\" t=\"str\"><v>☑</v></c>" }
            body += "</row>"
        }
        body += "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
        body += "<dataValidations count=\"1\"><dataValidation type=\"list\" sqref=\"E1:E9\"><formula1>\"☑,☐\"</formula1></dataValidation></dataValidations>"
        return body
    }

    static func book(_ sheetBody: String) throws -> String {
        try Fixture.workbook(sheetData: sheetBody, sharedStrings: strings, styles: styles)
    }

    @Test func bigSheetReadsTheSameOnBothPaths() throws {
        let path = try Self.book(Self.bigSheet(rows: 400))
        for formulas in [false, true] {
            let sequential = Self.stream(path, parallel: false, formulas: formulas)
            let parallel = Self.stream(path, parallel: true, formulas: formulas)
            #expect(sequential.error == nil)
            #expect(sequential.events.count == 400)
            #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
            #expect(parallel.error == sequential.error)
            #expect((parallel.segments ?? 0) > 20, "the parallel path was taken without falling back")
            #expect(sequential.segments == nil)
        }
        let sequential = Self.grid(path, parallel: false)
        let parallel = Self.grid(path, parallel: true)
        #expect(sequential.error == nil)
        #expect(sequential.events.contains { $0.hasPrefix("F400=") && $0.contains("A400*2") }, "shared formulas were resolved")
        #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
        #expect((parallel.segments ?? 0) > 20)
    }

    @Test func rowsAndCellsWithoutReferencesAreNumberedAsInSequence() throws {
        let path = try Self.book(Self.bigSheet(rows: 300, references: false))
        for formulas in [false, true] {
            let sequential = Self.stream(path, parallel: false, formulas: formulas)
            let parallel = Self.stream(path, parallel: true, formulas: formulas)
            #expect(sequential.error == nil)
            #expect(sequential.events.count == 300)
            #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
            #expect((parallel.segments ?? 0) > 10)
        }
        let sequential = Self.grid(path, parallel: false)
        let parallel = Self.grid(path, parallel: true)
        #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
        #expect(sequential.events.contains { $0.hasPrefix("hidden [5, 22,") })
    }

    @Test func gapsAndCellReferencesThatMoveTheRow() throws {
        // Rows with gaps, a cell whose reference moves the row on (the rows after it follow that row), and
        // rows without `r` after it.
        let path = try Self.book(Self.bigSheet(rows: 120) { r in
            switch r % 40 {
            case 10: return "<row r=\"\(r + 500)\"><c r=\"A\(r + 500)\"><v>1</v></c><c r=\"B\(r + 700)\"><v>2</v></c></row><row><c><v>3</v></c></row>"
            case 20: return "<row><c r=\"C\(r + 900)\"><v>4</v></c></row><row/>"
            default: return ""
            }
        })
        let sequential = Self.stream(path, parallel: false)
        let parallel = Self.stream(path, parallel: true)
        #expect(sequential.error == nil)
        #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
        #expect(parallel.segments != nil)
    }

    /// Every sheet of the reference corpus: the same rows (with formulas) and the same grid on both paths,
    /// cut into segments of a few rows.
    @Test(arguments: CorpusTests.corpus.workbooks)
    func corpusSheetsReadTheSameOnBothPaths(file: String) throws {
        let path = try CorpusTests.corpus.path(file)
        let sheets = try XLSXWorkbook(path: path).sheets
        for (index, sheet) in sheets.enumerated() where sheet.kind != .chartsheet {
            var outcomes: [[String]] = []
            for parallel in [false, true] {
                let workbook = try XLSXWorkbook(path: path)
                workbook.parallelThreshold = parallel ? 0 : .max
                workbook.parallelSegmentBytes = 200
                var events: [String] = []
                do {
                    try workbook.forEachRow(in: workbook.sheets[index], formulas: true) { row, cells in
                        events.append("\(row): " + cells.map { "\($0.column)=\($0.value) s\($0.styleIndex) f\($0.formula ?? "-")" }.joined(separator: " | "))
                    }
                    let grid = try workbook.grid(workbook.sheets[index])
                    events += grid.sortedCells.map { "\($0.0)=\($0.1)" }
                    events.append("hidden \(grid.hiddenRows.sorted()) merged \(grid.mergedRanges)")
                } catch {
                    events.append("error \(error)")
                }
                outcomes.append(events)
            }
            #expect(outcomes[1] == outcomes[0], "\(file) \(sheet.name): \(Self.firstDifference(outcomes[1], outcomes[0]))")
        }
    }

    // MARK: Falling back

    /// Both paths, streaming and into a grid, give the same rows and the same error text.
    private func expectSame(_ path: String, limits: XLSXLimits = .default, fallsBack: Bool, errorContains: String? = nil,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let sequential = Self.stream(path, parallel: false, limits: limits)
        let parallel = Self.stream(path, parallel: true, limits: limits)
        #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))", sourceLocation: sourceLocation)
        #expect(parallel.error == sequential.error, sourceLocation: sourceLocation)
        if let errorContains {
            #expect(sequential.error?.contains(errorContains) == true, "\(sequential.error ?? "no error")", sourceLocation: sourceLocation)
        }
        if fallsBack, sequential.error == nil { #expect(parallel.segments == nil, sourceLocation: sourceLocation) }
        let sequentialGrid = Self.grid(path, parallel: false, limits: limits)
        let parallelGrid = Self.grid(path, parallel: true, limits: limits)
        #expect(parallelGrid.events == sequentialGrid.events, sourceLocation: sourceLocation)
        #expect(parallelGrid.error == sequentialGrid.error, sourceLocation: sourceLocation)
    }

    @Test func malformedXMLInASegmentGivesTheSequentialLocation() throws {
        let path = try Self.book(Self.bigSheet(rows: 200) { r in r == 150 ? "<row r=\"151\"><c><v>1</c></row>" : "" })
        expectSame(path, fallsBack: true, errorContains: "sheet1.xml")
        let sequential = Self.stream(path, parallel: false)
        #expect(sequential.events.count == 150, "the rows before the error are delivered once")
    }

    @Test func limitsHitInsideASegment() throws {
        var limits = XLSXLimits.default
        limits.maxTextBytes = 5000
        let long = String(repeating: "长", count: 2000)
        let text = try Self.book(Self.bigSheet(rows: 200) { r in r == 120 ? "<row r=\"121\"><c t=\"inlineStr\"><is><t>\(long)</t></is></c></row>" : "" })
        expectSame(text, limits: limits, fallsBack: true, errorContains: "5000")

        var attributes = XLSXLimits.default
        attributes.maxAttributesPerElement = 3
        let many = try Self.book(Self.bigSheet(rows: 200) { r in r == 130 ? "<row r=\"131\" a=\"1\" b=\"2\" c=\"3\" d=\"4\"/>" : "" })
        expectSame(many, limits: attributes, fallsBack: true, errorContains: "attributes")

        let tooMany = try Self.book(Self.bigSheet(rows: 200) { r in
            r == 199 ? "<row r=\"1048575\"><c><v>1</v></c></row><row><c><v>2</v></c></row><row><c><v>3</v></c></row>" : ""
        })
        expectSame(tooMany, fallsBack: true, errorContains: "more rows than a sheet can hold")
    }

    @Test func locatedCellErrorsInASegment() throws {
        let path = try Self.book(Self.bigSheet(rows: 200) { r in r == 160 ? "<row r=\"161\"><c r=\"B161\" t=\"s\"><v>99</v></c></row>" : "" })
        expectSame(path, fallsBack: true, errorContains: "Sheet1!B161")
    }

    @Test func whatASegmentMustNotHoldFallsBack() throws {
        // A merged cell, a column or a cell reference moving a row that has cells (before any row number):
        // all read by the sequential parse.
        let merged = try Self.book(Self.bigSheet(rows: 150) { r in r == 90 ? "<mergeCell ref=\"A2:C2\"/>" : "" })
        expectSame(merged, fallsBack: true)
        #expect(Self.grid(merged, parallel: true).events.contains { $0.hasPrefix("merged") && $0.contains("A2:C2") })
        let column = try Self.book(Self.bigSheet(rows: 150) { r in r == 70 ? "<col min=\"3\" max=\"3\" hidden=\"1\"/>" : "" })
        expectSame(column, fallsBack: true)
        let moving = try Self.book(Self.bigSheet(rows: 150, references: false) { r in
            r == 80 ? "<row><c><v>1</v></c><c r=\"B90\"><v>2</v></c></row>" : ""
        })
        expectSame(moving, fallsBack: true)
        // A shared formula whose first cell comes later than its users: resolved by the sequential parse.
        let late = try Self.book(Self.bigSheet(rows: 150) { r in
            r == 60 ? "<row r=\"5000\"><c r=\"A5000\"><f t=\"shared\" si=\"7\"/><v>1</v></c></row>" : ""
        })
        let sequential = Self.stream(late, parallel: false, formulas: true)
        let parallel = Self.stream(late, parallel: true, formulas: true)
        #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
    }

    @Test func sharedStringsFilledInByTheMaster() throws {
        // An empty shared string (no cell, as in sequence) and a cell whose shared string is followed by an
        // inline one (the sequential parse keeps the last: falls back).
        let strings = Self.strings + ["<si><t></t></si>"]
        let empty = try Fixture.workbook(sheetData: Self.bigSheet(rows: 150) { r in
            r % 30 == 7 ? "<row r=\"\(r + 1)\"><c r=\"A\(r + 1)\" t=\"s\"><v>20</v></c><c r=\"B\(r + 1)\" t=\"s\"><f>X1</f><v>20</v></c></row>" : ""
        }, sharedStrings: strings, styles: Self.styles)
        for formulas in [false, true] {
            let sequential = Self.stream(empty, parallel: false, formulas: formulas)
            let parallel = Self.stream(empty, parallel: true, formulas: formulas)
            #expect(sequential.events.contains { $0.hasSuffix(": 1=string(\"\") s0 fX1") } == formulas)
            #expect(parallel.events == sequential.events, "\(Self.firstDifference(parallel.events, sequential.events))")
            #expect(parallel.segments != nil)
        }
        let odd = try Self.book(Self.bigSheet(rows: 150) { r in
            r == 100 ? "<row r=\"101\"><c r=\"A101\" t=\"s\"><v>3</v><is><t>inline</t></is></c></row>" : ""
        })
        expectSame(odd, fallsBack: true)
        #expect(Self.stream(odd, parallel: true).events.contains { $0.contains("0=string(\"inline\")") })
    }

    @Test func aCallbackErrorStopsWithoutFallingBack() throws {
        let path = try Self.book(Self.bigSheet(rows: 300))
        let sequential = Self.stream(path, parallel: false, stopAfterRows: 170)
        let parallel = Self.stream(path, parallel: true, stopAfterRows: 170)
        #expect(sequential.events.count == 171)
        #expect(parallel.events == sequential.events)
    }

    @Test func prefixedAndOddDocumentsStaySequential() throws {
        // A prefixed SpreadsheetML document has no `<row` to cut at: read by the master alone.
        var body = "<x:sheetData>"
        for r in 1...200 { body += "<x:row r=\"\(r)\"><x:c r=\"A\(r)\"><x:v>\(r)</x:v></x:c></x:row>" }
        body += "</x:sheetData>"
        let path = try Fixture.package([
            Fixture.rootRels(), Fixture.workbookPart(),
            Fixture.rels("xl/_rels/workbook.xml.rels", [("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                        ("rId2", "sharedStrings", "sharedStrings.xml")]),
            ("xl/worksheets/sheet1.xml", "<x:worksheet xmlns:x=\"\(Fixture.main)\">\(body)</x:worksheet>"),
            // Shared strings keep the sheet away from the part memo (which takes small sheets without them).
            ("xl/sharedStrings.xml", "<sst xmlns=\"\(Fixture.main)\"><si><t>x</t></si></sst>"),
        ])
        let sequential = Self.stream(path, parallel: false)
        let parallel = Self.stream(path, parallel: true)
        #expect(sequential.events.count == 200)
        #expect(parallel.events == sequential.events)
        #expect(parallel.segments == 0)
    }
}
