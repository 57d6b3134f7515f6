import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport

/// SheetIO tells .ods from .xlsx by the zip's `mimetype` entry, never the name, and reads it like any workbook.
@Suite struct ODSFormatTests {
    static let returns = TestSupport.packageRoot.appendingPathComponent("Samples/returns")

    @Test func detectedByBytesWhateverTheName() throws {
        let dir = try TestSupport.makeTemporaryDirectory("sheetio-ods")
        let odsAsXLSX = dir.appendingPathComponent("return.xlsx"), xlsxAsODS = dir.appendingPathComponent("return.ods")
        try FileManager.default.copyItem(at: Self.returns.appendingPathComponent("clean.ods"), to: odsAsXLSX)
        try FileManager.default.copyItem(at: Self.returns.appendingPathComponent("clean.xlsx"), to: xlsxAsODS)
        #expect(try SheetFileFormat.detect(path: odsAsXLSX.path) == .ods)
        #expect(try SheetFileFormat.detect(path: xlsxAsODS.path) == .xlsx)
        #expect(try SheetIO.sheetNames(path: odsAsXLSX.path) == SheetIO.sheetNames(path: xlsxAsODS.path))
    }

    @Test func gridsRowsAndOneSheetMatchTheXLSX() throws {
        let ods = Self.returns.appendingPathComponent("clean.ods").path, xlsx = Self.returns.appendingPathComponent("clean.xlsx").path
        let odsGrids = try SheetIO.readGrids(path: ods), xlsxGrids = try SheetIO.readGrids(path: xlsx)
        #expect(odsGrids.map(\.name) == xlsxGrids.map(\.name))
        for (a, b) in zip(odsGrids, xlsxGrids) {
            #expect(a.sortedCells.filter { !$0.1.value.isEmpty }.map { "\($0.0)=\($0.1.value.text)" }
                    == b.sortedCells.filter { !$0.1.value.isEmpty }.map { "\($0.0)=\($0.1.value.text)" }, "\(a.name)")
            #expect(Set(a.mergedRanges) == Set(b.mergedRanges), "\(a.name)")
        }
        let first = try SheetIO.readGrid(path: ods)
        #expect(first.name == odsGrids[0].name)
        var rows: [String] = []
        try SheetIO.forEachRow(path: ods, sheet: odsGrids[1].name) { row in rows.append(row.cells.map(\.value.text).joined(separator: "|")) }
        var xlsxRows: [String] = []
        try SheetIO.forEachRow(path: xlsx, sheet: odsGrids[1].name) { row in xlsxRows.append(row.cells.map(\.value.text).joined(separator: "|")) }
        #expect(rows == xlsxRows)
    }
}
