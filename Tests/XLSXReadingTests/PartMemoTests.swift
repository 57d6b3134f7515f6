import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXReading
import ZipArchive

/// Parts with the same bytes in many workbooks are parsed once: the results must be exactly what a fresh
/// parse gives, for every workbook, and never cross differing styles, limits or failures.
@Suite struct PartMemoTests {
    @Test func probeParsesThenRecordsThenHits() {
        let memo = PartMemo<Int, String>(capacity: 2)
        func key(_ crc: UInt32, _ text: String, method: Int32 = 8) -> PartMemo<Int, String>.Key {
            .init(crc: crc, method: method, declaredSize: 100, compressed: Array(text.utf8))
        }
        let a = key(1, "<a/>")
        guard case .parse = memo.probe(a, context: 0) else { Issue.record("first sighting"); return }
        guard case .record = memo.probe(a, context: 0) else { Issue.record("second sighting"); return }
        memo.store(a, context: 0, value: "A", inflatedSize: 100)
        guard case .hit("A", 100) = memo.probe(a, context: 0) else { Issue.record("hit"); return }
        // Same checksum, other bytes or method: no hit. Same bytes, other context: no hit.
        if case .hit = memo.probe(key(1, "<b/>"), context: 0) { Issue.record("bytes must be compared") }
        if case .hit = memo.probe(key(1, "<a/>", method: 0), context: 0) { Issue.record("method must be compared") }
        if case .hit = memo.probe(a, context: 1) { Issue.record("context must be compared") }
        // Least recently used dropped past the capacity.
        memo.store(key(2, "<b/>"), context: 0, value: "B", inflatedSize: 4)
        memo.store(key(3, "<c/>"), context: 0, value: "C", inflatedSize: 4)
        #expect(memo.count == 2)
        if case .hit = memo.probe(a, context: 0) { Issue.record("evicted") }
    }

    @Test func aRepeatedPartStillCountsAgainstTheArchiveTotal() throws {
        let marker = UUID().uuidString
        let sheet = Self.sheet + "<!-- \(marker) -->"
        let small = try Fixture.workbook(sheetData: sheet, styles: Self.plainStyles)
        let padded = try Fixture.workbook(sheetData: sheet, styles: Self.plainStyles + "<!-- " + String(repeating: "x", count: 20_000) + " -->")
        // The parts the reader inflates from the padded workbook, all but one byte of them allowed.
        let zip = try ZipReader(path: padded)
        let read = ["_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
        let total = try read.reduce(Int64(0)) { $0 + (try #require(zip.entry(named: $1))).declaredSize }
        var limits = XLSXLimits.default
        limits.zip.maxTotalSize = total - 1
        // The small workbook fits and gets its sheet memoized under these limits…
        for _ in 0..<3 { #expect(try Self.fresh(small, limits: limits).cells.count == 4) }
        // …and the padded one, whose sheet is a memo hit, still goes over the total when the sheet is counted.
        #expect { try Self.fresh(padded, limits: limits) } throws: { error in
            guard let error = error as? XLSXError else { return false }
            return error.kind == .limitExceeded && error.location.part == "xl/worksheets/sheet1.xml"
        }
        #expect(try Self.fresh(padded).cells.count == 4)
    }

    static let sheet = """
        <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1" s="1"><v>45826</v></c></row>\
        <row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><f>B1+1</f><v>45827</v></c></row></sheetData>\
        <mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>\
        <dataValidations count="1"><dataValidation type="list" sqref="C1:C9"><formula1>"是,否"</formula1></dataValidation></dataValidations>
        """
    static let dateStyles = """
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="1"><font><name val="宋体"/></font></fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0"/></cellXfs>
        """
    static let plainStyles = """
        <fonts count="1"><font><name val="Arial"/></font></fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="0"/></cellXfs>
        """

    struct Snapshot: Equatable {
        var cells: [String]
        var merges: [CellRange]
        var validations: [ListValidation]
        init(_ grid: Grid) {
            cells = grid.sortedCells.map { "\($0.0)=\($0.1)" }
            merges = grid.mergedRanges
            validations = grid.listValidations
        }
    }

    /// The grid read with the memo emptied first, i.e. parsed from the file.
    static func fresh(_ path: String, limits: XLSXLimits = .default) throws -> Snapshot {
        try Snapshot(XLSXWorkbook(path: path, limits: limits).grid(named: "Sheet1"))
    }

    @Test func repeatedPartsGiveTheSameGridsAndStylesAreNotConfused() throws {
        // A marker makes these parts unlike any other test's.
        let marker = UUID().uuidString
        let sheet = Self.sheet + "<!-- \(marker) -->"
        let dated = try Fixture.workbook(sheetData: sheet, styles: Self.dateStyles + "<!-- \(marker) -->")
        let plain = try Fixture.workbook(sheetData: sheet, styles: Self.plainStyles + "<!-- \(marker) -->")
        var first: [String: Snapshot] = [:]
        for round in 0..<4 {
            for (name, path) in [("dated", dated), ("plain", plain)] {
                let snapshot = try Self.fresh(path)
                if let expected = first[name] { #expect(snapshot == expected, "round \(round) of \(name)") } else { first[name] = snapshot }
            }
        }
        let dates = try #require(first["dated"]), numbers = try #require(first["plain"])
        #expect(dates.cells.contains { $0.hasPrefix("B1=") && $0.contains("2025") && $0.contains("宋体") })
        #expect(numbers.cells.contains { $0.hasPrefix("B1=") && $0.contains("45826") && $0.contains("Arial") })
        #expect(dates.cells.contains { $0.hasPrefix("B2=") && $0.contains("B1+1") })
        #expect(dates.merges == [CellRange("A1:A2")!])
        #expect(dates.validations.first?.options == ["是", "否"])
    }

    @Test func switchedOffGivesTheSameResultsAndMemoizesNothing() throws {
        let marker = UUID().uuidString
        let sheet = Self.sheet + "<!-- \(marker) -->"
        let path = try Fixture.workbook(sheetData: sheet, styles: Self.dateStyles + "<!-- \(marker) -->")
        let zip = try ZipReader(path: path)
        func key<C: Hashable, V>(_ part: String, _ memo: PartMemo<C, V>) throws -> PartMemo<C, V>.Key {
            let entry = try #require(zip.entry(named: part))
            let key = try PartMemo<C, V>.key(of: entry) { entry, max in try zip.readCompressed(entry, maxBytes: max) }
            return try #require(key)
        }
        let sheetKey = try key("xl/worksheets/sheet1.xml", PartMemos.sheets), stylesKey = try key("xl/styles.xml", PartMemos.styles)
        func stylesKnown() -> Bool { PartMemos.styles.knows(stylesKey) }
        #expect(XLSXWorkbook.partMemoEnabled)
        XLSXWorkbook.partMemoEnabled = false
        defer { XLSXWorkbook.partMemoEnabled = true }
        let off = try (0..<3).map { _ in try Self.fresh(path) }
        #expect(!PartMemos.sheets.knows(sheetKey) && !stylesKnown(), "nothing looked up or stored while off")
        XLSXWorkbook.partMemoEnabled = true
        let on = try (0..<3).map { _ in try Self.fresh(path) }
        #expect(PartMemos.sheets.knows(sheetKey) && stylesKnown(), "the same parts are memoized when on")
        #expect(off == on)
        #expect(off.allSatisfy { $0 == off[0] })
        #expect(off[0].cells.contains { $0.hasPrefix("B1=") && $0.contains("2025") })
    }

    @Test func identicalRelationshipsResolveAgainstTheirOwnFolder() throws {
        let marker = UUID().uuidString
        let rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
        func book(_ folder: String, value: Int) throws -> String {
            try Fixture.package([
                Fixture.rootRels("\(folder)/workbook.xml"),
                Fixture.workbookPart("\(folder)/workbook.xml", sheet: "S\(marker.prefix(8))"),
                Fixture.rels("\(folder)/_rels/workbook.xml.rels", rels),
                ("\(folder)/worksheets/sheet1.xml", "<worksheet xmlns=\"\(Fixture.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>\(value)</v></c></row></sheetData></worksheet>"),
            ])
        }
        let first = try book("xl", value: 1), second = try book("other", value: 2)
        for _ in 0..<3 {
            for (path, value) in [(first, 1.0), (second, 2.0)] {
                let workbook = try XLSXWorkbook(path: path)
                #expect(workbook.sheets.first?.part?.hasSuffix("/worksheets/sheet1.xml") == true)
                #expect(try workbook.grid(workbook.sheets[0]).value(CellReference(row: 0, column: 0)) == .number(value, raw: "\(Int(value))"))
            }
        }
    }

    @Test func limitsStillApplyToRepeatedParts() throws {
        let marker = UUID().uuidString
        let path = try Fixture.workbook(sheetData: Self.sheet + "<!-- \(marker) -->", styles: Self.plainStyles)
        for _ in 0..<3 { _ = try Self.fresh(path) }
        var strict = XLSXLimits.default
        strict.maxGridCells = 2
        for _ in 0..<3 {
            #expect { try Self.fresh(path, limits: strict) } throws: { ($0 as? XLSXError)?.kind == .limitExceeded }
        }
        var fewAnnotations = XLSXLimits.default
        fewAnnotations.maxSheetAnnotations = 1
        for _ in 0..<3 {
            #expect { try Self.fresh(path, limits: fewAnnotations) } throws: { ($0 as? XLSXError)?.kind == .limitExceeded }
        }
        #expect(try Self.fresh(path).cells.count == 4)
    }

    @Test func failuresAreNeverMemoized() throws {
        let marker = UUID().uuidString
        let broken = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!-- \(marker) --><oops></sheetData>")
        for _ in 0..<4 {
            #expect { try Self.fresh(broken) } throws: { error in
                guard let error = error as? XLSXError else { return false }
                return error.kind == .malformedXML && error.location.part == "xl/worksheets/sheet1.xml" && error.location.line != nil
            }
        }
        let badValue = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\"><v>x\(marker)</v></c></row></sheetData>")
        for _ in 0..<4 {
            #expect { try Self.fresh(badValue) } throws: { ($0 as? XLSXError)?.location.cell == "A1" }
        }
    }
}

@Suite struct ReaderRobustnessTests {
    @Test func negativeStyleIndexIsReadAsNoStyle() throws {
        let path = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\" s=\"-1\"><v>7</v></c><c r=\"B1\" s=\"99\"><v>8</v></c></row></sheetData>",
                                        styles: PartMemoTests.dateStyles)
        let grid = try XLSXWorkbook(path: path).grid(named: "Sheet1")
        #expect(grid.value(CellReference(row: 0, column: 0)) == .number(7, raw: "7"))
        #expect(grid[0, 0]?.fontName == nil && grid[0, 0]?.numberFormat == nil)
        #expect(grid.value(CellReference(row: 0, column: 1)) == .number(8, raw: "8"))
    }

    #if canImport(Glibc)
    @Test func allocatorTuningIsAppliedOnLinuxOnRequest() throws {
        #expect(XLSXWorkbook.tuneAllocatorForBatchReading())
        #expect(XLSXWorkbook.tuneAllocatorForBatchReading())
    }
    #endif
}
