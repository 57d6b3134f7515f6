import SheetCore
import XLSXReading

/// The one place where an .xls cell format (XF) becomes what readers use: its number format code, whether
/// that shows dates, and its font. The decision itself is the XLSX reader's (`NumberFormat`), so both
/// formats read a date the same way.
enum XLSNumberFormat {
    /// The cell style of an XF: the FORMAT record's code for its format id, else the built-in code; no
    /// code shown for General.
    static func cellStyle(formatID: Int, customFormats: [Int: String], fontName: String?) -> CellStyle {
        let code = customFormats[formatID] ?? NumberFormat.builtinCode(formatID)
        let shown = (formatID == 0 || code == nil || code == "General") ? nil : code
        return CellStyle(numberFormatID: formatID, numberFormat: shown, dateKind: shown.flatMap(NumberFormat.dateKind),
                         fontName: fontName)
    }
}
