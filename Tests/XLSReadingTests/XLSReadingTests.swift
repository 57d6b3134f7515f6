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

    @Test func formulaCachedResults() throws {
        func formula(_ row: Int, _ col: Int, xf: Int = 15, _ value: [UInt8]) -> F.Record {
            F.Record(0x0006, F.le16(row) + F.le16(col) + F.le16(xf) + value + F.le16(0) + F.le32(0) + F.le16(0))
        }
        let special = { (type: UInt8, payload: UInt8) -> [UInt8] in [type, 0, payload, 0, 0, 0, 0xFF, 0xFF] }
        let cells: [F.Record] = [
            formula(0, 0, F.f64(2.5)),
            formula(0, 1, xf: 16, F.f64(45658)),
            formula(0, 2, special(0, 0)), F.Record(0x0207, F.unicodeString("合计：已公开")),
            formula(0, 3, special(1, 1)),
            formula(0, 4, special(2, 0x2A)),
            formula(0, 5, special(3, 0)),
        ]
        let globals = F.standardGlobals(cellFormats: [(0, 0), (0, 14)])
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, cells)])))
        let grid = try XLSWorkbook(path: path).grid(named: "s")
        #expect(grid.value(CellReference("A1")!) == .number(2.5))
        #expect(grid.value(CellReference("B1")!) == .date(DateTimeValue(year: 2025, month: 1, day: 1)))
        #expect(grid.value(CellReference("C1")!) == .string("合计：已公开"))
        #expect(grid.value(CellReference("D1")!) == .bool(true))
        #expect(grid.value(CellReference("E1")!) == .error("#N/A"))
        #expect(grid.value(CellReference("F1")!) == .empty)
    }

    /// BIFF5 (Excel 5/95, a `Book` stream): sheet names and labels are 8-bit text in the CODEPAGE, here 936 (GBK).
    @Test func biff5TextInCodePage936() throws {
        let gbk = { (s: String) -> [UInt8] in
            // 填报 = CC EE B1 A8, 已公开 = D2 D1 B9 AB BF AA in GBK.
            switch s {
            case "填报": return [0xCC, 0xEE, 0xB1, 0xA8]
            default: return [0xD2, 0xD1, 0xB9, 0xAB, 0xBF, 0xAA]
            }
        }
        let label = F.Record(0x0204, F.le16(0) + F.le16(0) + F.le16(15) + F.le16(6) + gbk("已公开"))
        var globals = [F.Record(0x0042, F.le16(936))]
        globals += (0..<5).map { _ in F.Record(0x0031, [UInt8](repeating: 0, count: 14) + [5] + Array("Arial".utf8)) }
        globals += (0..<16).map { _ in F.xf(font: 0, format: 0) }
        var stream = F.stream(globals: globals, sheets: [("SHEET", 0, [label])], biff5: true)
        // The sheet's name in GBK (same length as "SHEET" minus one: patch the BOUNDSHEET record in place).
        let name = Array("SHEET".utf8)
        let at = try #require(stream.indices.first { stream[$0..<min($0 + 5, stream.count)].elementsEqual(name) })
        stream.replaceSubrange((at - 1)..<(at + 5), with: [4] + gbk("填报") + [0x20])
        let path = try F.write(F.compoundFile(stream, name: "Book"))
        let workbook = try XLSWorkbook(path: path)
        #expect(!workbook.isBIFF8)
        #expect(workbook.sheets.map(\.name) == ["填报"])
        #expect(try workbook.grid(named: "填报").value(CellReference("A1")!) == .string("已公开"))
    }

    @Test func filePassIsNamedAsPasswordProtected() throws {
        let globals = [F.Record(0x002F, [1, 0, 1, 0])] + F.standardGlobals()
        let path = try F.write(F.compoundFile(F.stream(globals: globals, sheets: [("s", 0, [])])))
        let error = try #require(throws: XLSXError.self) { try XLSWorkbook(path: path) }
        #expect(error.kind == .encrypted)
        #expect(error.chineseMessage?.contains("密码") == true)
        #expect(error.message.contains("password protected"))
        #expect(error.format == .xls)
        #expect(error.summary().contains("Excel/WPS"))
        #expect(error.description(in: .zh).contains("密码"))
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
