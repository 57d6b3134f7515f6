import DisclosureCatalog
import SheetCore
import XLSXWriting

/// Writes the official table as an XLSX workbook that prints like the published 附件: A3 landscape,
/// fitted to the page width, header rows repeated on every page and frozen on screen, borders and wrapping.
public enum CatalogXLSX {
    /// Builds the workbook (one sheet, `sheetName`) without writing it.
    /// - Throws: `XLSXWriteError` for cell or sheet errors.
    public static func workbook(_ catalog: Catalog, sheetName: String = "标准目录") throws(XLSXWriteError) -> XLSXWriter {
        let layout = CatalogTableLayout(catalog: catalog, sheetName: sheetName)
        let book = XLSXWriter()
        book.properties.title = catalog.title
        if let issuer = catalog.issuer { book.properties.company = issuer }
        var styles: [CatalogTableLayout.Style: StyleID] = [:]
        for style in CatalogTableLayout.Style.allCases { styles[style] = book.style(cellStyle(style)) }
        let sheet = try book.addSheet(named: sheetName)
        for (k, width) in layout.columnWidths.enumerated() { try sheet.setColumnWidth(k, width) }
        try sheet.freeze(rows: layout.freezeAt.row, columns: layout.freezeAt.column)
        try sheet.setPageSetup(PageSetup(paper: .a3, orientation: .landscape, fitToWidth: true, margins: .narrow,
                                         repeatRows: layout.headerRows, centerHorizontally: true,
                                         footer: "&C第 &P 页，共 &N 页"))
        for (ref, cell) in layout.cells {
            let style = styles[cell.style] ?? .default
            let numberColumn = layout.columns.indices.contains(ref.column) && layout.columns[ref.column] == .number
            if numberColumn, ref.row > layout.headerRows.upperBound, let n = Int(cell.text) {
                try sheet.set(ref, .number(Double(n)), style: style)
            } else {
                try sheet.set(ref, cell.text.isEmpty ? .empty : .string(cell.text), style: style)
            }
        }
        for range in layout.merges { try sheet.merge(range) }
        for (row, height) in layout.rowHeights { try sheet.setRowHeight(row, height) }
        return book
    }

    /// Writes the official table to `path` atomically.
    /// - Throws: `XLSXWriteError`.
    public static func write(_ catalog: Catalog, to path: String) throws(XLSXWriteError) {
        try workbook(catalog).write(to: path)
    }

    static func cellStyle(_ style: CatalogTableLayout.Style) -> CellStyle {
        let thin = Border.all(.thin)
        switch style {
        case .attachment:
            return CellStyle(font: Font(name: "黑体", size: 12, bold: true))
        case .title:
            return CellStyle(font: Font(name: "黑体", size: 18, bold: true),
                             alignment: Alignment(horizontal: .center, vertical: .center))
        case .header:
            return CellStyle(font: Font(name: "黑体", size: 11, bold: true), fill: .solid(.lightGray), border: thin,
                             alignment: Alignment(horizontal: .center, vertical: .center, wrapText: true))
        case .text:
            return CellStyle(border: thin, alignment: Alignment(horizontal: .left, vertical: .center, wrapText: true))
        case .centered:
            return CellStyle(border: thin, alignment: Alignment(horizontal: .center, vertical: .center, wrapText: true))
        case .mark:
            return CellStyle(font: Font(size: 12), border: thin,
                             alignment: Alignment(horizontal: .center, vertical: .center, wrapText: true))
        case .footnoteLabel:
            return CellStyle(font: Font(bold: true), border: thin,
                             alignment: Alignment(horizontal: .center, vertical: .center))
        case .footnote:
            return CellStyle(border: thin, alignment: Alignment(horizontal: .left, vertical: .center, wrapText: true))
        }
    }
}
