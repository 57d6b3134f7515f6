import DisclosureCatalog

/// The catalog as a text table for a terminal: box-drawn, wrapped, East Asian width aware.
public enum CatalogTerminalTable {
    struct Column {
        var title: LocalizedText
        var width: Int
        var text: (CatalogItem) -> String
    }

    /// Renders the catalog: title, the table, then legal bases and footnotes.
    /// - Parameter contentWidth: width of the 公开内容 column (the widest); others are fixed.
    public static func render(_ catalog: Catalog, language: Language = .zh, contentWidth: Int = 30) -> String {
        let columns: [Column] = [
            Column(title: .init(zh: "序号", en: "No."), width: 4) { String($0.number) },
            Column(title: .init(zh: "一级事项", en: "Category"), width: 10) { $0.category },
            Column(title: .init(zh: "二级事项", en: "Item"), width: 12) { $0.name },
            Column(title: .init(zh: "公开内容（要素）", en: "Content"), width: max(contentWidth, 12)) { $0.contentWording(separator: "\n") },
            Column(title: .init(zh: "依据", en: "Basis"), width: 6) { $0.legalBasisWording },
            Column(title: .init(zh: "公开时限", en: "Deadline"), width: 18) { $0.deadlineWording(separator: "\n") },
            Column(title: .init(zh: "公开主体", en: "Publisher"), width: 10) { $0.publisherWording(separator: "\n") },
            Column(title: .init(zh: "推荐渠道", en: "Recommended channels"), width: 22) { item in
                item.channels.recommended.map { name in
                    ChannelName.isOther(name)
                        ? ChannelName.otherLabel(form: item.channels.otherForm, prompt: nil) : name
                }.joined(separator: "\n")
            },
            Column(title: .init(zh: "对象", en: "Audience"), width: language == .zh ? 8 : 15) { item in
                item.audience.map { $0.label(language) }.joined(separator: "\n")
            },
            Column(title: .init(zh: "方式", en: "Mode"), width: language == .zh ? 6 : 10) { item in
                item.modes.map { $0.label(language) }.joined(separator: "\n")
            },
        ]
        var out = catalog.title + "\n"
        let rule = "+" + columns.map { String(repeating: "-", count: $0.width + 2) }.joined(separator: "+") + "+\n"
        func row(_ texts: [String]) -> String {
            let wrapped = zip(columns, texts).map { TextWidth.wrap($1, columns: $0.width) }
            let height = wrapped.map(\.count).max() ?? 1
            var s = ""
            for line in 0..<height {
                s += "|" + zip(columns, wrapped).map { column, lines in
                    " " + TextWidth.pad(line < lines.count ? lines[line] : "", to: column.width) + " "
                }.joined(separator: "|") + "|\n"
            }
            return s
        }
        out += rule + row(columns.map { $0.title.text(language) }) + rule
        for item in catalog.items {
            out += row(columns.map { $0.text(item) })
            if let remarks = item.remarks {
                let label = language == .zh ? "有关说明：" : "Remarks: "
                let total = columns.reduce(0) { $0 + $1.width + 3 } - 3
                let lines = TextWidth.wrap(label + remarks, columns: total)
                for line in lines { out += "| " + TextWidth.pad(line, to: total) + " |\n" }
            }
            for field in item.extraFields {
                let total = columns.reduce(0) { $0 + $1.width + 3 } - 3
                out += "| " + TextWidth.pad("\(field.name)：\(field.value)", to: total) + " |\n"
            }
            out += rule
        }
        if !catalog.channels.isEmpty {
            out += (language == .zh ? "公开渠道：" : "Channels: ") + catalog.channels.joined(separator: "；") + "\n"
        }
        if !catalog.legalBases.isEmpty {
            out += (language == .zh ? "公开依据：" : "Legal bases:") + "\n"
            for basis in catalog.legalBases {
                out += "  \(basis.symbol) " + basis.documents.joined(separator: "\n    ") + "\n"
            }
        }
        for note in catalog.footnotes where catalog.legalBases.isEmpty || note.label != "备注1" {
            out += "\(note.label)：\(note.text)\n"
        }
        return out
    }
}
