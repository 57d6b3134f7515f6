import CatalogTable
import DisclosureCatalog
import Foundation
import NIOCore
import OfficeReturns
import ReturnMerge
import SheetCore
import SheetIO
import WorkCalendar

/// One round in memory: its catalog, roster and loader, and each office's latest accepted return already
/// parsed and validated, so the merge never re-reads the files. The merge (result and JSON) is cached until
/// the next accepted upload.
///
/// The as-of date: the round's own, or — for a round opened without one — the day of the request (today in
/// Beijing), as `disclosure validate` and `disclosure merge` take it when run without `--as-of`. Returns
/// validated on an earlier day are validated again (read once more) the first time the round is judged on a
/// new day.
public final class RoundState: @unchecked Sendable {
    public let catalog: Catalog
    public let roster: Roster
    /// The round's as-of date; nil: judged as of the day of each request.
    public let fixedAsOf: CalendarDate?
    private let calendar: HolidayCalendar
    private let today: @Sendable () -> CalendarDate
    private let lock = NSLock()
    private var recordValue: RoundRecord
    private var judgeValue: Judge
    /// By office code: the submission id, its parsed return and the day it was validated as of.
    private var latest: [String: Entry] = [:]
    /// Bumped by every upload (accepted or not): the dashboard's version.
    private var versionValue = 0
    private var cached: (version: Int, day: CalendarDate, result: MergeResult, json: [UInt8], buffer: ByteBuffer)?
    /// Serializes computing the merge: concurrent requests wait for one computation instead of each making its own.
    private let mergeLock = NSLock()

    /// The validation date and what goes with it.
    public struct Judge: Sendable {
        public let day: CalendarDate
        public let loader: OfficeReturnLoader
        public let options: MergeOptions
    }

    struct Entry {
        var id: Int64
        var loaded: Merger.Loaded
        var day: CalendarDate
    }

    init(round: RoundRecord, store: PortalStore, today: @escaping @Sendable () -> CalendarDate = { CalendarDate.todayInBeijing() }) throws {
        recordValue = round
        let spec = round.catalog.hasPrefix("file:") ? store.url(ofStored: String(round.catalog.dropFirst(5))).path : round.catalog
        catalog = try CatalogFile.catalog(spec)
        let rosterPath = store.url(ofStored: round.rosterFile).path
        roster = try Roster(grids: SheetIO.readGrids(path: rosterPath), file: round.rosterName)
        fixedAsOf = round.asOf.flatMap { CalendarDate(iso: $0) }
        calendar = try HolidayCalendar.builtIn()
        self.today = today
        judgeValue = Self.judge(catalog: catalog, calendar: calendar, day: fixedAsOf ?? today())
        // Each office's latest accepted upload, read again on all cores (once per process).
        let records = try store.latestAccepted(round: round.id)
        let files = records.map {
            MergeInputFile(url: store.url(ofStored: $0.storedFile), displayPath: "\($0.officeCode)/\($0.name)", modified: nil)
        }
        let loaded = ParallelLoad.load(files, with: judgeValue.loader)
        for (record, entry) in zip(records, loaded) {
            latest[record.officeCode] = Entry(id: record.id, loaded: entry, day: judgeValue.day)
        }
    }

    static func judge(catalog: Catalog, calendar: HolidayCalendar, day: CalendarDate) -> Judge {
        Judge(day: day,
              loader: OfficeReturnLoader(catalog: catalog, calendar: calendar, settings: ValidationSettings(asOf: day)),
              options: MergeOptions(catalog: catalog, language: .zh, asOf: DateTimeValue(year: day.year, month: day.month, day: day.day)))
    }

    public var record: RoundRecord { lock.withLock { recordValue } }

    /// The dashboard's version: changes with every upload and, for a round judged as of today, with the day.
    public var version: Int {
        lock.withLock { versionValue } &+ (fixedAsOf == nil ? today().dayNumber << 32 : 0)
    }

    func updateRecord(_ round: RoundRecord) { lock.withLock { recordValue = round } }

    /// The as-of date of now and the loader and merge options that judge by it.
    public func judge() -> Judge {
        let day = fixedAsOf ?? today()
        return lock.withLock {
            if judgeValue.day != day { judgeValue = Self.judge(catalog: catalog, calendar: calendar, day: day) }
            return judgeValue
        }
    }

    /// The merge options of now (the as-of date of `judge()`).
    public var options: MergeOptions { judge().options }

    /// Reads and validates one file with the round's loader (as `disclosure merge` would), as of `judge.day`.
    func load(_ file: MergeInputFile, judge: Judge) -> LoadOutcome {
        // What `disclosure merge` rejects unread, rejected here too: the files the portal merges are the ones it would.
        if file.url.lastPathComponent.hasPrefix("~$") || URL(fileURLWithPath: file.displayPath).lastPathComponent.hasPrefix("~$") {
            return .rejected(.notAReturn, LocalizedText(zh: "这是 Office 的锁定文件（~$ 开头），不是填报表",
                                                        en: "an Office lock file (~$…), not a return"))
        }
        if !file.looksLikeReturn {
            return .rejected(.notAReturn, LocalizedText(
                zh: "不支持的文件类型“.\(file.fileExtension)”：请上传 XLSX、XLS、ODS 或 CSV 填报表",
                en: "unsupported file type “.\(file.fileExtension)”: upload an XLSX, XLS, ODS or CSV return"))
        }
        return judge.loader.load(file.url, displayPath: file.displayPath)
    }

    /// An accepted upload becomes the office's latest (unless a later one got there first).
    func record(code: String, id: Int64, loaded: Merger.Loaded, day: CalendarDate) {
        lock.withLock {
            versionValue += 1
            if let current = latest[code], current.id > id { return }
            latest[code] = Entry(id: id, loaded: loaded, day: day)
        }
    }

    /// A rejected upload: nothing merges differently, but the dashboard lists it.
    func touch() { lock.withLock { versionValue += 1 } }

    /// Each office's latest accepted return, parsed (what the merge takes), validated as of today's judge.
    public func latestLoaded() -> [Merger.Loaded] { current(judge()).map(\.loaded) }

    /// The entries, every one validated as of `judge.day` (those of an earlier day read and validated again).
    private func current(_ judge: Judge) -> [Entry] {
        let entries = lock.withLock { latest }
        let stale = entries.filter { $0.value.day != judge.day }.map { (code: $0.key, entry: $0.value) }
        guard !stale.isEmpty else { return Array(entries.values) }
        let again = ParallelLoad.load(stale.map(\.entry.loaded.file), with: judge.loader)
        return lock.withLock {
            for (old, loaded) in zip(stale, again) where latest[old.code]?.id == old.entry.id {
                latest[old.code] = Entry(id: old.entry.id, loaded: loaded, day: judge.day)
            }
            return Array(latest.values)
        }
    }

    /// The merge of each office's latest accepted return with the round's roster, as of `judge().day`.
    public func merge() -> (result: MergeResult, json: [UInt8]) {
        let m = cachedOrComputed()
        return (m.result, m.json)
    }

    /// The merge JSON as a response body: the cached buffer is sent as is (no copy of megabytes per request).
    public func mergeJSONBuffer() -> ByteBuffer { cachedOrComputed().buffer }

    private func cachedOrComputed() -> (result: MergeResult, json: [UInt8], buffer: ByteBuffer) {
        let judge = self.judge()
        if let hit = cachedMerge(day: judge.day) { return hit }
        // One computation at a time: a request arriving meanwhile takes its result from the cache.
        mergeLock.lock()
        defer { mergeLock.unlock() }
        if let hit = cachedMerge(day: judge.day) { return hit }
        let version = lock.withLock { versionValue }
        let inputs = current(judge).map(\.loaded)
        let result = Merger.merge(inputs, roster: roster, options: judge.options)
        let json = result.jsonBytes()
        let buffer = ByteBuffer(bytes: json)
        lock.withLock {
            if cached == nil || cached!.version < version || cached!.day != judge.day { cached = (version, judge.day, result, json, buffer) }
        }
        return (result, json, buffer)
    }

    private func cachedMerge(day: CalendarDate) -> (result: MergeResult, json: [UInt8], buffer: ByteBuffer)? {
        lock.withLock {
            guard let c = cached, c.version == versionValue, c.day == day else { return nil }
            return (c.result, c.json, c.buffer)
        }
    }
}
