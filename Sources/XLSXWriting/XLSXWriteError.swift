import SheetCore
import ZipArchive

/// What went wrong building or writing a workbook, and where (`book.xlsx!Sheet1!C14: …`).
public struct XLSXWriteError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A sheet name breaks Excel's rules (empty, over 31 characters, `[]:*?/\`, leading/trailing `'`).
        case invalidSheetName
        /// Two sheets would have the same name (compared case-insensitively, as Excel does).
        case duplicateSheetName
        /// A row or column outside 1,048,576 × 16,384.
        case outOfRange
        /// Text longer than Excel's 32,767 characters per cell (or another text limit such as 255 for an
        /// input message).
        case textTooLong
        /// A number that cannot be stored (NaN, infinity) or a date before 1900.
        case invalidValue
        /// Streaming rows must be appended in increasing order; a setting that goes before the rows in the
        /// sheet XML (column widths, freeze panes, page fit) must be made before the first row.
        case outOfOrder
        /// Merged ranges may not overlap (Excel would "repair" the file).
        case overlappingRanges
        /// A defined name, formula, style or other argument is invalid.
        case invalidArgument
        /// Every sheet is hidden, or the workbook has no sheet.
        case noVisibleSheet
        /// The workbook was already written and its streamed rows are gone.
        case alreadyWritten
        /// Writing a spool file or the archive failed.
        case ioFailure
    }

    public var kind: Kind
    public var file: String?
    public var sheet: String?
    public var cell: CellReference?
    public var message: String

    public init(_ kind: Kind, file: String? = nil, sheet: String? = nil, cell: CellReference? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.message = message
    }

    public var description: String {
        var location: [String] = []
        if let file { location.append(file) }
        if let sheet { location.append(sheet) }
        if let cell { location.append(cell.description) }
        return location.isEmpty ? message : location.joined(separator: "!") + ": " + message
    }

    init(_ zip: ZipError) {
        self.init(.ioFailure, file: zip.file, message: zip.entry.map { "[\($0)] " + zip.message } ?? zip.message)
    }
}
