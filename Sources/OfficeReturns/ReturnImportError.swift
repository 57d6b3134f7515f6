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

    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public var chineseMessage: String {
        switch kind {
        case .unreadable(let detail): return "\(location): 无法读取文件：\(detail)"
        case .noTable: return "\(location): 未找到填报表（没有含“序号”和“二级事项”或“落实情况”的表头行）"
        }
    }

    public var englishMessage: String {
        switch kind {
        case .unreadable(let detail): return "\(location): cannot read the file: \(detail)"
        case .noTable: return "\(location): no return table found (no header row with 序号 and 二级事项 or 落实情况)"
        }
    }

    public var description: String { englishMessage }
}
