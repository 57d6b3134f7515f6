import DisclosureCatalog
import SheetCore

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
        /// The .xlsx file the sheets came from (nil for other formats): its annotated copy is that package
        /// with the highlights, notes and 校验结果 added, everything else kept (`ReturnAnnotation`).
        public var xlsxSource: String? = nil
    }

    /// Loads every worksheet (XLSX) or the one table (CSV) through `SheetIO`, for the annotated copy, which
    /// rebuilds the whole workbook. Importing needs only some sheets: `ReturnWorkbook` parses those alone.
    /// - Throws: `ReturnImportError` `.unreadable` with the reader's located message.
    public static func load(path: String) throws -> LoadedFile {
        try ReturnWorkbook(path: path).allSheets()
    }

    /// Reads a return file, parsing only the sheets the return needs (see `ReturnWorkbook`: a corrupt sheet the
    /// return does not use, such as the instructions sheet 填报说明, does not reject the file).
    /// - Parameter displayName: the name recorded in provenance (defaults to `path`).
    /// - Throws: `ReturnImportError` `.unreadable` or `.noTable`.
    public static func importReturn(path: String, catalog: Catalog, displayName: String? = nil) throws -> OfficeReturn {
        try ReturnImporter(catalog: catalog).read(ReturnWorkbook(path: path), file: displayName ?? path)
    }
}
