import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import WorkCalendar

/// The real loader: reads a return file (XLSX or CSV), imports it with `ReturnImporter` and validates it with
/// `ReturnValidator`, then maps it to what the merge needs. Never throws: bad files are rejected with a reason.
public struct OfficeReturnLoader: ReturnLoader {
    public var catalog: Catalog
    public var validator: ReturnValidator

    public init(catalog: Catalog, calendar: HolidayCalendar, settings: ValidationSettings = ValidationSettings()) {
        self.catalog = catalog
        validator = ReturnValidator(catalog: catalog, calendar: calendar, settings: settings)
    }

    /// Rules whose finding means the file belongs to another catalog or template version.
    static let foreignRules: Set<String> = [ReturnRule.catalogUnknown.code, ReturnRule.catalogVersion.code,
                                            ReturnRule.templateVersion.code]

    public func load(_ file: URL, displayPath: String) -> LoadOutcome {
        let officeReturn: OfficeReturn
        do {
            // Only the sheets the return needs are parsed (a corrupt 填报说明 does not reject the file).
            officeReturn = try ReturnImporter(catalog: catalog).read(ReturnWorkbook(path: file.path), file: displayPath)
        } catch var error as ReturnImportError {
            error.location.file = displayPath  // report the path as the user gave it
            let message = LocalizedText(zh: error.chineseMessage, en: error.englishMessage)
            switch error.kind {
            case .noTable: return .rejected(.notAReturn, message)
            case .unreadable: return .rejected(.unreadable, message)
            }
        } catch {
            return .rejected(.unreadable, LocalizedText(zh: "无法读取：\(error)", en: "cannot read: \(error)"))
        }
        let findings = validator.validate(officeReturn)
        if let foreign = findings.first(where: { Self.foreignRules.contains($0.code) }) {
            return .rejected(.otherCatalog, foreign.message)
        }
        return .loaded(submission(officeReturn, findings: findings))
    }

    /// Maps an imported, validated return to the merge's model.
    public func submission(_ r: OfficeReturn, findings: [Finding]) -> ReturnSubmission {
        // The rule codes found on each item (a few per item; only membership is asked).
        var codesByItem: [Int: [String]] = [:]
        for finding in findings {
            if let item = finding.itemNumber { codesByItem[item, default: []].append(finding.code) }
        }
        var seen: Set<Int> = []
        var answers: [ItemAnswer] = []
        answers.reserveCapacity(r.items.count)
        // Entries are passed in place (by element address), not copied out one by one.
        r.items.withUnsafeBufferPointer { items in
            for index in items.indices where seen.insert(items[index].itemNumber).inserted {
                answers.append(answer(items[index], codes: codesByItem[items[index].itemNumber] ?? [], in: r))
            }
        }
        let code: CellValue = r.office.code.text.isEmpty ? .empty : .string(r.office.code.text)
        let identity = ReturnIdentity(officeName: r.office.name.text, officeCode: code, district: r.office.directCustoms.text,
                                      filledBy: r.office.preparer.text, phone: r.office.phone.text,
                                      filledOn: r.office.reportDate.value.map(Self.dateTime), codeLocation: r.office.code.source)
        return ReturnSubmission(identity: identity, answers: answers, findings: findings)
    }

    /// One entry of `r` as the merge's answer.
    func answer(_ entry: ItemReturn, codes: [String], in r: OfficeReturn) -> ItemAnswer {
        let firstCell = entry.status.source ?? entry.officialCells.first?.source
        return ItemAnswer(
            item: entry.itemNumber, name: entry.itemName,
            status: entry.status.value, statusText: entry.status.text,
            channels: Self.unique(entry.usedChannels), otherChannel: entry.otherChannelNote.text, location: entry.location.text,
            formedOn: entry.formedOrChangedDate.value.map(Self.dateTime), publishedOn: entry.publishedDate.value.map(Self.dateTime),
            department: entry.department.text, reason: entry.reason.text, remarks: entry.remarks.text,
            deadlineMet: deadlineMet(entry, codes: codes),
            source: Self.rowSource(entry, fallback: firstCell ?? SourceLocation(file: r.file, sheet: r.sheet, line: entry.row)))
    }

    /// Met (true), missed (false) or not judged (nil), read from the validator's deadline findings.
    func deadlineMet(_ entry: ItemReturn, codes: [String]) -> Bool? {
        if codes.contains(ReturnRule.deadlineMissed.code) || codes.contains(ReturnRule.deadlineOverdue.code) { return false }
        guard let item = catalog.item(entry.itemNumber), entry.status.value?.isPublished == true,
              entry.publishedDate.value != nil else { return nil }
        let judged = item.deadlines.contains {
            switch $0.deadline.rule {
            case .workingDays, .calendarDays, .annual: return true
            default: return false
            }
        }
        let blocked: [ReturnRule] = [.dateMissing, .dateInvalid, .dateOrder, .calendar, .dateFuture]
        if !judged || blocked.contains(where: { codes.contains($0.code) }) { return nil }
        return true
    }

    /// `file!sheet!H12:S12` — the row's fill-in cells, from its first to its last sourced field.
    static func rowSource(_ e: ItemReturn, fallback: SourceLocation) -> SourceLocation {
        // One pass over the fields' cells in `forEachFieldSource`'s order, no arrays and no closures: the first
        // cells of least and of greatest column (as min(by:) and max(by:) pick them). Cells are the importer's
        // canonical names ("H12"), read by `CanonicalCell`; any other spelling takes `rowSourceByReference`.
        var lo: CanonicalCell?, hi: CanonicalCell?
        var canonical = true
        consider(e.status.source, &lo, &hi, &canonical)
        consider(e.otherChannelNote.source, &lo, &hi, &canonical)
        consider(e.location.source, &lo, &hi, &canonical)
        consider(e.formedOrChangedDate.source, &lo, &hi, &canonical)
        consider(e.publishedDate.source, &lo, &hi, &canonical)
        consider(e.department.source, &lo, &hi, &canonical)
        consider(e.reason.source, &lo, &hi, &canonical)
        consider(e.remarks.source, &lo, &hi, &canonical)
        for index in e.channels.indices { consider(e.channels[index].used.source, &lo, &hi, &canonical) }
        guard canonical else { return rowSourceByReference(e, fallback: fallback) }
        guard let lo, let hi, var location = e.status.source ?? e.otherChannelNote.source ?? e.location.source
                ?? e.formedOrChangedDate.source ?? e.publishedDate.source ?? e.department.source ?? e.reason.source
                ?? e.remarks.source ?? e.channels.first(where: { $0.used.source != nil })?.used.source else { return fallback }
        // CellRange(start: lo, end: (lo.row, hi.column)).description, from the names' own letters and digits.
        location.cell = lo.column == hi.column ? lo.name : lo.name + ":" + hi.name.prefix(hi.letterCount) + lo.name.dropFirst(lo.letterCount)
        return location
    }

    /// One cell of `rowSource`: kept as `lo` when of smaller column, as `hi` when of greater.
    /// Takes the source itself (borrowed), not its cell: `source?.cell` at the call copied the whole location.
    private static func consider(_ source: SourceLocation?, _ lo: inout CanonicalCell?, _ hi: inout CanonicalCell?, _ canonical: inout Bool) {
        guard canonical, let name = source?.cell else { return }
        guard let cell = CanonicalCell(name) else {
            canonical = false
            return
        }
        if lo.map({ cell.column < $0.column }) ?? true { lo = cell }
        if hi.map({ cell.column > $0.column }) ?? true { hi = cell }
    }

    /// The sources of a row's fill-in fields in the order `rowSource` considers them.
    private static func forEachFieldSource(of e: ItemReturn, _ visit: (SourceLocation?) -> Void) {
        visit(e.status.source); visit(e.otherChannelNote.source); visit(e.location.source)
        visit(e.formedOrChangedDate.source); visit(e.publishedDate.source); visit(e.department.source)
        visit(e.reason.source); visit(e.remarks.source)
        for channel in e.channels { visit(channel.used.source) }
    }

    /// `rowSource` through `CellReference` for every cell (the definition; any cell spelling).
    static func rowSourceByReference(_ e: ItemReturn, fallback: SourceLocation) -> SourceLocation {
        var first: SourceLocation?
        var lo: CellReference?, hi: CellReference?
        func visit(_ source: SourceLocation?) {
            guard let source else { return }
            if first == nil { first = source }
            guard let cell = source.cell, let ref = CellReference(cell) else { return }
            if lo.map({ ref.column < $0.column }) ?? true { lo = ref }
            if hi.map({ ref.column > $0.column }) ?? true { hi = ref }
        }
        forEachFieldSource(of: e, visit)
        guard let first, let lo, let hi else { return fallback }
        var location = first
        location.cell = CellRange(start: lo, end: CellReference(row: lo.row, column: hi.column)).description
        return location
    }

    /// Channel names once each, in first-seen order (a file with two columns of one channel counts it once).
    static func unique(_ names: [String]) -> [String] {
        // A row has a handful of channels: comparing with the ones kept beats hashing them.
        guard names.count > 16 else {
            var kept: [String] = []
            kept.reserveCapacity(names.count)
            for name in names where !kept.contains(name) { kept.append(name) }
            return kept
        }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    static func dateTime(_ d: CalendarDate) -> DateTimeValue { DateTimeValue(year: d.year, month: d.month, day: d.day) }
}

extension OfficeReturnLoader {
    /// A loader over the built-in holiday calendar (holiday-cn 2019–2026).
    /// - Parameter asOf: the validation date (future dates, overdue items); nil checks neither.
    /// - Throws: the calendar's error when the built-in data cannot be loaded.
    public static func builtIn(catalog: Catalog = CustomsCatalog.catalog, asOf: DateTimeValue? = nil) throws -> OfficeReturnLoader {
        let date = asOf.flatMap { CalendarDate(year: $0.year, month: $0.month, day: $0.day) }
        return OfficeReturnLoader(catalog: catalog, calendar: try HolidayCalendar.builtIn(),
                                  settings: ValidationSettings(asOf: date))
    }
}

/// A cell name as the importer writes it, `H12`: 1–3 capitals then a row number without leading zeros, within
/// the sheet's limits — exactly the names whose `CellReference` reads them back to the same text. Nil for any
/// other spelling (`h12`, `$H$12`, `H012`).
struct CanonicalCell {
    var name: String
    var column: Int
    var letterCount: Int

    init?(_ name: String) {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard digits == 0, letters < 3 else { return nil }
                letters += 1
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 7, digits > 0 || byte != UInt8(ascii: "0") else { return nil }
                digits += 1
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, row <= CellReference.maxRows, column <= CellReference.maxColumns else { return nil }
        self.name = name
        self.column = column - 1
        self.letterCount = letters
    }
}
