import Foundation
import GRDB
import SheetCore

/// A round as stored.
public struct RoundRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// `customs` or `file:<stored name>` (a catalog file kept in the data folder).
    public var catalog: String
    /// The roster as given (its file name) and where it is kept.
    public var rosterName: String
    public var rosterFile: String
    public var due: String?
    public var asOf: String?
    public var created: String
    public var closed: String?
}

/// An office of a round, with its link token.
public struct OfficeRecord: Sendable, Hashable {
    public var id: Int64
    public var roundID: Int64
    public var code: String
    public var name: String
    public var district: String
    public var token: String
}

/// One upload, whatever became of it.
public struct SubmissionRecord: Sendable, Hashable {
    public var id: Int64
    public var roundID: Int64
    public var officeID: Int64
    public var officeCode: String
    public var received: String
    /// The file name the office gave.
    public var name: String
    public var sha256: String
    public var size: Int64
    /// Path of the stored bytes, relative to the data folder.
    public var storedFile: String
    /// `accepted`, `accepted-with-findings` or `rejected`.
    public var status: String
    public var errors: Int
    public var warnings: Int
    /// The findings document sent back to the office (JSON).
    public var report: String
}

/// The portal's data folder: an SQLite database (WAL) and every uploaded file, kept by SHA-256 and never deleted.
///
/// Several processes may open one folder at once (`disclosure serve` and `disclosure round open`): SQLite's
/// locking serializes their writes.
public final class PortalStore: Sendable {
    public let directory: URL
    let pool: DatabasePool
    let committer: GroupCommitter

    public static let databaseName = "portal.sqlite"
    public static let adminTokenName = "admin-token"

    /// Opens (creating when needed) the data folder.
    public init(directory: URL) throws {
        self.directory = directory.standardizedFileURL
        let fm = FileManager.default
        for sub in ["", "files", "tmp", "cache"] {
            try fm.createDirectory(at: self.directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // A commit is on disk before the upload is acknowledged (WAL synced at each commit).
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: self.directory.appendingPathComponent(Self.databaseName).path, configuration: config)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE round (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, catalog TEXT NOT NULL,
                    roster_name TEXT NOT NULL, roster_file TEXT NOT NULL, due TEXT, as_of TEXT,
                    created TEXT NOT NULL, closed TEXT);
                CREATE TABLE office (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL REFERENCES round(id),
                    code TEXT NOT NULL, name TEXT NOT NULL, district TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
                    UNIQUE(round_id, code));
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL REFERENCES round(id),
                    office_id INTEGER NOT NULL REFERENCES office(id), office_code TEXT NOT NULL,
                    received TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
                    stored_file TEXT NOT NULL, status TEXT NOT NULL, errors INTEGER NOT NULL,
                    warnings INTEGER NOT NULL, report TEXT NOT NULL);
                CREATE INDEX submission_office ON submission(office_id, id);
                CREATE INDEX submission_round ON submission(round_id, id);
                CREATE TABLE session (token TEXT PRIMARY KEY, created TEXT NOT NULL);
                """)
        }
        try migrator.migrate(pool)
        committer = GroupCommitter(pool: pool)
    }

    // MARK: files

    /// The place of a stored file (relative path `files/ab/<sha256>.<ext>`).
    static func storedName(sha: String, ext: String) -> String {
        let e = ext.isEmpty ? "bin" : ext
        return "files/\(sha.prefix(2))/\(sha).\(e)"
    }

    public func url(ofStored relative: String) -> URL { directory.appendingPathComponent(relative) }

    /// A new temporary file in the data folder (same file system as `files/`, so a rename moves it).
    func temporaryURL() -> URL {
        directory.appendingPathComponent("tmp").appendingPathComponent(randomToken(bytes: 12) + ".part")
    }

    /// Moves a written, fsynced temporary file to its content address and syncs the folder. When the same
    /// bytes are stored already, the temporary file is removed.
    func commitFile(_ temp: URL, sha: String, ext: String) throws -> String {
        let relative = Self.storedName(sha: sha, ext: ext)
        let target = url(ofStored: relative)
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temp)
        } else {
            guard rename(temp.path, target.path) == 0 else {
                throw PortalError.storage("cannot store \(relative): \(String(cString: strerror(errno)))")
            }
            try fsyncPath(folder.path)
        }
        return relative
    }

    /// Stores bytes at their content address (write, fsync, rename, fsync folder).
    func storeBytes(_ bytes: [UInt8], ext: String) throws -> (relative: String, sha: String) {
        let temp = temporaryURL()
        let sink = try FileSink(url: temp)
        do {
            try sink.write(bytes)
            try sink.close()
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        let sha = SHA256.hash(bytes).hex
        return (try commitFile(temp, sha: sha, ext: ext), sha)
    }

    // MARK: admin token

    /// The admin token: read from `admin-token`, or made and written there (mode 0600) on first use.
    /// - Returns: the token and whether it was created now.
    public func adminToken() throws -> (token: String, created: Bool) {
        let url = directory.appendingPathComponent(Self.adminTokenName)
        if let data = FileManager.default.contents(atPath: url.path) {
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.count >= 32 else { throw PortalError.storage("\(url.path): the admin token is too short") }
            return (token, false)
        }
        let token = randomToken(bytes: 24)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return try adminToken() }  // another process made it first
            throw PortalError.storage("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array((token + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count else { throw PortalError.storage("cannot write \(url.path)") }
        try fsyncPath(directory.path)
        return (token, true)
    }

    // MARK: rounds

    public func insertRound(name: String, catalog: String, rosterName: String, rosterFile: String, due: String?,
                            asOf: String?, offices: [(code: String, name: String, district: String)]) throws
        -> (RoundRecord, [OfficeRecord]) {
        try pool.write { db in
            let created = isoNow()
            try db.execute(sql: """
                INSERT INTO round (name, catalog, roster_name, roster_file, due, as_of, created) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, catalog, rosterName, rosterFile, due, asOf, created])
            let id = db.lastInsertedRowID
            var records: [OfficeRecord] = []
            for o in offices {
                let token = randomToken(bytes: 20)
                try db.execute(sql: "INSERT INTO office (round_id, code, name, district, token) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, o.code, o.name, o.district, token])
                records.append(OfficeRecord(id: db.lastInsertedRowID, roundID: id, code: o.code, name: o.name,
                                            district: o.district, token: token))
            }
            return (RoundRecord(id: id, name: name, catalog: catalog, rosterName: rosterName, rosterFile: rosterFile,
                                due: due, asOf: asOf, created: created, closed: nil), records)
        }
    }

    public func rounds() throws -> [RoundRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM round ORDER BY id").map(Self.round) }
    }

    public func round(_ id: Int64) throws -> RoundRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM round WHERE id = ?", arguments: [id]).map(Self.round) }
    }

    /// Closes a round (uploads are refused from then on). Returns false when there is no such round.
    public func closeRound(_ id: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE round SET closed = COALESCE(closed, ?) WHERE id = ?", arguments: [isoNow(), id])
            return db.changesCount > 0
        }
    }

    public func offices(round: Int64) throws -> [OfficeRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM office WHERE round_id = ? ORDER BY id", arguments: [round]).map(Self.office)
        }
    }

    public func office(token: String) throws -> OfficeRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM office WHERE token = ?", arguments: [token]).map(Self.office)
        }
    }

    // MARK: submissions

    /// Commits a submission's row; returns its id once the commit is on disk. Rows arriving while a commit
    /// is being synced are committed together in the next transaction (one WAL sync for the group).
    public func insertSubmission(_ s: SubmissionRecord) async throws -> Int64 {
        try await committer.insert(s)
    }


    static func insert(_ s: SubmissionRecord, into db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO submission (round_id, office_id, office_code, received, name, sha256, size, stored_file,
                                    status, errors, warnings, report)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [s.roundID, s.officeID, s.officeCode, s.received, s.name, s.sha256, s.size,
                             s.storedFile, s.status, s.errors, s.warnings, s.report])
        return db.lastInsertedRowID
    }

    public func submissions(office: Int64) throws -> [SubmissionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM submission WHERE office_id = ? ORDER BY id DESC",
                             arguments: [office]).map(Self.submission)
        }
    }

    public func submission(_ id: Int64) throws -> SubmissionRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM submission WHERE id = ?", arguments: [id]).map(Self.submission)
        }
    }

    public func recentSubmissions(round: Int64, limit: Int) throws -> [SubmissionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM submission WHERE round_id = ? ORDER BY id DESC LIMIT ?",
                             arguments: [round, limit]).map(Self.submission)
        }
    }

    /// Each office's latest upload that was not rejected (what the merge takes), by office code.
    public func latestAccepted(round: Int64) throws -> [SubmissionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM submission WHERE id IN (
                    SELECT MAX(id) FROM submission WHERE round_id = ? AND status != 'rejected' GROUP BY office_id)
                ORDER BY office_code
                """, arguments: [round]).map(Self.submission)
        }
    }

    /// Each office's latest upload whatever its status, by office id.
    public func latestAny(round: Int64) throws -> [Int64: SubmissionRecord] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM submission WHERE id IN (SELECT MAX(id) FROM submission WHERE round_id = ? GROUP BY office_id)
                """, arguments: [round]).map(Self.submission)
            return Dictionary(rows.map { ($0.officeID, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// A number that changes whenever any process commits to the database (rounds opened or closed by the CLI).
    public func changeCount() throws -> Int64 {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM round) * 1000003 + (SELECT COUNT(*) FROM round WHERE closed IS NOT NULL) + (SELECT COALESCE(MAX(id), 0) FROM submission) * 7") ?? 0
        }
    }

    // MARK: sessions

    public func createSession() throws -> String {
        let token = randomToken(bytes: 24)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO session (token, created) VALUES (?, ?)", arguments: [token, isoNow()])
        }
        return token
    }

    public func hasSession(_ token: String) throws -> Bool {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE token = ?", arguments: [token]) ?? 0 > 0
        }
    }

    public func deleteSession(_ token: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM session WHERE token = ?", arguments: [token]) }
    }

    // MARK: rows

    static func round(_ row: Row) -> RoundRecord {
        RoundRecord(id: row["id"], name: row["name"], catalog: row["catalog"], rosterName: row["roster_name"],
                    rosterFile: row["roster_file"], due: row["due"], asOf: row["as_of"], created: row["created"],
                    closed: row["closed"])
    }

    static func office(_ row: Row) -> OfficeRecord {
        OfficeRecord(id: row["id"], roundID: row["round_id"], code: row["code"], name: row["name"],
                     district: row["district"], token: row["token"])
    }

    static func submission(_ row: Row) -> SubmissionRecord {
        SubmissionRecord(id: row["id"], roundID: row["round_id"], officeID: row["office_id"], officeCode: row["office_code"],
                         received: row["received"], name: row["name"], sha256: row["sha256"], size: row["size"],
                         storedFile: row["stored_file"], status: row["status"], errors: row["errors"],
                         warnings: row["warnings"], report: row["report"])
    }
}

/// Group commit: submissions wait in a queue; one thread commits everything queued in one transaction, then
/// answers each waiter. Under load many uploads share one sync of the WAL instead of queueing for one each.
final class GroupCommitter: @unchecked Sendable {
    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [(SubmissionRecord, CheckedContinuation<Int64, any Error>)] = []
    private var running = false
    private let queue = DispatchQueue(label: "disclosure.portal.commit")

    init(pool: DatabasePool) { self.pool = pool }

    func insert(_ s: SubmissionRecord) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            let start: Bool = lock.withLock {
                pending.append((s, continuation))
                if running { return false }
                running = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch: [(SubmissionRecord, CheckedContinuation<Int64, any Error>)] = lock.withLock {
                let b = pending
                pending = []
                if b.isEmpty { running = false }
                return b
            }
            if batch.isEmpty { return }
            do {
                let ids = try pool.write { db in try batch.map { try PortalStore.insert($0.0, into: db) } }
                for (entry, id) in zip(batch, ids) { entry.1.resume(returning: id) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
    }
}

/// Runs blocking work (fsync, parsing) on a thread outside Swift concurrency's pool, whose few threads must not
/// wait on the disk. The queue overcommits: a blocked item does not hold the others back.
let blockingQueue = DispatchQueue(label: "disclosure.portal.blocking", attributes: .concurrent)

func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        blockingQueue.async {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
    }
}

/// Errors of the portal outside HTTP.
public enum PortalError: Error, CustomStringConvertible, Sendable {
    case storage(String)
    case input(String)

    public var description: String {
        switch self {
        case .storage(let s), .input(let s): return s
        }
    }
}

/// A file written with `write(2)` and synced before it is closed.
final class FileSink {
    private var fd: Int32
    init(url: URL) throws {
        fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw PortalError.storage("cannot create \(url.path): \(String(cString: strerror(errno)))") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw PortalError.storage("write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// fsync, then close.
    func close() throws {
        defer { abandon() }
        guard fsync(fd) == 0 else { throw PortalError.storage("fsync failed: \(String(cString: strerror(errno)))") }
    }

    func abandon() {
        if fd >= 0 { Foundation.close(fd); fd = -1 }
    }

    deinit { abandon() }
}

func fsyncPath(_ path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw PortalError.storage("cannot open \(path)") }
    defer { close(fd) }
    _ = fsync(fd)
}

/// `bytes` random bytes as lower-case hex (SystemRandomNumberGenerator reads the kernel's CSPRNG).
public func randomToken(bytes: Int) -> String {
    var rng = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &rng) }.hex
}

/// Now, as ISO 8601 UTC with milliseconds.
func isoNow(_ date: Date = Date()) -> String {
    // By hand: a formatter per call costs more than the rest of a small request.
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
    var t = tm()
    gmtime_r(&seconds, &t)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let ms = Int(((millis % 1000) + 1000) % 1000)
    let frac = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
    return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec)).\(frac)Z"
}
