import ZipArchive

/// Limits that keep reading hostile or absurd workbooks bounded. Generous defaults; all configurable.
public struct XLSXLimits: Sendable, Hashable {
    /// Zip-level guards: inflated size per part and per file, compression ratio, entry count.
    public var zip: ZipLimits
    /// Most bytes of one text value (a cell, a shared string, a formula).
    public var maxTextBytes: Int
    /// Most shared strings.
    public var maxSharedStrings: Int
    /// Most bytes of all shared strings together.
    public var maxSharedStringBytes: Int
    /// Most non-empty cells `grid(_:)` keeps in memory (streaming has no such limit).
    public var maxGridCells: Int
    /// Most merged ranges, list validations and hyperlinks of one sheet, together.
    public var maxSheetAnnotations: Int
    /// Most inflated bytes of each kind of part (below `zip.maxEntrySize`, which bounds every part): styles,
    /// the workbook part, relationships and comments are small in any real file, worksheets may be big.
    public var maxPartBytes: [XLSXPartKind: Int64] = XLSXPartKind.defaultLimits
    /// Most sheets a workbook part may list.
    public var maxSheets = 4096
    /// Most attributes of one XML element, namespace declarations included.
    public var maxAttributesPerElement = 1000
    /// Most namespace declarations on one XML element.
    public var maxNamespaceDeclarations = 256

    public init(zip: ZipLimits = .default, maxTextBytes: Int = 32 << 20, maxSharedStrings: Int = 20_000_000,
                maxSharedStringBytes: Int = 1 << 30, maxGridCells: Int = 5_000_000,
                maxSheetAnnotations: Int = 1_000_000) {
        self.zip = zip
        self.maxTextBytes = maxTextBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxGridCells = maxGridCells
        self.maxSheetAnnotations = maxSheetAnnotations
    }

    public static let `default` = XLSXLimits()

    /// The size limit for a part of `kind`, nil where `zip.maxEntrySize` is as tight (its message then speaks).
    func partLimit(_ kind: XLSXPartKind) -> ZipPartLimit? {
        guard let bytes = maxPartBytes[kind], bytes < zip.maxEntrySize else { return nil }
        return ZipPartLimit(bytes: bytes, kind: kind.description)
    }
}

/// The kinds of package part the reader parses, each with its own size limit (`XLSXLimits.maxPartBytes`).
public enum XLSXPartKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case worksheet, sharedStrings, styles, workbook, relationships, comments

    /// Worksheets 4 GiB, shared strings 1 GiB, comments 256 MiB, styles and the workbook part 64 MiB,
    /// relationships 16 MiB. (`[Content_Types].xml` is never read: parts are found through relationships.)
    public static let defaultLimits: [XLSXPartKind: Int64] = [
        .worksheet: 4 << 30, .sharedStrings: 1 << 30, .comments: 256 << 20,
        .styles: 64 << 20, .workbook: 64 << 20, .relationships: 16 << 20,
    ]

    /// `a styles part`, for messages.
    public var description: String {
        switch self {
        case .worksheet: "a worksheet part"
        case .sharedStrings: "a shared-strings part"
        case .styles: "a styles part"
        case .workbook: "a workbook part"
        case .relationships: "a relationships part"
        case .comments: "a comments part"
        }
    }
}
