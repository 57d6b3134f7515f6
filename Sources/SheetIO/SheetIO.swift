import CSV
import Foundation
import ODSReading
import SheetCore
import XLSReading
import XLSXReading

/// Format-agnostic access to sheet files: XLSX and ODS workbooks and delimited text (CSV/TSV/TXT) alike.
///
/// The format is told by the file's bytes. Errors are the underlying reader's (`XLSXError`, `CSVError`),
/// always located (file, part, sheet!cell or line:column).
public enum SheetIO {
    /// The sheet names of a file: the workbook's sheets in tab order, or, for delimited text, one sheet named
    /// after the file (`returns/0101.csv` → `0101`).
    public static func sheetNames(path: String) throws -> [String] {
        switch try SheetFileFormat.detect(path: path) {
        case .xlsx: return try XLSXWorkbook(path: path).sheets.map(\.name)
        case .ods: return try ODSWorkbook(path: path).tables().map(\.name)
        case .xls: return try XLSWorkbook(path: path).sheets.map(\.name)
        case .delimitedText: return [csvSheetName(path)]
        }
    }

    /// Opens a workbook file of any workbook format (XLSX, XLS, ODS), told by its bytes; nil for delimited text.
    ///
    /// An ODS workbook lists its sheets by a pass over content.xml on first use of `sheets`; the functions
    /// below read .ods in one pass where they can (`readGrids`, `forEachRow`).
    /// - Throws: the reader's `XLSXError`.
    public static func openWorkbook(path: String) throws -> (any SheetWorkbook)? {
        switch try SheetFileFormat.detect(path: path) {
        case .xlsx: return try XLSXWorkbook(path: path)
        case .xls: return try XLSWorkbook(path: path)
        case .ods: return try ODSWorkbook(path: path)
        case .delimitedText: return nil
        }
    }

    /// The sheet name given to a delimited-text file: its base name without extension.
    public static func csvSheetName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        return base.isEmpty ? url.lastPathComponent : base
    }

    /// Reads every sheet of a file into memory (for the small files of catalogs and returns).
    /// Delimited text gives one grid of `.string` cells (empty fields are not stored).
    public static func readGrids(path: String, csv: CSVReadOptions = CSVReadOptions()) throws -> [Grid] {
        switch try SheetFileFormat.detect(path: path) {
        case .xlsx:
            let workbook = try XLSXWorkbook(path: path)
            return try workbook.sheets.filter { $0.kind != .chartsheet }.map { try workbook.grid($0) }
        case .ods:
            return try ODSWorkbook(path: path).grids()
        case .xls:
            let workbook = try XLSWorkbook(path: path)
            return try workbook.sheets.filter { $0.kind != .chartsheet }.map { try workbook.grid($0) }
        case .delimitedText:
            return [try readCSVGrid(path: path, options: csv)]
        }
    }

    /// Reads one sheet (by name, or the first) into memory.
    public static func readGrid(path: String, sheet: String? = nil, csv: CSVReadOptions = CSVReadOptions()) throws -> Grid {
        switch try SheetFileFormat.detect(path: path) {
        case .xlsx:
            let workbook = try XLSXWorkbook(path: path)
            if let sheet { return try workbook.grid(named: sheet) }
            guard let first = workbook.sheets.first(where: { $0.kind != .chartsheet }) else {
                throw XLSXError(.missingPart, SourceLocation(file: path), "the workbook has no worksheet", zh: "工作簿中没有工作表")
            }
            return try workbook.grid(first)
        case .ods:
            let workbook = try ODSWorkbook(path: path)
            return try sheet.map { try workbook.grid(named: $0) } ?? workbook.firstGrid()
        case .xls:
            let workbook = try XLSWorkbook(path: path)
            if let sheet { return try workbook.grid(named: sheet) }
            guard let first = workbook.sheets.first(where: { $0.kind != .chartsheet }) else {
                throw XLSXError(.missingPart, SourceLocation(file: path), "the workbook has no worksheet")
            }
            return try workbook.grid(first)
        case .delimitedText:
            try checkCSVSheetName(sheet, path: path)
            return try readCSVGrid(path: path, options: csv)
        }
    }

    /// Streams the rows of one sheet (by name, or the first), in bounded memory.
    ///
    /// XLSX rows come in file order with their number formats, rows without cells skipped; delimited text
    /// gives every record (empty lines as rows without cells), values as `.string`.
    public static func forEachRow(path: String, sheet: String? = nil, csv: CSVReadOptions = CSVReadOptions(),
                                  _ body: (SheetRow) throws -> Void) throws {
        switch try SheetFileFormat.detect(path: path) {
        case .xlsx, .xls:
            let (workbook, info, formats) = try openXLSXSheet(path: path, sheet: sheet)
            var row = SheetRow(row: 0, cells: [], width: 0)
            try workbook.forEachRow(in: info) { index, cells in
                fill(&row, index: index, cells: cells, formats: formats)
                try body(row)
            }
        case .ods:
            var row = SheetRow(row: 0, cells: [], width: 0)
            try ODSWorkbook(path: path).forEachRow(in: sheet) { index, cells in
                row.row = index
                row.cells.removeAll(keepingCapacity: true)
                for cell in cells { row.cells.append(SheetCell(column: cell.column, value: cell.value)) }
                row.width = (cells.last?.column ?? -1) + 1
                try body(row)
            }
        case .delimitedText:
            try checkCSVSheetName(sheet, path: path)
            let reader = try CSVReader(path: path, options: csv)
            var row = SheetRow(row: 0, cells: [], width: 0)
            try reader.forEachRecord { record in
                row.row = record.index
                row.line = record.position.line
                row.width = record.count
                row.cells.removeAll(keepingCapacity: true)
                for k in 0..<record.count where record.byteCount(ofField: k) > 0 {
                    row.cells.append(SheetCell(column: k, value: .string(record[k])))
                }
                try body(row)
            }
        }
    }

    /// Writes every row of one sheet (by name, or the first) to `writer`, as `forEachRow` gives them; the
    /// caller closes (or discards) the writer.
    ///
    /// With `background`, the rows are made and written on a second thread while this one parses (XLSX:
    /// the parser hands over its cell arrays as they are; the conversion to `SheetRow` and the writing run
    /// on the other core). That is what `disclosure convert` does.
    public static func copyRows(path: String, sheet: String? = nil, csv: CSVReadOptions = CSVReadOptions(),
                                to writer: SheetRowWriter, background: Bool = false) throws {
        let format = try SheetFileFormat.detect(path: path)
        if let csvWriter = writer as? CSVSheetWriter, format == .delimitedText {
            // Delimited text to delimited text: records are copied as bytes, on this thread (no String per field).
            try checkCSVSheetName(sheet, path: path)
            let reader = try CSVReader(path: path, options: csv)
            try reader.forEachRecord { try csvWriter.write(record: $0, row: $0.index) }
            return
        }
        // The parser's cell arrays go to the writing thread for XLSX and XLS; ODS rows take the threaded writer.
        guard background, format == .xlsx || format == .xls else {
            guard background else { return try forEachRow(path: path, sheet: sheet, csv: csv) { try writer.write($0) } }
            let threaded = BackgroundRowWriter(writer)
            do {
                try forEachRow(path: path, sheet: sheet, csv: csv) { try threaded.write($0) }
                try threaded.finishWriting()
            } catch {
                threaded.stop()
                throw error
            }
            return
        }
        let (workbook, info, formats) = try openXLSXSheet(path: path, sheet: sheet)
        let target = UncheckedSendable(writer)
        let pipeline = BatchPipeline<XLSXRow>(batchSize: 512, maxBatches: 4) { batch in
            var row = SheetRow(row: 0, cells: [], width: 0)
            for item in batch {
                fill(&row, index: item.index, cells: item.cells, formats: formats)
                try target.value.write(row)
            }
        }
        do {
            try workbook.forEachRow(in: info) { index, cells in try pipeline.add(XLSXRow(index: index, cells: cells)) }
            try pipeline.finish()
        } catch {
            pipeline.cancel()
            throw error
        }
    }

    /// A row as the XLSX parser gives it, on its way to the writing thread.
    private struct XLSXRow: Sendable {
        var index: Int
        var cells: [ReadCell]
    }

    /// The workbook (XLSX or XLS), the sheet (by name, or the first worksheet) and the number format code of
    /// each cell style.
    private static func openXLSXSheet(path: String, sheet: String?) throws -> (any SheetWorkbook, SheetInfo, [String?]) {
        guard let workbook = try openWorkbook(path: path) else {
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path), "not a workbook")
        }
        let info: SheetInfo
        if let sheet {
            info = try workbook.sheet(named: sheet)
        } else if let first = workbook.sheets.first(where: { $0.kind != .chartsheet }) {
            info = first
        } else {
            throw XLSXError(.missingPart, SourceLocation(file: path), "the workbook has no worksheet", zh: "工作簿中没有工作表")
        }
        // Only the format codes: copying a whole CellStyle per cell would retain and release its strings.
        return (workbook, info, try workbook.cellStyles().map(\.numberFormat.shownCode))
    }

    /// Makes `row` (its cell array reused) from a row of the XLSX parser: non-empty cells with their formats.
    private static func fill(_ row: inout SheetRow, index: Int, cells: [ReadCell], formats: [String?]) {
        row.row = index
        row.cells.removeAll(keepingCapacity: true)
        row.cells.reserveCapacity(cells.count)
        var lastColumn = -1
        for cell in cells where !cell.value.isEmpty {
            let format = cell.styleIndex < formats.count ? formats[cell.styleIndex] : nil
            row.cells.append(SheetCell(column: cell.column, value: cell.value, numberFormat: format))
            lastColumn = cell.column
        }
        row.width = lastColumn + 1
    }

    static func readCSVGrid(path: String, options: CSVReadOptions) throws -> Grid {
        try readDelimited(path: path, options: options).grid
    }

    /// Reads delimited text into a grid of `.string` cells together with where each cell is in the file,
    /// so messages can say `return.csv:3:7` (line and column) rather than only `C3`.
    public static func readDelimited(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> DelimitedGrid {
        var result = DelimitedGrid(file: path, grid: Grid(name: csvSheetName(path)))
        let reader = try CSVReader(path: path, options: options)
        let maxCells = XLSXLimits.default.maxGridCells
        try reader.forEachRecord { record in
            // The same bound on cells in memory as for a workbook's grid.
            if result.grid.storedCellCount + record.count > maxCells {
                let line = record.count > 0 ? record.position(ofField: 0).line : nil
                throw XLSXError(.limitExceeded, SourceLocation(file: path, line: line),
                                "the file has more than \(maxCells) fields, more than a sheet read into memory may hold")
            }
            for k in 0..<record.count where record.byteCount(ofField: k) > 0 {
                let ref = CellReference(row: record.index, column: k)
                result.grid[ref] = GridCell(value: .string(record[k]))
                result.positions[ref] = record.position(ofField: k)
            }
        }
        result.encoding = reader.encoding
        result.delimiter = reader.delimiter
        return result
    }

    static func checkCSVSheetName(_ sheet: String?, path: String) throws {
        guard let sheet else { return }
        let name = csvSheetName(path)
        guard sheet == name || sheet.lowercased() == name.lowercased() else {
            throw XLSXError(.noSuchSheet, SourceLocation(file: path),
                            "no sheet named \"\(sheet)\": a delimited text file has one sheet, \"\(name)\"",
                            zh: "没有名为“\(sheet)”的工作表：分隔文本文件只有一张工作表“\(name)”")
        }
    }
}

/// A delimited-text file read into a grid, with each stored cell's place in the file.
public struct DelimitedGrid: Sendable {
    public var file: String
    public var grid: Grid
    /// Where each non-empty cell's field begins (line and column 1-based).
    public var positions: [CellReference: CSVPosition] = [:]
    /// The encoding detected or given (nil when the file is pure ASCII).
    public var encoding: TextEncoding?
    public var delimiter: UInt8 = UInt8(ascii: ",")

    public init(file: String, grid: Grid) {
        self.file = file
        self.grid = grid
    }

    /// `return.csv:3:7` for a stored cell; `return.csv!C3` (the sheet-style place) for an empty one.
    public func location(of ref: CellReference) -> SourceLocation {
        if let position = positions[ref] {
            return SourceLocation(file: file, line: position.line, column: position.column)
        }
        return SourceLocation(file: file, cell: ref.description)
    }
}

extension SheetIO {
    /// The range from the first to the last non-empty cell of one sheet (by name, or the first), streaming;
    /// nil when the sheet has no cells. Delimited text is read in `csv`'s mode (`flexible` for a file whose
    /// rows differ in length, as templates and catalog tables written by the tool do).
    public static func usedRange(path: String, sheet: String? = nil, csv: CSVReadOptions = CSVReadOptions(flexible: true)) throws -> CellRange? {
        var maxRow = -1, maxColumn = -1, minRow = Int.max, minColumn = Int.max
        try forEachRow(path: path, sheet: sheet, csv: csv) { row in
            guard let first = row.cells.first, let last = row.cells.last else { return }
            minRow = min(minRow, row.row); maxRow = max(maxRow, row.row)
            minColumn = min(minColumn, first.column); maxColumn = max(maxColumn, last.column)
        }
        guard maxRow >= 0 else { return nil }
        return CellRange(start: CellReference(row: minRow, column: minColumn), end: CellReference(row: maxRow, column: maxColumn))
    }
}
