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
    /// The detail in Chinese (or in both languages, when made with the one-string initializer).
    public var detail: String
    /// The detail in English, when given apart.
    public var englishDetail: String?

    public init(_ kind: Kind, _ location: SourceLocation, _ detail: String) {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    public init(_ kind: Kind, _ location: SourceLocation, zh: String, en: String) {
        self.init(kind, location, zh)
        englishDetail = en
    }

    public var description: String { "\(location): \(detail)" }
}

extension CatalogTableError: LocalizedDescribing {
    public func description(in language: Language) -> String {
        language == .en ? "\(location): \(englishDetail ?? detail)" : description
    }
}
