import DisclosureCatalog
import SheetCore
import WorkCalendar

/// Checks an `OfficeReturn` against its catalog and the working-day calendar.
///
/// Returns findings (stable `ReturnRule` codes, severity, location sheet!cell, item number, message in
/// Chinese and English); never throws. Findings come in a stable order: identity and layout first, then
/// by item number and column.
public struct ReturnValidator: Sendable {
    public let catalog: Catalog
    public var calendar: HolidayCalendar
    public var settings: ValidationSettings

    /// The catalog compiled for the rules (shared by every validator, loader and merge of the catalog).
    public let compiled: CompiledCatalog

    public init(catalog: Catalog, calendar: HolidayCalendar, settings: ValidationSettings = ValidationSettings()) {
        self.init(compiled: CompiledCatalog.of(catalog), calendar: calendar, settings: settings)
    }

    public init(compiled: CompiledCatalog, calendar: HolidayCalendar, settings: ValidationSettings = ValidationSettings()) {
        self.catalog = compiled.catalog
        self.compiled = compiled
        self.calendar = calendar
        self.settings = settings
    }

    /// Whether the catalog's item `number` has a deadline this validator judges (working days, calendar days,
    /// annual), rather than only notes.
    public func judgesDeadline(ofItem number: Int) -> Bool { compiled.judgesDeadline(ofItem: number) }

    public func validate(_ officeReturn: OfficeReturn) -> [Finding] {
        var sink = FindingSink(file: officeReturn.file, sheet: officeReturn.sheet)
        sink.findings.reserveCapacity(officeReturn.items.count)  // a guess that spares most regrowing
        checkIdentity(officeReturn, &sink)
        checkLayout(officeReturn, &sink)
        let level = officeLevel(of: officeReturn.office)
        let columnChannels = officeReturn.channels.map { name in
            compiled.vocabularyFacts.first { $0.name.hasSameBytes(as: name) } ?? ChannelFacts(name)
        }
        var seen: Set<Int> = []
        seen.reserveCapacity(officeReturn.items.count)  // one allocation, not one per doubling
        // Entries and item plans are read in place, not copied out one by one.
        compiled.plans.withUnsafeBufferPointer { plans in
            officeReturn.items.withUnsafeBufferPointer { items in
                guard let base = items.baseAddress, let planBase = plans.baseAddress else { return }
                // One checker per return, moved from entry to entry; it holds addresses into these buffers, so
                // it lives only inside this closure.
                var checks: ItemChecks?
                for index in items.indices {
                    let entry = base + index
                    // Each catalog item once.
                    if !seen.insert(entry.pointee.itemNumber).inserted {
                        sink.add(.itemDuplicate, at: SourceLocation(file: officeReturn.file, sheet: officeReturn.sheet,
                                                                    cell: entry.pointee.officialCells.first?.source.cell),
                                 item: entry.pointee.itemNumber,
                                 zh: "事项“\(entry.pointee.itemName)”重复出现（第\(entry.pointee.row)行）",
                                 en: "item \"\(entry.pointee.itemName)\" appears more than once (row \(entry.pointee.row))")
                        continue
                    }
                    guard let slot = compiled.planIndex[entry.pointee.itemNumber] else { continue }
                    if checks == nil {
                        checks = ItemChecks(validator: self, planAddress: planBase + slot, entryAddress: entry, level: level,
                                            columnChannels: columnChannels)
                    } else {
                        checks?.planAddress = planBase + slot
                        checks?.entryAddress = entry
                    }
                    checks?.run(&sink)
                }
            }
        }
        // Every catalog item answered.
        for item in catalog.items where !seen.contains(item.number) {
            sink.add(.itemMissing, at: SourceLocation(file: officeReturn.file, sheet: officeReturn.sheet), item: item.number,
                     zh: "缺少事项“\(item.name)”", en: "item \"\(item.name)\" is missing")
        }
        return sink.findings
    }

    // MARK: - Identity and layout

    private func checkIdentity(_ r: OfficeReturn, _ sink: inout FindingSink) {
        let office = r.office
        let officeFields = catalog.office
        let fields: [(Int, Sourced<String>)] = [(0, office.name), (1, office.code), (2, office.directCustoms),
                                                (3, office.preparer), (4, office.phone),
                                                (5, Sourced(text: office.reportDate.text, origin: office.reportDate.origin))]
        for (index, field) in fields where field.text.isEmpty {
            // The labels are made only for a finding (most returns have none here).
            let zhLabel = OfficeIdentity.labels(for: officeFields)[index], enLabel = OfficeIdentity.englishLabels(for: officeFields)[index]
            sink.add(.identityMissing, at: field.source ?? sink.sheetLocation, item: nil,
                     zh: field.source == nil ? "未找到“\(zhLabel)”栏（标签单元格右侧填写）" : "未填写\(zhLabel)",
                     en: field.source == nil ? "no \(zhLabel) (\(enLabel)) label found (value goes right of the label)" : "\(zhLabel) (\(enLabel)) is empty")
        }
        let code = office.code.text
        if let digits = officeFields.codeDigits, !code.isEmpty, !(code.count == digits && code.allSatisfy { $0.isASCII && $0.isNumber }) {
            let lostZero = code.allSatisfy { $0.isASCII && $0.isNumber } && code.count < digits
            let label = officeFields.code, english = officeFields.codeLabel(.en)
            let example = ReturnTemplate.codeExample(digits)
            sink.add(.officeCode, at: office.code.source ?? sink.sheetLocation, item: nil,
                     zh: "\(label)“\(code)”不是\(digits)位数字" + (lostZero ? "；可能被当作数字输入而丢失了前导0，请将单元格设为文本后重新输入（如 \(example)）" : ""),
                     en: "\(english) \"\(code)\" is not \(digits) digits" + (lostZero ? "; it was probably typed as a number and lost its leading zero — format the cell as text and retype it (e.g. \(example))" : ""))
        }
        if let digits = PhoneCheck.lostLeadingZero(office.phone.text) {
            sink.add(.phone, at: office.phone.source ?? sink.sheetLocation, item: nil,
                     zh: "联系电话“\(digits)”不以0开头，也不是手机号：可能被当作数字输入而丢失了区号的前导0（如 0\(digits)），请将单元格设为文本后重新输入",
                     en: "phone \"\(digits)\" neither starts with 0 nor is a mobile number: it was probably typed as a number and lost the leading 0 of its area code (0\(digits)?) — format the cell as text and retype it")
        }
        let date = office.reportDate
        if date.isUninterpretable {
            sink.add(.reportDate, at: date.source ?? sink.sheetLocation, item: nil,
                     zh: "填报日期“\(date.text)”不是有效日期", en: "report date \"\(date.text)\" is not a real date")
        } else if let d = date.value, let asOf = settings.asOf, d > asOf {
            sink.add(.reportDate, at: date.source ?? sink.sheetLocation, item: nil,
                     zh: "填报日期 \(d) 晚于校验日期 \(asOf)", en: "report date \(d) is after the as-of date \(asOf)")
        }
    }

    private func checkLayout(_ r: OfficeReturn, _ sink: inout FindingSink) {
        if let stamp = r.stamp {
            // A version-less catalog is known by its content fingerprint; templates made before fingerprints
            // were recorded carry an empty version, which such a catalog accepts.
            let catalogVersion = compiled.versionLabel
            let legacyStamp = catalog.version == nil && stamp.catalogVersion.text.isEmpty
            if let id = stamp.catalogID.value, id != catalog.id {
                sink.add(.catalogUnknown, at: stamp.catalogID.source ?? sink.sheetLocation, item: nil,
                         zh: "模板依据的目录“\(id)”不是当前目录“\(catalog.id)”",
                         en: "the template was made for catalog \"\(id)\", not \"\(catalog.id)\"")
            } else if stamp.catalogID.value == nil {
                sink.add(.catalogUnknown, at: stamp.catalogID.source ?? sink.sheetLocation, item: nil,
                         zh: "模板信息中缺少目录标识", en: "the template metadata lacks the catalog id")
            }
            if stamp.catalogVersion.text != catalogVersion, !legacyStamp {
                sink.add(.catalogVersion, at: stamp.catalogVersion.source ?? sink.sheetLocation, item: nil,
                         zh: "模板依据的目录版本“\(stamp.catalogVersion.text)”与当前目录版本“\(catalogVersion)”不一致，请使用最新模板",
                         en: "the template's catalog version \"\(stamp.catalogVersion.text)\" differs from the current \"\(catalogVersion)\"; use the current template")
            }
            if !settings.knownTemplateVersions.contains(stamp.templateVersion.text) {
                sink.add(.templateVersion, at: stamp.templateVersion.source ?? sink.sheetLocation, item: nil,
                         zh: "模板版本“\(stamp.templateVersion.text)”未知", en: "unknown template version \"\(stamp.templateVersion.text)\"")
            }
        } else {
            sink.add(.layout, at: sink.sheetLocation, item: nil,
                     zh: "未使用填报模板（无模板信息），按序号和事项名称对应各行",
                     en: "not our template (no metadata); rows were matched by number and name")
        }
        for column in r.missingColumns {
            sink.add(.columnMissing, at: sink.sheetLocation, item: nil,
                     zh: "缺少“\(column)”列", en: "the \(column) column is missing")
        }
        for row in r.unmatchedRows {
            sink.add(.rowUnknown, at: row.source, item: nil,
                     zh: "第\(row.row)行（序号“\(row.numberText)”，事项“\(row.nameText)”）不是目录中的事项",
                     en: "row \(row.row) (number \"\(row.numberText)\", name \"\(row.nameText)\") is not a catalog item")
        }
    }

    /// The office's 公开主体 level (see `ValidationSettings.officeLevel`); nil when it is not given and the
    /// catalog does not use the customs levels (then no item is judged outside the office's level).
    public func officeLevel(of office: OfficeIdentity) -> Publisher? {
        if let level = settings.officeLevel { return level }
        guard compiled.usesCustomsLevels else { return nil }
        let code = office.code.text
        if code.count == 4, code.hasSuffix("00") { return .directCustoms }
        if !office.name.text.isEmpty, office.name.text == office.directCustoms.text { return .directCustoms }
        return .subordinateCustoms
    }
}

/// 联系电话 checks.
enum PhoneCheck {
    /// The digits of a phone number that lost the leading 0 of its area code (typed as a number: 1065195114 for
    /// 010-65195114), nil otherwise. Such a number is all digits, 9 to 11 of them, not starting with 0 and not a
    /// mobile number (11 digits, 13…19); local numbers without an area code have 7 or 8 digits.
    static func lostLeadingZero(_ text: String) -> String? {
        var digits = text.trimmingWhitespace()
        // A number cell may show as 1065195114.0 or 1.065195114E9 was already made text by the reader; only
        // plain digits are judged.
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        guard (9...11).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = digits.first, first != "0" else { return nil }
        if digits.count == 11, first == "1", let second = digits.dropFirst().first, "3456789".contains(second) { return nil }
        return digits
    }
}

/// A locked catalog text of one item: its column header, the wording, its comparison key, and the wording as
/// the template writes it (parts on lines) when that compares equal.
struct LockedText {
    var column: String
    var expected: String
    var key: String
    var template: String?
}

/// Collects findings for one return.
struct FindingSink {
    var file: String
    var sheet: String?
    var findings: [Finding] = []

    var sheetLocation: SourceLocation { SourceLocation(file: file, sheet: sheet) }

    mutating func add(_ rule: ReturnRule, at location: SourceLocation, item: Int?, zh: String, en: String) {
        findings.append(Finding(code: rule.code, severity: rule.severity, location: location, itemNumber: item,
                                zh: zh, en: en))
    }
}
