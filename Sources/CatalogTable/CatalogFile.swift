import CSV
import DisclosureCatalog
import FileOutput
import Foundation
import SheetCore
import SheetIO

/// Loading and saving catalogs in every form: the built-in name, catalog JSON, and official tables in
/// XLSX or CSV. The one entry point for `--catalog customs|FILE` everywhere.
public enum CatalogFile {
    /// The file forms a catalog can take.
    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv, json
    }

    /// Built-in catalogs by name.
    public static let builtIn: [String: Catalog] = [CustomsCatalog.id: CustomsCatalog.catalog]

    /// The output form for a path, by its extension (`.xlsx`, `.csv`, `.json`).
    public static func format(forOutput path: String) -> Format? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return Format(rawValue: ext)
    }

    /// A catalog from `--catalog`: a built-in name (`customs`), a catalog JSON, or an official table
    /// (XLSX/CSV) read with `CatalogTableReader`.
    /// - Returns: the catalog and the findings of reading it (for JSON only CAT-CHANNEL-SEPARATOR; none for the
    ///   built-in catalog).
    /// - Throws: `CatalogTableError` (unknown name, unreadable or unsupported file, no header).
    public static func load(_ spec: String) throws -> (catalog: Catalog, findings: [Finding]) {
        if let catalog = builtIn[spec] { return (catalog, []) }
        guard FileManager.default.fileExists(atPath: spec) else {
            let names = builtIn.keys.sorted().joined(separator: ", ")
            throw CatalogTableError(.unreadable, SourceLocation(file: spec),
                                    zh: "既不是内置目录（\(names)）也不是存在的文件",
                                    en: "neither a built-in catalog (\(names)) nor an existing file")
        }
        if try sniff(spec) == .json {
            // JSON is taken as written, but channel names must not hold the list separator (CAT-CHANNEL-SEPARATOR).
            let catalog = try readJSON(path: spec)
            let separators = catalog.consistencyFindings().filter { $0.code == "CAT-CHANNEL-SEPARATOR" }.map { finding in
                var located = finding
                located.location = SourceLocation(file: spec)
                return located
            }
            return (catalog, separators)
        }
        let result = try readTable(path: spec, options: CatalogTableReader.Options(file: spec))
        return (result.catalog, result.findings)
    }

    /// Convenience for callers that only need the catalog (findings of a table import are dropped; use
    /// `load` to see them).
    public static func catalog(_ spec: String) throws -> Catalog {
        try load(spec).catalog
    }

    /// Reads catalog JSON.
    /// - Throws: `CatalogTableError.unreadable` naming the file and the JSON path.
    public static func readJSON(path: String) throws -> Catalog {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CatalogTableError(.unreadable, SourceLocation(file: path), zh: "无法读取文件：\(ErrorText.describe(error, in: .zh))",
                                    en: "cannot read the file: \(ErrorText.describe(error, in: .en))")
        }
        do {
            return try Catalog(jsonData: data)
        } catch let e as CatalogJSONError {
            let text = e.problem.text
            throw CatalogTableError(.unreadable, SourceLocation(file: path, line: e.problem.line, column: e.problem.column),
                                    zh: "目录 JSON 无效：\(text.zh)", en: "invalid catalog JSON: \(text.en)")
        } catch {
            throw CatalogTableError(.unreadable, SourceLocation(file: path), zh: "目录 JSON 无效：\(error)", en: "invalid catalog JSON: \(error)")
        }
    }

    /// Reads an official table from an XLSX workbook (the first sheet with a catalog header) or delimited
    /// text in any encoding (through SheetIO; the format is told by the file's bytes).
    /// - Throws: `CatalogTableError`, `XLSXError`, `CSVError`.
    /// - Parameter sheet: read only this sheet (by name); nil tries every sheet in tab order.
    public static func readTable(path: String, options: CatalogTableReader.Options,
                                 sheet: String? = nil) throws -> CatalogTableReader.Result {
        if try sniff(path) == .json {
            throw CatalogTableError(.unsupportedFile, SourceLocation(file: path),
                                    zh: "这是目录 JSON，不是表格", en: "this is catalog JSON, not a table")
        }
        let csv = CSVReadOptions(flexible: true)
        if let sheet {
            return try CatalogTableReader.read(try SheetIO.readGrid(path: path, sheet: sheet, csv: csv), options: options)
        }
        return try CatalogTableReader.read(try SheetIO.readGrids(path: path, csv: csv), options: options)
    }

    /// Writes a catalog in the form named by the path's extension, atomically.
    /// - Throws: `CatalogTableError.unsupportedFile` for other extensions; writer errors.
    public static func write(_ catalog: Catalog, to path: String, format: Format? = nil) throws {
        guard let format = format ?? self.format(forOutput: path) else {
            throw CatalogTableError(.unsupportedFile, SourceLocation(file: path),
                                    zh: "输出文件应为 .xlsx、.csv 或 .json", en: "the output must be .xlsx, .csv or .json")
        }
        switch format {
        case .xlsx: try CatalogXLSX.write(catalog, to: path)
        case .csv: try CatalogCSV.write(catalog, to: path)
        case .json:
            var data = try catalog.jsonData()
            data.append(0x0A)
            try AtomicFile.write(data, to: path)
        }
    }

    /// Tells a workbook, catalog JSON and delimited text apart by the first bytes (never by the extension).
    static func sniff(_ path: String) throws -> Format {
        if try SheetFileFormat.detect(path: path).isWorkbook { return .xlsx }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CatalogTableError(.unreadable, SourceLocation(file: path), zh: "无法打开文件", en: "cannot open the file")
        }
        defer { try? handle.close() }
        var bytes = [UInt8]((try? handle.read(upToCount: 64)) ?? Data())
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") ? .json : .csv
    }
}
