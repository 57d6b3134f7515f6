import Foundation
import SheetCore
import Testing
import TestSupport
import XLSReading
import XLSXReading

/// Every workbook of ../shared/corpus/readxl-xls dumps to its expected JSON (made by an independent reader),
/// compared value by value with the rules of the XLSX corpus (Tests/XLSXReadingTests/CorpusTests.swift).
/// Deliberate differences, each checked precisely rather than skipped:
/// 1. Error cells (`#N/A`, `#DIV/0!`, …): the reference drops them; we keep them as type `e` because a
///    validator must see them.
/// 2. Excel's fictitious 1900-02-29 (serial 60): the reference shifts it to 1900-02-28; we keep 1900-02-29,
///    which is what Excel shows in the cell.
/// 3. A date-time format on a midnight value: the reference prints a date; we print the date-time because
///    the cell's format says date-time.
/// 4. mtcars.xls: its shared strings are 8-bit ("compressed") text in a workbook whose CODEPAGE says UTF-16;
///    the reference widens each byte into two (`m\0p\0g\0`); we read `mpg`, as Excel shows it.
/// 5. biff5-rich-text-string.xls holds two copies of the workbook: a BIFF8 `WorkBook` stream and a BIFF5
///    `Book` stream. We read the BIFF8 one (Excel prefers it too), whose text has ■ • ’ where the BIFF5 copy
///    has `?` (■ does not exist in code page 1252) and the bytes 0x95 0x92 that the reference shows as the
///    control characters U+0095 U+0092.
@Suite struct XLSCorpusTests {
    static var corpus: URL? { TestSupport.sharedDirectory?.appendingPathComponent("corpus/readxl-xls") }

    static var workbooks: [String] {
        guard let corpus else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".xls") }.sorted()
    }

    @Test func corpusIsPresent() throws {
        guard Self.corpus != nil else { return }   // TestSupport printed SKIPPING loudly
        #expect(Self.workbooks.count >= 34)
    }

    @Test(arguments: workbooks)
    func dumpMatchesExpected(file: String) throws {
        let corpus = try #require(Self.corpus)
        let workbook = try XLSWorkbook(path: corpus.appendingPathComponent(file).path)
        let expectedURL = corpus.appendingPathComponent("expected").appendingPathComponent(file.replacingOccurrences(of: ".xls", with: ".json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let expectedSheets = try #require(json["sheets"] as? [[String: Any]])
        #expect(workbook.sheets.map(\.name) == expectedSheets.map { $0["name"] as? String ?? "?" })

        for (sheet, expected) in zip(workbook.sheets, expectedSheets) {
            var oursByCell: [String: CellValue] = [:]
            try workbook.forEachRow(in: sheet) { row, cells in
                for cell in cells where !cell.value.isEmpty {
                    oursByCell[CellReference(row: row, column: cell.column).description] = cell.value
                }
            }
            var seen = Set<String>()
            for cell in try #require(expected["cells"] as? [[Any]]) {
                let ref = try #require(cell[0] as? String)
                let type = try #require(cell[1] as? String)
                seen.insert(ref)
                let value = try #require(oursByCell[ref], "\(file)!\(sheet.name)!\(ref): missing, expected \(type) \(cell[2])")
                #expect(SheetDump.typeCode(value) == type, "\(file)!\(sheet.name)!\(ref): \(value)")
                switch value {
                case .string(let s):
                    let exp = cell[2] as? String ?? ""
                    if s != exp {
                        // Difference 4: bytes widened by the reference.
                        let widened = file == "mtcars.xls" && exp.contains("\u{0}") && exp.replacingOccurrences(of: "\u{0}", with: "") == s
                        // Difference 5: the reference read the BIFF5 copy (`?` for what code page 1252 lacks, C1 controls).
                        let biff5Copy = file == "biff5-rich-text-string.xls" && s.count == exp.count
                            && zip(s.unicodeScalars, exp.unicodeScalars).allSatisfy { ours, theirs in
                                ours == theirs || theirs == "?" || (0x80...0x9F).contains(theirs.value)
                            }
                        #expect(widened || biff5Copy, "\(file)!\(sheet.name)!\(ref): \(s.debugDescription) vs \(exp.debugDescription)")
                    }
                case .number(let d, _):
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
}
