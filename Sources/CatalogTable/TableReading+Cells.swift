import DisclosureCatalog
import SheetCore

/// Interpretation of the body cells of an official table, column by column.
extension TableReading {
    mutating func interpret(_ kind: CatalogColumn, _ gridCell: GridCell?, row r: Int, column c: Int,
                            item: inout CatalogItem, vocabulary: inout [String], category: inout String) {
        let raw = CheckGlyph.text(of: gridCell).trimmingWhitespace()
        let n = item.number
        switch kind {
        case .number:
            break
        case .category:
            if !raw.isEmpty { category = Self.stripOrdinal(raw) }
            item.category = category
        case .name:
            item.name = raw
        case .content:
            item.content = CatalogItem.content(fromWording: raw)
        case .legalBasis:
            guard !Self.isNone(raw) else { break }
            if let symbols = LegalBasis.symbols(in: raw) { item.legalBasisSymbols = symbols } else { item.legalBasisText = raw }
        case .deadline:
            guard !Self.isNone(raw) else {
                note("CAT-NO-DEADLINE", .warning, r, c, item: n, zh: "未写明公开时限", en: "no deadline given")
                break
            }
            item.deadlines = CatalogItem.deadlines(fromWording: raw)
            for d in item.deadlines where !d.deadline.isParsed {
                note("CAT-DEADLINE-UNPARSED", .warning, r, c, item: n,
                     zh: "无法识别的公开时限“\(d.deadline.wording)”，已按原文保留",
                     en: "deadline \"\(d.deadline.wording)\" not understood; kept as written")
            }
        case .publisher:
            guard !Self.isNone(raw) else { break }
            item.publishers = CatalogItem.publishers(fromWording: raw)
        case .channel(let name):
            let (state, rest) = CheckGlyph.readMark(gridCell)
            guard let state else {
                note("CAT-GLYPH", .warning, r, c, item: n, zh: "无法识别的勾选标记“\(raw)”，按未勾选处理",
                     en: "check mark \"\(raw)\" not understood; read as not checked")
                break
            }
            if state { item.channels.recommended.append(name) }
            if ChannelName.isOther(name) {
                let detail = ChannelName.otherDetail(rest)
                item.channels.otherForm = detail.form
                item.channels.otherPrompt = detail.prompt
            } else if !rest.isEmpty {
                note("CAT-MARK-TEXT", .warning, r, c, item: n, zh: "勾选标记后的文字“\(rest)”未使用",
                     en: "text \"\(rest)\" after the check mark is not used")
            }
        case .channelOptions:
            readOptions(raw, row: r, column: c, item: &item, vocabulary: &vocabulary)
        case .audience(let audience):
            if readMarkCell(gridCell, raw, row: r, column: c, item: &item), !item.audience.contains(audience) {
                item.audience.append(audience)
                item.audience.sort { (Audience.allCases.firstIndex(of: $0) ?? 0) < (Audience.allCases.firstIndex(of: $1) ?? 0) }
            }
        case .mode(let mode):
            if readMarkCell(gridCell, raw, row: r, column: c, item: &item), !item.modes.contains(mode) {
                item.modes.append(mode)
                item.modes.sort { (DisclosureMode.allCases.firstIndex(of: $0) ?? 0) < (DisclosureMode.allCases.firstIndex(of: $1) ?? 0) }
            }
        case .audienceText:
            for word in Self.words(raw) {
                if let a = Audience(label: word) {
                    if !item.audience.contains(a) { item.audience.append(a) }
                } else {
                    note("CAT-MARK", .warning, r, c, item: n, zh: "无法识别的公开对象“\(word)”", en: "audience \"\(word)\" not understood")
                }
            }
            item.audience.sort { (Audience.allCases.firstIndex(of: $0) ?? 0) < (Audience.allCases.firstIndex(of: $1) ?? 0) }
        case .modeText:
            for word in Self.words(raw) {
                if let m = DisclosureMode(label: word) {
                    if !item.modes.contains(m) { item.modes.append(m) }
                } else {
                    note("CAT-MARK", .warning, r, c, item: n, zh: "无法识别的公开方式“\(word)”", en: "disclosure mode \"\(word)\" not understood")
                }
            }
            item.modes.sort { (DisclosureMode.allCases.firstIndex(of: $0) ?? 0) < (DisclosureMode.allCases.firstIndex(of: $1) ?? 0) }
        case .remarks:
            let remark = Self.isNone(raw) ? nil : raw
            if let remark {
                // A remark carried over from a mark cell ("√ 海关认为…") comes first.
                item.remarks = [item.remarks, remark].compactMap { $0 }.joined(separator: " ")
            }
        case .extra(let name):
            if !raw.isEmpty { item.extraFields.append(ExtraField(name: name, value: raw)) }
        }
    }

    /// A 公开对象 / 公开方式 cell. Text after the mark is moved to the remarks (item 9's "√ 海关认为…").
    mutating func readMarkCell(_ gridCell: GridCell?, _ raw: String, row r: Int, column c: Int,
                               item: inout CatalogItem) -> Bool {
        let (state, rest) = CheckGlyph.readMark(gridCell)
        guard let state else {
            note("CAT-MARK", .warning, r, c, item: item.number, zh: "无法识别的标记“\(raw)”，按未标记处理",
                 en: "mark \"\(raw)\" not understood; read as not marked")
            return false
        }
        if !rest.isEmpty {
            item.remarks = [item.remarks, rest].compactMap { $0 }.joined(separator: " ")
            note("CAT-MARK-TEXT", .info, r, c, item: item.number, zh: "标记后的文字已并入有关说明：“\(rest)”",
                 en: "text after the mark moved to the remarks: \"\(rest)\"")
        }
        return state
    }

    /// A cell holding all channel options ("☑直属海关网站 ☐两微一端 …").
    mutating func readOptions(_ raw: String, row r: Int, column c: Int, item: inout CatalogItem,
                              vocabulary: inout [String]) {
        if Self.isNone(raw) { return }
        let (options, leading) = CheckGlyph.options(in: raw)
        if options.isEmpty {
            // No boxes at all: a plain list of the channels to use.
            // Without boxes, 、 separates channels too (a channel name such as 查询机、公用电脑 needs boxes).
            let names = raw.split { $0.isWhitespace || "，,；;、\n".contains($0) }.map(String.init)
            for name in names {
                let vocab = ChannelName.isOther(name) ? ChannelName.other : name
                if !vocabulary.contains(vocab) { vocabulary.append(vocab) }
                if !item.channels.recommended.contains(vocab) { item.channels.recommended.append(vocab) }
            }
            note("CAT-CHANNEL-LIST", .info, r, c, item: item.number, zh: "渠道单元格没有勾选框，所列渠道均按推荐处理",
                 en: "channel cell has no check boxes; every listed channel read as recommended")
            return
        }
        if !leading.isEmpty {
            note("CAT-CHANNEL-TEXT", .warning, r, c, item: item.number, zh: "渠道选项前的文字“\(leading)”未使用",
                 en: "text \"\(leading)\" before the channel options is not used")
        }
        for option in options {
            guard !option.label.isEmpty else {
                note("CAT-CHANNEL-EMPTY", .warning, r, c, item: item.number, zh: "勾选框后没有渠道名称",
                     en: "a check box without a channel name")
                continue
            }
            var name = option.label
            if ChannelName.isOther(name) {
                let detail = ChannelName.otherDetail(name)
                name = ChannelName.other
                if option.checked || item.channels.otherForm == nil { item.channels.otherForm = detail.form }
                item.channels.otherPrompt = detail.prompt ?? item.channels.otherPrompt
            }
            if !vocabulary.contains(name) { vocabulary.append(name) }
            if option.checked, !item.channels.recommended.contains(name) { item.channels.recommended.append(name) }
        }
    }

    /// Words of a cell listing labels ("主动、依申请", "全社会 特定群体"); "/" gives none.
    static func words(_ text: String) -> [String] {
        if isNone(text) { return [] }
        return text.split { $0.isWhitespace || "、,，;；/／和及".contains($0) }.map(String.init)
    }

    static func isNone(_ text: String) -> Bool {
        ["", "/", "／", "—", "-", "无"].contains(text)
    }

    /// "一、机构信息" → "机构信息".
    static func stripOrdinal(_ text: String) -> String {
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var s = Substring(text)
        let prefix = s.prefix { numerals.contains($0) || ($0.isASCII && $0.isNumber) }
        if !prefix.isEmpty, let sep = s.dropFirst(prefix.count).first, "、.．".contains(sep) {
            s = s.dropFirst(prefix.count + 1)
        }
        return String(s).trimmingWhitespace()
    }

    static func domain(fromTitle title: String) -> String {
        if let r = title.range(of: "领域") { return String(title[..<r.lowerBound]) }
        for suffix in ["基层政务公开标准目录", "政务公开标准目录", "标准目录"] {
            if let r = title.range(of: suffix) { return String(title[..<r.lowerBound]) }
        }
        return title
    }

    static func id(fromFile file: String) -> String {
        var name = Substring(file.split(separator: "/").last ?? Substring(file))
        if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
        return name.isEmpty ? "catalog" : String(name)
    }
}
