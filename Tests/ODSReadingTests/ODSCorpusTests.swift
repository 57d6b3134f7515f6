import Foundation
import ODSReading
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// The readxl corpus (../shared/corpus/readxl) saved by LibreOffice as .ods (`soffice --convert-to ods`,
/// kept in Fixtures/corpus): our .ods reading gives the cells our .xlsx reading gives for the same
/// workbook, sheet by sheet. Deliberate differences, each allowed only where it occurs:
/// 1. Text with white space at its ends or `\r\n` (files written without `xml:space="preserve"`): XLSX
///    readers drop the white space, LibreOffice kept it in the .ods and turned `\r\n` into paragraphs.
///    Compared with ends trimmed and `\r` removed, in `whitespaceFiles` only (where white-space-only cells
///    exist in the .ods alone).
/// 2. Numbers: LibreOffice writes 15 significant digits (`1.69` for 1.6900000000000002).
/// 3. Dates before 1900-03-01: LibreOffice has no fictitious 1900-02-29, so the .ods holds the day before
///    what Excel shows (`dates-leap-year-1900-xlsx` only).
/// 4. Cells LibreOffice dropped or computed while converting: listed in `changedByLibreOffice`.
/// 5. A chartsheet becomes an ordinary sheet holding the chart: a sheet without cells.
/// 6. Error cells: LibreOffice names some errors its own way (`Err:502` for `#NUM!`): both must be errors.
@Suite struct ODSCorpusTests {
    static var fixtures: URL { ODSFixture.fixtures.appendingPathComponent("corpus") }
    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".ods") }.sorted()
    }
    static let whitespaceFiles: Set<String> = ["los-angeles-arrests-xlsx", "new_line_errors", "whitespace-xlsx"]
    static let changedByLibreOffice: Set<String> = [
        "inlineStr!Requirements!D2", "inlineStr2!Requirements!D2",   // an inline string LibreOffice drops
        "missing-v-node-xlsx!Sheet1!C2",                             // a formula without a cached value: computed
    ]

    /// Days (with the time of day as a fraction) since 1970-01-01 in the proleptic Gregorian calendar.
    static func days(_ d: DateTimeValue) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second))
        return (date?.timeIntervalSince1970 ?? .nan) / 86_400
    }

    @Test func fixturesArePresent() {
        #expect(Self.files.count >= 40)
    }

    @Test(arguments: files)
    func odsReadsAsTheXLSXDoes(file: String) throws {
        guard let shared = TestSupport.sharedDirectory else { return }   // SKIPPING printed loudly
        let base = String(file.dropLast(4))
        let xlsx = try XLSXWorkbook(path: shared.appendingPathComponent("corpus/readxl/\(base).xlsx").path)
        let ods = try ODSWorkbook(path: Self.fixtures.appendingPathComponent(file).path)
        // A chartsheet becomes a sheet holding the chart (no cells).
        let allGrids = try ods.grids()
        #expect(allGrids.map(\.name) == xlsx.sheets.map(\.name), "\(file)")
        #expect(try ods.tables().map(\.isHidden) == xlsx.sheets.map { $0.visibility != .visible }, "\(file)")
        for (sheet, odsGrid) in zip(xlsx.sheets, allGrids) where sheet.kind == .chartsheet {
            #expect(odsGrid.storedCellCount == 0, "\(file)!\(sheet.name)")
        }
        for (sheet, odsGrid) in zip(xlsx.sheets, allGrids) where sheet.kind != .chartsheet {
            let expected = try xlsx.grid(sheet)
            var seen = Set<CellReference>()
            for (ref, cell) in expected.sortedCells where !cell.value.isEmpty {
                seen.insert(ref)
                let place = "\(base)!\(sheet.name)!\(ref)"
                let ours = odsGrid.value(ref)
                if Self.changedByLibreOffice.contains(place) { continue }
                if ours == cell.value { continue }
                switch (cell.value, ours) {
                case (.number(let a, _), .number(let b, _)):
                    #expect(abs(a - b) <= abs(a) * 1e-14, "\(place): \(a) vs \(b)")
                case (.string(let a), .string(let b)):
                    func normal(_ s: String) -> String { s.replacingOccurrences(of: "\r", with: "").trimmingCharacters(in: .whitespaces) }
                    #expect(Self.whitespaceFiles.contains(base) && normal(a) == normal(b), "\(place): \(a.debugDescription) vs \(b.debugDescription)")
                case (.date(let a), .date(let b)):
                    let gap = Self.days(a) - Self.days(b)
                    let dayBefore = base == "dates-leap-year-1900-xlsx" && (a.year, a.month) <= (1900, 2) && abs(gap - 1) < 1e-9
                    #expect(dayBefore || (a.iso8601 == b.iso8601 + "T00:00:00"), "\(place): \(a) vs \(b) (\(gap) days)")
                case (.error, .error):
                    break   // difference 6: LibreOffice's names for some errors (Err:502 for #NUM!)
                default:
                    Issue.record("\(place): xlsx \(cell.value) vs ods \(ours)")
                }
            }
            for (ref, cell) in odsGrid.sortedCells where !cell.value.isEmpty && !seen.contains(ref) {
                let place = "\(base)!\(sheet.name)!\(ref)"
                let blank = Self.whitespaceFiles.contains(base) && cell.value.text.trimmingCharacters(in: .whitespaces).isEmpty
                #expect(blank || Self.changedByLibreOffice.contains(place), "\(place): only in the .ods: \(cell.value)")
            }
            #expect(Set(odsGrid.mergedRanges) == Set(expected.mergedRanges), "\(base)!\(sheet.name) merges")
        }
    }

    /// The differences allowed above are really there (the tolerance hides nothing else).
    @Test func deliberateDifferencesAreWhereWeSayTheyAre() throws {
        let leap = try ODSWorkbook(path: Self.fixtures.appendingPathComponent("dates-leap-year-1900-xlsx.ods").path).grids()
        #expect(leap[0].sortedCells.contains { if case .date(let d) = $0.1.value { d.year == 1899 } else { false } })
        let inline = try ODSWorkbook(path: Self.fixtures.appendingPathComponent("inlineStr.ods").path).grid(named: "Requirements")
        #expect(inline.value(try #require(CellReference("D2"))) == .empty)
        let ws = try ODSWorkbook(path: Self.fixtures.appendingPathComponent("whitespace-xlsx.ods").path).grids()
        #expect(ws[0].sortedCells.contains { $0.1.value.text.hasSuffix(" ") })
    }
}
