import CorpusSupport
import Foundation
import SheetCore
import Testing
import TestSupport
import XLSReading
import XLSXReading

/// Every workbook of ../shared/corpus/readxl-xls dumps to its expected JSON (made by an independent reader),
/// compared value by value by `ReferenceCorpus` (Tests/CorpusSupport) with the differences common to every
/// format (errors kept, Excel's 1900-02-29, date-time formats on midnight values) and two of .xls's own,
/// each allowed only in its file:
/// 4. mtcars.xls: its shared strings are 8-bit ("compressed") text in a workbook whose CODEPAGE says UTF-16;
///    the reference widens each byte into two (`m\0p\0g\0`); we read `mpg`, as Excel shows it.
/// 5. biff5-rich-text-string.xls holds two copies of the workbook: a BIFF8 `WorkBook` stream and a BIFF5
///    `Book` stream. We read the BIFF8 one (Excel prefers it too), whose text has ■ • ’ where the BIFF5 copy
///    has `?` (■ does not exist in code page 1252) and the bytes 0x95 0x92 that the reference shows as the
///    control characters U+0095 U+0092.
@Suite struct XLSCorpusTests {
    static let corpus = ReferenceCorpus("readxl-xls", fileExtension: ".xls")

    static let differences = ReferenceCorpus.Differences { file, ours, reference in
        // Difference 4: bytes widened by the reference.
        let widened = file == "mtcars.xls" && reference.contains("\u{0}") && reference.replacingOccurrences(of: "\u{0}", with: "") == ours
        // Difference 5: the reference read the BIFF5 copy (`?` for what code page 1252 lacks, C1 controls).
        let biff5Copy = file == "biff5-rich-text-string.xls" && ours.count == reference.count
            && zip(ours.unicodeScalars, reference.unicodeScalars).allSatisfy { ours, theirs in
                ours == theirs || theirs == "?" || (0x80...0x9F).contains(theirs.value)
            }
        return widened || biff5Copy
    }

    @Test func corpusIsPresent() throws {
        guard Self.corpus.directory != nil else { return }   // TestSupport printed SKIPPING loudly
        #expect(Self.corpus.workbooks.count >= 34)
    }

    @Test(arguments: corpus.workbooks)
    func dumpMatchesExpected(file: String) throws {
        let workbook = try XLSWorkbook(path: Self.corpus.path(file))
        for problem in try Self.corpus.mismatches(workbook, file: file, differences: Self.differences) {
            Issue.record("\(problem)")
        }
    }
}
