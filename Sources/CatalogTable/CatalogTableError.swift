import SheetCore

/// A table that cannot be read as a catalog at all (no header found, unsupported file). Everything less
/// severe is returned as findings.
public struct CatalogTableError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// No row looks like the catalog header (序号 … 公开内容 … 公开时限 …).
        case headerNotFound
        /// The header has no 二级事项 / 公开事项 column.
        case missingNameColumn
        /// The file type is not XLSX, CSV or catalog JSON.
        case unsupportedFile
        /// The file could not be read.
        case unreadable
    }

    public var kind: Kind
    public var location: SourceLocation
    public var detail: String

    public init(_ kind: Kind, _ location: SourceLocation, _ detail: String) {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    public var description: String { "\(location): \(detail)" }
}
