import Foundation
import SheetCore

/// A spreadsheet file's container format, told by its magic bytes (never by its extension).
public enum SpreadsheetFormat: Sendable, Equatable {
    /// A zip package (`PK\u{3}\u{4}`): .xlsx, .xlsm, .xltx — or some other zip.
    case zip
    /// A CFB/OLE container holding an encrypted OOXML workbook (EncryptionInfo + EncryptedPackage streams).
    case encryptedOOXML
    /// A CFB/OLE container holding a legacy binary workbook (.xls: a `Workbook` or `Book` stream).
    case legacyXLS
    /// A CFB/OLE container that is neither (a .doc, .msg, …).
    case otherCFB
    /// Anything else (CSV and other text included; the caller decides what text is).
    case other

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let emptyZipMagic: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    static let cfbMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// True when `head` (a file's first bytes) starts with a zip signature.
    static func startsLikeZip(_ head: [UInt8]) -> Bool {
        head.starts(with: zipMagic) || head.starts(with: emptyZipMagic)
    }

    /// Reads the file's first bytes (and for CFB its directory) to tell the format.
    /// - Throws: `XLSXError` `.cannotOpen` when the file cannot be read.
    public static func detect(path: String) throws -> SpreadsheetFormat {
        // The head with plain system calls (every merge input is detected: Foundation's file handle costs
        // more than the reading); a CFB container's directory is then read through a file handle.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot open the file", zh: "无法打开文件")
        }
        var head = [UInt8](repeating: 0, count: 8)
        var count = 0
        while count < head.count {
            let n = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot read the file: \(reason)", zh: "无法读取文件：\(reason)")
            }
            if n == 0 { break }
            count += n
        }
        close(descriptor)
        head.removeLast(head.count - count)
        if startsLikeZip(head) { return .zip }
        guard head == cfbMagic else { return .other }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot open the file", zh: "无法打开文件")
        }
        defer { try? handle.close() }
        let names = CompoundFile.streamNames(handle)
        let lowered = Set(names.map { $0.lowercased() })
        if lowered.contains("encryptedpackage") || lowered.contains("encryptioninfo") { return .encryptedOOXML }
        if lowered.contains("workbook") || lowered.contains("book") { return .legacyXLS }
        return .otherCFB
    }

    /// The error to report for a format we do not read as a workbook, or nil for `.zip`.
    func unreadableError(path: String) -> XLSXError? {
        let location = SourceLocation(file: path)
        switch self {
        case .zip: return nil
        case .encryptedOOXML:
            return XLSXError(.encrypted, location,
                             "the workbook is password protected: remove the password in Excel/WPS and save it again",
                             zh: "此工作簿设有密码（已加密）：请在 Excel/WPS 中取消密码后重新保存。")
        case .legacyXLS:
            return XLSXError(.legacyXLS, location,
                             "this is a legacy .xls workbook: open it in Excel/WPS and save it as .xlsx",
                             zh: "这是旧版 .xls 工作簿：请在 Excel/WPS 中另存为 .xlsx。")
        case .otherCFB:
            return XLSXError(.notASpreadsheet, location,
                             "not a spreadsheet: a CFB/OLE file without a workbook", zh: "不是电子表格（OLE 复合文档，但不含工作簿）。")
        case .other:
            return XLSXError(.notASpreadsheet, location,
                             "not an .xlsx spreadsheet: the file does not start like a zip package",
                             zh: "不是 .xlsx 电子表格（文件头不是 zip）。")
        }
    }
}

/// Just enough of the Compound File Binary format ([MS-CFB]) to list the directory's entry names.
enum CompoundFile {
    private static let endOfChain: UInt32 = 0xFFFF_FFFA

    static func streamNames(_ handle: FileHandle) -> [String] {
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard (try? handle.seek(toOffset: offset)) != nil,
                  let data = try? handle.read(upToCount: count), data.count == count else { return nil }
            return [UInt8](data)
        }
        func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
            UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
        }
        guard let header = read(0, 512) else { return [] }
        let shift = Int(header[30]) | Int(header[31]) << 8
        guard shift == 9 || shift == 12 else { return [] }
        let sectorSize = 1 << shift
        func sector(_ n: UInt32) -> [UInt8]? { read(UInt64(n + 1) * UInt64(sectorSize), sectorSize) }

        // FAT sector numbers: 109 in the header, more in the DIFAT chain.
        var fatSectors: [UInt32] = []
        for i in 0..<109 {
            let s = u32(header, 76 + 4 * i)
            if s < endOfChain { fatSectors.append(s) }
        }
        var difat = u32(header, 68)
        var guardCount = 0
        while difat < endOfChain, guardCount < 10_000, let block = sector(difat) {
            guardCount += 1
            let perSector = sectorSize / 4 - 1
            for i in 0..<perSector {
                let s = u32(block, 4 * i)
                if s < endOfChain { fatSectors.append(s) }
            }
            difat = u32(block, 4 * perSector)
        }
        var fat: [UInt32] = []
        for s in fatSectors.prefix(100_000) {
            guard let block = sector(s) else { break }
            for i in 0..<(sectorSize / 4) { fat.append(u32(block, 4 * i)) }
        }
        // Walk the directory chain, reading 128-byte entries.
        var names: [String] = []
        var current = u32(header, 48)
        var visited = Set<UInt32>()
        while current < endOfChain, visited.insert(current).inserted, visited.count < 100_000,
              let block = sector(current) {
            for e in 0..<(sectorSize / 128) {
                let base = e * 128
                let length = Int(block[base + 64]) | Int(block[base + 65]) << 8
                guard length >= 2, length <= 64 else { continue }
                var units: [UInt16] = []
                for i in stride(from: 0, to: length - 2, by: 2) {
                    units.append(UInt16(block[base + i]) | UInt16(block[base + i + 1]) << 8)
                }
                names.append(String(decoding: units, as: UTF16.self))
            }
            current = Int(current) < fat.count ? fat[Int(current)] : endOfChain
        }
        return names
    }
}
