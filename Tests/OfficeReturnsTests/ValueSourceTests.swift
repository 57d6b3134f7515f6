import DisclosureCatalog
import Foundation
@testable import OfficeReturns
import SheetCore
import Testing
import TestSupport

/// Values keep their cell as a position (`ValueSource`) and name it only when asked: the locations made then are
/// those the importer used to write out in full.
@Suite struct ValueSourceTests {
    static let files: [URL] = {
        let root = TestSupport.packageRoot
        let folders = ["Samples/returns", "Samples/round/returns"].map { root.appendingPathComponent($0) }
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".csv") || $0.hasSuffix(".ods") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }()

    /// Every located value of an entry with the sheet and cell it was read from.
    static func entrySources(_ e: ItemReturn) -> [(ValueSource?, SheetCore.SourceLocation?)] {
        var out: [(ValueSource?, SheetCore.SourceLocation?)] = [
            (e.status.origin, e.status.source), (e.otherChannelNote.origin, e.otherChannelNote.source),
            (e.location.origin, e.location.source), (e.formedOrChangedDate.origin, e.formedOrChangedDate.source),
            (e.publishedDate.origin, e.publishedDate.source), (e.department.origin, e.department.source),
            (e.reason.origin, e.reason.source), (e.remarks.origin, e.remarks.source),
        ]
        out += e.channels.map { ($0.used.origin, $0.used.source) }
        out += e.officialCells.map { ($0.origin, $0.source) }
        return out
    }

    @Test func importedLocationsNameTheCellsTheValuesWereReadFrom() throws {
        var checked = 0
        for url in Self.files {
            guard let r = try? ReturnFiles.importReturn(path: url.path, catalog: CustomsCatalog.catalog) else { continue }
            for entry in r.items {
                for (origin, source) in Self.entrySources(entry) {
                    guard let origin else {
                        #expect(source == nil)
                        continue
                    }
                    let cell = try #require(origin.cell, "\(url.lastPathComponent) row \(entry.row)")
                    // What the importer wrote before: file, the table's sheet (none for CSV), CellReference's name.
                    #expect(source == SheetCore.SourceLocation(file: r.file, sheet: r.sheet, cell: cell.description))
                    #expect(source.flatMap { $0.cell }.flatMap(CellReference.init) == cell)
                    #expect(cell.row + 1 == entry.row)
                    checked += 1
                }
            }
            for field in [r.office.name, r.office.code, r.office.preparer] {
                if let cell = field.origin?.cell { #expect(field.source?.cell == cell.description) }
            }
        }
        #expect(checked > 1_000)
    }

    @Test func jsonRoundTripKeepsEveryLocation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for url in Self.files.prefix(8) {
            guard let r = try? ReturnFiles.importReturn(path: url.path, catalog: CustomsCatalog.catalog) else { continue }
            let data = try encoder.encode(r)
            let decoded = try JSONDecoder().decode(OfficeReturn.self, from: data)
            // Decoded locations are whole; they equal (and hash like) the positions they were written from.
            #expect(decoded == r)
            #expect(Set([decoded, r]).count == 1)
            #expect(try encoder.encode(decoded) == data)
            #expect(decoded.items.first?.status.origin?.cell == nil)
        }
    }

    /// Hand-made locations keep any spelling; a position of the same sheet and cell equals its written form.
    @Test(arguments: ["H12", "$H$12", "h12", "H012", "bad", "XFE1"])
    func wholeLocationsKeepTheirSpelling(cell: String) {
        let location = SheetCore.SourceLocation(file: "f.xlsx", sheet: "填报表", cell: cell)
        let field = Sourced(text: "x", source: location)
        #expect(field.source == location)
        #expect(field.origin?.cell == nil)
        let position = ValueSource(sheet: SheetOrigin(file: "f.xlsx", sheet: "填报表"), row: 11, column: 7)
        #expect((ValueSource(location) == position) == (cell == "H12"))
        if cell == "H12" { #expect(ValueSource(location).hashValue == position.hashValue) }
        #expect(position.location(cell: "H12:S12") == SheetCore.SourceLocation(file: "f.xlsx", sheet: "填报表", cell: "H12:S12"))
    }

    @Test func positionsOfOneSheetCompareByCell() {
        let a = SheetOrigin(file: "f.xlsx", sheet: "s"), b = SheetOrigin(file: "f.xlsx", sheet: "s")
        let c = SheetOrigin(file: "f.xlsx", sheet: "t")
        #expect(ValueSource(sheet: a, row: 3, column: 2) == ValueSource(sheet: b, row: 3, column: 2))
        #expect(ValueSource(sheet: a, row: 3, column: 2) != ValueSource(sheet: a, row: 3, column: 3))
        #expect(ValueSource(sheet: a, row: 3, column: 2) != ValueSource(sheet: c, row: 3, column: 2))
        #expect(ValueSource(sheet: a, row: 3, column: 2).isInSameSheet(as: ValueSource(sheet: a, row: 9, column: 0)))
        #expect(!ValueSource(sheet: a, row: 3, column: 2).isInSameSheet(as: ValueSource(sheet: b, row: 3, column: 2)))
        // A cell beyond what a position holds is kept as its location.
        let far = ValueSource(sheet: a, row: Int(Int32.max) + 1, column: 0)
        #expect(far.cell == nil)
        #expect(far.location == SheetCore.SourceLocation(file: "f.xlsx", sheet: "s", cell: CellReference(row: Int(Int32.max) + 1, column: 0).description))
        for (row, column) in [(0, 0), (7, 25), (1023, 127), (1024, 128), (1_048_575, 16_383)] {
            let start = CellReference(row: row, column: column), end = CellReference(row: row, column: column + 3)
            #expect(ValueSource(sheet: a, row: 0, column: 0).location(from: start, to: end).cell
                    == CellRange(start: start, end: end).description)
            #expect(ValueSource(sheet: a, row: 0, column: 0).location(from: start, to: start).cell == start.description)
        }
    }

    /// A value merged over several cells (label values) is located at the merge's first cell.
    @Test func mergedLabelValueIsLocatedAtTheMergeStart() throws {
        var grid = GridFixtures.cleanGrid()
        let value = GridFixtures.template.identityValueCell(0)
        grid.mergedRanges.append(CellRange(start: value, end: CellReference(row: value.row, column: value.column + 1)))
        let r = try GridFixtures.read(grid)
        #expect(r.office.name.text == "北京海关机场单证")
        #expect(r.office.name.source == SheetCore.SourceLocation(file: "0101.xlsx", sheet: grid.name, cell: value.description))
        #expect(r.office.name.origin?.cell == value)
    }
}

/// A header layout taken from the memo is the one finding the header gives.
@Suite struct HeaderLayoutMemoTests {
    /// Everything a layout says, as text.
    static func describe(_ l: HeaderLayout?) -> String {
        guard let l else { return "none" }
        let official = OfficialColumn.allCases.map { "\(l.officialColumns[$0] ?? -1)" }.joined(separator: ",")
        let fillIn = FillInColumn.allCases.map { "\(l.fillInColumns[$0] ?? -1)" }.joined(separator: ",")
        let channels = l.channelColumns.map { "\($0.name)@\($0.column)" }.joined(separator: ",")
        let keys = l.scannedKeys.map { $0.map { "\($0.text)|\($0.isPlain)" }.joined(separator: ",") }.joined(separator: ";")
        return "\(l.headerRow) \(l.dataStart) [\(official)] [\(fillIn)] [\(channels)] \(l.channelListColumns) \(l.keyColumn ?? -1) \(l.missingColumns) \(keys)"
    }

    @Test func memoGivesTheLayoutFoundAnew() throws {
        let memo = HeaderLayoutMemo(capacity: 2)
        var grids: [Grid] = []
        for url in ValueSourceTests.files where url.pathExtension == "xlsx" {
            // (The round holds a corrupt file on purpose.)
            grids += (try? ReturnWorkbook(path: url.path).allSheets().sheets) ?? []
        }
        // Variations of the template's header area: a header text changed, a column inserted, a merge dropped,
        // an extra title row; each must not take the plain template's layout.
        let clean = GridFixtures.cleanGrid()
        var renamed = clean
        let status = GridFixtures.column(.fillIn(.status))
        renamed[GridFixtures.template.firstDataRow - 2, status] = GridCell(value: .string("备注"))
        var unmerged = clean
        unmerged.mergedRanges = []
        var lower = Grid(name: clean.name)
        for row in 0..<clean.rowCount {
            for column in 0..<clean.columnCount where !clean.value(CellReference(row: row, column: column)).text.isEmpty {
                lower[row + 1, column] = GridCell(value: clean.value(CellReference(row: row, column: column)))
            }
        }
        // Another office's identity block (taken from the memo), and cells above the header that make an earlier
        // row the header or feed a header merge (found anew).
        var otherOffice = clean
        for index in 0..<6 { otherOffice[GridFixtures.template.identityValueCell(index)] = GridCell(value: .string("其他\(index)")) }
        let nameLabel = CellReference(row: GridFixtures.template.identityValueCell(0).row, column: GridFixtures.template.identityValueCell(0).column - 1)
        var earlyHeader = clean
        earlyHeader[GridFixtures.template.identityValueCell(0)] = GridCell(value: .string("序号"))
        earlyHeader[GridFixtures.template.identityValueCell(1)] = GridCell(value: .string("二级事项"))
        var earlyNumberOnly = clean
        earlyNumberOnly[nameLabel] = GridCell(value: .string("序 号"))
        var mergeStart = clean
        let headerRow = GridFixtures.template.firstDataRow - 2
        if let merge = clean.mergedRanges.first(where: { $0.start.row < headerRow && $0.end.row >= headerRow }) {
            mergeStart[merge.start] = GridCell(value: .string("备注"))
        }
        grids += [clean, renamed, clean, unmerged, clean, lower, clean, otherOffice, earlyHeader, clean, earlyNumberOnly, mergeStart]
        var found = 0
        for grid in grids + grids {
            let fresh = HeaderLayout(grid: grid, catalog: CustomsCatalog.catalog)
            let memoized = memo.layout(grid: grid, catalog: CustomsCatalog.catalog)
            #expect(Self.describe(memoized) == Self.describe(fresh), "\(grid.name)")
            if fresh != nil { found += 1 }
        }
        #expect(found > 10)
        #expect(memo.hitCount > 10)
        // Offices differ in their identity blocks: a layout is reused across them.
        let fresh = HeaderLayoutMemo(capacity: 2)
        _ = fresh.layout(grid: clean, catalog: CustomsCatalog.catalog)
        #expect(Self.describe(fresh.layout(grid: otherOffice, catalog: CustomsCatalog.catalog))
                == Self.describe(HeaderLayout(grid: otherOffice, catalog: CustomsCatalog.catalog)))
        #expect(fresh.hitCount == 1)
        _ = fresh.layout(grid: earlyHeader, catalog: CustomsCatalog.catalog)
        #expect(fresh.hitCount == 1)
        #expect(Self.describe(memo.layout(grid: renamed, catalog: CustomsCatalog.catalog)) != Self.describe(HeaderLayout(grid: clean, catalog: CustomsCatalog.catalog)))
    }
}
