extension Catalog {
    /// Checks that the catalog is internally consistent: unique item numbers, legal-basis symbols that
    /// 备注1 defines, recommended channels from the vocabulary, element numbers that exist, parsed deadlines,
    /// 其他 checked with a form, an audience and a mode for every item, channel names without the list separator.
    /// - Returns: findings with codes `CAT-*`; empty when consistent.
    public func consistencyFindings() -> [Finding] {
        var out: [Finding] = []
        for c in channels where ChannelName.containsListSeparator(c) {
            out.append(Finding(code: "CAT-CHANNEL-SEPARATOR", severity: .error,
                               zh: "公开渠道“\(c)”含有渠道列表的分隔符“\(ChannelName.listSeparator)”或“;”，列出渠道时无法区分",
                               en: "channel \"\(c)\" contains the list separator \"\(ChannelName.listSeparator)\" or \";\", so channel lists would be ambiguous"))
        }
        var seen = Set<Int>()
        let symbols = Set(legalBases.map(\.symbol))
        for item in items {
            let n = item.number
            if !seen.insert(n).inserted {
                out.append(Finding(code: "CAT-DUPLICATE-NUMBER", severity: .error, itemNumber: n,
                                   zh: "序号\(n)重复", en: "number \(n) occurs more than once"))
            }
            if !legalBases.isEmpty {
                for s in item.legalBasisSymbols where !symbols.contains(s) {
                    out.append(Finding(code: "CAT-UNKNOWN-BASIS", severity: .warning, itemNumber: n,
                                       zh: "公开依据\(s)未在备注1中列出", en: "legal basis \(s) is not listed in 备注1"))
                }
            }
            for c in item.channels.recommended where !channels.contains(c) {
                out.append(Finding(code: "CAT-UNKNOWN-CHANNEL", severity: .error, itemNumber: n,
                                   zh: "公开渠道“\(c)”不在渠道列表中", en: "channel \"\(c)\" is not in the channel list"))
            }
            let elementNumbers = Set(item.content.compactMap(\.number))
            let assigned = item.publishers.flatMap(\.elements) + item.deadlines.flatMap(\.elements)
            for e in assigned where !elementNumbers.contains(e) {
                out.append(Finding(code: "CAT-UNKNOWN-ELEMENT", severity: .warning, itemNumber: n,
                                   zh: "编号\(e)的公开主体或时限没有对应的公开内容要素",
                                   en: "publisher or deadline numbered \(e) has no matching content element"))
            }
            for d in item.deadlines where !d.deadline.isParsed {
                out.append(Finding(code: "CAT-DEADLINE-UNPARSED", severity: .warning, itemNumber: n,
                                   zh: "无法识别的公开时限“\(d.deadline.wording)”，已按原文保留",
                                   en: "deadline \"\(d.deadline.wording)\" not understood; kept as written"))
            }
            if item.channels.recommended.contains(where: ChannelName.isOther), item.channels.otherForm == nil {
                out.append(Finding(code: "CAT-OTHER-WITHOUT-FORM", severity: .warning, itemNumber: n,
                                   zh: "勾选了“其他”渠道但未注明具体形式", en: "其他 (other) is checked but no form is given"))
            }
            if item.audience.isEmpty {
                out.append(Finding(code: "CAT-NO-AUDIENCE", severity: .warning, itemNumber: n,
                                   zh: "未标明公开对象", en: "no audience (公开对象) marked"))
            }
            if item.modes.isEmpty {
                out.append(Finding(code: "CAT-NO-MODE", severity: .warning, itemNumber: n,
                                   zh: "未标明公开方式", en: "no disclosure mode (公开方式) marked"))
            }
        }
        return out
    }
}
