import DisclosureCatalog
import SheetCore
import WorkCalendar

/// Reads an office return from the sheets of a workbook or a CSV, already loaded as `Grid`s.
///
/// Works on our template (identified by its metadata sheet and hidden item-key column) and on the plain
/// official table whose ☑ marks the office edited. Columns are found by header text, rows by item key,
/// falling back to 序号 and 二级事项. Never throws for content problems: they land in the `OfficeReturn`
/// (unmatched rows, missing columns, uninterpretable values) for `ReturnValidator` to report.
public struct ReturnImporter: Sendable {
    public var catalog: Catalog
    /// Header layouts of sheets seen before (`HeaderLayoutMemo.shared`); nil finds every header anew.
    var layoutMemo: HeaderLayoutMemo? = .shared

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Builds the return from loaded sheets.
    /// - Parameters:
    ///   - sheets: the workbook's sheets in order (one grid for a CSV).
    ///   - file: the file name recorded in every provenance.
    ///   - isCSV: whether the grid came from a CSV (locations then carry no sheet name).
    /// - Throws: `ReturnImportError.noTable` when no sheet holds a return table.
    public func read(sheets: [Grid], file: String, isCSV: Bool = false) throws -> OfficeReturn {
        try read(from: sheets, file: file, isCSV: isCSV)
    }

    /// Builds the return from a workbook whose sheets are parsed on demand: only the sheets the return needs
    /// are parsed (see `ReturnWorkbook`): the metadata sheet 模板信息 found by name, and the sheets in order up to
    /// the first that holds a return table. Without a sheet named 模板信息, every sheet is parsed to look for the
    /// metadata marker in A1 (as `read(sheets:)` does).
    /// - Parameter file: the file name recorded in every provenance (defaults to the workbook's path).
    /// - Throws: `ReturnImportError`: `.noTable` when no sheet holds a return table, `.unreadable` when a sheet
    ///   the return needs cannot be parsed.
    public func read(_ workbook: ReturnWorkbook, file: String? = nil) throws -> OfficeReturn {
        try read(from: workbook, file: file ?? workbook.path, isCSV: workbook.isCSV)
    }

    func read(from sheets: some ReturnSheetSource, file: String, isCSV: Bool) throws -> OfficeReturn {
        // The metadata sheet by its name needs no parsing to be found; without that name, by its marker in A1.
        var metadataIndex = (0..<sheets.sheetCount).first { sheets.sheetName(at: $0) == TemplateMetadata.sheetName }
        if metadataIndex == nil {
            for index in 0..<sheets.sheetCount {
                if try sheets.sheet(at: index).text(row: 0, column: 0) == TemplateMetadata.marker {
                    metadataIndex = index
                    break
                }
            }
        }
        let metadataName = metadataIndex.map { sheets.sheetName(at: $0) }
        var found: (Grid, HeaderLayout)?
        for index in 0..<sheets.sheetCount where sheets.sheetName(at: index) != metadataName {
            let grid = try sheets.sheet(at: index)
            if let layout = layoutMemo.map({ $0.layout(grid: grid, catalog: catalog) }) ?? HeaderLayout(grid: grid, catalog: catalog) {
                found = (grid, layout)
                break
            }
        }
        guard let (grid, header) = found else {
            throw ReturnImportError(.noTable, location: SourceLocation(file: file))
        }
        let metadataGrid = try metadataIndex.map { try sheets.sheet(at: $0) }
        let reader = SheetReader(grid: grid, file: file, sheetName: isCSV ? nil : grid.name)
        var stamp = metadataGrid.map { reader.stamp(fromMetadata: $0, file: file) }
        let fields = catalog.office
        let labels = reader.labelValues(above: header.headerRow, keys: header.scannedKeys, identity: .for(fields))
        if stamp == nil, let id = labels[TemplateMetadata.catalogIDLabel] {
            stamp = TemplateStamp(catalogID: id,
                                  catalogVersion: labels[TemplateMetadata.catalogVersionLabel] ?? .absent,
                                  templateVersion: labels[TemplateMetadata.templateVersionLabel] ?? .absent)
        }
        let office = OfficeIdentity(
            name: labels[fields.name] ?? .absent,
            code: labels[fields.code] ?? .absent,
            directCustoms: labels[fields.parent] ?? .absent,
            preparer: labels["填报人"] ?? .absent,
            phone: labels["联系电话"] ?? .absent,
            reportDate: (labels["填报日期"]).map { reader.dateField($0) } ?? .absent)

        let stampCatalogID = stamp?.catalogID.value ?? catalog.id
        var items: [ItemReturn] = []
        var unmatched: [UnmatchedRow] = []
        let columns = RowColumns(header)
        items.reserveCapacity(min(max(0, grid.rowCount - header.dataStart), grid.storedCellCount))
        // Every row of the table, or only the rows holding cells when a far cell makes the grid sparse.
        for row in reader.sparseRows != nil ? reader.rows(from: header.dataStart) : Array(header.dataStart..<max(header.dataStart, grid.rowCount)) {
            let firstText = reader.firstNonEmptyText(row: row, upTo: columns.firstFillIn)
            if ReturnImporter.startsNotes(firstText) { break }
            if reader.isEmptyRow(row) { continue }
            let keyText = columns.key.map { reader.text(row: row, column: $0) } ?? ""
            // The item key decides alone when it names an item; only otherwise are number and name read.
            if let slot = metadataItem(key: keyText, catalogID: stampCatalogID) {
                items.append(reader.itemReturn(row: row, number: catalog.items[slot].number, name: catalog.items[slot].name,
                                               match: .metadata, columns: columns))
                continue
            }
            let numberText = columns.number.map { reader.displayedText(row: row, column: $0) } ?? ""
            let nameText = columns.name.map { reader.displayedText(row: row, column: $0) } ?? ""
            guard let (item, match) = matchItem(numberText: numberText, nameText: nameText) else {
                // Rows that carry neither a number nor a name nor any answer are layout (blank lines).
                let column = columns.number ?? columns.name ?? 0
                unmatched.append(UnmatchedRow(row: row + 1, numberText: numberText, nameText: nameText,
                                              source: reader.location(row: row, column: column)))
                continue
            }
            items.append(reader.itemReturn(row: row, number: item.number, name: item.name, match: match, columns: columns))
        }
        // Our template: by its metadata sheet, or (CSV template re-saved as XLSX) by the stamp lines.
        let layout: ReturnLayout = isCSV ? .csv : (stamp != nil ? .template : .officialTable)
        return OfficeReturn(file: file, layout: layout,
                            sheet: isCSV ? nil : grid.name, stamp: stamp, office: office,
                            channels: header.channelColumns.map(\.name), missingColumns: header.missingColumns,
                            items: items, unmatchedRows: unmatched)
    }

    /// Whether a row's first text starts the notes below the table: 备注…, 注：…, 说明：…. A text starting with an
    /// ASCII scalar (item numbers) cannot: its first character is not 备, 注 or 说, nor canonically equal to them.
    static func startsNotes(_ firstText: String) -> Bool {
        guard let first = firstText.utf8.first, first >= 0x80 else { return false }
        return firstText.hasPrefix("备注") || firstText.hasPrefix("注：") || firstText.hasPrefix("说明：")
    }

    /// The index in `catalog.items` of the item a row's key (`customs:5`) names in catalog `catalogID`
    /// (`catalog.item(_:)`'s item), nil when it names none. An index: the item itself is not copied out.
    private func metadataItem(key: String, catalogID: String) -> Int? {
        TemplateMetadata.itemNumber(fromKey: key.trimmed, catalogID: catalogID).flatMap(catalog.itemIndex)
    }

    /// The item a row names by 序号 and 二级事项 (rows without a usable key).
    private func matchItem(numberText: String, nameText: String) -> (CatalogItem, RowMatch)? {
        // `Int(exactly:)`: a 序号 of 1e20, 1e400 (infinity) or NaN names no item (never a trap).
        let number = Int(numberText.trimmed) ?? Double(numberText.trimmed).flatMap { Int(exactly: $0) }
        let nameKey = nameText.headerKey
        let byNumber = number.flatMap { catalog.item($0) }
        if let byNumber, !nameKey.isEmpty, byNumber.name.headerKey == nameKey { return (byNumber, .numberAndName) }
        if !nameKey.isEmpty, let byName = catalog.items.first(where: { $0.name.headerKey == nameKey }) {
            return (byName, .name)
        }
        if let byNumber { return (byNumber, .number) }
        return nil
    }
}
