import CSV
import DisclosureCatalog
import Foundation
import SheetCore
import SheetIO
import XLSXReading

/// File access for returns: load an XLSX or CSV into grids and import it.
///
/// The format is told by the file's magic bytes (zip → XLSX; plain text → CSV in any encoding the CSV
/// module detects: UTF-8 with or without BOM, UTF-16, GB18030).
public enum ReturnFiles {
    /// The sheets of a file as grids.
    public struct LoadedFile: Sendable {
        public var sheets: [Grid]
        public var isCSV: Bool
        /// Names of hidden sheets (XLSX).
        public var hiddenSheets: Set<String> = []
    }

    /// Loads every worksheet (XLSX) or the one table (CSV) through `SheetIO`.
    /// - Throws: `ReturnImportError` `.unreadable` with the reader's located message.
    public static func load(path: String) throws -> LoadedFile {
        let location = SourceLocation(file: path)
        do {
            switch try SheetFileFormat.detect(path: path) {
            case .xlsx:
                // One opening of the package for the grids and the sheet states (as SheetIO.readGrids reads them).
                let workbook = try XLSXWorkbook(path: path)
                let sheets = try workbook.sheets.filter { $0.kind != .chartsheet }.map { try workbook.grid($0) }
                let hidden = Set(workbook.sheets.filter { $0.visibility != .visible }.map(\.name))
                return LoadedFile(sheets: sheets, isCSV: false, hiddenSheets: hidden)
            case .delimitedText:
                var options = CSVReadOptions()
                options.flexible = true  // identity lines have two fields, the table many
                return LoadedFile(sheets: try SheetIO.readGrids(path: path, csv: options), isCSV: true)
            }
        } catch let error as XLSXError {
            throw ReturnImportError(.unreadable(error.description), location: location)
        } catch let error as CSVError {
            throw ReturnImportError(.unreadable(error.description), location: location)
        } catch {
            throw ReturnImportError(.unreadable("\(error)"), location: location)
        }
    }

    /// Reads a return file.
    /// - Parameter displayName: the name recorded in provenance (defaults to `path`).
    public static func importReturn(path: String, catalog: Catalog, displayName: String? = nil) throws -> OfficeReturn {
        let loaded = try load(path: path)
        return try ReturnImporter(catalog: catalog).read(sheets: loaded.sheets, file: displayName ?? path,
                                                         isCSV: loaded.isCSV)
    }
}
