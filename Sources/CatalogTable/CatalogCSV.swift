import CSV
import DisclosureCatalog
import SheetCore

/// The CSV variant of the official table: 附件 and title lines, one flattened header line
/// ("公开渠道和载体 (见备注3)·直属海关网站"), one line per item, an empty line, then the 备注 lines.
public enum CatalogCSV {
    /// The records of the CSV form.
    public static func records(_ catalog: Catalog) -> [[String]] {
        let columns = CatalogHeader.columns(for: catalog)
        var out: [[String]] = []
        if let label = catalog.attachmentLabel { out.append([label]) }
        out.append([catalog.title])
        out.append(columns.map { column in
            let (top, sub) = CatalogHeader.labels(column, catalog: catalog)
            return sub.map { top + String(CatalogHeader.pathSeparator) + $0 } ?? top
        })
        for item in catalog.items {
            out.append(columns.map { CatalogCellText.text($0, item: item, catalog: catalog, lineBreak: " ") })
        }
        if !catalog.footnotes.isEmpty {
            out.append([])
            for note in catalog.footnotes { out.append([note.label, note.text]) }
        }
        return out
    }

    /// Writes the CSV form atomically (UTF-8 with a byte order mark, CRLF, as Excel expects).
    /// - Throws: `CSVError` for I/O failures.
    public static func write(_ catalog: Catalog, to path: String) throws {
        let writer = try CSVWriter(path: path)
        do {
            for record in records(catalog) { try writer.writeRecord(record) }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A grid holding CSV records as text cells (the sheet a reader sees).
    public static func grid(_ records: [[String]], name: String) -> Grid {
        var grid = Grid(name: name)
        for (r, record) in records.enumerated() {
            for (c, field) in record.enumerated() where !field.isEmpty {
                grid[r, c] = GridCell(value: .string(field))
            }
        }
        return grid
    }
}
