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

    public init(zip: ZipLimits = .default, maxTextBytes: Int = 32 << 20, maxSharedStrings: Int = 20_000_000,
                maxSharedStringBytes: Int = 1 << 30, maxGridCells: Int = 50_000_000,
                maxSheetAnnotations: Int = 1_000_000) {
        self.zip = zip
        self.maxTextBytes = maxTextBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxGridCells = maxGridCells
        self.maxSheetAnnotations = maxSheetAnnotations
    }

    public static let `default` = XLSXLimits()
}
