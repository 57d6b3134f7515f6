import Foundation
import SheetCore
import TestSupport
import XLSXReading

/// The readxl corpora of ../shared/corpus (`readxl` for .xlsx, `readxl-xls` for .xls): workbooks with cell
/// dumps from an independent reader in `expected/<name>.json`. One comparison serves every `SheetWorkbook`
/// format; what differs per format is passed as a `Differences` rule.
///
/// Deliberate differences common to every format, each checked precisely rather than skipped:
/// 1. Error cells (`#N/A`, `#DIV/0!`, …): the reference drops them; we keep them as type `e` because a
///    validator must see them. Only error cells may be ours alone; an error where the reference has a value
///    is a mismatch.
/// 2. Excel's fictitious 1900-02-29 (serial 60): the reference shifts it to 1900-02-28; we keep 1900-02-29,
///    which is what Excel shows in the cell.
/// 3. A date-time format (`DD/MM/YY HH:MM`) on a midnight value: the reference prints a date; we print the
///    date-time because the cell's format says date-time.
public struct ReferenceCorpus: Sendable {
    /// The folder, nil where ../shared is absent (TestSupport then prints SKIPPING loudly).
    public let directory: URL?
    /// The workbook file extension, e.g. `.xlsx`.
    public let fileExtension: String

    /// A format's own differences: for a text cell whose text is not the reference's, whether the difference
    /// is a documented one (`file` is the workbook's file name).
    public struct Differences: Sendable {
        public var acceptsText: @Sendable (_ file: String, _ ours: String, _ reference: String) -> Bool
        public init(acceptsText: @escaping @Sendable (_ file: String, _ ours: String, _ reference: String) -> Bool) {
            self.acceptsText = acceptsText
        }
        /// No difference beyond the common ones.
        public static let none = Differences { _, _, _ in false }
    }

    /// The corpus `../shared/corpus/<name>`.
    public init(_ name: String, fileExtension: String) {
        self.init(directory: TestSupport.sharedDirectory?.appendingPathComponent("corpus/\(name)"), fileExtension: fileExtension)
    }

    /// A corpus laid out the same way anywhere (workbooks, and their dumps in `expected/`).
    public init(directory: URL?, fileExtension: String) {
        self.directory = directory
        self.fileExtension = fileExtension
    }

    /// The workbooks' file names, sorted (none where ../shared is absent).
    public var workbooks: [String] {
        guard let directory else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(fileExtension) }.sorted()
    }

    /// The path of a workbook of the corpus.
    public func path(_ file: String) throws -> String {
        guard let directory else { throw TestSupport.ToolFailure(message: "../shared is absent") }
        return directory.appendingPathComponent(file).path
    }

    /// Compares every sheet of `workbook` (the corpus file `file`) with its expected dump, value by value.
    /// - Returns: one located message (`file!sheet!ref: …`) per mismatch; empty when the workbook matches.
    /// - Throws: when the expected dump cannot be read, or the workbook cannot.
    public func mismatches(_ workbook: some SheetWorkbook, file: String, differences: Differences) throws -> [String] {
        guard let directory else { throw TestSupport.ToolFailure(message: "../shared is absent") }
        let expectedURL = directory.appendingPathComponent("expected")
            .appendingPathComponent(String(file.dropLast(fileExtension.count)) + ".json")
        guard let json = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any],
              let expectedSheets = json["sheets"] as? [[String: Any]] else {
            throw TestSupport.ToolFailure(message: "\(expectedURL.path): no \"sheets\" array")
        }
        var problems: [String] = []
        let names = workbook.sheets.map(\.name), expectedNames = expectedSheets.map { $0["name"] as? String ?? "?" }
        if names != expectedNames { problems.append("\(file): sheets \(names) vs \(expectedNames)") }

        for (sheet, expected) in zip(workbook.sheets, expectedSheets) {
            let at = "\(file)!\(sheet.name)"
            var oursByCell: [String: CellValue] = [:]
            for (ref, value) in try SheetDump.read(sheet, of: workbook).cells { oursByCell[ref.description] = value }
            guard let expectedCells = expected["cells"] as? [[Any]] else {
                problems.append("\(at): the expected dump has no \"cells\" array")
                continue
            }
            var seen = Set<String>()
            for cell in expectedCells {
                guard cell.count >= 3, let ref = cell[0] as? String, let type = cell[1] as? String else {
                    problems.append("\(at): malformed expected cell \(cell)")
                    continue
                }
                seen.insert(ref)
                guard let value = oursByCell[ref] else {
                    problems.append("\(at)!\(ref): missing, expected \(type) \(cell[2])")
                    continue
                }
                if SheetDump.typeCode(value) != type { problems.append("\(at)!\(ref): \(value), expected type \(type)") }
                switch value {
                case .string(let s):
                    let exp = cell[2] as? String ?? ""
                    if s != exp, !differences.acceptsText(file, s, exp) {
                        problems.append("\(at)!\(ref): \(s.debugDescription) vs \(exp.debugDescription)")
                    }
                case .number(let d, _):
                    // Through the text: Foundation may hold JSON numbers as Decimal, whose doubleValue is inexact.
                    let exp = (cell[2] as? NSNumber).flatMap { Double($0.stringValue) }
                    if d != exp { problems.append("\(at)!\(ref): \(d) vs \(cell[2])") }
                case .bool(let b):
                    if b != (cell[2] as? NSNumber)?.boolValue { problems.append("\(at)!\(ref): \(b) vs \(cell[2])") }
                case .date(let d):
                    let exp = cell[2] as? String ?? ""
                    if d.iso8601 != exp {
                        // Difference 2 and 3.
                        let fake1900 = d.year == 1900 && d.month == 2 && d.day == 29 && exp.hasPrefix("1900-02-28")
                            && d.iso8601.dropFirst(10) == exp.dropFirst(10)
                        let midnightDateTime = d.kind == .dateTime && d.iso8601 == exp + "T00:00:00"
                        if !(fake1900 || midnightDateTime) { problems.append("\(at)!\(ref): \(d.iso8601) vs \(exp)") }
                    }
                case .error(let e): problems.append("\(at)!\(ref): error \(e) where the reference has a value")
                case .empty: problems.append("\(at)!\(ref): empty")
                }
            }
            // Difference 1: only error cells may be ours alone.
            for (ref, value) in oursByCell.sorted(by: { $0.key < $1.key }) where !seen.contains(ref) {
                if case .error = value { continue }
                problems.append("\(at)!\(ref): we read \(value), the reference has nothing")
            }
        }
        return problems
    }
}
