import CSV
import SheetCore
import XLSXReading

/// What the workbook globals substream says ([MS-XLS] 2.1.7.20.1): sheets, date system, code page, fonts,
/// number formats, cell formats (XF) and the shared strings.
struct WorkbookGlobals {
    struct BoundSheet {
        var name: String
        /// Where the sheet's BOF record is in the stream.
        var offset: Int
        var visibility: SheetInfo.Visibility
        /// 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module.
        var type: UInt8
    }

    var sheets: [BoundSheet] = []
    var date1904 = false
    var fonts: [String] = []
    var formats: [Int: String] = [:]
    /// The font and number format index of each XF, in file order (cells refer to XFs by position).
    var xfs: [(font: Int, format: Int)] = []
    var sharedStrings: [String] = []

    /// Reads the globals substream at the start of the stream, setting the stream's BIFF version and code page.
    /// - Throws: `XLSXError` `.encrypted` (FILEPASS), `.unsupported` (not BIFF5/8), `.corruptPackage`.
    static func read(_ stream: inout BIFFStream) throws -> WorkbookGlobals {
        var globals = WorkbookGlobals()
        guard let bof = try stream.record(at: 0) else {
            throw XLSXError(.corruptPackage, SourceLocation(file: stream.path, part: stream.streamName), "the workbook stream is empty")
        }
        if RecordType.oldBOFs.contains(bof.type) {
            throw stream.error(.unsupported, at: 0, type: bof.type, "a BIFF2–4 workbook (Excel 2.x–4.x): save it as .xlsx")
        }
        guard bof.type == RecordType.bof, bof.length >= 4 else {
            throw stream.error(.corruptPackage, at: 0, type: bof.type, "the workbook stream does not start with a BOF record")
        }
        let version = stream.u16(bof.data.lowerBound)
        stream.isBIFF8 = version == 0x0600
        guard version == 0x0600 || version == 0x0500 else {
            throw stream.error(.unsupported, at: 0, type: bof.type, "BIFF version \(String(version, radix: 16)) is not BIFF5 or BIFF8")
        }
        var offset = bof.data.upperBound
        while let record = try stream.record(at: offset) {
            offset = record.data.upperBound
            let p = record.data.lowerBound
            switch record.type {
            case RecordType.eof:
                break
            case RecordType.filePass:
                throw XLSXError(.encrypted, SourceLocation(file: stream.path, part: stream.streamName),
                                "the workbook is password protected (encrypted): remove the password in Excel/WPS and save it again",
                                zh: "此工作簿设有密码（已加密）：请在 Excel/WPS 中取消密码后重新保存", format: .xls)
            case RecordType.codePage:
                guard record.length >= 2 else { throw stream.tooShort(record) }
                stream.codePage = CodePage(stream.u16(p))
            case RecordType.dateMode:
                guard record.length >= 2 else { throw stream.tooShort(record) }
                globals.date1904 = stream.u16(p) == 1
            case RecordType.font:
                guard record.length >= 15 else { throw stream.tooShort(record) }
                let (name, _) = try stream.inlineString(at: p + 14, lengthBytes: 1, in: record)
                globals.fonts.append(name)
            case RecordType.format:
                guard record.length >= 3 else { throw stream.tooShort(record) }
                let (code, _) = try stream.inlineString(at: p + 2, lengthBytes: stream.isBIFF8 ? 2 : 1, in: record)
                globals.formats[stream.u16(p)] = code
            case RecordType.xf:
                guard record.length >= 4 else { throw stream.tooShort(record) }
                globals.xfs.append((font: stream.u16(p), format: stream.u16(p + 2)))
            case RecordType.boundSheet:
                guard record.length >= 7 else { throw stream.tooShort(record) }
                let (name, _) = try stream.inlineString(at: p + 6, lengthBytes: 1, in: record)
                let visibility: SheetInfo.Visibility = switch stream.u8(p + 4) & 0x03 {
                case 1: .hidden
                case 2: .veryHidden
                default: .visible
                }
                globals.sheets.append(BoundSheet(name: name, offset: Int(stream.u32(p)), visibility: visibility, type: stream.u8(p + 5)))
            case RecordType.sst:
                var fragments = [record.data]
                while let next = try stream.record(at: offset), next.type == RecordType.continue {
                    fragments.append(next.data)
                    offset = next.data.upperBound
                }
                globals.sharedStrings = try readSST(stream, record: record, fragments: fragments)
            default:
                break
            }
            if record.type == RecordType.eof { break }
        }
        return globals
    }

    /// The shared strings ([MS-XLS] 2.4.265 SST). The declared count is not trusted: reading stops when the
    /// data ends between two strings (a count that is too high), and a string cut off inside is an error.
    static func readSST(_ stream: BIFFStream, record: BIFFRecord, fragments: [Range<Int>]) throws -> [String] {
        guard record.length >= 8 else { throw stream.tooShort(record) }
        var reader = ContinuedReader(stream: stream, first: record, fragments: fragments)
        _ = try reader.u32("the SST header")
        let declared = try reader.u32("the SST header")
        var strings: [String] = []
        // Each string takes at least 3 bytes: never reserve more than the data can hold.
        let available = fragments.reduce(0) { $0 + $1.count }
        strings.reserveCapacity(min(declared, available / 3))
        while strings.count < declared, !reader.atEnd {
            strings.append(try reader.unicodeString("shared string \(strings.count)"))
        }
        return strings
    }

    /// The font name of an XF's font index (index 4 is never written: indexes above it are one off).
    func fontName(_ index: Int) -> String? {
        let position = index >= 4 ? index - 1 : index
        return position >= 0 && position < fonts.count ? fonts[position] : nil
    }
}
