import SheetCore

/// Why a file could not be read as a return at all (the file is unreadable or holds no return table).
/// Problems inside a readable return are not errors: the validator reports them as findings.
public struct ReturnImportError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened or parsed as a spreadsheet.
        case unreadable(String)
        /// No sheet has a header row with 序号 and 二级事项 (or 落实情况).
        case noTable
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The `.unreadable` detail in Chinese (the reader error's Chinese description), when known.
    public var chineseDetail: String?

    public init(_ kind: Kind, location: SourceLocation, chineseDetail: String? = nil) {
        self.kind = kind
        self.location = location
        self.chineseDetail = chineseDetail
    }

    /// Wraps a reader's error (located itself, in both languages when it can say so) as `.unreadable`.
    public init(unreadable error: any Error, location: SourceLocation) {
        if let error = error as? any LocalizedDescribing {
            self.init(.unreadable(error.description(in: .en)), location: location, chineseDetail: error.description(in: .zh))
        } else {
            self.init(.unreadable("\(error)"), location: location)
        }
    }

    public var chineseMessage: String {
        switch kind {
        case .unreadable(let detail):
            // A reader's detail names the file (and part, cell) itself: the file is not printed twice.
            let text = chineseDetail ?? detail
            return isLocated(text) ? "无法读取 \(text)" : "\(location): 无法读取文件：\(text)"
        case .noTable: return "\(location): 未找到填报表（没有含“序号”和“二级事项”或“落实情况”的表头行）"
        }
    }

    public var englishMessage: String {
        switch kind {
        case .unreadable(let detail):
            return isLocated(detail) ? "cannot read \(detail)" : "\(location): cannot read the file: \(detail)"
        case .noTable: return "\(location): no return table found (no header row with 序号 and 二级事项 or 落实情况)"
        }
    }

    private func isLocated(_ detail: String) -> Bool { !location.file.isEmpty && detail.hasPrefix(location.file) }

    public var description: String { englishMessage }
}

extension ReturnImportError: LocalizedDescribing {
    public func description(in language: Language) -> String {
        language == .zh ? chineseMessage : englishMessage
    }
}
