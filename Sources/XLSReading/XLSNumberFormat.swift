import SheetCore

/// The one place where an .xls cell format (XF) becomes the shared style model: its number format (the
/// FORMAT record's code for its id, else the built-in code) and its font. Whether a number shows as a date
/// is then `NumberFormat.dateKind`, as for XLSX, so both formats read a date the same way.
enum XLSNumberFormat {
    static func cellStyle(formatID: Int, customFormats: [Int: String], fontName: String?) -> CellStyle {
        CellStyle(font: Font(name: fontName), numberFormat: NumberFormat(id: formatID, code: customFormats[formatID]))
    }
}
