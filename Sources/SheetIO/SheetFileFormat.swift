import XLSXReading

/// What kind of sheet file a path holds, told by its bytes (never by its extension).
public enum SheetFileFormat: String, Sendable, Equatable {
    /// A zip package or an OLE container: handled by the XLSX reader (which names encrypted and legacy
    /// `.xls` files precisely).
    case xlsx
    /// Anything else is delimited text (`.csv`, `.tsv`, `.txt` alike): encoding and delimiter are detected.
    case delimitedText

    /// Detects the format of an existing file by its magic bytes (`SpreadsheetFormat.detect`).
    /// - Throws: `XLSXError.Kind.cannotOpen`.
    public static func detect(path: String) throws -> SheetFileFormat {
        switch try SpreadsheetFormat.detect(path: path) {
        case .zip, .encryptedOOXML, .legacyXLS, .otherCFB: return .xlsx
        case .other: return .delimitedText
        }
    }

    /// The format to write for an output path, by its extension: `.xlsx`/`.xlsm` → XLSX, else delimited text.
    public static func forOutput(path: String) -> SheetFileFormat {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") ? .xlsx : .delimitedText
    }
}
