import DisclosureCatalog
import SheetCore
import WorkCalendar

/// The per-item rules of `ReturnValidator`.
struct ItemChecks {
    var validator: ReturnValidator
    /// The item's plan (`CompiledCatalog`) and the entry checked, read in place (`ReturnValidator.validate`
    /// holds their storage while the checks run) rather than copied per entry; one `ItemChecks` serves a whole
    /// return, moved from entry to entry (made per entry, it copied the validator each time).
    var planAddress: UnsafePointer<ItemPlan>
    var plan: ItemPlan { _read { yield planAddress.pointee } }
    var item: CatalogItem { _read { yield planAddress.pointee.item } }
    var entryAddress: UnsafePointer<ItemReturn>
    var entry: ItemReturn { _read { yield entryAddress.pointee } }
    /// The office's level, nil when unknown (nothing is then outside it).
    var level: Publisher?
    /// Facts of the return's channel columns (`OfficeReturn.channels`), in order.
    var columnChannels: [ChannelFacts] = []

    var settings: ValidationSettings { validator.settings }

    private func at(_ source: SourceLocation?, _ sink: FindingSink) -> SourceLocation {
        if let source { return source }
        return SourceLocation(file: sink.file, sheet: sink.sheet, cell: entryAddress.pointee.officialCells.first?.source.cell)
    }

    /// The rules for one row, in the order their findings are listed.
    func run(_ sink: inout FindingSink) {
        // The row is the catalog item: its 序号 and its 二级事项 name the same item.
        checkRowMatch(&sink)
        // 二级事项, 公开内容, 公开时限 and 公开主体 stand as the catalog words them.
        checkOfficialText(&sink)
        // Outside the office's level (公开主体), 不适用 is the expected answer.
        let excluded = level.map { !publishersInclude($0) } ?? false
        // 落实情况 is one of 已公开, 部分公开, 未公开, 不适用.
        checkStatus(excluded: excluded, &sink)
        let status = entry.status.value
        // Published: at least one channel, 其他 with its form, a website with its address; not published: none.
        checkChannels(status, &sink)
        // 信息形成或变更日期 and 公开日期 are real dates, not after the as-of date, in that order.
        checkDates(&sink)
        // Published within the 公开时限 (working days, calendar days, yearly) from the date formed or changed.
        checkDeadline(status, &sink)
        // 未公开 and 不适用 give their reason (不适用 outside the office's level needs none).
        checkReason(status, excluded: excluded, &sink)
    }

    private func checkRowMatch(_ sink: inout FindingSink) {
        let n = item.number
        guard entry.matchedBy == .number || entry.matchedBy == .name else { return }
        let cell = entry.officialCells.first { $0.column == OfficialColumn.name.header }
        sink.add(.rowMatch, at: at(cell?.source, sink), item: n,
                 zh: entry.matchedBy == .number ? "第\(entry.row)行序号为\(n)，但事项名称不是“\(item.name)”" : "第\(entry.row)行事项名称为“\(item.name)”，但序号不是\(n)",
                 en: entry.matchedBy == .number ? "row \(entry.row) has number \(n) but its name is not \"\(item.name)\"" : "row \(entry.row) is named \"\(item.name)\" but its number is not \(n)")
    }

    private func checkStatus(excluded: Bool, _ sink: inout FindingSink) {
        let status = entry.status, n = item.number
        guard status.origin != nil else { return }
        if status.text.isEmpty {
            sink.add(.statusMissing, at: at(status.source, sink), item: n,
                     zh: "未填写落实情况" + (excluded ? "（本事项公开主体为\(publisherList)，不含\(levelName)，可填“不适用”）" : ""),
                     en: "the status is empty" + (excluded ? " (this item is published by \(publisherList), not a \(levelEnglish); 不适用 is acceptable)" : ""))
        } else if status.value == nil {
            sink.add(.statusInvalid, at: at(status.source, sink), item: n,
                     zh: "落实情况“\(status.text)”无效，应为已公开、部分公开、未公开或不适用",
                     en: "status \"\(status.text)\" is invalid; use 已公开, 部分公开, 未公开 or 不适用")
        }
    }

    private func checkReason(_ status: ImplementationStatus?, excluded: Bool, _ sink: inout FindingSink) {
        guard let value = status, !value.isPublished else { return }
        let source = entry.status.source, n = item.number
        if value == .notApplicable, excluded {
            sink.add(.notApplicableLevel, at: at(source, sink), item: n,
                     zh: "本事项公开主体为\(publisherList)，不含\(levelName)，填“不适用”符合目录",
                     en: "this item is published by \(publisherList), not by a \(levelEnglish); not applicable is expected")
        } else if entry.reason.text.isEmpty {
            sink.add(.reasonMissing, at: at(entry.reason.source ?? source, sink), item: n,
                     zh: "落实情况为“\(value.chineseLabel)”，须填写未公开或不适用原因",
                     en: "the status is \(value.englishLabel): give the reason in 未公开或不适用原因")
        }
    }

    /// The office's level in messages (made only for a finding).
    private var levelName: String { level?.rawValue ?? "" }
    private var levelEnglish: String { level?.name(.en) ?? "" }

    private var publisherList: String { plan.publisherList }

    /// The item's 公开主体, each once, joined with 、.
    static func publisherList(_ item: CatalogItem) -> String {
        var seen: [String] = []
        for p in item.publishers where !seen.contains(p.publisher.rawValue) { seen.append(p.publisher.rawValue) }
        return seen.joined(separator: "、")
    }

    private func publishersInclude(_ level: Publisher) -> Bool {
        item.publishers.isEmpty || item.publishers.contains { $0.publisher == level }
    }

    // MARK: Locked text

    private func checkOfficialText(_ sink: inout FindingSink) {
        let locked = plan.lockedTexts
        let cells = entry.officialCells
        // Cells and locked texts by index: elements read in place, not copied out per cell.
        for c in cells.indices {
            // The importer's column headers are the very strings of OfficialColumn: equal bytes find them.
            // (Index loops: `firstIndex(where:)` copied each locked text out to its predicate.)
            var found: Int?
            for i in locked.indices where locked[i].column.hasSameBytes(as: cells[c].column) {
                found = i
                break
            }
            if found == nil {
                for i in locked.indices where locked[i].column == cells[c].column {
                    found = i
                    break
                }
            }
            guard let t = found else { continue }
            if cells[c].text.hasSameBytes(as: locked[t].expected) { continue }  // unchanged, byte for byte
            // As the template writes it (parts on lines), byte for byte.
            if locked[t].template.map({ cells[c].text.hasSameBytes(as: $0) }) == true { continue }
            let cell = cells[c], text = locked[t]
            let expected = text.expected, key = text.key
            if cell.text != expected, cell.text != text.template, Self.comparable(cell.text) != key {
                sink.add(.textChanged, at: cell.source, item: item.number,
                         zh: "“\(cell.column)”与目录原文不一致：应为“\(expected)”，实为“\(cell.text)”",
                         en: "\(cell.column) differs from the catalog: expected \"\(expected)\", found \"\(cell.text)\"")
            }
        }
    }

    /// Text compared without white space and with full-width punctuation folded.
    static func comparable(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace }.map { c -> Character in
            switch c {
            case "．": return "."
            case "，": return ","
            case "（": return "("
            case "）": return ")"
            case "：": return ":"
            default: return c
            }
        })
    }

    // MARK: Channels

    private func checkChannels(_ status: ImplementationStatus?, _ sink: inout FindingSink) {
        let n = item.number
        let channels = entry.channels
        for index in channels.indices where channels[index].used.isUninterpretable {
            let use = channels[index]
            sink.add(.channelMark, at: at(use.used.source, sink), item: n,
                     zh: "“\(use.channel)”渠道单元格“\(use.used.text)”无法识别，请填☑或☐",
                     en: "channel \(use.channel): \"\(use.used.text)\" is not a mark; use ☑ or ☐")
        }
        guard let status else { return }
        // What each channel is, from the return's channel columns (worked out once per return).
        var usedFacts: [ChannelFacts] = []
        usedFacts.reserveCapacity(channels.count)
        var otherIndex: Int?
        for index in channels.indices {
            let facts = channelFacts(index, channels[index].channel)
            if otherIndex == nil, facts.isOther { otherIndex = index }
            if channels[index].used.value == true { usedFacts.append(facts) }
        }
        let other = otherIndex.map { channels[$0] }
        // The used channels' names, for messages only.
        var used: [String] { usedFacts.map(\.name) }
        if status.isPublished {
            // 备注3: a published item uses at least one channel.
            if usedFacts.isEmpty, !entry.channels.isEmpty {
                sink.add(.channelNone, at: at(entry.channels.first?.used.source, sink), item: n,
                         zh: "落实情况为“\(status.chineseLabel)”，但未勾选任何公开渠道（备注3：至少选择一种渠道）",
                         en: "the status is \(status.englishLabel) but no channel is checked (note 3: use at least one)")
            }
            // 其他 needs its form in 其他渠道说明, and a form needs 其他 ticked.
            if let other, other.used.value == true, entry.otherChannelNote.text.isEmpty {
                sink.add(.otherNote, at: at(entry.otherChannelNote.source ?? other.used.source, sink), item: n,
                         zh: "勾选了“其他”渠道，须在其他渠道说明中注明具体形式",
                         en: "其他 (other) is checked: specify the form in 其他渠道说明")
            }
            if let other, other.used.value != true, !entry.otherChannelNote.text.isEmpty {
                sink.add(.otherUnchecked, at: at(entry.otherChannelNote.source, sink), item: n,
                         zh: "填写了其他渠道说明“\(entry.otherChannelNote.text)”，但未勾选“其他”渠道",
                         en: "其他渠道说明 says \"\(entry.otherChannelNote.text)\" but 其他 is not checked")
            }
            // A website channel needs its address (http:// or https://) in 公开网址或位置.
            if usedFacts.contains(where: \.isWebsite) {
                let text = entry.location.text
                if URLCheck.firstWellFormedURL(in: text) == nil {
                    let hint = URLCheck.looksLikeHostWithoutScheme(text)
                    // A website channel ticked by another mark than ☑ (是, 1, √ …): say it counted as ticked.
                    var markZh = "", markEn = ""
                    if let index = channels.indices.first(where: { channels[$0].used.value == true && channelFacts($0, channels[$0].channel).isWebsite }),
                       !channels[index].used.text.isEmpty, channels[index].used.text != CheckMark.checked {
                        let use = channels[index]
                        markZh = "（“\(use.channel)”栏填的是“\(use.used.text)”，按已勾选该网站渠道计）"
                        markEn = " (the \(use.channel) column says \"\(use.used.text)\", which counts as the website channel ticked)"
                    }
                    sink.add(.url, at: at(entry.location.source, sink), item: n,
                             zh: (text.isEmpty ? "勾选了网站渠道，须在公开网址或位置中填写网址（http:// 或 https:// 开头）"
                                 : "公开网址或位置“\(text)”不是格式正确的网址" + (hint ? "（缺少 http:// 或 https://）" : "")) + markZh,
                             en: (text.isEmpty ? "a website channel is checked: give the URL (http:// or https://) in 公开网址或位置"
                                 : "\"\(text)\" is not a well-formed URL" + (hint ? " (http:// or https:// missing)" : "")) + markEn)
                }
            }
            // 推荐公开渠道 are used (info): recommended channels whose key no used channel has (a few of each: compared, not hashed); the list
            // is made only for the finding.
            let recommended = plan.recommendedChannels
            func isUnused(_ channel: (name: String, key: TextKey)) -> Bool { !usedFacts.contains { $0.key.equals(channel.key) } }
            if !usedFacts.isEmpty, recommended.contains(where: isUnused) {
                let unused = recommended.filter(isUnused)
                // Pointed at the cell of the first unused recommended channel, where the office would tick it.
                let firstUnused = unused.first.flatMap { channel in
                    channels.indices.first { channelFacts($0, channels[$0].channel).key.equals(channel.key) }
                }
                sink.add(.recommendedUnused, at: at(firstUnused.flatMap { channels[$0].used.source } ?? entry.channels.first?.used.source, sink), item: n,
                         zh: "未使用推荐渠道：\(ChannelName.list(unused.map(\.name)))",
                         en: "recommended channels not used: \(ChannelName.list(unused.map(\.name), .en))")
            }
        } else if !usedFacts.isEmpty {
            // Not published: no channel is ticked.
            sink.add(.channelUnpublished, at: at(entry.channels.first { $0.used.value == true }?.used.source, sink), item: n,
                     zh: "落实情况为“\(status.chineseLabel)”，却勾选了渠道：\(ChannelName.list(used))",
                     en: "the status is \(status.englishLabel) yet channels are checked: \(ChannelName.list(used, .en))")
        }
    }

    /// The facts of the channel at `index` of the entry: the return's column facts when the entry's channel is
    /// that column's (the usual case: same name, same storage), else worked out here.
    private func channelFacts(_ index: Int, _ name: String) -> ChannelFacts {
        if index < columnChannels.count,
           columnChannels[index].name.hasSameBytes(as: name) || columnChannels[index].name == name { return columnChannels[index] }
        return ChannelFacts(name)
    }

    /// A website channel (直属海关网站, 政府网站 …); 其他 is never one, whatever its form.
    static func isWebsiteChannel(_ name: String) -> Bool {
        !ChannelName.isOther(name) && name.contains("网站")
    }

    // MARK: Dates

    private func checkDates(_ sink: inout FindingSink) {
        let n = item.number
        let formed = entry.formedOrChangedDate, published = entry.publishedDate
        func check(_ field: Sourced<CalendarDate>, _ label: String, _ english: String) {
            if field.isUninterpretable {
                sink.add(.dateInvalid, at: at(field.source, sink), item: n,
                         zh: "\(label)“\(field.text)”不是有效日期（如 2025-03-01）",
                         en: "\(english) \"\(field.text)\" is not a real date (e.g. 2025-03-01)")
            } else if let d = field.value, let asOf = settings.asOf, d > asOf {
                sink.add(.dateFuture, at: at(field.source, sink), item: n,
                         zh: "\(label) \(d) 晚于校验日期 \(asOf)", en: "\(english) \(d) is after the as-of date \(asOf)")
            }
        }
        check(formed, FillInColumn.formedOrChangedDate.header, "date formed or changed")
        check(published, FillInColumn.publishedDate.header, "publication date")
        if let f = formed.value, let p = published.value, p < f {
            sink.add(.dateOrder, at: at(published.source, sink), item: n,
                     zh: "公开日期 \(p) 早于信息形成或变更日期 \(f)",
                     en: "publication date \(p) is before the date formed or changed \(f)")
        }
    }

    // MARK: Deadline

    private func checkDeadline(_ status: ImplementationStatus?, _ sink: inout FindingSink) {
        let n = item.number
        let plan = self.plan.deadlines
        guard !plan.isEmpty, let status else { return }
        let formed = entry.formedOrChangedDate, published = entry.publishedDate
        let judged = plan.judged
        if status.isPublished {
            for note in plan.notes {
                sink.add(.deadlineNoted, at: at(published.source ?? entry.status.source, sink), item: n, zh: note.zh, en: note.en)
            }
        }
        guard !judged.isEmpty else { return }
        if status.isPublished {
            if published.value == nil, !published.isUninterpretable {
                sink.add(.dateMissing, at: at(published.source ?? entry.status.source, sink), item: n,
                         zh: "已公开的事项未填写公开日期，无法核对公开时限", en: "no publication date: the deadline cannot be checked")
                return
            }
            let needsFormed = judged.contains { if case .annual = $0.rule { return false } else { return true } }
            if formed.value == nil, !formed.isUninterpretable, needsFormed {
                let wording = judged.map(\.wording).joined(separator: "；")
                sink.add(.dateMissing, at: at(formed.source ?? entry.status.source, sink), item: n,
                         zh: "未填写信息形成或变更日期，无法核对公开时限“\(wording)”",
                         en: "no date formed or changed: the deadline \"\(wording)\" cannot be checked")
                return
            }
        }
        guard let start = formed.value ?? (judged.allSatisfy { if case .annual = $0.rule { return true } else { return false } } ? published.value : nil) else { return }
        // Several deadlines (one per content element): the item is late only when it misses all of them.
        var dueDates: [(Deadline, CalendarDate)] = []
        dueDates.reserveCapacity(judged.count)
        for deadline in judged {
            do {
                dueDates.append((deadline, try due(deadline, from: start, formedKnown: formed.value != nil)))
            } catch let error as WorkCalendarError {
                sink.add(.calendar, at: at(published.source ?? formed.source, sink), item: n,
                         zh: "无法核对公开时限“\(deadline.wording)”：\(error.chineseMessage)",
                         en: "cannot check the deadline \"\(deadline.wording)\": \(error.englishMessage)")
                return
            } catch {
                return
            }
        }
        guard let latest = dueDates.max(by: { $0.1 < $1.1 }) else { return }
        if status.isPublished, let p = published.value {
            if p > latest.1 {
                let wording = dueDates.map(\.0.wording).joined(separator: "；")
                sink.add(.deadlineMissed, at: at(published.source, sink), item: n,
                         zh: "超过公开时限“\(wording)”：应于 \(latest.1) 前公开，实际公开日期 \(p)",
                         en: "deadline \"\(wording)\" missed: due by \(latest.1), published \(p)")
            }
        } else if status == .notPublished, formed.value != nil, let asOf = settings.asOf, asOf > latest.1 {
            sink.add(.deadlineOverdue, at: at(entry.status.source, sink), item: n,
                     zh: "尚未公开，已超过公开时限（应于 \(latest.1) 前公开）",
                     en: "not yet published and past its deadline (due by \(latest.1))")
        }
    }

    /// The last day allowed by `deadline`, counted from `start`.
    private func due(_ deadline: Deadline, from start: CalendarDate, formedKnown: Bool) throws -> CalendarDate {
        let calendar = validator.calendar
        switch deadline.rule {
        case .workingDays(let count, _):
            return try calendar.workingDayDeadline(count, after: start, rules: settings.counting)
        case .calendarDays(let count, _):
            return try calendar.calendarDayDeadline(count, after: start, rules: settings.counting)
        case .annual(let month, let day):
            // The first month/day on or after the date the information was formed (an annual report
            // formed in 2025 is due by 31 January 2026); from a publication date alone, that date's year.
            if !formedKnown {
                return CalendarDate(year: start.year, month: month, day: min(day, CalendarDate.daysInMonth(year: start.year, month: month)))
                    ?? start
            }
            let thisYear = CalendarDate(year: start.year, month: month, day: min(day, CalendarDate.daysInMonth(year: start.year, month: month)))
            if let thisYear, thisYear >= start { return thisYear }
            let next = start.year + 1
            return CalendarDate(year: next, month: month, day: min(day, CalendarDate.daysInMonth(year: next, month: month))) ?? start
        default:
            return start
        }
    }
}


/// An item's deadlines split into those judged (working days, calendar days, annual) and those only noted,
/// with the notes' messages, worked out once per item.
struct DeadlinePlan: Sendable {
    var isEmpty: Bool
    var judged: [Deadline]
    /// RET-DEADLINE-NOTED messages, one per noted deadline in catalog order.
    var notes: [(zh: String, en: String)]

    init(_ item: CatalogItem) {
        let deadlines = item.deadlines.map(\.deadline)
        isEmpty = deadlines.isEmpty
        let judged = deadlines.filter { deadline in
            switch deadline.rule {
            case .workingDays, .calendarDays, .annual: return true
            default: return false
            }
        }
        self.judged = judged
        notes = deadlines.filter { !judged.contains($0) }.map { deadline in
            (zh: "公开时限为“\(deadline.wording)”，不作时限判断",
             en: "the deadline \"\(deadline.wording)\" is timely or set elsewhere; not judged")
        }
    }
}

/// What the checks ask of a channel name, worked out once per channel column. A class: the checks pass the
/// facts of every channel of every row around, one reference each.
final class ChannelFacts: Sendable {
    let name: String
    /// `ChannelName.isOther(name)`.
    let isOther: Bool
    /// `ItemChecks.isWebsiteChannel(name)`.
    let isWebsite: Bool
    /// `name.headerKey`, compared as a `TextKey` (most are plain: bytes decide).
    let key: TextKey

    init(_ name: String) {
        self.name = name
        isOther = ChannelName.isOther(name)
        isWebsite = ItemChecks.isWebsiteChannel(name)
        key = TextKey(name.headerKey)
    }
}

/// Well-formed URL checks for 公开网址或位置.
enum URLCheck {
    /// The first `http://` or `https://` URL (or IRI: non-ASCII host labels and path) with a dotted host in
    /// `text`, nil when there is none.
    static func firstWellFormedURL(in text: String) -> String? {
        // Every accepted token starts with http:// or https:// (ASCII after lowercasing): none without "http".
        guard containsHTTP(text) else { return nil }
        // ASCII text, byte by byte: each byte is a character (CR LF, one character, is a separator as its bytes are).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            if let found = text.utf8.withContiguousStorageIfAvailable({ firstWellFormedURL(ascii: $0) }) { return found }
            return Array(text.utf8).withUnsafeBufferPointer { firstWellFormedURL(ascii: $0) }
        }
        return firstWellFormedURLByCharacter(in: text)
    }

    /// `firstWellFormedURLByCharacter` for ASCII bytes.
    private static func firstWellFormedURL(ascii bytes: UnsafeBufferPointer<UInt8>) -> String? {
        func isSeparator(_ b: UInt8) -> Bool {
            b == 0x20 || (0x09...0x0D).contains(b) || b == UInt8(ascii: ";") || b == UInt8(ascii: ",")
                || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "\"")
        }
        var i = 0
        while i < bytes.count {
            while i < bytes.count, isSeparator(bytes[i]) { i += 1 }
            let start = i
            while i < bytes.count, !isSeparator(bytes[i]) { i += 1 }
            guard start < i else { break }
            let token = UnsafeBufferPointer(rebasing: bytes[start..<i])
            if isWellFormedURL(ascii: token) { return String(decoding: token, as: UTF8.self) }
        }
        return nil
    }

    /// Whether an ASCII token is a well-formed URL, by the rules of `firstWellFormedURLByCharacter`, in one pass
    /// over the host without splitting it into arrays.
    private static func isWellFormedURL(ascii t: UnsafeBufferPointer<UInt8>) -> Bool {
        func hasLowercasedPrefix(_ prefix: StaticString) -> Bool {
            guard t.count >= prefix.utf8CodeUnitCount else { return false }
            return prefix.withUTF8Buffer { p in zip(t, p).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b } }
        }
        guard hasLowercasedPrefix("http://") || hasLowercasedPrefix("https://") else { return false }
        let colon = UInt8(ascii: ":"), dot = UInt8(ascii: ".")
        // The text after the first "/" and the character after it; the host runs to "/", "?" or "#".
        guard let slash = t.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let hostStart = min(slash + 2, t.count)
        var hostEnd = hostStart
        while hostEnd < t.count, t[hostEnd] != UInt8(ascii: "/"), t[hostEnd] != UInt8(ascii: "?"), t[hostEnd] != UInt8(ascii: "#") {
            hostEnd += 1
        }
        // hostOnly: the first non-empty ":"-separated part of the host.
        var nameStart = hostStart
        while nameStart < hostEnd, t[nameStart] == colon { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < hostEnd, t[nameEnd] != colon { nameEnd += 1 }
        // Its "."-separated labels: at least two, none empty, of letters, digits and "-"; the last all letters,
        // or every label all digits.
        guard nameStart < nameEnd, t[nameStart] != dot, t[nameEnd - 1] != dot else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var dots = 0, allDigits = true, lastLabelLetters = true
        for k in nameStart..<nameEnd {
            let b = t[k]
            if b == dot {
                if t[k - 1] == dot { return false }  // an empty label
                dots += 1
                lastLabelLetters = true
                continue
            }
            guard isLetter(b) || isDigit(b) || b == UInt8(ascii: "-") else { return false }
            if !isDigit(b) { allDigits = false }
            if !isLetter(b) { lastLabelLetters = false }
        }
        guard dots >= 1, lastLabelLetters || allDigits else { return false }
        // A port, when the host has a ":": its last non-empty ":"-separated part must be a number.
        guard t[hostStart..<hostEnd].contains(colon) else { return true }
        var portEnd = hostEnd
        while portEnd > hostStart, t[portEnd - 1] == colon { portEnd -= 1 }
        var portStart = portEnd
        while portStart > hostStart, t[portStart - 1] != colon { portStart -= 1 }
        guard portStart < portEnd else { return true }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: t[portStart..<portEnd]), as: UTF8.self)) != nil
    }

    /// `firstWellFormedURL` character by character (the definition; any text).
    static func firstWellFormedURLByCharacter(in text: String) -> String? {
        for token in text.split(whereSeparator: isSeparator) {
            let t = String(token)
            let lower = t.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { continue }
            let rest = t.drop { $0 != "/" }.dropFirst(2)
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let hostOnly = host.split(separator: ":").first.map(String.init) ?? ""
            let labels = hostOnly.split(separator: ".", omittingEmptySubsequences: false)
            // An IRI (RFC 3987) is a valid address: host labels of letters and digits of any script (an IDN such
            // as 中国政府网.政务), any non-separator characters in the path (…/公开/11.html).
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { isHostCharacter($0) } }),
                  let tld = labels.last, tld.allSatisfy(\.isLetter) || labels.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { continue }
            if host.contains(":"), let port = host.split(separator: ":").last, Int(port) == nil { continue }
            return t
        }
        return nil
    }

    /// A character of a host label: an ASCII letter, digit or "-", or a non-ASCII letter or digit (IDN).
    private static func isHostCharacter(_ c: Character) -> Bool {
        if c.isASCII { return c.isLetter || c.isNumber || c == "-" }
        return c.isLetter || c.isNumber
    }

    /// Whether `text` holds "http" in any ASCII letter case.
    private static func containsHTTP(_ text: String) -> Bool {
        let http: (UInt8, UInt8, UInt8, UInt8) = (0x68, 0x74, 0x74, 0x70)
        var matched = 0
        for byte in text.utf8 {
            let lower = byte | 0x20
            let want = matched == 0 ? http.0 : matched == 1 ? http.1 : matched == 2 ? http.2 : http.3
            if lower == want {
                matched += 1
                if matched == 4 { return true }
            } else {
                matched = lower == UInt8(ascii: "h") ? 1 : 0
            }
        }
        return false
    }

    /// A token separator: white space or one of ；;，,、（）()“”" — each a lone scalar without decomposition, so a
    /// character equals one exactly when it is that single scalar.
    private static func isSeparator(_ c: Character) -> Bool {
        if let ascii = c.asciiValue {
            return ascii == 0x20 || (0x09...0x0D).contains(ascii) || ascii == UInt8(ascii: ";") || ascii == UInt8(ascii: ",")
                || ascii == UInt8(ascii: "(") || ascii == UInt8(ascii: ")") || ascii == UInt8(ascii: "\"")
        }
        if c.isWhitespace { return true }
        let scalars = c.unicodeScalars
        guard scalars.count == 1, let v = scalars.first?.value else { return false }
        return v == 0xFF1B || v == 0xFF0C || v == 0x3001 || v == 0xFF08 || v == 0xFF09 || v == 0x201C || v == 0x201D
    }

    /// "www.customs.gov.cn/…" without a scheme.
    static func looksLikeHostWithoutScheme(_ text: String) -> Bool {
        let lower = text.lowercased()
        return !lower.contains("://") && (lower.hasPrefix("www.") || lower.contains(".gov.cn") || lower.contains(".com"))
    }
}
