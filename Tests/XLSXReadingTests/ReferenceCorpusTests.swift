import CorpusSupport
import Foundation
import Testing
import TestSupport
import XLSXReading

/// The corpus comparison itself (Tests/CorpusSupport) finds what differs, allows only the documented
/// differences, and locates each mismatch — so a corpus test passing means the cells match.
@Suite struct ReferenceCorpusTests {
    /// A one-sheet workbook (A1 "hello", B1 2, C1 #N/A) and its corpus folder.
    func corpus() throws -> (ReferenceCorpus, XLSXWorkbook, URL) {
        let path = try Fixture.workbook(sheetData: """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hello</t></is></c><c r="B1"><v>2</v></c>\
            <c r="C1" t="e"><v>#N/A</v></c></row></sheetData>
            """)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("expected"), withIntermediateDirectories: true)
        return (ReferenceCorpus(directory: dir, fileExtension: ".xlsx"), try XLSXWorkbook(path: path), dir)
    }

    func expect(_ cells: String, in dir: URL) throws {
        try Data(#"{"sheets": [{"name": "Sheet1", "cells": [\#(cells)]}]}"#.utf8)
            .write(to: dir.appendingPathComponent("expected/book.json"))
    }

    @Test func matchingDumpHasNoMismatchAndErrorsMayBeOursAlone() throws {
        let (corpus, workbook, dir) = try corpus()
        try expect(#"["A1", "s", "hello"], ["B1", "n", 2.0]"#, in: dir)
        #expect(try corpus.mismatches(workbook, file: "book.xlsx", differences: .none) == [])
    }

    @Test func everyDifferenceIsReportedAndLocated() throws {
        let (corpus, workbook, dir) = try corpus()
        try expect(#"["A1", "s", "hullo"], ["B1", "n", 3.0], ["D1", "b", true], ["C1", "n", 1.0]"#, in: dir)
        let found = try corpus.mismatches(workbook, file: "book.xlsx", differences: .none)
        #expect(found.contains { $0.hasPrefix("book.xlsx!Sheet1!A1: \"hello\" vs \"hullo\"") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("book.xlsx!Sheet1!B1: 2.0 vs 3") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("book.xlsx!Sheet1!D1: missing") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("book.xlsx!Sheet1!C1: error #N/A where the reference has a value") }, "\(found)")
        // A cell only we read, other than an error, is a mismatch too.
        try expect(#"["A1", "s", "hello"]"#, in: dir)
        let extra = try corpus.mismatches(workbook, file: "book.xlsx", differences: .none)
        #expect(extra.count == 1 && extra[0].hasPrefix("book.xlsx!Sheet1!B1: we read"), "\(extra)")
    }

    @Test func aFormatsRuleAllowsOnlyWhatItSays() throws {
        let (corpus, workbook, dir) = try corpus()
        try expect(#"["A1", "s", "HELLO"], ["B1", "n", 2.0]"#, in: dir)
        let caseBlind = ReferenceCorpus.Differences { file, ours, reference in file == "book.xlsx" && ours.uppercased() == reference }
        #expect(try corpus.mismatches(workbook, file: "book.xlsx", differences: caseBlind) == [])
        #expect(try corpus.mismatches(workbook, file: "book.xlsx", differences: .none).count == 1)
        let otherFile = ReferenceCorpus.Differences { file, ours, reference in file == "other.xlsx" && ours.uppercased() == reference }
        #expect(try corpus.mismatches(workbook, file: "book.xlsx", differences: otherFile).count == 1)
    }
}
