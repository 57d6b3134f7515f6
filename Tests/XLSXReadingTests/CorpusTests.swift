import CorpusSupport
import Foundation
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// Every workbook of ../shared/corpus/readxl dumps to its expected JSON (made by an independent reader),
/// compared value by value by `ReferenceCorpus` (Tests/CorpusSupport), with only the differences common to
/// every format (errors kept, Excel's 1900-02-29, date-time formats on midnight values); .xlsx has none of
/// its own.
@Suite struct CorpusTests {
    static let corpus = ReferenceCorpus("readxl", fileExtension: ".xlsx")

    @Test func corpusIsPresent() throws {
        guard Self.corpus.directory != nil else { return }   // TestSupport printed SKIPPING loudly
        #expect(Self.corpus.workbooks.count >= 40)
    }

    @Test(arguments: corpus.workbooks)
    func dumpMatchesExpected(file: String) throws {
        let workbook = try XLSXWorkbook(path: Self.corpus.path(file))
        for problem in try Self.corpus.mismatches(workbook, file: file, differences: .none) {
            Issue.record("\(problem)")
        }
    }

    /// The deliberate differences are really there (so the tolerance above is not hiding other things).
    @Test func deliberateDifferencesAreWhereWeSayTheyAre() throws {
        guard Self.corpus.directory != nil else { return }   // TestSupport printed SKIPPING loudly
        let types = try XLSXWorkbook(path: Self.corpus.path("types.xlsx"))
        let smorgasbord = try types.grid(types.sheet(named: "smorgasbord"))
        #expect(smorgasbord.value(CellReference("B17")!) == .error("#DIV/0!"))
        let leap = try XLSXWorkbook(path: Self.corpus.path("dates-leap-year-1900-xlsx.xlsx"))
        let grid = try leap.grid(leap.sheets[0])
        #expect(grid.value(CellReference("A5")!) == .date(DateTimeValue(year: 1900, month: 2, day: 29, hour: 8, kind: .dateTime)))
    }
}
