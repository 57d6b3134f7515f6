import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport
import XLSReading
import XLSXReading

/// Values, formats, fonts, sheets and errors of .xls workbooks built record by record (XLSFixture).
@Suite struct XLSReadingTests {
    typealias F = XLSFixture

    @Test func valuesDatesFontsAndSheetStates() throws {
        // XF 15: General/Arial; XF 16: custom date format 164 with font 5 (Wingdings 2, after the skipped 4);
        // XF 17: built-in 14 (a date).
        let globals = F.standardGlobals(
            fonts: ["Arial", "Arial", "Arial", "Arial", "Wingdings 2"],
            cellFormats: [(0, 0), (5, 164), (0, 14)],
            formats: [F.format(164, "yyyy\"年\"m\"月\"d\"日\"")],
            strings: ["序号", "☑ 已公开", "P"])
        let cells: [F.Record] = [
            F.labelSST(0, 0, 0), F.labelSST(0, 1, 1), F.labelSST(1, 2, xf: 16, 2),
            F.number(1, 0, 1.25), F.rk(1, 1, (12 << 2) | 0x02), F.rk(2, 1, (12345 << 2) | 0x03),
            F.number(2, 0, xf: 16, 45716), F.number(3, 0, xf: 17, 45716.5),
            F.boolErr(3, 1, 1, isError: false), F.boolErr(3, 2, 0x07, isError: true),
            F.Record(0x00E5, F.le16(1) + F.le16(5) + F.le16(6) + F.le16(0) + F.le16(2)),
        ]
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("填报", 0, cells), ("模板信息", 1, []), ("x", 2, [])])))
        let workbook = try XLSWorkbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["填报", "模板信息", "x"])
        #expect(workbook.sheets.map(\.visibility) == [.visible, .hidden, .veryHidden])
        let grid = try workbook.grid(workbook.sheets[0])
        #expect(grid.value(CellReference("A1")!) == .string("序号"))
        #expect(grid.value(CellReference("B1")!) == .string("☑ 已公开"))
        #expect(grid.value(CellReference("A2")!) == .number(1.25))
        #expect(grid.value(CellReference("B2")!) == .number(12))
        #expect(grid.value(CellReference("B3")!) == .number(123.45))
        #expect(grid.value(CellReference("A3")!) == .date(DateTimeValue(year: 2025, month: 2, day: 28)))
        #expect(grid[CellReference("A3")!]?.numberFormat == "yyyy\"年\"m\"月\"d\"日\"")
        #expect(grid.value(CellReference("A4")!) == .date(DateTimeValue(year: 2025, month: 2, day: 28, hour: 12, kind: .dateTime)))
        #expect(grid.value(CellReference("B4")!) == .bool(true))
        #expect(grid.value(CellReference("C4")!) == .error("#DIV/0!"))
        #expect(grid[CellReference("C2")!]?.fontName == "Wingdings 2")
        #expect(grid[CellReference("A1")!]?.fontName == "Arial")
        #expect(grid.mergedRanges == [CellRange(start: CellReference("A6")!, end: CellReference("C7")!)])
        // Through SheetIO, told by bytes whatever the extension.
        let renamed = path.replacingOccurrences(of: ".xls", with: ".et")
        try FileManager.default.copyItem(atPath: path, toPath: renamed)
        #expect(try SheetFileFormat.detect(path: renamed) == .xls)
        #expect(try SheetIO.sheetNames(path: renamed) == ["填报", "模板信息", "x"])
        #expect(try SheetIO.readGrid(path: renamed).value(CellReference("A1")!) == .string("序号"))
    }

    @Test func dateMode1904() throws {
        let globals = [F.Record(0x0022, F.le16(1))] + F.standardGlobals(cellFormats: [(0, 14)])
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [F.number(0, 0, 0)])])))
        let grid = try XLSWorkbook(path: path).grid(named: "s")
        #expect(grid.value(CellReference("A1")!) == .date(DateTimeValue(year: 1904, month: 1, day: 1)))
    }

    @Test func sstAcrossContinueRecords() throws {
        // One string of 300 characters split across SST and CONTINUE, the second part in 2-byte characters;
        // then a rich string (2 runs) and a phonetic one whose extra data must be skipped.
        let long = String(repeating: "a", count: 100)
        var sst = F.le32(3) + F.le32(3) + F.le16(300) + [0] + Array(long.utf8)
        var cont: [UInt8] = [1] + Array("中".utf16).flatMap { F.le16(Int($0)) }
        for _ in 0..<199 { cont += F.le16(Int(UInt8(ascii: "b"))) }
        cont += F.le16(2) + [0x08] + F.le16(2) + Array("xy".utf8) + [UInt8](repeating: 9, count: 8)
        cont += F.le16(1) + [0x04] + F.le32(6) + Array("z".utf8) + [UInt8](repeating: 7, count: 6)
        var globals = F.standardGlobals()
        globals.append(F.Record(0x00FC, sst))
        globals.append(F.Record(0x003C, cont))
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [F.labelSST(0, 0, 0), F.labelSST(0, 1, 1), F.labelSST(0, 2, 2)])])))
        let workbook = try XLSWorkbook(path: path)
        #expect(workbook.sharedStrings == [long + "中" + String(repeating: "b", count: 199), "xy", "z"])
    }

    @Test func filePassIsNamedAsPasswordProtected() throws {
        let globals = [F.Record(0x002F, [1, 0, 1, 0])] + F.standardGlobals()
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [])])))
        let error = try #require(throws: XLSXError.self) { try XLSWorkbook(path: path) }
        #expect(error.kind == .encrypted)
        #expect(error.message.contains("密码"))
    }

    /// The corpus differences (documented in XLSCorpusTests) are where we say they are.
    @Test func deliberateCorpusDifferencesAreWhereWeSayTheyAre() throws {
        guard let corpus = TestSupport.sharedDirectory?.appendingPathComponent("corpus/readxl-xls") else { return }
        let mtcars = try XLSWorkbook(path: corpus.appendingPathComponent("mtcars.xls").path)
        #expect(try mtcars.grid(mtcars.sheets[0]).value(CellReference("A1")!) == .string("mpg"))
        let biff5 = try XLSWorkbook(path: corpus.appendingPathComponent("biff5-rich-text-string.xls").path)
        #expect(biff5.isBIFF8)
        #expect(try biff5.grid(biff5.sheets[0]).value(CellReference("H3")!) == .string("ri ■ s g •rM S ’"))
        let labels = try XLSWorkbook(path: corpus.appendingPathComponent("biff5-label-records.xls").path)
        #expect(!labels.isBIFF8)
    }
}
