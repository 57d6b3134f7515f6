import SheetCore

/// What went wrong reading a workbook, and where: file, part, sheet!cell, line:column.
///
/// The description reads like a compiler's: `book.xlsx[xl/worksheets/sheet1.xml]:12:5: …` or
/// `book.xlsx!Sheet1!C14: …`.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened (missing, unreadable).
        case cannotOpen
        /// The file is neither a zip package nor a CFB container: not a spreadsheet we know.
        case notASpreadsheet
        /// A password-protected (encrypted) workbook: a CFB container holding EncryptionInfo/EncryptedPackage.
        case encrypted
        /// A legacy binary .xls workbook (BIFF in a CFB container).
        case legacyXLS
        /// The zip package is truncated or damaged, or an entry's compressed data is.
        case corruptPackage
        /// A part the workbook needs is missing (workbook, a sheet, …).
        case missingPart
        /// A part is not well-formed XML, or a DTD/entity was refused.
        case malformedXML
        /// The XML is well-formed but its content is invalid (bad cell reference, string index out of range…).
        case invalidContent
        /// A configured limit was hit (zip bomb guard, text size, sheet size).
        case limitExceeded
        /// Something we do not read (an encrypted zip entry, an unknown compression method, a chartsheet's cells…).
        case unsupported
        /// No sheet with the requested name.
        case noSuchSheet
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: String

    public init(_ kind: Kind, _ location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
