/// A libzip error code (`ZIP_ER_*`), open for codes this wrapper does not name.
public struct ZipErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = ZipErrorCode(rawValue: 0)
    public static let read = ZipErrorCode(rawValue: 5)
    public static let crc = ZipErrorCode(rawValue: 7)
    public static let noEntry = ZipErrorCode(rawValue: 9)
    public static let exists = ZipErrorCode(rawValue: 10)
    public static let open = ZipErrorCode(rawValue: 11)
    public static let zlib = ZipErrorCode(rawValue: 13)
    public static let memory = ZipErrorCode(rawValue: 14)
    public static let compressionNotSupported = ZipErrorCode(rawValue: 16)
    public static let endOfFile = ZipErrorCode(rawValue: 17)
    public static let notAZip = ZipErrorCode(rawValue: 19)
    public static let inconsistent = ZipErrorCode(rawValue: 21)
    public static let encryptionNotSupported = ZipErrorCode(rawValue: 24)
    public static let noPassword = ZipErrorCode(rawValue: 26)

    public var description: String { "ZIP_ER \(rawValue)" }
}

/// What went wrong reading or writing a zip archive, and where.
public struct ZipError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened (missing, unreadable).
        case cannotOpen
        /// The file is not a zip archive at all.
        case notAZip
        /// The archive is truncated or its structure is inconsistent.
        case corrupt
        /// An entry that was asked for is not in the archive.
        case missingEntry
        /// An entry's compressed data is damaged (bad deflate stream, CRC mismatch).
        case damagedEntry
        /// An entry uses encryption or a compression method we cannot read.
        case unsupported
        /// A configured limit was hit (size, ratio, entry count): a zip bomb or an absurd file.
        case limitExceeded
        /// Writing the archive failed.
        case writeFailed
        /// A caller's argument was invalid (for example a duplicate entry name).
        case invalidArgument
    }

    public var kind: Kind
    /// The archive's path.
    public var file: String
    /// The entry (part) name, when the error concerns one.
    public var entry: String?
    /// The libzip code, when libzip reported the error.
    public var code: ZipErrorCode?
    public var message: String

    public init(_ kind: Kind, file: String, entry: String? = nil, code: ZipErrorCode? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.entry = entry
        self.code = code
        self.message = message
    }

    /// `book.xlsx[xl/worksheets/sheet1.xml]: damaged compressed data (CRC error)`.
    public var description: String {
        var s = file
        if let entry { s += "[\(entry)]" }
        return s + ": " + message
    }
}

/// Limits that guard against zip bombs and absurd archives. Generous defaults; all configurable.
public struct ZipLimits: Sendable, Hashable {
    /// Largest inflated size of one entry.
    public var maxEntrySize: Int64
    /// Largest inflated size of all entries read from one archive, together.
    public var maxTotalSize: Int64
    /// Largest inflated/compressed ratio of an entry, checked once the entry passes `ratioCheckThreshold`.
    public var maxCompressionRatio: Int64
    /// Entries smaller than this inflated size are exempt from the ratio check (tiny parts compress absurdly well).
    public var ratioCheckThreshold: Int64
    /// Most entries an archive may list.
    public var maxEntries: Int

    public init(maxEntrySize: Int64 = 4 << 30, maxTotalSize: Int64 = 8 << 30, maxCompressionRatio: Int64 = 1000,
                ratioCheckThreshold: Int64 = 32 << 20, maxEntries: Int = 100_000) {
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckThreshold = ratioCheckThreshold
        self.maxEntries = maxEntries
    }

    public static let `default` = ZipLimits()
}

/// A size limit for one entry tighter than `ZipLimits.maxEntrySize`, named for its messages.
public struct ZipPartLimit: Sendable, Hashable {
    public var bytes: Int64
    /// What the entry holds, e.g. `a styles part`.
    public var kind: String
    public init(bytes: Int64, kind: String) { self.bytes = bytes; self.kind = kind }
}

/// One entry of an archive as listed in its central directory.
public struct ZipEntry: Sendable, Hashable {
    public var index: Int
    /// The name as stored (UTF-8), e.g. `xl/worksheets/sheet1.xml`.
    public var name: String
    /// Inflated size as declared by the archive (not trusted: reading counts the real bytes).
    public var declaredSize: Int64
    public var compressedSize: Int64
    public var isEncrypted: Bool
    /// The CRC-32 the central directory declares, when it gives one (`read` fails on data that does not
    /// match it, so bytes read in full have this checksum).
    public var crc32: UInt32? = nil
    /// The compression method (0 stored, 8 deflated, …), when the central directory gives it.
    public var compressionMethod: Int32? = nil
    public var isDirectory: Bool { name.hasSuffix("/") }
}
