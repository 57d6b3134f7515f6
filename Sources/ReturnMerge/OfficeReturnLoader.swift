import DisclosureCatalog
import Foundation
import SheetIO
import OfficeReturns
import SheetCore
import WorkCalendar

/// The real loader: reads a return file (XLSX or CSV), imports it with `ReturnImporter` and validates it with
/// `ReturnValidator`, then maps it to what the merge needs. Never throws: bad files are rejected with a reason.
public struct OfficeReturnLoader: ReturnLoader {
    public var catalog: Catalog
    public var validator: ReturnValidator
    /// The catalog compiled for the rules, shared with the validator (and with any other loader of the catalog).
    public var compiled: CompiledCatalog { validator.compiled }

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
            return .rejected(.unreadable, LocalizedText(zh: "无法读取：\(ErrorText.describe(error, in: .zh))",
                                                        en: "cannot read: \(ErrorText.describe(error, in: .en))"))
        }
        let findings = validator.validate(officeReturn)
        if let foreign = findings.first(where: { Self.foreignRules.contains($0.code) }) {
            return .rejected(.otherCatalog, foreign.message)
        }
        return .loaded(submission(officeReturn, findings: findings))
    }

    /// Maps an imported, validated return to the merge's model.
    public func submission(_ r: OfficeReturn, findings: [Finding]) -> ReturnSubmission {
        // What the findings on each item say about its deadline (most items have none that matter).
        var deadlineFindings: [Int: DeadlineFindings] = [:]
        for finding in findings {
            guard let item = finding.itemNumber, let kind = DeadlineFindings(code: finding.code) else { continue }
            deadlineFindings[item, default: []].formUnion(kind)
        }
        var seen: Set<Int> = []
        seen.reserveCapacity(r.items.count)  // one allocation, not one per doubling
        var answers: [ItemAnswer] = []
        answers.reserveCapacity(r.items.count)
        // Entries are passed in place (by element address), not copied out one by one.
        r.items.withUnsafeBufferPointer { items in
            for index in items.indices where seen.insert(items[index].itemNumber).inserted {
                answers.append(answer(items[index], deadline: deadlineFindings[items[index].itemNumber] ?? [],
                                      file: r.file, sheet: r.sheet))
            }
        }
        let code: CellValue = r.office.code.text.isEmpty ? .empty : .string(r.office.code.text)
        let identity = ReturnIdentity(officeName: r.office.name.text, officeCode: code, district: r.office.directCustoms.text,
                                      filledBy: r.office.preparer.text, phone: r.office.phone.text,
                                      filledOn: r.office.reportDate.value.map(Self.dateTime), codeLocation: r.office.code.source)
        return ReturnSubmission(identity: identity, answers: answers, findings: findings)
    }

    /// One entry of the return read from `file` (table on `sheet`) as the merge's answer.
    func answer(_ entry: ItemReturn, deadline: DeadlineFindings, file: String, sheet: String?) -> ItemAnswer {
        let source = Self.fieldRange(entry) ?? entry.status.source ?? entry.officialCells.first?.source
            ?? SourceLocation(file: file, sheet: sheet, line: entry.row)
        return ItemAnswer(
            item: entry.itemNumber, name: entry.itemName,
            status: entry.status.value, statusText: entry.status.text,
            channels: Self.usedChannels(entry), otherChannel: entry.otherChannelNote.text, location: entry.location.text,
            formedOn: entry.formedOrChangedDate.value.map(Self.dateTime), publishedOn: entry.publishedDate.value.map(Self.dateTime),
            department: entry.department.text, reason: entry.reason.text, remarks: entry.remarks.text,
            deadlineMet: deadlineMet(entry, findings: deadline), source: source)
    }

    /// The validator's findings that decide `deadlineMet`, for one item.
    struct DeadlineFindings: OptionSet {
        let rawValue: UInt8
        /// 超过公开时限 or 已逾期未公开.
        static let missed = DeadlineFindings(rawValue: 1)
        /// A date finding that leaves the deadline unjudged.
        static let blocking = DeadlineFindings(rawValue: 2)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The kind of a finding's rule code; nil for rules that do not bear on the deadline.
        init?(code: String) {
            if Self.missedCodes.contains(code) {
                self = .missed
            } else if Self.blockingCodes.contains(code) {
                self = .blocking
            } else {
                return nil
            }
        }

        static let missedCodes = [ReturnRule.deadlineMissed.code, ReturnRule.deadlineOverdue.code]
        static let blockingCodes = [ReturnRule.dateMissing, .dateInvalid, .dateOrder, .calendar, .dateFuture].map(\.code)
    }

    /// Met (true), missed (false) or not judged (nil), read from the validator's deadline findings on the item.
    func deadlineMet(_ entry: ItemReturn, findings: DeadlineFindings) -> Bool? {
        if findings.contains(.missed) { return false }
        guard entry.status.value?.isPublished == true, entry.publishedDate.value != nil,
              compiled.judgesDeadline(ofItem: entry.itemNumber), !findings.contains(.blocking) else { return nil }
        return true
    }

    /// The channels marked as used, once each in first-seen order (`unique(entry.usedChannels)`).
    static func usedChannels(_ entry: ItemReturn) -> [String] {
        let channels = entry.channels
        guard channels.count <= 16 else { return unique(entry.usedChannels) }
        var kept: [String] = []
        for index in channels.indices where channels[index].used.value == true && !kept.contains(channels[index].channel) {
            kept.append(channels[index].channel)
        }
        return kept
    }

    /// `file!sheet!H12:S12` — the row's fill-in cells, from its first to its last sourced field; nil when no
    /// field has a cell.
    static func fieldRange(_ e: ItemReturn) -> SourceLocation? {
        // Fields the importer read are cells of one sheet: the range comes from their positions, with no cell
        // named but its own, in one pass without arrays or closures (the first cells of least and of greatest
        // column, as `rangeByReference` picks them). Other sources (decoded, built by hand) take the definition.
        var first: ValueSource?
        var lo: CellReference?, hi: CellReference?
        var oneSheet = true
        consider(e.status.origin, &first, &lo, &hi, &oneSheet)
        consider(e.otherChannelNote.origin, &first, &lo, &hi, &oneSheet)
        consider(e.location.origin, &first, &lo, &hi, &oneSheet)
        consider(e.formedOrChangedDate.origin, &first, &lo, &hi, &oneSheet)
        consider(e.publishedDate.origin, &first, &lo, &hi, &oneSheet)
        consider(e.department.origin, &first, &lo, &hi, &oneSheet)
        consider(e.reason.origin, &first, &lo, &hi, &oneSheet)
        consider(e.remarks.origin, &first, &lo, &hi, &oneSheet)
        for index in e.channels.indices { consider(e.channels[index].used.origin, &first, &lo, &hi, &oneSheet) }
        guard oneSheet else { return rangeByReference(e) }
        guard let first, let lo, let hi else { return nil }
        return first.location(from: lo, to: CellReference(row: lo.row, column: hi.column))
    }

    /// One field of `fieldRange`: its cell kept as `lo` when of smaller column, as `hi` when of greater; `oneSheet`
    /// turns false at a source that is no cell of the first one's sheet.
    private static func consider(_ origin: ValueSource?, _ first: inout ValueSource?, _ lo: inout CellReference?,
                                 _ hi: inout CellReference?, _ oneSheet: inout Bool) {
        guard oneSheet, let origin else { return }
        guard let cell = origin.cell, first?.isInSameSheet(as: origin) ?? true else {
            oneSheet = false
            return
        }
        if first == nil { first = origin }
        if lo.map({ cell.column < $0.column }) ?? true { lo = cell }
        if hi.map({ cell.column > $0.column }) ?? true { hi = cell }
    }

    /// The sources of a row's fill-in fields in the order `fieldRange` considers them.
    private static func forEachFieldSource(of e: ItemReturn, _ visit: (SourceLocation?) -> Void) {
        visit(e.status.source); visit(e.otherChannelNote.source); visit(e.location.source)
        visit(e.formedOrChangedDate.source); visit(e.publishedDate.source); visit(e.department.source)
        visit(e.reason.source); visit(e.remarks.source)
        for channel in e.channels { visit(channel.used.source) }
    }

    /// `fieldRange` through `CellReference` for every cell (the definition; any cell spelling).
    static func rangeByReference(_ e: ItemReturn) -> SourceLocation? {
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
        guard let first, let lo, let hi else { return nil }
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
