#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SheetCore
import XLSXReading

/// A Compound File Binary container ([MS-CFB], "OLE2"), read with positioned reads: the header, the FAT
/// (through the header's and the DIFAT chain's sector lists), the directory and the mini-FAT. A stream is
/// then read sector by sector into one buffer of its size.
///
/// Every number from the file is checked before use: sector numbers past the end of the file, chains that
/// loop (a chain can never be longer than the file has sectors), stream sizes larger than their chain, and
/// headers with impossible sizes are errors located at the file (and stream).
struct CompoundFile {
    /// One directory entry (storage or stream).
    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root storage.
        var type: UInt8
        var startSector: UInt32
        var size: UInt64
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let maxRegularSector: UInt32 = 0xFFFF_FFFA
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF

    let path: String
    private let file: FileDescriptor
    let sectorSize: Int
    let miniSectorSize: Int
    let miniStreamCutoff: UInt64
    /// Sectors in the file after the header.
    let sectorCount: Int
    private(set) var fat: [UInt32] = []
    private(set) var miniFAT: [UInt32] = []
    private(set) var entries: [Entry] = []

    /// Opens the container and reads its allocation tables and directory.
    /// - Throws: `XLSXError` `.cannotOpen`, `.notASpreadsheet` (no CFB signature), `.corruptPackage`.
    init(path: String) throws {
        self.path = path
        file = try FileDescriptor(path: path)
        let size = file.size
        guard size >= 512, let header = file.read(at: 0, count: 512), Array(header[0..<8]) == Self.signature else {
            throw XLSXError(.notASpreadsheet, SourceLocation(file: path), "not an OLE2 compound file (no CFB signature)",
                            zh: "不是 OLE2 复合文档（没有 CFB 文件头）", format: .xls)
        }
        let shift = Int(u16(header, 30)), miniShift = Int(u16(header, 32))
        guard shift == 9 || shift == 12, miniShift == 6 else {
            throw XLSXError(.corruptPackage, SourceLocation(file: path, part: "CFB header"),
                            "sector size 2^\(shift) / mini sector size 2^\(miniShift): not a valid compound file")
        }
        sectorSize = 1 << shift
        miniSectorSize = 1 << miniShift
        miniStreamCutoff = UInt64(u32(header, 56))
        // A version 4 file's header takes a whole 4096-byte sector; sectors are numbered after it.
        let body = size > UInt64(sectorSize) ? size - UInt64(sectorSize) : 0
        sectorCount = Int((body + UInt64(sectorSize) - 1) / UInt64(sectorSize))

        // FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
        let fatSectorCount = Int(u32(header, 44))
        guard fatSectorCount <= sectorCount else {
            throw corrupt("CFB header", "declares \(fatSectorCount) FAT sectors in a file of \(sectorCount) sectors")
        }
        var fatSectors: [UInt32] = []
        fatSectors.reserveCapacity(fatSectorCount)
        for i in 0..<109 where fatSectors.count < fatSectorCount {
            let s = u32(header, 76 + 4 * i)
            if s <= Self.maxRegularSector { fatSectors.append(s) }
        }
        var difat = u32(header, 68)
        var difatSteps = 0
        let perDIFAT = sectorSize / 4 - 1
        while difat <= Self.maxRegularSector, fatSectors.count < fatSectorCount {
            difatSteps += 1
            guard difatSteps <= sectorCount else { throw corrupt("DIFAT", "the DIFAT chain loops") }
            let block = try sector(difat, part: "DIFAT")
            for i in 0..<perDIFAT where fatSectors.count < fatSectorCount {
                let s = u32(block, 4 * i)
                if s <= Self.maxRegularSector { fatSectors.append(s) }
            }
            difat = u32(block, 4 * perDIFAT)
        }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for s in fatSectors {
            let block = try sector(s, part: "FAT")
            for i in 0..<(sectorSize / 4) { fat.append(u32(block, 4 * i)) }
        }
        self.fat = fat

        // The directory: 128-byte entries along its chain.
        let directory = try chainBytes(from: u32(header, 48), part: "directory", limit: nil)
        var entries: [Entry] = []
        entries.reserveCapacity(directory.count / 128)
        var base = 0
        while base + 128 <= directory.count {
            let length = Int(u16(directory, base + 64))
            var name = ""
            if length >= 2, length <= 64 {
                var units: [UInt16] = []
                for i in stride(from: 0, to: length - 2, by: 2) { units.append(u16(directory, base + i)) }
                name = String(decoding: units, as: UTF16.self)
            }
            let low = UInt64(u32(directory, base + 120)), high = UInt64(u32(directory, base + 124))
            // Version 3 files may leave garbage in the high half of the size.
            let size = sectorSize == 512 ? low : low | high << 32
            entries.append(Entry(name: name, type: directory[base + 66], startSector: u32(directory, base + 116), size: size))
            base += 128
        }
        self.entries = entries

        // The mini-FAT (only needed when some stream lives in the mini stream).
        let miniFATStart = u32(header, 60)
        if miniFATStart <= Self.maxRegularSector {
            let bytes = try chainBytes(from: miniFATStart, part: "mini-FAT", limit: nil)
            var miniFAT: [UInt32] = []
            miniFAT.reserveCapacity(bytes.count / 4)
            for i in 0..<(bytes.count / 4) { miniFAT.append(u32(bytes, 4 * i)) }
            self.miniFAT = miniFAT
        }
    }

    /// The first stream entry with one of `names` (compared without case), in the order of `names`.
    func stream(named names: [String]) -> Entry? {
        for wanted in names {
            if let entry = entries.first(where: { $0.type == 2 && $0.name.lowercased() == wanted.lowercased() }) { return entry }
        }
        return nil
    }

    /// The bytes of a stream entry, from the FAT or (below the cutoff) the mini stream.
    /// - Throws: `XLSXError` `.corruptPackage` for a chain that loops, leaves the file or is shorter than the size.
    func read(_ entry: Entry, maxBytes: UInt64) throws -> [UInt8] {
        let part = entry.name
        guard entry.size <= maxBytes else {
            throw XLSXError(.limitExceeded, SourceLocation(file: path, part: part),
                            "the stream declares \(entry.size) bytes, more than the limit of \(maxBytes)")
        }
        guard entry.size <= UInt64(sectorCount) * UInt64(sectorSize) else {
            throw corrupt(part, "the stream declares \(entry.size) bytes, more than the whole file holds")
        }
        let size = Int(entry.size)
        if entry.size < miniStreamCutoff {
            return try miniStreamBytes(from: entry.startSector, size: size, part: part)
        }
        let bytes = try chainBytes(from: entry.startSector, part: part, limit: size)
        guard bytes.count >= size else {
            throw corrupt(part, "the stream's sector chain holds \(bytes.count) bytes, its entry says \(size)")
        }
        return bytes
    }

    /// Follows a FAT chain and reads its sectors (the first `limit` bytes when given), reading runs of
    /// consecutive sectors at once.
    private func chainBytes(from start: UInt32, part: String, limit: Int?) throws -> [UInt8] {
        var result: [UInt8] = []
        if let limit { result.reserveCapacity(limit) }
        var current = start
        var steps = 0
        /// Sectors of this chain so far: a sector met twice means a loop (bounded by the file's sectors).
        var visited = [Bool](repeating: false, count: sectorCount)
        var runStart: UInt32 = 0, runLength = 0
        func flush() throws {
            guard runLength > 0 else { return }
            var count = runLength * sectorSize
            if let limit { count = min(count, limit - result.count) }
            guard let bytes = file.read(at: UInt64(runStart + 1) * UInt64(sectorSize), count: count), bytes.count == count else {
                throw corrupt(part, "sector \(runStart) lies beyond the end of the file")
            }
            result.append(contentsOf: bytes)
            runLength = 0
        }
        while current != Self.endOfChain {
            if let limit, result.count + runLength * sectorSize >= limit { break }
            guard current <= Self.maxRegularSector, Int(current) < sectorCount else {
                throw corrupt(part, "sector number \(String(current, radix: 16)) (after \(steps) sectors) points outside the file")
            }
            steps += 1
            guard !visited[Int(current)] else { throw corrupt(part, "the sector chain loops (sector \(current) comes twice)") }
            visited[Int(current)] = true
            if runLength > 0, current == runStart + UInt32(runLength) {
                runLength += 1
            } else {
                try flush()
                runStart = current
                runLength = 1
            }
            guard Int(current) < fat.count else {
                throw corrupt(part, "sector \(current) has no FAT entry")
            }
            current = fat[Int(current)]
        }
        try flush()
        return result
    }

    /// Reads a stream stored in the mini stream (the root entry's chain) through the mini-FAT.
    private func miniStreamBytes(from start: UInt32, size: Int, part: String) throws -> [UInt8] {
        guard size > 0 else { return [] }
        guard let root = entries.first, root.type == 5 else { throw corrupt("directory", "no root entry") }
        // The mini stream itself is small (every stream in it is below the cutoff).
        let miniStream = try chainBytes(from: root.startSector, part: "mini stream", limit: Int(min(root.size, UInt64(sectorCount * sectorSize))))
        var result: [UInt8] = []
        result.reserveCapacity(size)
        var current = start
        var visited = [Bool](repeating: false, count: miniFAT.count)
        while result.count < size {
            guard current <= Self.maxRegularSector, Int(current) < miniFAT.count else {
                throw corrupt(part, "mini sector number \(String(current, radix: 16)) points outside the mini-FAT")
            }
            guard !visited[Int(current)] else { throw corrupt(part, "the mini sector chain loops (mini sector \(current) comes twice)") }
            visited[Int(current)] = true
            let offset = Int(current) * miniSectorSize
            guard offset + miniSectorSize <= miniStream.count else {
                throw corrupt(part, "mini sector \(current) lies beyond the end of the mini stream")
            }
            result.append(contentsOf: miniStream[offset..<(offset + min(miniSectorSize, size - result.count))])
            current = miniFAT[Int(current)]
        }
        return result
    }

    private func sector(_ number: UInt32, part: String) throws -> [UInt8] {
        guard number <= Self.maxRegularSector, Int(number) < sectorCount,
              let bytes = file.read(at: UInt64(number + 1) * UInt64(sectorSize), count: sectorSize), bytes.count == sectorSize else {
            throw corrupt(part, "sector \(number) lies beyond the end of the file")
        }
        return bytes
    }

    private func corrupt(_ part: String, _ message: String) -> XLSXError {
        XLSXError(.corruptPackage, SourceLocation(file: path, part: part), "damaged compound file: \(message)")
    }
}

@inline(__always) func u16(_ b: [UInt8], _ at: Int) -> UInt16 {
    UInt16(b[at]) | UInt16(b[at + 1]) << 8
}

@inline(__always) func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
    UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
}

/// A read-only file opened with `open(2)`, read with `pread(2)`; closed when the last copy goes.
final class FileDescriptor: @unchecked Sendable {
    private let descriptor: Int32
    let size: UInt64

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot open the file: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot read the file's size")
        }
        descriptor = fd
        size = UInt64(max(0, info.st_size))
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes at `offset` (fewer at the end of the file), nil on a read error.
    func read(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        guard offset < size else { return [] }
        let wanted = Int(min(UInt64(count), size - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let n = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, wanted - done, off_t(offset) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            done += n
        }
        if done < wanted { buffer.removeLast(wanted - done) }
        return buffer
    }
}
