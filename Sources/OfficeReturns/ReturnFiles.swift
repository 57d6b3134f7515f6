import CSV
import DisclosureCatalog
import Foundation
import SheetCore
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

    /// Loads every worksheet (XLSX) or the one table (CSV).
    /// - Throws: `ReturnImportError` `.unreadable` (with the reader's located message) or `.unsupportedFormat`.
    public static func load(path: String) throws -> LoadedFile {
        let location = SourceLocation(file: path)
        let format: SpreadsheetFormat
        do {
            format = try SpreadsheetFormat.detect(path: path)
        } catch {
            throw ReturnImportError(.unreadable("\(error)"), location: location)
        }
        switch format {
        case .zip:
            do {
                let workbook = try XLSXWorkbook(path: path)
                var grids: [Grid] = []
                var hidden: Set<String> = []
                for sheet in workbook.sheets where sheet.kind == .worksheet {
                    grids.append(try workbook.grid(sheet))
                    if sheet.visibility != .visible { hidden.insert(sheet.name) }
                }
                return LoadedFile(sheets: grids, isCSV: false, hiddenSheets: hidden)
            } catch let error as XLSXError {
                throw ReturnImportError(.unreadable(error.description), location: location)
            } catch {
                throw ReturnImportError(.unreadable("\(error)"), location: location)
            }
        case .other:
            do {
                var options = CSVReadOptions()
                options.flexible = true
                let reader = try CSVReader(path: path, options: options)
                var grid = Grid(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
                var row = 0
                var record = CSVRecord()
                while try reader.readRecord(into: &record) {
                    for column in 0..<record.count {
                        let field = record[column]
                        if !field.isEmpty { grid[row, column] = GridCell(value: .string(field)) }
                    }
                    row += 1
                }
                return LoadedFile(sheets: [grid], isCSV: true)
            } catch let error as CSVError {
                throw ReturnImportError(.unreadable(error.description), location: location)
            } catch {
                throw ReturnImportError(.unreadable("\(error)"), location: location)
            }
        case .encryptedOOXML:
            throw ReturnImportError(.unreadable("the workbook is password-encrypted; save it without a password"), location: location)
        case .legacyXLS:
            throw ReturnImportError(.unsupportedFormat("xls"), location: location)
        case .otherCFB:
            throw ReturnImportError(.unsupportedFormat("OLE"), location: location)
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
