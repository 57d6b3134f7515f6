import CSV
import ODSReading
import SheetCore
import SheetIO
import XLSXReading

/// The sheets of one return file, each parsed into a `Grid` only when the importer asks for it.
///
/// A return needs its table sheet and, in our template, the metadata sheet 模板信息; the instructions
/// sheet 填报说明 is never read. So a sheet is parsed on first request and at most once, and **a sheet the
/// return does not use is never parsed: when it is corrupt, the file is still imported** (a corrupt sheet
/// that the importer does read — the table, the metadata, or any sheet looked at while searching for them —
/// still rejects the file with the reader's located error). `allSheets()` parses every sheet, for the
/// annotated copy, which rebuilds the whole workbook.
///
/// Not thread-safe: one file is read by one thread.
public final class ReturnWorkbook {
    /// The file as given.
    public let path: String
    /// Worksheet names in workbook order (chartsheets left out); one sheet for a CSV.
    public let sheetNames: [String]
    /// Names of hidden sheets (XLSX, XLS, ODS).
    public let hiddenSheets: Set<String>
    /// Whether the file is a CSV (its one grid is already read).
    public let isCSV: Bool
    /// Whether the file is an .xlsx package.
    public let isXLSX: Bool

    private let workbook: (any SheetWorkbook)?
    private let infos: [SheetInfo]
    private var parsed: [Grid?]

    /// Opens the file: the package and its sheet list for an XLSX (no sheet parsed yet), the whole table for a CSV.
    /// - Throws: `ReturnImportError` `.unreadable` with the reader's located message.
    public init(path: String) throws {
        self.path = path
        do {
            switch try SheetFileFormat.detect(path: path) {
            case .xlsx, .xls:
                guard let workbook = try SheetIO.openWorkbook(path: path) else {
                    throw XLSXError(.notASpreadsheet, SourceLocation(file: path), "not a workbook")
                }
                self.workbook = workbook
                isXLSX = workbook is XLSXWorkbook
                infos = workbook.sheets.filter { $0.kind != .chartsheet }
                sheetNames = infos.map(\.name)
                hiddenSheets = Set(workbook.sheets.filter { $0.visibility != .visible }.map(\.name))
                parsed = Array(repeating: nil, count: infos.count)
                isCSV = false
            case .ods:
                // Every sheet of an .ods lives in its one content.xml: read them all in one pass.
                let workbook = try ODSWorkbook(path: path)
                let grids = try workbook.grids()
                self.workbook = nil
                isXLSX = false
                infos = []
                sheetNames = grids.map(\.name)
                hiddenSheets = Set(try workbook.tables().filter(\.isHidden).map(\.name))
                parsed = grids
                isCSV = false
            case .delimitedText:
                var options = CSVReadOptions()
                options.flexible = true  // identity lines have two fields, the table many
                let grids = try SheetIO.readGrids(path: path, csv: options)
                workbook = nil
                isXLSX = false
                infos = []
                sheetNames = grids.map(\.name)
                hiddenSheets = []
                parsed = grids
                isCSV = true
            }
        } catch {
            throw ReturnWorkbook.importError(error, path: path)
        }
    }

    /// The sheet at `index` (0-based, in `sheetNames` order), parsed on the first call.
    /// - Throws: `ReturnImportError` `.unreadable` with the reader's located message (sheet and part).
    public func grid(at index: Int) throws -> Grid {
        if let grid = parsed[index] { return grid }
        guard let workbook else { throw ReturnImportError(.unreadable("no sheet \(index)"), location: SourceLocation(file: path),
                                                         chineseDetail: "没有第 \(index + 1) 张工作表") }
        do {
            let grid = try workbook.grid(infos[index])
            parsed[index] = grid
            return grid
        } catch {
            throw ReturnWorkbook.importError(error, path: path)
        }
    }

    /// Whether the sheet at `index` has been parsed.
    public func isParsed(_ index: Int) -> Bool { parsed[index] != nil }

    /// Every sheet, parsed (those already parsed are not parsed again), as `ReturnFiles.load` gives them.
    /// - Throws: `ReturnImportError` `.unreadable` when any sheet cannot be parsed.
    public func allSheets() throws -> ReturnFiles.LoadedFile {
        let sheets = try sheetNames.indices.map { try grid(at: $0) }
        return ReturnFiles.LoadedFile(sheets: sheets, isCSV: isCSV, hiddenSheets: hiddenSheets, xlsxSource: isXLSX ? path : nil)
    }

    static func importError(_ error: any Error, path: String) -> ReturnImportError {
        let location = SourceLocation(file: path)
        switch error {
        case let error as ReturnImportError: return error
        default: return ReturnImportError(unreadable: error, location: location)
        }
    }
}

/// Sheets the importer reads from, by position: loaded grids or a `ReturnWorkbook` that parses on demand.
protocol ReturnSheetSource {
    var sheetCount: Int { get }
    func sheetName(at index: Int) -> String
    func sheet(at index: Int) throws -> Grid
}

extension Array: ReturnSheetSource where Element == Grid {
    var sheetCount: Int { count }
    func sheetName(at index: Int) -> String { self[index].name }
    func sheet(at index: Int) throws -> Grid { self[index] }
}

extension ReturnWorkbook: ReturnSheetSource {
    var sheetCount: Int { sheetNames.count }
    func sheetName(at index: Int) -> String { sheetNames[index] }
    func sheet(at index: Int) throws -> Grid { try grid(at: index) }
}
