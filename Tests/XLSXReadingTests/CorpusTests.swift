import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// Every workbook of ../shared/corpus/readxl dumps to its expected JSON (made by an independent reader),
/// compared value by value. Deliberate differences, each checked precisely rather than skipped:
/// 1. Error cells (`#N/A`, `#DIV/0!`, …): the reference drops them; we keep them as type `e` because a
///    validator must see them.
/// 2. Excel's fictitious 1900-02-29 (serial 60): the reference shifts it to 1900-02-28; we keep 1900-02-29,
///    which is what Excel shows in the cell.
/// 3. A date-time format (`DD/MM/YY HH:MM`) on a midnight value: the reference prints a date; we print the
///    date-time because the cell's format says date-time.
@Suite struct CorpusTests {
    static var corpus: URL? { TestSupport.sharedDirectory?.appendingPathComponent("corpus/readxl") }

    static var workbooks: [String] {
        guard let corpus else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".xlsx") }.sorted()
    }

    @Test func corpusIsPresent() throws {
        guard Self.corpus != nil else { return }   // TestSupport printed SKIPPING loudly
        #expect(Self.workbooks.count >= 40)
    }

    @Test(arguments: workbooks)
    func dumpMatchesExpected(file: String) throws {
        let corpus = try #require(Self.corpus)
        let workbook = try XLSXWorkbook(path: corpus.appendingPathComponent(file).path)
        let expectedURL = corpus.appendingPathComponent("expected").appendingPathComponent(file.replacingOccurrences(of: ".xlsx", with: ".json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let expectedSheets = try #require(json["sheets"] as? [[String: Any]])
        #expect(workbook.sheets.map(\.name) == expectedSheets.map { $0["name"] as? String ?? "?" })

        for (sheet, expected) in zip(workbook.sheets, expectedSheets) {
            let ours = try SheetDump.read(sheet, of: workbook)
            var oursByCell: [String: CellValue] = [:]
            for (ref, value) in ours.cells { oursByCell[ref.description] = value }
            var seen = Set<String>()
            for cell in try #require(expected["cells"] as? [[Any]]) {
                let ref = try #require(cell[0] as? String)
                let type = try #require(cell[1] as? String)
                seen.insert(ref)
                let value = try #require(oursByCell[ref], "\(file)!\(sheet.name)!\(ref): missing, expected \(type) \(cell[2])")
                #expect(SheetDump.typeCode(value) == type, "\(file)!\(sheet.name)!\(ref): \(value)")
                switch value {
                case .string(let s): #expect(s == cell[2] as? String, "\(file)!\(sheet.name)!\(ref)")
                case .number(let d, _):
                    // Through the text: Foundation may hold JSON numbers as Decimal, whose doubleValue is inexact.
                    #expect(d == (cell[2] as? NSNumber).flatMap { Double($0.stringValue) }, "\(file)!\(sheet.name)!\(ref)")
                case .bool(let b): #expect(b == (cell[2] as? NSNumber)?.boolValue, "\(file)!\(sheet.name)!\(ref)")
                case .date(let d):
                    let exp = try #require(cell[2] as? String)
                    if d.iso8601 != exp {
                        let fake1900 = d.year == 1900 && d.month == 2 && d.day == 29 && exp.hasPrefix("1900-02-28")
                            && d.iso8601.dropFirst(10) == exp.dropFirst(10)
                        let midnightDateTime = d.kind == .dateTime && d.iso8601 == exp + "T00:00:00"
                        #expect(fake1900 || midnightDateTime, "\(file)!\(sheet.name)!\(ref): \(d.iso8601) vs \(exp)")
                    }
                case .error(let e): Issue.record("\(file)!\(sheet.name)!\(ref): error \(e) where the reference has a value")
                case .empty: Issue.record("\(file)!\(sheet.name)!\(ref): empty")
                }
            }
            for (ref, value) in oursByCell where !seen.contains(ref) {
                // Difference 1: only error cells may be ours alone.
                guard case .error = value else {
                    Issue.record("\(file)!\(sheet.name)!\(ref): we read \(value), the reference has nothing")
                    continue
                }
            }
        }
    }

    /// The deliberate differences are really there (so the tolerance above is not hiding other things).
    @Test func deliberateDifferencesAreWhereWeSayTheyAre() throws {
        guard let corpus = Self.corpus else { return }   // TestSupport printed SKIPPING loudly
        let types = try XLSXWorkbook(path: corpus.appendingPathComponent("types.xlsx").path)
        let smorgasbord = try types.grid(types.sheet(named: "smorgasbord"))
        #expect(smorgasbord.value(CellReference("B17")!) == .error("#DIV/0!"))
        let leap = try XLSXWorkbook(path: corpus.appendingPathComponent("dates-leap-year-1900-xlsx.xlsx").path)
        let grid = try leap.grid(leap.sheets[0])
        #expect(grid.value(CellReference("A5")!) == .date(DateTimeValue(year: 1900, month: 2, day: 29, hour: 8, kind: .dateTime)))
    }
}
