import Foundation
import DisclosureCatalog
import OfficeReturns
import SheetCore

/// Settings of a merge.
public struct MergeOptions: Sendable {
    public var language: Language
    /// The date deadlines were judged against (shown in the report).
    public var asOf: DateTimeValue?
    /// The catalog's items; when empty, the union of items found in the returns.
    public var items: [MergeItem]
    /// Channel names in catalog order (实际公开渠道 columns).
    public var channelVocabulary: [String]
    /// The catalog's identity fields: how office codes are read (`codeDigits`) and what the outputs call them.
    public var officeFields: OfficeFields = .customs

    public init(language: Language = .zh, asOf: DateTimeValue? = nil, items: [MergeItem] = [],
                channelVocabulary: [String] = MergeOptions.customsChannels) {
        self.language = language; self.asOf = asOf; self.items = items; self.channelVocabulary = channelVocabulary
    }

    /// The customs catalog's channel vocabulary, in its order.
    public static let customsChannels = CustomsCatalog.channels

    /// Items and channels taken from a catalog.
    public init(catalog: Catalog, language: Language = .zh, asOf: DateTimeValue? = nil) {
        self.init(language: language, asOf: asOf,
                  items: catalog.items.map { MergeItem(number: $0.number, name: $0.name, deadline: $0.deadlineWording()) },
                  channelVocabulary: catalog.channels)
        officeFields = catalog.office
    }
}

/// Merges loaded returns into one picture. Pure: no I/O, same inputs → same result.
public enum Merger {
    /// One input with what its loader made of it.
    public struct Loaded: Sendable {
        public var file: MergeInputFile
        public var outcome: LoadOutcome
        public init(file: MergeInputFile, outcome: LoadOutcome) { self.file = file; self.outcome = outcome }
    }

    /// Whether an answer counts as compliant (合规): 已公开 through at least one channel with the deadline
    /// not missed, or 不适用.
    public static func isCompliant(_ a: ItemAnswer) -> Bool {
        switch a.status {
        case .published?: return !a.channels.isEmpty && a.deadlineMet != false
        case .notApplicable?: return true
        default: return false
        }
    }

    public static func merge(_ loaded: [Loaded], roster: Roster?, missingPaths: [String] = [],
                             options: MergeOptions = MergeOptions()) -> MergeResult {
        let sorted = loaded.sorted { $0.file.displayPath.utf8.lexicographicallyPrecedes($1.file.displayPath.utf8) }

        // Records by path, in the order paths first came up (loaded files are placed when seen, in path order, so
        // the list is usually sorted already).
        var inputs = InputRecords()
        // Findings and the office code of each, side by side (no tuples: reading one field of a tuple element
        // copies the whole finding).
        var findings: [Finding] = roster?.findings ?? []
        var findingCodes: [String?] = Array(repeating: nil, count: findings.count)
        struct Candidate { var file: MergeInputFile; var code: String; var submission: ReturnSubmission }
        var byCode: [String: [Candidate]] = [:]

        for path in missingPaths {
            inputs[path] = InputRecord(file: path, status: .rejected, reason: .unreadable, message: Messages.missingPath(path).text(options.language),
                                       officeCode: nil, supersededBy: nil, errors: 1, warnings: 0)
            findings.append(Finding(code: MergeRule.rejectedUnreadable.code, severity: MergeRule.rejectedUnreadable.severity,
                                    location: SourceLocation(file: path), message: Messages.missingPath(path)))
            findingCodes.append(nil)
        }
        for entry in sorted {
            let path = entry.file.displayPath
            func reject(_ reason: RejectionReason, _ message: LocalizedText) {
                inputs[path] = InputRecord(file: path, status: .rejected, reason: reason, message: message.text(options.language),
                                           officeCode: nil, supersededBy: nil, errors: 1, warnings: 0)
                findings.append(Finding(code: MergeRule(rejection: reason).code, severity: MergeRule(rejection: reason).severity,
                                        location: SourceLocation(file: path), message: message))
                findingCodes.append(nil)
            }
            switch entry.outcome {
            case .rejected(let reason, let message):
                reject(reason, message)
            case .loaded(var submission):
                inputs.reserve(path)
                let read = OfficeCode.read(submission.identity.officeCode, digits: options.officeFields.codeDigits)
                guard let code = read.code else {
                    reject(.noOfficeCode, Messages.noOfficeCode(options.officeFields))
                    continue
                }
                if case .restored(_, let found) = read {
                    submission.findings.append(Finding(code: MergeRule.codeNumeric.code, severity: MergeRule.codeNumeric.severity,
                        location: submission.identity.codeLocation ?? SourceLocation(file: path),
                        message: Messages.codeRestored(found: found, code: code)))
                }
                byCode[code, default: []].append(Candidate(file: entry.file, code: code, submission: submission))
            }
        }

        // One winner per office: later 填报日期, then later file time, then later path.
        var offices: [MergedOffice] = []
        var conflicts: [AnswerConflict] = []
        var unknown: [String] = []
        let fields = fieldNames(options.language)
        for code in byCode.keys.sorted() {
            let candidates = byCode[code]!.sorted { a, b in
                let da = a.submission.identity.filledOn.map(dateKey) ?? -1
                let db = b.submission.identity.filledOn.map(dateKey) ?? -1
                if da != db { return da > db }
                let ma = a.file.modified ?? .distantPast, mb = b.file.modified ?? .distantPast
                if ma != mb { return ma > mb }
                return a.file.displayPath.utf8.lexicographicallyPrecedes(b.file.displayPath.utf8) == false
            }
            let winner = candidates[0]
            let rosterEntry = roster?.entry(for: code)
            var winnerFindings = winner.submission.findings
            if roster != nil && rosterEntry == nil {
                unknown.append(code)
                winnerFindings.append(Finding(code: MergeRule.unknownOffice.code, severity: MergeRule.unknownOffice.severity,
                    location: winner.submission.identity.codeLocation ?? SourceLocation(file: winner.file.displayPath),
                    message: Messages.unknownOffice(code)))
            }
            // The roster's name is used; a return that names its office otherwise says so, never silently.
            if let rosterName = nonEmpty(rosterEntry?.name), let returnName = nonEmpty(winner.submission.identity.officeName),
               rosterName.trimmed != returnName.trimmed {
                winnerFindings.append(Finding(code: MergeRule.nameDiffers.code, severity: MergeRule.nameDiffers.severity,
                    location: winner.submission.identity.codeLocation ?? SourceLocation(file: winner.file.displayPath),
                    message: Messages.nameDiffers(code: code, roster: rosterName, office: returnName)))
            }
            let (errors, warnings) = tally(winnerFindings)
            inputs[winner.file.displayPath] = InputRecord(file: winner.file.displayPath,
                status: errors + warnings > 0 ? .mergedWithFindings : .merged, reason: nil, message: "",
                officeCode: code, supersededBy: nil, errors: errors, warnings: warnings)
            findings += winnerFindings
            findingCodes += repeatElement(Optional(code), count: winnerFindings.count)
            for loser in candidates.dropFirst() {
                let message = Messages.superseded(by: winner.file.displayPath)
                let (le, lw) = tally(loser.submission.findings)
                inputs[loser.file.displayPath] = InputRecord(file: loser.file.displayPath, status: .superseded,
                    reason: nil, message: message.text(options.language), officeCode: code, supersededBy: winner.file.displayPath,
                    errors: le, warnings: lw)
                findings.append(Finding(code: MergeRule.superseded.code, severity: MergeRule.superseded.severity,
                    location: SourceLocation(file: loser.file.displayPath), message: message))
                findingCodes.append(code)
                conflicts += diff(code: code, kept: winner, keptAnswers: winner.submission.answers,
                                  other: loser.file.displayPath, otherAnswers: loser.submission.answers, fields: fields)
            }
            let identity = winner.submission.identity
            let district = nonEmpty(rosterEntry?.district) ?? nonEmpty(identity.district)
                ?? (options.officeFields.codeDigits == nil ? "" : OfficeCode.districtPrefix(code))
            let answers = sortedByItem(winner.submission.answers)
            offices.append(MergedOffice(code: code, name: nonEmpty(rosterEntry?.name) ?? identity.officeName,
                                        district: district, file: winner.file.displayPath, onRoster: rosterEntry != nil,
                                        identity: identity, answers: answers, compliant: answers.map(isCompliant),
                                        superseded: candidates.dropFirst().map(\.file.displayPath)))
        }
        func diff(code: String, kept: Candidate, keptAnswers: [ItemAnswer], other: String, otherAnswers: [ItemAnswer],
                  fields: [String]) -> [AnswerConflict] {
            var out: [AnswerConflict] = []
            let mine = Dictionary(keptAnswers.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
            let theirs = Dictionary(otherAnswers.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
            for item in Set(mine.keys).union(theirs.keys).sorted() {
                let a = mine[item].map(fieldValues) ?? Array(repeating: "", count: fields.count)
                let b = theirs[item].map(fieldValues) ?? Array(repeating: "", count: fields.count)
                for i in fields.indices where a[i] != b[i] {
                    out.append(AnswerConflict(code: code, item: item, field: fields[i], keptFile: kept.file.displayPath,
                                              keptValue: a[i], supersededFile: other, supersededValue: b[i]))
                }
            }
            return out
        }

        let missing = roster?.entries.filter { byCode[$0.code] == nil } ?? []
        let items = options.items.isEmpty ? itemsSeen(offices) : options.items
        let itemSummaries = summarize(items: items, offices: offices)

        var districtNames: [String] = []
        for e in roster?.entries ?? [] where !districtNames.contains(e.district) { districtNames.append(e.district) }
        for o in offices where !districtNames.contains(o.district) { districtNames.append(o.district) }
        districtNames.sort()
        // Per-office tallies, computed once.
        var severities: [String: (errors: Int, warnings: Int)] = [:]
        for i in findings.indices {
            guard let code = findingCodes[i] else { continue }
            switch findings[i].severity {
            case .error: severities[code, default: (0, 0)].errors += 1
            case .warning: severities[code, default: (0, 0)].warnings += 1
            default: break
            }
        }
        let compliantCount = Dictionary(uniqueKeysWithValues: offices.map { o in
            (o.code, o.compliant.reduce(0) { $0 + ($1 ? 1 : 0) })
        })
        func summary(_ name: String, offices: [MergedOffice], rosterEntries: [RosterEntry]?) -> DistrictSummary {
            let rosterCodes = Set(rosterEntries?.map(\.code) ?? [])
            let answered = rosterEntries == nil ? offices.count : offices.filter { rosterCodes.contains($0.code) }.count
            return DistrictSummary(district: name, expected: rosterEntries?.count, answered: answered,
                                   missing: rosterEntries.map { $0.count - answered } ?? 0,
                                   unknown: rosterEntries == nil ? 0 : offices.count - answered,
                                   answers: offices.reduce(0) { $0 + $1.answers.count },
                                   compliantAnswers: offices.reduce(0) { $0 + (compliantCount[$1.code] ?? 0) },
                                   errors: offices.reduce(0) { $0 + (severities[$1.code]?.errors ?? 0) },
                                   warnings: offices.reduce(0) { $0 + (severities[$1.code]?.warnings ?? 0) })
        }
        var officesByDistrict: [String: [MergedOffice]] = [:]
        for o in offices { officesByDistrict[o.district, default: []].append(o) }
        var rosterByDistrict: [String: [RosterEntry]] = [:]
        for e in roster?.entries ?? [] { rosterByDistrict[e.district, default: []].append(e) }
        let districts = districtNames.map { name in
            summary(name, offices: officesByDistrict[name] ?? [], rosterEntries: roster.map { _ in rosterByDistrict[name] ?? [] })
        }
        let overall = summary(Messages.overall.text(options.language), offices: offices, rosterEntries: roster?.entries)

        // Ordered by office code, file, item, then as found. The findings were gathered office by office in code
        // order (those of no office first), so only each office's run is sorted — and most runs already are.
        let order = findingOrder(findings, codes: findingCodes)
        let inOrder = order.indices.allSatisfy { order[$0] == $0 }
        let inputList = inputs.sorted
        return MergeResult(language: options.language, asOf: options.asOf, channelVocabulary: options.channelVocabulary,
                           items: items, inputs: inputList, offices: offices, missing: missing, unknownOffices: unknown,
                           conflicts: conflicts, findings: inOrder ? findings : order.map { findings[$0] },
                           findingOffices: inOrder ? findingCodes : order.map { findingCodes[$0] }, itemSummaries: itemSummaries,
                           districtSummaries: districts, overall: overall, hasRoster: roster != nil,
                           officeFields: options.officeFields)
    }

    /// The order of findings by office code, file, item, then as found: runs of one office (equal codes) are
    /// sorted on their own when the codes come in order, as `merge` gathers them; otherwise everything is.
    static func findingOrder(_ findings: [Finding], codes: [String?]) -> [Int] {
        func precedes(_ x: Int, _ y: Int) -> Bool {
            let fx = findings[x].location?.file ?? "", fy = findings[y].location?.file ?? ""
            if !fx.hasSameBytes(as: fy), fx != fy { return fx.utf8.lexicographicallyPrecedes(fy.utf8) }
            let ix = findings[x].itemNumber ?? 0, iy = findings[y].itemNumber ?? 0
            if ix != iy { return ix < iy }
            return x < y
        }
        var runs: [Range<Int>] = []
        var start = 0
        for i in findings.indices.dropFirst() {
            let a = codes[i - 1] ?? "", b = codes[i] ?? ""
            if a.hasSameBytes(as: b) || a == b { continue }
            guard a < b else {
                // Codes out of order: sort them all.
                return findings.indices.sorted { x, y in
                    let cx = codes[x] ?? "", cy = codes[y] ?? ""
                    if cx != cy { return cx < cy }
                    return precedes(x, y)
                }
            }
            runs.append(start..<i)
            start = i
        }
        if !findings.isEmpty { runs.append(start..<findings.count) }
        var order = Array(findings.indices)
        for run in runs where run.count > 1 {
            if zip(run, run.dropFirst()).allSatisfy({ precedes($0, $1) }) { continue }
            order.replaceSubrange(run, with: run.sorted(by: precedes))
        }
        return order
    }

    /// Every item's summary in one pass over the answers (no answer is copied): each office's first answer to
    /// an item counts for it.
    static func summarize(items: [MergeItem], offices: [MergedOffice]) -> [ItemSummary] {
        var summaries = items.map {
            ItemSummary(item: $0, answered: 0, byStatus: [:], invalidStatus: 0, channelUse: [:], publishedWithoutChannel: 0,
                        deadlineMet: 0, deadlineMissed: 0, deadlineNotJudged: 0, compliant: 0)
        }
        // Item numbers become slots 0..<n (the summaries of each, and whether an office already answered it).
        var slots: [Int: Int] = [:]
        var targets: [[Int]] = []
        for (i, item) in items.enumerated() {
            if let slot = slots[item.number] { targets[slot].append(i) } else { slots[item.number] = targets.count; targets.append([i]) }
        }
        // Counted in plain arrays, made into the summaries' dictionaries at the end: statuses by case, channel
        // lists by their bytes (answers repeat a handful of lists, and hashing CJK strings is slow).
        let statuses = ImplementationStatus.allCases
        var statusCounts = [[Int]](repeating: [Int](repeating: 0, count: statuses.count), count: items.count)
        var lists = ChannelLists()
        var listCounts = [[Int]](repeating: [], count: items.count)
        var countedBy = [Int](repeating: -1, count: targets.count)
        var lastNumber = Int.min, lastSlot: Int?
        for (n, o) in offices.enumerated() {
            let answers = o.answers
            for k in answers.indices {
                let number = answers[k].item
                // Answers come in item order: the slot of the previous number is usually the next one's neighbour.
                let slot: Int?
                if number == lastNumber { slot = lastSlot } else { slot = slots[number]; lastNumber = number; lastSlot = slot }
                guard let slot, countedBy[slot] != n else { continue }
                countedBy[slot] = n
                let status = answers[k].status, met = answers[k].deadlineMet
                let noChannel = answers[k].channels.isEmpty
                let list = noChannel ? nil : lists.id(answers[k].channels)
                let compliant = o.compliant[k]
                let statusIndex = status.flatMap { statuses.firstIndex(of: $0) }
                for i in targets[slot] {
                    summaries[i].answered += 1
                    if let statusIndex { statusCounts[i][statusIndex] += 1 } else { summaries[i].invalidStatus += 1 }
                    if let list {
                        if listCounts[i].count <= list { listCounts[i] += repeatElement(0, count: list + 1 - listCounts[i].count) }
                        listCounts[i][list] += 1
                    }
                    if (status == .published || status == .partiallyPublished) && noChannel { summaries[i].publishedWithoutChannel += 1 }
                    switch met {
                    case true?: summaries[i].deadlineMet += 1
                    case false?: summaries[i].deadlineMissed += 1
                    case nil: summaries[i].deadlineNotJudged += 1
                    }
                    if compliant { summaries[i].compliant += 1 }
                }
            }
        }
        for i in summaries.indices {
            for (s, status) in statuses.enumerated() where statusCounts[i][s] > 0 { summaries[i].byStatus[status] = statusCounts[i][s] }
            for (list, count) in listCounts[i].enumerated() where count > 0 {
                for c in lists.channels(list) { summaries[i].channelUse[c, default: 0] += count }
            }
        }
        return summaries
    }

    /// One item's summary (the reference `summarize(items:offices:)` is tested against).
    static func summarize(item: MergeItem, offices: [MergedOffice], vocabulary: [String]) -> ItemSummary {
        let answers = offices.compactMap { o in o.answers.first { $0.item == item.number } }
        var byStatus: [ImplementationStatus: Int] = [:]
        var channelUse: [String: Int] = [:]
        for a in answers {
            if let s = a.status { byStatus[s, default: 0] += 1 }
            for c in a.channels { channelUse[c, default: 0] += 1 }
        }
        return ItemSummary(item: item, answered: answers.count, byStatus: byStatus,
                           invalidStatus: answers.filter { $0.status == nil }.count, channelUse: channelUse,
                           publishedWithoutChannel: answers.filter {
                               ($0.status == .published || $0.status == .partiallyPublished) && $0.channels.isEmpty }.count,
                           deadlineMet: answers.filter { $0.deadlineMet == true }.count,
                           deadlineMissed: answers.filter { $0.deadlineMet == false }.count,
                           deadlineNotJudged: answers.filter { $0.deadlineMet == nil }.count,
                           compliant: answers.filter(isCompliant).count)
    }

    static func itemsSeen(_ offices: [MergedOffice]) -> [MergeItem] {
        var seen: [Int: MergeItem] = [:]
        for o in offices { for a in o.answers where seen[a.item] == nil { seen[a.item] = MergeItem(number: a.item, name: a.name) } }
        return seen.keys.sorted().compactMap { seen[$0] }
    }

    /// The compared fields of an answer, in `fieldNames` order.
    static func fieldValues(_ a: ItemAnswer) -> [String] {
        [a.statusText, ChannelName.list(a.channels), a.otherChannel, a.location, a.formedOn?.iso8601 ?? "",
         a.publishedOn?.iso8601 ?? "", a.department, a.reason, a.remarks]
    }

    static func fieldNames(_ language: Language) -> [String] {
        language == .zh
            ? ["落实情况", "实际公开渠道", "其他渠道说明", "公开网址或位置", "信息形成或变更日期", "公开日期", "责任部门", "未公开或不适用原因", "备注"]
            : ["status", "channels", "other channel", "location", "formed on", "published on", "department", "reason", "remarks"]
    }

    /// Errors and warnings among findings.
    private static func tally(_ findings: [Finding]) -> (errors: Int, warnings: Int) {
        var errors = 0, warnings = 0
        for i in findings.indices {
            switch findings[i].severity {
            case .error: errors += 1
            case .warning: warnings += 1
            default: break
            }
        }
        return (errors, warnings)
    }

    /// Answers in item order (stable); already ordered ones, the usual case, are kept as they are.
    private static func sortedByItem(_ answers: [ItemAnswer]) -> [ItemAnswer] {
        if zip(answers.indices, answers.indices.dropFirst()).allSatisfy({ answers[$0].item <= answers[$1].item }) { return answers }
        return answers.sorted { $0.item < $1.item }
    }

    private static func dateKey(_ d: DateTimeValue) -> Int {
        ((d.year * 100 + d.month) * 100 + d.day) * 100_000 + d.hour * 3600 + d.minute * 60 + d.second
    }
    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmed.isEmpty else { return nil }
        return s.trimmed
    }
}

/// Input records keyed by path, kept in the order paths first came up.
private struct InputRecords {
    private var records: [InputRecord?] = []
    private var index: [String: Int] = [:]

    subscript(path: String) -> InputRecord? {
        get { index[path].flatMap { records[$0] } }
        set {
            if let i = index[path] { records[i] = newValue; return }
            index[path] = records.count
            records.append(newValue)
        }
    }

    /// Gives `path` its place now; a record is set later.
    mutating func reserve(_ path: String) {
        if index[path] == nil { index[path] = records.count; records.append(nil) }
    }

    /// The records sorted by path (UTF-8 order); no sort when they already are.
    var sorted: [InputRecord] {
        let list = records.compactMap { $0 }
        func precedes(_ a: InputRecord, _ b: InputRecord) -> Bool { a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if zip(list, list.dropFirst()).allSatisfy({ precedes($0, $1) }) { return list }
        return list.sorted(by: precedes)
    }
}
