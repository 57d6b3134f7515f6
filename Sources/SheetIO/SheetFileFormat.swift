import Foundation
import ODSReading
import SheetCore
import XLSXReading

/// What kind of sheet file a path holds, told by its bytes (never by its extension).
public enum SheetFileFormat: String, Sendable, Equatable {
    /// A zip package, or an OLE container holding an encrypted OOXML package: handled by the XLSX reader
    /// (which names encrypted files precisely).
    case xlsx
    /// An OpenDocument spreadsheet (.ods, LibreOffice's default): a zip whose `mimetype` entry says so.
    case ods
    /// An Excel 97–2003 (or Excel 5/95, WPS `.et`) workbook: a CFB/OLE container with a BIFF `Workbook` or
    /// `Book` stream, read by `XLSWorkbook` (which names other OLE documents and damaged containers).
    case xls
    /// Anything else is delimited text (`.csv`, `.tsv`, `.txt` alike): encoding and delimiter are detected.
    case delimitedText

    /// Extensions that name a workbook: a file so named that holds no bytes is an error, not an empty text.
    static let workbookExtensions: Set<String> = ["xlsx", "xlsm", "xltx", "xltm", "xls", "xlsb", "ods"]

    /// Detects the format of an existing file by its magic bytes (`SpreadsheetFormat.detect`).
    ///
    /// Only regular files are opened: a named pipe or a device could make the read wait forever. An empty
    /// (0-byte) file is one empty sheet of delimited text, unless its name says it is a workbook.
    /// - Throws: `XLSXError.Kind.cannotOpen` (also for a path that is not a regular file),
    ///   `.notASpreadsheet` (binary content, or an empty file named `.xlsx`).
    public static func detect(path: String) throws -> SheetFileFormat {
        var info = stat()
        if stat(path, &info) == 0, let kind = PathCheck.fileKind(info.st_mode) {
            let problem = PathProblem(.notARegularFile(kind), path: path)
            throw XLSXError(.cannotOpen, SourceLocation(file: path), problem.description(in: .en).dropPath(path),
                            zh: problem.description(in: .zh).dropPath(path))
        }
        switch try SpreadsheetFormat.detect(path: path) {
        case .zip: return try OpenDocumentKind.detect(path: path) == nil ? .xlsx : .ods
        // A CFB file whose directory cannot be listed (damaged) goes to the .xls reader too: it names the damage.
        case .legacyXLS, .otherCFB: return .xls
        case .encryptedOOXML: return .xlsx
        case .other:
            if info.st_size == 0, workbookExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased()) {
                throw XLSXError(.notASpreadsheet, SourceLocation(file: path),
                                "the file is empty (0 bytes): not a workbook", zh: "文件为空（0 字节），不是工作簿")
            }
            if let offset = try binaryByteOffset(path: path) {
                throw XLSXError(.notASpreadsheet, SourceLocation(file: path),
                                "neither a spreadsheet nor delimited text: binary content at byte offset \(offset)",
                                zh: "既不是电子表格也不是文本文件（字节偏移 \(offset) 处为二进制内容）")
            }
            return .delimitedText
        }
    }

    /// How many leading bytes decide whether a non-zip file is text.
    static let textSniffWindow = 8192

    /// The offset of the first byte in the file's head that no delimited text file holds, or nil when the
    /// head looks like text.
    ///
    /// A NUL or a C0 control byte other than tab, LF, FF, CR and the DOS end-of-file mark cannot occur in
    /// UTF-8 or GB18030 text (their multi-byte sequences use bytes ≥ 0x30 only). UTF-16 is recognised by its
    /// byte order mark or by a NUL in the first two bytes (BOM-less UTF-16 of ASCII text), as the CSV decoder
    /// does, and is not judged further.
    static func binaryByteOffset(path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot open the file", zh: "无法打开文件")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: textSniffWindow)) ?? Data())
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return nil }
        if head.count >= 2, head[0] == 0 || head[1] == 0 { return nil }
        let allowed: Set<UInt8> = [0x09, 0x0A, 0x0C, 0x0D, 0x1A]
        return head.firstIndex { $0 < 0x20 && !allowed.contains($0) }
    }

    /// True for the workbook formats (sheets with typed cells), false for delimited text.
    public var isWorkbook: Bool { self != .delimitedText }

    /// The format to write for an output path, by its extension: `.xlsx`/`.xlsm` → XLSX, else delimited text.
    public static func forOutput(path: String) -> SheetFileFormat {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") ? .xlsx : .delimitedText
    }
}

private extension String {
    /// The message without the leading `path: ` (the error's location prints the path).
    func dropPath(_ path: String) -> String {
        hasPrefix(path + ": ") ? String(dropFirst(path.count + 2)) : self
    }
}

extension SheetFileFormat {
    /// The output extensions a sheet conversion writes (`forOutput` and the JSON cell dump): `.xlsx`,
    /// delimited text `.csv` `.txt` `.tsv`, and `.json`.
    public static let convertOutputExtensions = ["xlsx", "csv", "tsv", "txt", "json"]
}
