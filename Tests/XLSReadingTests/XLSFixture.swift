import Foundation
import TestSupport

/// Builds small BIFF8 workbooks in a version 3 compound file, byte by byte, so tests can damage any part.
struct XLSFixture {
    /// A BIFF record: type and data.
    struct Record {
        var type: UInt16
        var data: [UInt8]
        init(_ type: UInt16, _ data: [UInt8]) { self.type = type; self.data = data }
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
    static func f64(_ d: Double) -> [UInt8] {
        let bits = d.bitPattern
        return (0..<8).map { UInt8((bits >> (8 * UInt64($0))) & 0xFF) }
    }

    /// An `XLUnicodeString` with a 16-bit length (1-byte characters when all are Latin-1).
    static func unicodeString(_ s: String, shortLength: Bool = false) -> [UInt8] {
        let units = Array(s.utf16)
        let wide = units.contains { $0 > 0xFF }
        var out = shortLength ? [UInt8(units.count)] : le16(units.count)
        out.append(wide ? 1 : 0)
        for u in units { out += wide ? le16(Int(u)) : [UInt8(u)] }
        return out
    }

    static func bof(_ type: Int) -> Record { Record(0x0809, le16(0x0600) + le16(type) + [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0]) }
    static let eof = Record(0x000A, [])
    static func font(_ name: String) -> Record { Record(0x0031, [UInt8](repeating: 0, count: 14) + unicodeString(name, shortLength: true)) }
    static func xf(font: Int, format: Int) -> Record { Record(0x00E0, le16(font) + le16(format) + [UInt8](repeating: 0, count: 16)) }
    static func format(_ id: Int, _ code: String) -> Record { Record(0x041E, le16(id) + unicodeString(code)) }
    static func sst(_ strings: [String], declared: Int? = nil) -> Record {
        var data = le32(UInt32(strings.count)) + le32(UInt32(declared ?? strings.count))
        for s in strings { data += unicodeString(s) }
        return Record(0x00FC, data)
    }
    static func labelSST(_ row: Int, _ col: Int, xf: Int = 15, _ index: Int) -> Record {
        Record(0x00FD, le16(row) + le16(col) + le16(xf) + le32(UInt32(index)))
    }
    static func number(_ row: Int, _ col: Int, xf: Int = 15, _ value: Double) -> Record {
        Record(0x0203, le16(row) + le16(col) + le16(xf) + f64(value))
    }
    static func boolErr(_ row: Int, _ col: Int, _ code: UInt8, isError: Bool) -> Record {
        Record(0x0205, le16(row) + le16(col) + le16(15) + [code, isError ? 1 : 0])
    }
    static func rk(_ row: Int, _ col: Int, xf: Int = 15, _ raw: UInt32) -> Record {
        Record(0x027E, le16(row) + le16(col) + le16(xf) + le32(raw))
    }

    /// The workbook stream: globals (with a BOUNDSHEET per sheet, offsets filled in), then each sheet.
    /// - Parameters:
    ///   - globals: records after the BOF (fonts, formats, XFs, SST …), BOUNDSHEETs and EOF are added.
    ///   - sheets: (name, visibility 0/1/2, cell records) per sheet.
    static func stream(globals: [Record], sheets: [(String, UInt8, [Record])], biff5: Bool = false) -> [UInt8] {
        func bytes(_ records: [Record]) -> [UInt8] {
            records.flatMap { le16(Int($0.type)) + le16($0.data.count) + $0.data }
        }
        let boundSheet = { (offset: UInt32, name: String, state: UInt8) in
            Record(0x0085, le32(offset) + [state, 0] + (biff5 ? [UInt8(name.utf8.count)] + Array(name.utf8) : unicodeString(name, shortLength: true)))
        }
        let bof = { (type: Int) in biff5 ? Record(0x0809, le16(0x0500) + le16(type) + [0, 0, 0, 0]) : Self.bof(type) }
        // First pass with zero offsets to learn the globals' size.
        let placeholder = bytes([bof(0x0005)] + globals + sheets.map { boundSheet(0, $0.0, $0.1) } + [eof])
        var offset = placeholder.count
        var sheetBytes: [[UInt8]] = []
        var offsets: [UInt32] = []
        for sheet in sheets {
            offsets.append(UInt32(offset))
            let b = bytes([bof(0x0010)] + sheet.2 + [eof])
            sheetBytes.append(b)
            offset += b.count
        }
        var out = bytes([bof(0x0005)] + globals + zip(sheets, offsets).map { boundSheet($1, $0.0, $0.1) } + [eof])
        for b in sheetBytes { out += b }
        return out
    }

    /// The standard globals: fonts (index 4 skipped by Excel: five fonts so index 5 names the sixth),
    /// the 15 style XFs and one cell XF per entry of `cellFormats` (XF 15, 16, …).
    static func standardGlobals(fonts: [String] = ["Arial", "Arial", "Arial", "Arial", "Arial"],
                                cellFormats: [(font: Int, format: Int)] = [(0, 0)],
                                formats: [Record] = [], strings: [String] = []) -> [Record] {
        var records: [Record] = [Record(0x0042, le16(1200))]
        records += fonts.map(font)
        records += formats
        records += (0..<15).map { _ in xf(font: 0, format: 0) }
        records += cellFormats.map { xf(font: $0.font, format: $0.format) }
        if !strings.isEmpty { records.append(sst(strings)) }
        return records
    }

    /// A version 3 compound file holding `stream` as `name` (padded to 4096 bytes so it lives in the FAT).
    /// `damage` may change the finished file's bytes.
    static func compoundFile(_ stream: [UInt8], name: String = "Workbook", damage: (inout [UInt8]) -> Void = { _ in }) -> [UInt8] {
        var body = stream
        if body.count < 4096 { body += [UInt8](repeating: 0, count: 4096 - body.count) }
        let streamSectors = (body.count + 511) / 512
        precondition(streamSectors + 2 <= 128, "fixture too big for one FAT sector")
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        header.replaceSubrange(24..<34, with: le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6))
        header.replaceSubrange(44..<48, with: le32(1))          // FAT sectors
        header.replaceSubrange(48..<52, with: le32(1))          // first directory sector
        header.replaceSubrange(56..<60, with: le32(4096))       // mini stream cutoff
        header.replaceSubrange(60..<64, with: le32(0xFFFF_FFFE)) // no mini-FAT
        header.replaceSubrange(68..<72, with: le32(0xFFFF_FFFE)) // no DIFAT sectors
        header.replaceSubrange(76..<80, with: le32(0))          // FAT in sector 0
        for i in 1..<109 { header.replaceSubrange((76 + 4 * i)..<(80 + 4 * i), with: le32(0xFFFF_FFFF)) }
        var fat = [UInt32](repeating: 0xFFFF_FFFF, count: 128)
        fat[0] = 0xFFFF_FFFD
        fat[1] = 0xFFFF_FFFE
        for s in 0..<streamSectors { fat[2 + s] = s == streamSectors - 1 ? 0xFFFF_FFFE : UInt32(3 + s) }
        var directory = [UInt8](repeating: 0, count: 512)
        func entry(_ index: Int, _ name: String, type: UInt8, start: UInt32, size: UInt32, child: UInt32) {
            let base = index * 128
            let units = Array(name.utf16)
            for (k, u) in units.enumerated() { directory.replaceSubrange((base + 2 * k)..<(base + 2 * k + 2), with: le16(Int(u))) }
            directory.replaceSubrange((base + 64)..<(base + 66), with: le16(2 * units.count + 2))
            directory[base + 66] = type
            directory[base + 67] = 1
            directory.replaceSubrange((base + 68)..<(base + 80), with: le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le32(child))
            directory.replaceSubrange((base + 116)..<(base + 124), with: le32(start) + le32(size))
        }
        entry(0, "Root Entry", type: 5, start: 0xFFFF_FFFE, size: 0, child: 1)
        entry(1, name, type: 2, start: 2, size: UInt32(body.count), child: 0xFFFF_FFFF)
        var file = header + fat.flatMap(le32) + directory + body
        if file.count % 512 != 0 { file += [UInt8](repeating: 0, count: 512 - file.count % 512) }
        damage(&file)
        return file
    }

    /// Writes bytes to a new temporary file and returns its path.
    static func write(_ bytes: [UInt8], name: String = "book.xls") throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("xls")
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Byte offset in the file of FAT entry `sector` (the FAT is sector 0, right after the header).
    static func fatEntryOffset(_ sector: Int) -> Int { 512 + 4 * sector }
}
