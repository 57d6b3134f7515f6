import SheetCore
import XLSXReading

/// What a worksheet holds besides its cells.
struct XLSSheetExtras {
    var mergedRanges: [CellRange] = []
    var hiddenRows: Set<Int> = []
    var hiddenColumns: Set<Int> = []
    var columnWidths: [Int: Double] = [:]
}

/// Reads one worksheet substream ([MS-XLS] 2.1.7.20.5), from its BOF to its EOF, handing each cell to a
/// closure in file order (rows ascending in files Excel, WPS and LibreOffice write).
struct SheetRecords {
    let stream: BIFFStream
    let sheetName: String
    let sharedStrings: [String]
    /// The date kind of each XF (nil: not a date format).
    let dateKinds: [DateTimeValue.Kind?]
    let date1904: Bool
    let maxAnnotations: Int

    /// Parses the substream starting at `offset` (where BOUNDSHEET says the sheet's BOF is).
    /// - Throws: `XLSXError` located at the stream, record offset, sheet and cell; or what `cell` throws.
    func parse(from offset: Int, _ cell: (_ row: Int, _ column: Int, _ value: CellValue, _ xf: Int) throws -> Void) throws -> XLSSheetExtras {
        guard offset >= 0, let bof = try stream.record(at: offset), bof.type == RecordType.bof else {
            throw XLSXError(.corruptPackage, SourceLocation(file: stream.path, part: stream.streamName, sheet: sheetName),
                            "the sheet list points at byte offset \(offset), where no sheet (BOF record) begins")
        }
        var extras = XLSSheetExtras()
        var position = bof.data.upperBound
        var depth = 0
        /// A formula whose string result follows in a STRING record.
        var pendingString: (row: Int, column: Int, xf: Int)?
        var annotations = 0

        func place(_ record: BIFFRecord, _ p: Int) throws -> (Int, Int, Int) {
            guard record.length >= 6 else { throw stream.tooShort(record, sheet: sheetName) }
            let row = stream.u16(p), column = stream.u16(p + 2)
            guard column < CellReference.maxColumns else {
                throw stream.error(.invalidContent, at: record.offset, type: record.type, sheet: sheetName,
                                   "column number \(column) is outside the sheet")
            }
            return (row, column, stream.u16(p + 4))
        }
        func number(_ value: Double, xf: Int) -> CellValue {
            if xf < dateKinds.count, let kind = dateKinds[xf],
               let date = ExcelDate.dateTime(serial: value, date1904: date1904, kind: kind) {
                return .date(date)
            }
            return .number(value)
        }
        func cellName(_ row: Int, _ column: Int) -> String { CellReference(row: row, column: column).description }

        while let record = try stream.record(at: position) {
            position = record.data.upperBound
            let p = record.data.lowerBound
            if depth > 0 {
                // An embedded chart's substream inside the sheet.
                if record.type == RecordType.bof { depth += 1 } else if record.type == RecordType.eof { depth -= 1 }
                continue
            }
            switch record.type {
            case RecordType.eof:
                return extras
            case RecordType.bof:
                depth = 1
            case RecordType.number:
                guard record.length >= 14 else { throw stream.tooShort(record, sheet: sheetName) }
                let (row, column, xf) = try place(record, p)
                try cell(row, column, number(stream.f64(p + 6), xf: xf), xf)
            case RecordType.rk:
                guard record.length >= 10 else { throw stream.tooShort(record, sheet: sheetName) }
                let (row, column, xf) = try place(record, p)
                try cell(row, column, number(Self.rk(stream.u32(p + 6)), xf: xf), xf)
            case RecordType.mulRK:
                guard record.length >= 6, (record.length - 6) % 6 == 0 else { throw stream.tooShort(record, sheet: sheetName) }
                let row = stream.u16(p), first = stream.u16(p + 2)
                let count = (record.length - 6) / 6
                guard first + count <= CellReference.maxColumns else {
                    throw stream.error(.invalidContent, at: record.offset, type: record.type, sheet: sheetName,
                                       "columns \(first)…\(first + count - 1) are outside the sheet")
                }
                for k in 0..<count {
                    let at = p + 4 + 6 * k
                    let xf = stream.u16(at)
                    try cell(row, first + k, number(Self.rk(stream.u32(at + 2)), xf: xf), xf)
                }
            case RecordType.labelSST:
                guard record.length >= 10 else { throw stream.tooShort(record, sheet: sheetName) }
                let (row, column, xf) = try place(record, p)
                let index = Int(stream.u32(p + 6))
                guard index < sharedStrings.count else {
                    throw stream.error(.invalidContent, at: record.offset, type: record.type, sheet: sheetName,
                                       cell: cellName(row, column),
                                       "shared string \(index) does not exist (the table has \(sharedStrings.count))")
                }
                try cell(row, column, .string(sharedStrings[index]), xf)
            case RecordType.label, RecordType.rString:
                let (row, column, xf) = try place(record, p)
                let (text, _) = try stream.inlineString(at: p + 6, lengthBytes: 2, in: record, sheet: sheetName)
                try cell(row, column, .string(text), xf)
            case RecordType.boolErr:
                guard record.length >= 8 else { throw stream.tooShort(record, sheet: sheetName) }
                let (row, column, xf) = try place(record, p)
                let code = stream.u8(p + 6)
                try cell(row, column, stream.u8(p + 7) == 0 ? .bool(code != 0) : .error(Self.errorText(code)), xf)
            case RecordType.formula:
                guard record.length >= 20 else { throw stream.tooShort(record, sheet: sheetName) }
                let (row, column, xf) = try place(record, p)
                pendingString = nil
                if stream.u8(p + 12) == 0xFF, stream.u8(p + 13) == 0xFF {
                    switch stream.u8(p + 6) {
                    case 0: pendingString = (row, column, xf)
                    case 1: try cell(row, column, .bool(stream.u8(p + 8) != 0), xf)
                    case 2: try cell(row, column, .error(Self.errorText(stream.u8(p + 8))), xf)
                    default: break  // 3: an empty string
                    }
                } else {
                    try cell(row, column, number(stream.f64(p + 6), xf: xf), xf)
                }
            case RecordType.string:
                guard let pending = pendingString else { break }
                pendingString = nil
                let text: String
                if stream.isBIFF8 {
                    var fragments = [record.data]
                    while let next = try stream.record(at: position), next.type == RecordType.continue {
                        fragments.append(next.data)
                        position = next.data.upperBound
                    }
                    var reader = ContinuedReader(stream: stream, first: record, fragments: fragments)
                    text = try reader.unicodeString("the formula's string result")
                } else {
                    text = try stream.inlineString(at: p, lengthBytes: 2, in: record, sheet: sheetName).0
                }
                try cell(pending.row, pending.column, .string(text), pending.xf)
            case RecordType.mergeCells:
                guard record.length >= 2 else { throw stream.tooShort(record, sheet: sheetName) }
                let count = stream.u16(p)
                guard record.length >= 2 + 8 * count else { throw stream.tooShort(record, sheet: sheetName) }
                annotations += count
                guard annotations <= maxAnnotations else {
                    throw stream.error(.limitExceeded, at: record.offset, type: record.type, sheet: sheetName,
                                       "more than \(maxAnnotations) merged ranges")
                }
                for k in 0..<count {
                    let at = p + 2 + 8 * k
                    let firstRow = stream.u16(at), lastRow = stream.u16(at + 2)
                    let firstColumn = stream.u16(at + 4), lastColumn = min(stream.u16(at + 6), CellReference.maxColumns - 1)
                    guard firstRow <= lastRow, firstColumn <= lastColumn else { continue }
                    extras.mergedRanges.append(CellRange(start: CellReference(row: firstRow, column: firstColumn),
                                                         end: CellReference(row: lastRow, column: lastColumn)))
                }
            case RecordType.row:
                guard record.length >= 16 else { throw stream.tooShort(record, sheet: sheetName) }
                if stream.u16(p + 12) & 0x20 != 0 { extras.hiddenRows.insert(stream.u16(p)) }
            case RecordType.colInfo:
                guard record.length >= 10 else { throw stream.tooShort(record, sheet: sheetName) }
                let first = stream.u16(p), last = min(stream.u16(p + 2), 255)
                guard first <= last else { break }
                let width = Double(stream.u16(p + 4)) / 256
                let hidden = stream.u16(p + 8) & 0x01 != 0
                for column in first...last {
                    extras.columnWidths[column] = width
                    if hidden { extras.hiddenColumns.insert(column) }
                }
            default:
                break
            }
        }
        throw XLSXError(.corruptPackage, SourceLocation(file: stream.path, part: stream.streamName, sheet: sheetName),
                        "the stream ends inside the sheet (no EOF record)")
    }

    /// An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the high 30 bits of a double, optionally ÷ 100.
    @inline(__always)
    static func rk(_ value: UInt32) -> Double {
        var number: Double
        if value & 0x02 != 0 {
            number = Double(Int32(bitPattern: value) >> 2)
        } else {
            number = Double(bitPattern: UInt64(value & 0xFFFF_FFFC) << 32)
        }
        if value & 0x01 != 0 { number /= 100 }
        return number
    }

    /// The text of a BIFF error code ([MS-XLS] 2.5.10 BErr).
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: "#NULL!"
        case 0x07: "#DIV/0!"
        case 0x0F: "#VALUE!"
        case 0x17: "#REF!"
        case 0x1D: "#NAME?"
        case 0x24: "#NUM!"
        case 0x2A: "#N/A"
        case 0x2B: "#GETTING_DATA"
        default: "#ERR\(code)"
        }
    }
}
