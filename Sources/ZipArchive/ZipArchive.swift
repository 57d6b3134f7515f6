// The only Swift file that calls libzip. Everything above it uses ZipReader / ZipWriter.
internal import CLibZip
import FileOutput
import Foundation

/// Reads a zip archive entry by entry, inflating in chunks, counting every inflated byte against `ZipLimits`.
///
/// Not thread-safe: use one reader per thread. Nothing is ever extracted to disk.
public final class ZipReader {
    public let path: String
    public let limits: ZipLimits
    /// The entries in central-directory order.
    public let entries: [ZipEntry]
    private let archive: OpaquePointer
    private var totalInflated: Int64 = 0
    /// Entry positions by normalized name (see `entry(named:)`), built at open for an archive of more than
    /// `scanLimit` entries (a small one is scanned instead, and this stays empty). Never changed after `init`,
    /// so lookups are safe from the thread that inflates a pipelined part.
    private let byLowercasedName: [String: Int]
    static let scanLimit = 32

    /// The file's first bytes (up to 8, fewer for a shorter file), for telling its format by magic bytes
    /// without opening it again.
    public let leadingBytes: [UInt8]

    /// Archives up to this size are read into memory with one `read` and opened from there
    /// (`zip_source_buffer_create`): no further system calls per entry, and no second open to tell the format.
    static let inMemoryLimit = 1 << 20

    /// Opens an archive for reading (`zip_open` with `ZIP_RDONLY`; a file up to `inMemoryLimit` bytes is
    /// read whole and opened from memory with `zip_open_from_source`, with the same errors).
    /// - Throws: `ZipError` of kind `.cannotOpen`, `.notAZip`, `.corrupt` or `.limitExceeded`.
    public init(path: String, limits: ZipLimits = .default) throws(ZipError) {
        self.path = path
        self.limits = limits
        var code: Int32 = 0
        let loaded = Self.load(path)
        leadingBytes = loaded.leadingBytes
        let opened: OpaquePointer?
        if let contents = loaded.contents {
            opened = Self.open(contents, size: loaded.size, code: &code)
        } else {
            // Too big for memory, or the file could not be read here: libzip opens it (and reports why not).
            opened = zip_open(path, ZIP_RDONLY, &code)
        }
        guard let archive = opened else {
            let zipCode = ZipErrorCode(rawValue: code)
            let message = Self.message(for: code)
            switch zipCode {
            case .notAZip: throw ZipError(.notAZip, file: path, code: zipCode, message: "not a zip archive (\(message))")
            case .open, .read, .exists, .noEntry:
                throw ZipError(.cannotOpen, file: path, code: zipCode, message: "cannot open: \(message)")
            default: throw ZipError(.corrupt, file: path, code: zipCode, message: "damaged or truncated zip archive (\(message))")
            }
        }
        self.archive = archive
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0 else {
            zip_discard(archive)
            throw ZipError(.corrupt, file: path, message: "cannot list the archive's entries")
        }
        guard count <= Int64(limits.maxEntries) else {
            zip_discard(archive)
            throw ZipError(.limitExceeded, file: path, message: "the archive lists \(count) entries, more than the limit of \(limits.maxEntries)")
        }
        var list: [ZipEntry] = []
        list.reserveCapacity(Int(count))
        for i in 0..<count {
            var st = zip_stat_t()
            zip_stat_init(&st)
            guard zip_stat_index(archive, zip_uint64_t(i), 0, &st) == 0, let cname = st.name else { continue }
            let name = String(cString: cname)
            let encrypted = (st.valid & zip_uint64_t(ZIP_STAT_ENCRYPTION_METHOD)) != 0 && st.encryption_method != ZIP_EM_NONE
            let crc = (st.valid & zip_uint64_t(ZIP_STAT_CRC)) != 0 ? UInt32(st.crc) : nil
            let method = (st.valid & zip_uint64_t(ZIP_STAT_COMP_METHOD)) != 0 ? Int32(st.comp_method) : nil
            list.append(ZipEntry(index: Int(i), name: name, declaredSize: Int64(clamping: st.size),
                                 compressedSize: Int64(clamping: st.comp_size), isEncrypted: encrypted, crc32: crc,
                                 compressionMethod: method))
        }
        self.entries = list
        var index: [String: Int] = [:]
        if list.count > Self.scanLimit {
            for (position, entry) in list.enumerated() where index[Self.normalize(entry.name)] == nil {
                index[Self.normalize(entry.name)] = position
            }
        }
        byLowercasedName = index
    }

    deinit {
        zip_discard(archive)
    }

    /// What `load` read: the whole file (owned by the caller, `malloc`ed) when small enough, and its head.
    private struct LoadedFile {
        var contents: UnsafeMutableRawPointer?
        var size = 0
        var leadingBytes: [UInt8] = []
    }

    /// Reads the file whole when it is a regular file of at most `inMemoryLimit` bytes, else just its
    /// first 8 bytes; on any failure nothing (libzip then opens the path and reports the error).
    private static func load(_ path: String) -> LoadedFile {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return LoadedFile() }
        defer { Foundation.close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return LoadedFile() }
        let size = Int(info.st_size)
        if size > inMemoryLimit {
            var head = [UInt8](repeating: 0, count: 8)
            let n = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 8, 0) }
            return LoadedFile(leadingBytes: n > 0 ? Array(head.prefix(n)) : [])
        }
        // One byte more than the size, so a file that grew meanwhile is noticed (and left to libzip).
        guard let buffer = malloc(max(size + 1, 1)) else { return LoadedFile() }
        var count = 0
        while count <= size {
            let n = Foundation.read(descriptor, buffer + count, size + 1 - count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            count += n
        }
        guard count == size else {
            free(buffer)
            return LoadedFile()
        }
        let head = Array(UnsafeRawBufferPointer(start: buffer, count: min(size, 8)))
        return LoadedFile(contents: buffer, size: size, leadingBytes: head)
    }

    /// Opens an archive from `contents` (which the archive then owns and frees), nil with `code` set on error.
    private static func open(_ contents: UnsafeMutableRawPointer, size: Int, code: inout Int32) -> OpaquePointer? {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // libzip never frees a zero-length buffer it was given to free (an empty file; found by FuzzZip):
        // an empty file is opened from no buffer at all.
        if size == 0 { free(contents) }
        guard let source = zip_source_buffer_create(size == 0 ? nil : contents, zip_uint64_t(size), size == 0 ? 0 : 1, &error) else {
            if size > 0 { free(contents) }
            code = zip_error_code_zip(&error)
            return nil
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)  // frees `contents` too
            code = zip_error_code_zip(&error)
            return nil
        }
        return archive
    }

    /// Finds an entry by part name: exact first, then case-insensitively with `\` read as `/` and a leading
    /// `/` ignored (real files have all of these).
    public func entry(named name: String) -> ZipEntry? {
        if let exact = entries.first(where: { $0.name == name }) { return exact }
        let key = Self.normalize(name)
        // The first entry whose normalized name is `key`, as the dictionary keeps it.
        guard entries.count > Self.scanLimit else {
            return entries.first { Self.normalized($0.name, equals: key) }
        }
        return byLowercasedName[key].map { entries[$0] }
    }

    static func normalize(_ name: String) -> String {
        // ASCII names (all real part names): one pass over the bytes, the same result as the general path.
        var ascii = true
        let bytes = name.utf8.withContiguousStorageIfAvailable { source -> [UInt8] in
            var out: [UInt8] = []
            out.reserveCapacity(source.count)
            for byte in source {
                if byte >= 0x80 { ascii = false; break }
                switch byte {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte | 0x20)
                default: out.append(byte)
                }
            }
            return out
        }
        if ascii, let bytes {
            let start = bytes.firstIndex { $0 != UInt8(ascii: "/") } ?? bytes.endIndex
            return String(decoding: bytes[start...], as: UTF8.self)
        }
        return normalizeGenerally(name)
    }

    /// `normalize(name) == key`, without making the normalized name for an ASCII `name`.
    static func normalized(_ name: String, equals key: String) -> Bool {
        let answer = name.utf8.withContiguousStorageIfAvailable { source -> Bool? in
            key.utf8.withContiguousStorageIfAvailable { target -> Bool? in
                var i = 0
                // Leading `/` and `\` (a `\` becomes `/`) are dropped.
                while i < source.count, source[i] == UInt8(ascii: "/") || source[i] == UInt8(ascii: "\\") { i += 1 }
                guard source.count - i == target.count else {
                    return source[i...].contains { $0 >= 0x80 } ? nil : false
                }
                var j = 0
                while i < source.count {
                    var byte = source[i]
                    if byte >= 0x80 { return nil }
                    if byte == UInt8(ascii: "\\") { byte = UInt8(ascii: "/") }
                    if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                    if byte != target[j] { return source[i...].contains { $0 >= 0x80 } ? nil : false }
                    i += 1
                    j += 1
                }
                return true
            } ?? nil
        } ?? nil
        return answer ?? (normalize(name) == key)
    }

    static func normalizeGenerally(_ name: String) -> String {
        var n = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while n.hasPrefix("/") { n.removeFirst() }
        return n
    }

    /// Streams an entry's inflated bytes to `body` in chunks (`zip_fopen_index` + `zip_fread`).
    ///
    /// The chunk passed to `body` is only valid for the duration of the call.
    /// - Throws: `ZipError` (`.damagedEntry`, `.unsupported`, `.limitExceeded`) or whatever `body` throws.
    /// - Parameter partLimit: a tighter size limit for this entry (e.g. by the kind of part it holds).
    public func read(_ entry: ZipEntry, chunkSize: Int = 1 << 18, partLimit: ZipPartLimit? = nil,
                     _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        if entry.isEncrypted {
            throw ZipError(.unsupported, file: path, entry: entry.name, message: "the entry is encrypted")
        }
        try checkDeclared(entry, partLimit: partLimit)
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw lastError(entry: entry, action: "cannot open entry")
        }
        defer { zip_fclose(file) }
        let maxCapacity = max(4096, chunkSize)
        var buffer = Self.uninitializedBuffer(Self.initialCapacity(declaredSize: entry.declaredSize, maxCapacity: maxCapacity))
        var inflated: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in
                zip_fread(file, raw.baseAddress!, zip_uint64_t(raw.count))
            }
            if n < 0 { throw readError(file, entry: entry) }
            if n == 0 { break }
            inflated += Int64(n)
            totalInflated += Int64(n)
            try checkLimits(entry: entry, inflated: inflated, partLimit: partLimit)
            try body(buffer[0..<Int(n)])
            // The declared size is not trusted: an entry longer than it says gets bigger chunks (up to
            // `chunkSize`) rather than many small reads.
            if Int(n) == buffer.count, buffer.count < maxCapacity {
                buffer = Self.uninitializedBuffer(min(buffer.count * 4, maxCapacity))
            }
        }
    }

    /// The whole inflated entry, or nil when it inflates to more than `maxBytes` whatever its declared size
    /// (reading stops there). Inflates straight into the returned array; the limits apply as in `read`.
    /// - Throws: `ZipError` (`.damagedEntry`, `.unsupported`, `.limitExceeded`).
    public func readAll(_ entry: ZipEntry, maxBytes: Int, partLimit: ZipPartLimit? = nil) throws(ZipError) -> [UInt8]? {
        if entry.isEncrypted {
            throw ZipError(.unsupported, file: path, entry: entry.name, message: "the entry is encrypted")
        }
        try checkDeclared(entry, partLimit: partLimit)
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw lastError(entry: entry, action: "cannot open entry")
        }
        defer { zip_fclose(file) }
        var inflated: Int64 = 0
        // One byte more than allowed (and than declared) tells an entry longer than that. A declared size is
        // only a hint: at most 64 MB are set aside before the bytes arrive.
        let capacity = Self.initialCapacity(declaredSize: entry.declaredSize, maxCapacity: min(max(maxBytes, 0), 64 << 20) + 1)
        return try fill(file, entry: entry, capacity: capacity, maxBytes: maxBytes) { n throws(ZipError) in
            inflated += Int64(n)
            totalInflated += Int64(n)
            try checkLimits(entry: entry, inflated: inflated, partLimit: partLimit)
        }
    }

    /// Reads `file` to its end into one array, starting at `capacity` bytes and doubling up to `maxBytes + 1`;
    /// nil when it holds more than `maxBytes`. `didRead` sees the count of each `zip_fread`.
    private func fill(_ file: OpaquePointer, entry: ZipEntry, capacity: Int, maxBytes: Int,
                      didRead: (Int) throws(ZipError) -> Void) throws(ZipError) -> [UInt8]? {
        let limit = min(max(maxBytes, 0), Int.max - 1) + 1
        var data = Self.uninitializedBuffer(min(max(capacity, 1), limit))
        var count = 0
        while true {
            if count == data.count {
                guard data.count < limit else { return nil }
                let grown = min(data.count * 2, limit)
                data.append(contentsOf: repeatElement(0, count: grown - data.count))
            }
            let n = data.withUnsafeMutableBytes { raw in
                zip_fread(file, raw.baseAddress.unsafelyUnwrapped + count, zip_uint64_t(raw.count - count))
            }
            if n < 0 { throw readError(file, entry: entry) }
            if n == 0 { break }
            count += Int(n)
            try didRead(Int(n))
        }
        guard count <= maxBytes else { return nil }
        data.removeLast(data.count - count)
        return data
    }

    /// The first read buffer's size: the whole entry plus one byte (so one `zip_fread` reads it all and the
    /// next one sees the end) when it declares less than `maxCapacity`, else `maxCapacity`; at least 4 KB.
    static func initialCapacity(declaredSize: Int64, maxCapacity: Int) -> Int {
        guard declaredSize >= 0, declaredSize < Int64(maxCapacity) else { return maxCapacity }
        return min(max(4096, Int(declaredSize) + 1), maxCapacity)
    }

    /// A byte buffer whose contents are not zero-filled (only the bytes `zip_fread` wrote are ever read).
    private static func uninitializedBuffer(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// The entry's stored (still compressed) bytes, nil when there are more than `maxBytes`. Nothing is
    /// inflated, so nothing counts against the limits: see `account`.
    /// - Throws: `ZipError` (`.unsupported` for an encrypted entry, `.damagedEntry`).
    public func readCompressed(_ entry: ZipEntry, maxBytes: Int) throws(ZipError) -> [UInt8]? {
        if entry.isEncrypted {
            throw ZipError(.unsupported, file: path, entry: entry.name, message: "the entry is encrypted")
        }
        guard entry.compressedSize >= 0, entry.compressedSize <= Int64(maxBytes) else { return nil }
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), zip_flags_t(ZIP_FL_COMPRESSED)) else {
            throw lastError(entry: entry, action: "cannot open entry")
        }
        defer { zip_fclose(file) }
        // One byte more than declared tells data longer than its declared compressed size.
        return try fill(file, entry: entry, capacity: Int(entry.compressedSize) + 1, maxBytes: maxBytes) { _ throws(ZipError) in }
    }

    /// Counts `inflatedBytes` of `entry` against the limits as reading it would have (for a caller that
    /// already knows what the entry inflates to, e.g. from identical compressed bytes read before under
    /// the same limits).
    /// - Throws: `ZipError.Kind.limitExceeded`.
    public func account(_ entry: ZipEntry, inflatedBytes: Int64) throws(ZipError) {
        totalInflated += inflatedBytes
        try checkLimits(entry: entry, inflated: inflatedBytes)
    }

    /// Reads a whole entry into memory; for small parts only (the limits still apply).
    public func readAll(_ entry: ZipEntry) throws -> [UInt8] {
        // The per-part limit throws before an entry could outgrow `maxBytes`.
        try readAll(entry, maxBytes: Int(min(limits.maxEntrySize, Int64(Int.max - 1)))) ?? []
    }

    /// Refuses, before a byte is inflated, an entry whose declared size is past a limit or whose declared
    /// size and compressed size give a ratio past `maxCompressionRatio` (reading then stops where the entry
    /// passes its declared size, so the ratio holds as the bytes stream, not only at the end).
    private func checkDeclared(_ entry: ZipEntry, partLimit: ZipPartLimit?) throws(ZipError) {
        let declared = entry.declaredSize
        guard declared > 0 else { return }
        if let partLimit, declared > partLimit.bytes {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "declares \(declared) bytes, more than the limit of \(partLimit.bytes) bytes for \(partLimit.kind)")
        }
        if declared > limits.maxEntrySize {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "declares \(declared) bytes, more than the per-part limit of \(limits.maxEntrySize) bytes (a zip bomb?)")
        }
        if declared > limits.ratioCheckThreshold, declared / max(entry.compressedSize, 1) > limits.maxCompressionRatio {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "compression ratio above \(limits.maxCompressionRatio):1 (\(declared) bytes declared from \(entry.compressedSize); a zip bomb?)")
        }
    }

    private func checkLimits(entry: ZipEntry, inflated: Int64, partLimit: ZipPartLimit? = nil) throws(ZipError) {
        if let partLimit, inflated > partLimit.bytes {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "inflates past the limit of \(partLimit.bytes) bytes for \(partLimit.kind) (a zip bomb?)")
        }
        if inflated > limits.maxEntrySize {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "inflates past the per-part limit of \(limits.maxEntrySize) bytes (a zip bomb?)")
        }
        if totalInflated > limits.maxTotalSize {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "the archive inflates past the per-file limit of \(limits.maxTotalSize) bytes (a zip bomb?)")
        }
        if inflated > limits.ratioCheckThreshold, inflated / max(entry.compressedSize, 1) > limits.maxCompressionRatio {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "compression ratio above \(limits.maxCompressionRatio):1 (\(inflated) bytes from \(entry.compressedSize); a zip bomb?)")
        }
        // The declared size passed the ratio check before reading: an entry may overrun it only a little
        // (libzip delivers data longer than declared), so the ratio holds while the bytes stream.
        if entry.declaredSize >= 0, inflated - entry.declaredSize > limits.ratioCheckThreshold {
            throw ZipError(.limitExceeded, file: path, entry: entry.name,
                           message: "inflates more than \(limits.ratioCheckThreshold) bytes past its declared size of \(entry.declaredSize) bytes (a damaged or forged entry; a zip bomb?)")
        }
    }

    /// The error of a failed `zip_fread`.
    private func readError(_ file: OpaquePointer, entry: ZipEntry) -> ZipError {
        let error = zip_file_get_error(file)
        let code = error.map { zip_error_code_zip($0) } ?? 0
        let text = error.map { String(cString: zip_error_strerror($0)) } ?? "read error"
        return ZipError(.damagedEntry, file: path, entry: entry.name, code: ZipErrorCode(rawValue: code),
                        message: "damaged compressed data (\(text))")
    }

    private func lastError(entry: ZipEntry, action: String) -> ZipError {
        let error = zip_get_error(archive)
        let code = error.map { zip_error_code_zip($0) } ?? 0
        let text = error.map { String(cString: zip_error_strerror($0)) } ?? "unknown error"
        let zipCode = ZipErrorCode(rawValue: code)
        let kind: ZipError.Kind = switch zipCode {
        case .compressionNotSupported, .encryptionNotSupported, .noPassword: .unsupported
        default: .damagedEntry
        }
        return ZipError(kind, file: path, entry: entry.name, code: zipCode, message: "\(action) (\(text))")
    }

    static func message(for code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}

/// Writes a zip archive. Entries come from memory or from a spooled file; compression happens at `close()`.
///
/// The archive is built in an unnamed file in `path`'s folder (`O_TMPFILE`) that is linked into place and
/// renamed over `path` only on a successful `close()`: the target is replaced atomically, and a failed
/// write — or a process killed half-way — leaves any previous file untouched and no partial file behind.
/// (Where the file system lacks `O_TMPFILE`, a `path.XXXXXX` temporary file is used instead.)
/// `discard()` (or deinit without `close()`) also leaves the previous file as it was.
/// Every entry gets the same fixed modification time, so equal input gives equal bytes.
public final class ZipWriter {
    public let path: String
    /// Deflate level 1...9.
    public let compressionLevel: Int
    private var archive: OpaquePointer?
    private var names: Set<String> = []
    /// Descriptors of file sources handed to libzip (for the test hook below).
    private var sourceDescriptors: [Int32] = []
    /// Entries deflated ahead of time whose archives libzip copies from at `close()`.
    private var deflatedEntries: [DeflatedEntry] = []
    /// 1980-01-01 12:00 UTC-ish: the fixed timestamp of every entry (DOS time, interpreted in local time).
    private static let fixedTime: time_t = 315_576_000
    /// A regular file, rw-r--r--, in the high 16 bits (Unix external attributes).
    private static let fixedAttributes: zip_uint32_t = 0o100644 << 16

    /// Creates (or prepares to replace) the archive at `path` (`zip_open` with `ZIP_CREATE | ZIP_TRUNCATE`).
    public init(path: String, compressionLevel: Int = 6) throws(ZipError) {
        self.path = path
        self.compressionLevel = min(max(compressionLevel, 1), 9)
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // libzip writes through `AtomicOutput` (see there); the source owns one retain of it until FREE.
        let output = Unmanaged.passRetained(AtomicOutput(path: path)).toOpaque()
        guard let source = zip_source_function_create({ userdata, data, length, command in
            guard let userdata else { return -1 }
            return AtomicOutput.handle(userdata, data, length, command)
        }, output, &error) else {
            Unmanaged<AtomicOutput>.fromOpaque(output).release()
            throw ZipError(.writeFailed, file: path, message: "cannot create: \(String(cString: zip_error_strerror(&error)))")
        }
        guard let archive = zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error) else {
            zip_source_free(source)
            throw ZipError(.writeFailed, file: path, code: ZipErrorCode(rawValue: zip_error_code_zip(&error)),
                           message: "cannot create: \(String(cString: zip_error_strerror(&error)))")
        }
        self.archive = archive
    }

    deinit {
        if let archive { zip_discard(archive) }
    }

    /// Adds an entry from bytes in memory (copied; `zip_source_buffer_create`).
    public func addEntry(named name: String, bytes: [UInt8], compress: Bool = true) throws(ZipError) {
        let archive = try open(name)
        let count = bytes.count
        guard let memory = malloc(max(count, 1)) else {
            throw ZipError(.writeFailed, file: path, entry: name, message: "out of memory for \(count) bytes")
        }
        bytes.withUnsafeBytes { raw in
            if count > 0 { memory.copyMemory(from: raw.baseAddress!, byteCount: count) }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // libzip never frees a zero-length buffer it was given to free (found by FuzzXLSXParts): an empty
        // entry gets no buffer at all.
        if count == 0 { free(memory) }
        guard let source = zip_source_buffer_create(count == 0 ? nil : memory, zip_uint64_t(count), count == 0 ? 0 : 1, &error) else {
            if count > 0 { free(memory) }
            throw ZipError(.writeFailed, file: path, entry: name, message: String(cString: zip_error_strerror(&error)))
        }
        try add(name, source: source, archive: archive, compress: compress)
    }

    /// Adds an entry whose data is read from a file at `close()` time; the file must exist until then.
    /// This is how large sheets are streamed: serialized to a spool file, deflated once at close.
    public func addEntry(named name: String, contentsOf file: String, compress: Bool = true) throws(ZipError) {
        let archive = try open(name)
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_file_create(file, 0, -1, &error) else {
            throw ZipError(.writeFailed, file: path, entry: name, message: "cannot read \(file): \(String(cString: zip_error_strerror(&error)))")
        }
        try add(name, source: source, archive: archive, compress: compress)
    }

    /// Adds an entry whose data is read at `close()` from an open file (`zip_source_filep_create` on a
    /// duplicate of `fileDescriptor`): `length` bytes from offset 0. A file that has fewer bytes by then
    /// makes `close()` fail.
    ///
    /// The file may already be unlinked: spool files that exist only as open descriptors leave nothing
    /// behind even if the process dies. The caller keeps its own descriptor and must not write to it
    /// until `close()` or `discard()`.
    public func addEntry(named name: String, fileDescriptor: Int32, length: Int64, compress: Bool = true) throws(ZipError) {
        let archive = try open(name)
        let copy = dup(fileDescriptor)
        guard copy >= 0 else {
            throw ZipError(.writeFailed, file: path, entry: name, message: "cannot use the spool file: \(String(cString: strerror(errno)))")
        }
        // The duplicate shares the file offset with the caller's descriptor; libzip reads from where it is.
        guard lseek(copy, 0, SEEK_SET) == 0, let file = fdopen(copy, "rb") else {
            Foundation.close(copy)
            throw ZipError(.writeFailed, file: path, entry: name, message: "cannot use the spool file: \(String(cString: strerror(errno)))")
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // On success the source owns (and eventually closes) the stream.
        guard let source = zip_source_filep_create(file, 0, zip_int64_t(length), &error) else {
            fclose(file)
            throw ZipError(.writeFailed, file: path, entry: name, message: "cannot read the spool file: \(String(cString: zip_error_strerror(&error)))")
        }
        try add(name, source: source, archive: archive, compress: compress)
        sourceDescriptors.append(copy)
    }

    /// Adds an entry deflated ahead of time (see `DeflatedEntry`): its compressed bytes are copied as they
    /// are (`zip_source_zip` with `ZIP_FL_COMPRESSED`), so `close()` does not deflate it again. The archive
    /// gets exactly the bytes it would get from adding the same data uncompressed at this writer's level.
    /// - Throws: `.invalidArgument` when the entry was deflated at another level.
    public func addEntry(named name: String, deflated entry: DeflatedEntry) throws(ZipError) {
        guard entry.compressionLevel == compressionLevel else {
            throw ZipError(.invalidArgument, file: path, entry: name,
                           message: "deflated at level \(entry.compressionLevel), the archive uses \(compressionLevel)")
        }
        let archive = try open(name)
        guard let source = zip_source_zip(archive, entry.archive, 0, zip_flags_t(ZIP_FL_COMPRESSED), 0, -1) else {
            names.remove(name)
            throw ZipError(.writeFailed, file: path, entry: name, message: String(cString: zip_strerror(archive)))
        }
        try add(name, source: source, archive: archive, compress: true)
        deflatedEntries.append(entry)
    }

    /// Test hook: makes every descriptor-backed source unreadable (each becomes a write-only `/dev/null`),
    /// so that `close()` fails inside libzip the way a vanished disk would make it fail.
    package func breakFileSourcesForTesting() {
        let sink = Foundation.open("/dev/null", O_WRONLY)
        guard sink >= 0 else { return }
        for descriptor in sourceDescriptors { _ = dup2(sink, descriptor) }
        Foundation.close(sink)
    }

    private func open(_ name: String) throws(ZipError) -> OpaquePointer {
        guard let archive else { throw ZipError(.invalidArgument, file: path, entry: name, message: "the archive is already closed") }
        guard names.insert(name).inserted else {
            throw ZipError(.invalidArgument, file: path, entry: name, message: "duplicate entry name")
        }
        return archive
    }

    private func add(_ name: String, source: OpaquePointer, archive: OpaquePointer, compress: Bool) throws(ZipError) {
        let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            throw ZipError(.writeFailed, file: path, entry: name, message: String(cString: zip_strerror(archive)))
        }
        let method: Int32 = compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE
        guard zip_set_file_compression(archive, zip_uint64_t(index), method, zip_uint32_t(compress ? compressionLevel : 0)) == 0,
              zip_file_set_mtime(archive, zip_uint64_t(index), Self.fixedTime, 0) == 0,
              // A fixed mode too: file sources would otherwise carry the spool file's umask-dependent mode.
              zip_file_set_external_attributes(archive, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX), Self.fixedAttributes) == 0 else {
            throw ZipError(.writeFailed, file: path, entry: name, message: String(cString: zip_strerror(archive)))
        }
    }

    /// Compresses everything and atomically replaces `path` (`zip_close`).
    public func close() throws(ZipError) {
        guard let archive else { return }
        if zip_close(archive) != 0 {
            let message = String(cString: zip_strerror(archive))
            zip_discard(archive)
            self.archive = nil
            deflatedEntries = []
            throw ZipError(.writeFailed, file: path, message: "cannot write the archive: \(message)")
        }
        self.archive = nil
        deflatedEntries = []
    }

    /// Abandons the archive; any previous file at `path` stays as it was.
    public func discard() {
        if let archive { zip_discard(archive) }
        archive = nil
        deflatedEntries = []
    }

    /// The settings every entry gets (fixed time and mode), shared with `DeflatedEntry`.
    fileprivate static func configure(_ archive: OpaquePointer, _ index: zip_int64_t, level: Int) -> Bool {
        zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, zip_uint32_t(level)) == 0
            && zip_file_set_mtime(archive, zip_uint64_t(index), fixedTime, 0) == 0
            && zip_file_set_external_attributes(archive, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX), fixedAttributes) == 0
    }
}

/// One entry deflated ahead of time into a one-entry archive in memory, on whichever thread creates it
/// (libzip archives are independent of each other), for `ZipWriter.addEntry(named:deflated:)`.
///
/// This is how several large parts are deflated side by side while libzip itself deflates one after
/// another: the data is read and deflated exactly as `ZipWriter` reads and deflates a descriptor-backed
/// entry, so the compressed bytes are the same. Immutable once made; keep it alive while writers use it
/// (they retain it until they close).
public final class DeflatedEntry: @unchecked Sendable {
    public let compressionLevel: Int
    /// Uncompressed size in bytes.
    public let size: Int64
    /// The in-memory archive, opened read-only.
    fileprivate let archive: OpaquePointer

    /// Deflates `length` bytes from offset 0 of an open file (read through a duplicate of
    /// `fileDescriptor`, which the caller keeps and must not write to meanwhile).
    /// - Parameter file: the file's name, for error messages.
    /// - Throws: `ZipError` `.writeFailed` when the file cannot be read or libzip fails.
    public init(fileDescriptor: Int32, length: Int64, compressionLevel: Int, file: String) throws(ZipError) {
        let level = min(max(compressionLevel, 1), 9)
        self.compressionLevel = level
        self.size = length
        func failure(_ text: String) -> ZipError { ZipError(.writeFailed, file: file, message: "cannot deflate: \(text)") }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // The buffer source collects the archive; one extra reference keeps it past the writing archive.
        guard let buffer = zip_source_buffer_create(nil, 0, 0, &error) else { throw failure(String(cString: zip_error_strerror(&error))) }
        zip_source_keep(buffer)
        defer { zip_source_free(buffer) }
        guard let writing = zip_open_from_source(buffer, ZIP_TRUNCATE, &error) else {
            zip_source_free(buffer)
            throw failure(String(cString: zip_error_strerror(&error)))
        }
        let copy = dup(fileDescriptor)
        guard copy >= 0, lseek(copy, 0, SEEK_SET) == 0, let file = fdopen(copy, "rb") else {
            if copy >= 0 { Foundation.close(copy) }
            zip_discard(writing)
            throw failure(String(cString: strerror(errno)))
        }
        guard let source = zip_source_filep_create(file, 0, zip_int64_t(length), &error) else {
            fclose(file)
            zip_discard(writing)
            throw failure(String(cString: zip_error_strerror(&error)))
        }
        let index = zip_file_add(writing, "part", source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        if index < 0 { zip_source_free(source) }
        guard index >= 0, ZipWriter.configure(writing, index, level: level), zip_close(writing) == 0 else {
            let text = String(cString: zip_strerror(writing))
            zip_discard(writing)
            throw failure(text)
        }
        guard let reading = zip_open_from_source(buffer, ZIP_RDONLY, &error) else {
            throw failure(String(cString: zip_error_strerror(&error)))
        }
        // The reading archive owns its reference now; the deferred free drops ours.
        zip_source_keep(buffer)
        archive = reading
    }

    deinit {
        zip_discard(archive)
    }
}

/// libzip's output for `ZipWriter`: a `zip_source_function` over the package's one atomic file writer
/// (`FileOutput.AtomicFile`: an unnamed file in the target's folder, synced and renamed over the target on
/// commit, so an interrupted process leaves nothing behind).
private final class AtomicOutput {
    let path: String
    private var file: AtomicFile?
    private var error = zip_error_t()

    init(path: String) {
        self.path = path
        zip_error_init(&error)
    }

    deinit {
        file?.discard()
        zip_error_fini(&error)
    }

    /// The C callback's body.
    static func handle(_ userdata: UnsafeMutableRawPointer, _ data: UnsafeMutableRawPointer?, _ length: zip_uint64_t,
                       _ command: zip_source_cmd_t) -> zip_int64_t {
        let output = Unmanaged<AtomicOutput>.fromOpaque(userdata).takeUnretainedValue()
        switch command {
        case ZIP_SOURCE_SUPPORTS:
            let commands = [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
                            ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS,
                            ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE,
                            ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE]
            return commands.reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }
        case ZIP_SOURCE_STAT:
            // "No such file": libzip then starts a new archive (we always replace the target whole).
            zip_error_set(&output.error, ZIP_ER_READ, ENOENT)
            return -1
        case ZIP_SOURCE_ERROR:
            return zip_error_to_data(&output.error, data, length)
        case ZIP_SOURCE_OPEN, ZIP_SOURCE_CLOSE, ZIP_SOURCE_READ, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL:
            return 0
        case ZIP_SOURCE_BEGIN_WRITE:
            output.file?.discard()
            do { output.file = try AtomicFile(path: output.path) } catch { return output.fail(error, ZIP_ER_TMPOPEN) }
            return 0
        case ZIP_SOURCE_WRITE:
            guard let file = output.file else { return output.fail(nil, ZIP_ER_INTERNAL) }
            do { try file.write(UnsafeRawBufferPointer(start: data, count: Int(length))) } catch { return output.fail(error, ZIP_ER_WRITE) }
            return zip_int64_t(length)
        case ZIP_SOURCE_SEEK_WRITE:
            guard let data, length >= zip_uint64_t(MemoryLayout<zip_source_args_seek_t>.size), let file = output.file else {
                zip_error_set(&output.error, ZIP_ER_INVAL, 0)
                return -1
            }
            let args = data.loadUnaligned(as: zip_source_args_seek_t.self)
            if lseek(file.descriptor, off_t(args.offset), args.whence) < 0 { return output.fail(errno, ZIP_ER_SEEK) }
            return 0
        case ZIP_SOURCE_TELL_WRITE:
            let position = output.file.map { lseek($0.descriptor, 0, SEEK_CUR) } ?? -1
            if position < 0 { return output.fail(errno, ZIP_ER_TELL) }
            return zip_int64_t(position)
        case ZIP_SOURCE_COMMIT_WRITE:
            guard let file = output.file else { return output.fail(nil, ZIP_ER_INTERNAL) }
            do { try file.commit() } catch { return output.fail(error, ZIP_ER_RENAME) }
            output.file = nil
            return 0
        case ZIP_SOURCE_ROLLBACK_WRITE:
            output.file?.discard()
            output.file = nil
            return 0
        case ZIP_SOURCE_REMOVE:
            // An archive without entries: libzip removes the target.
            if unlink(output.path) != 0 && errno != ENOENT { return output.fail(errno, ZIP_ER_REMOVE) }
            return 0
        case ZIP_SOURCE_FREE:
            Unmanaged<AtomicOutput>.fromOpaque(userdata).release()
            return 0
        default:
            zip_error_set(&output.error, ZIP_ER_OPNOTSUPP, 0)
            return -1
        }
    }

    /// Records a failure for libzip (`code`, with the system error) and returns -1.
    private func fail(_ error: FileOutputError?, _ code: Int32) -> zip_int64_t {
        fail(error?.code ?? 0, code)
    }

    private func fail(_ systemError: Int32, _ code: Int32) -> zip_int64_t {
        zip_error_set(&error, code, systemError)
        return -1
    }
}
