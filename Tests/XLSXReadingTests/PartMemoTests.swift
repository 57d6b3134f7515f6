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
        let a: [UInt8] = Array("<a/>".utf8), b: [UInt8] = Array("<b/>".utf8)
        guard case .parse = memo.probe(crc: 1, bytes: a, context: 0) else { Issue.record("first sighting"); return }
        guard case .record = memo.probe(crc: 1, bytes: a, context: 0) else { Issue.record("second sighting"); return }
        memo.store(crc: 1, bytes: a, context: 0, value: "A")
        guard case .hit("A") = memo.probe(crc: 1, bytes: a, context: 0) else { Issue.record("hit"); return }
        // Same checksum and size, other bytes: no hit. Same bytes, other context: no hit.
        if case .hit = memo.probe(crc: 1, bytes: b, context: 0) { Issue.record("bytes must be compared") }
        if case .hit = memo.probe(crc: 1, bytes: a, context: 1) { Issue.record("context must be compared") }
        // Least recently used dropped past the capacity.
        memo.store(crc: 2, bytes: b, context: 0, value: "B")
        memo.store(crc: 3, bytes: Array("<c/>".utf8), context: 0, value: "C")
        #expect(memo.count == 2)
        if case .hit = memo.probe(crc: 1, bytes: a, context: 0) { Issue.record("evicted") }
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
    @Test func heapTuningIsAppliedOnLinux() throws {
        _ = try XLSXWorkbook(path: Fixture.workbook(sheetData: "<sheetData/>"))
        #expect(HeapTuning.applied)
    }
    #endif
}
