import SheetCore

/// What went wrong reading a workbook, and where: file, part, sheet!cell, line:column.
///
/// The description reads like a compiler's: `book.xlsx[xl/worksheets/sheet1.xml]:12:5: …` or
/// `book.xlsx!Sheet1!C14: …`.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened (missing, unreadable).
        case cannotOpen
        /// The file is neither a zip package nor a CFB container: not a spreadsheet we know.
        case notASpreadsheet
        /// A password-protected (encrypted) workbook: a CFB container holding EncryptionInfo/EncryptedPackage.
        case encrypted
        /// A legacy binary .xls workbook (BIFF in a CFB container).
        case legacyXLS
        /// The zip package is truncated or damaged, or an entry's compressed data is.
        case corruptPackage
        /// A part the workbook needs is missing (workbook, a sheet, …).
        case missingPart
        /// A part is not well-formed XML, or a DTD/entity was refused.
        case malformedXML
        /// The XML is well-formed but its content is invalid (bad cell reference, string index out of range…).
        case invalidContent
        /// A configured limit was hit (zip bomb guard, text size, sheet size).
        case limitExceeded
        /// Something we do not read (an encrypted zip entry, an unknown compression method, a chartsheet's cells…).
        case unsupported
        /// No sheet with the requested name.
        case noSuchSheet
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The detail in English.
    public var message: String
    /// The detail in Chinese, where the thrower gave one; otherwise Chinese text is the kind's summary.
    public var chineseMessage: String?
    /// The file format the reader took the file for, where it matters to the summary (nil: .xlsx).
    public var format: WorkbookFileKind?

    public init(_ kind: Kind, _ location: SourceLocation, _ message: String, zh chineseMessage: String? = nil,
                format: WorkbookFileKind? = nil) {
        self.kind = kind
        self.location = location
        self.message = message
        self.chineseMessage = chineseMessage
        self.format = format
    }

    /// The kind's one-line explanation for this error's file format (`summary(language:format:)`).
    public func summary(language: String = "zh") -> String {
        kind.summary(language: language, format: format)
    }

    public var description: String { "\(location): \(message)" }
}

extension XLSXError: LocalizedDescribing {
    /// `book.xlsx[xl/workbook.xml]: …` in `language`. Chinese uses the thrower's Chinese detail, or else the
    /// kind's summary (the English detail, often libxml2's or libzip's words, is left to `--lang en`).
    public func description(in language: Language) -> String {
        switch language {
        case .en: return description
        case .zh: return "\(location): \(chineseMessage ?? summary(language: "zh"))"
        }
    }
}

/// The workbook formats whose errors read differently (`XLSXError.format`).
public enum WorkbookFileKind: Sendable, Equatable {
    /// Office Open XML (.xlsx/.xlsm/.xltx).
    case xlsx
    /// Excel 97–2003 / WPS (.xls/.et).
    case xls
    /// OpenDocument spreadsheet (.ods), LibreOffice's.
    case ods
}

extension XLSXError.Kind {
    /// A one-line explanation of the kind for people, in Chinese (`"zh"`, the default) or English (`"en"`),
    /// to put before the located technical description; `format` (nil: .xlsx) names the file type and the
    /// program to fix the file in where that matters (not a spreadsheet, password protected).
    public func summary(language: String = "zh", format: WorkbookFileKind? = nil) -> String {
        let english = language.lowercased().hasPrefix("en")
        switch self {
        case .cannotOpen: return english ? "The file cannot be opened." : "无法打开文件。"
        case .notASpreadsheet:
            switch format ?? .xlsx {
            case .xlsx: return english ? "The file is not an .xlsx spreadsheet." : "文件不是 .xlsx 电子表格。"
            case .xls: return english ? "The file is not an Excel 97–2003 (.xls) workbook." : "文件不是 Excel 97–2003（.xls）工作簿。"
            case .ods: return english ? "The file is not an OpenDocument (.ods) spreadsheet." : "文件不是 OpenDocument（.ods）电子表格。"
            }
        case .encrypted:
            if format == .ods {
                return english ? "The spreadsheet is password protected: remove the password in LibreOffice and save it again."
                    : "电子表格设有密码：请在 LibreOffice 中取消密码后重新保存。"
            }
            return english ? "The workbook is password protected: remove the password in Excel/WPS and save it again."
                : "工作簿设有密码：请在 Excel/WPS 中取消密码后重新保存。"
        case .legacyXLS: return english ? "This is a legacy .xls workbook: save it as .xlsx." : "这是旧版 .xls 工作簿：请另存为 .xlsx。"
        case .corruptPackage: return english ? "The file is damaged or incomplete." : "文件已损坏或不完整。"
        case .missingPart: return english ? "A part of the workbook is missing." : "工作簿缺少必要的组成部分。"
        case .malformedXML: return english ? "The workbook contains invalid XML." : "工作簿内容（XML）格式错误。"
        case .invalidContent: return english ? "The workbook contains an invalid value." : "工作簿中有无效的内容。"
        case .limitExceeded: return english ? "The workbook exceeds a safety limit (too large, or a zip bomb)." : "工作簿超出安全限制（过大或为压缩炸弹）。"
        case .unsupported: return english ? "The workbook uses a feature that cannot be read." : "工作簿使用了无法读取的功能。"
        case .noSuchSheet: return english ? "There is no sheet with that name." : "没有该名称的工作表。"
        }
    }
}
