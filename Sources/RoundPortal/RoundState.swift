import CatalogTable
import DisclosureCatalog
import Foundation
import OfficeReturns
import ReturnMerge
import SheetCore
import SheetIO
import WorkCalendar

/// One round in memory: its catalog, roster and loader, and each office's latest accepted return already
/// parsed and validated, so the merge never re-reads the files. The merge (result and JSON) is cached until
/// the next accepted upload.
public final class RoundState: @unchecked Sendable {
    public let catalog: Catalog
    public let roster: Roster
    public let loader: OfficeReturnLoader
    public let options: MergeOptions
    private let lock = NSLock()
    private var recordValue: RoundRecord
    /// By office code: the submission id and its parsed return.
    private var latest: [String: (id: Int64, loaded: Merger.Loaded)] = [:]
    /// Bumped by every upload (accepted or not): the dashboard's version.
    private var versionValue = 0
    private var cached: (version: Int, result: MergeResult, json: [UInt8])?

    init(round: RoundRecord, store: PortalStore) throws {
        recordValue = round
        let spec = round.catalog.hasPrefix("file:") ? store.url(ofStored: String(round.catalog.dropFirst(5))).path : round.catalog
        catalog = try CatalogFile.catalog(spec)
        let rosterPath = store.url(ofStored: round.rosterFile).path
        roster = try Roster(grids: SheetIO.readGrids(path: rosterPath), file: round.rosterName)
        let asOf = round.asOf.flatMap { CalendarDate(iso: $0) }
        loader = OfficeReturnLoader(catalog: catalog, calendar: try HolidayCalendar.builtIn(), settings: ValidationSettings(asOf: asOf))
        options = MergeOptions(catalog: catalog, language: .zh, asOf: asOf.map { DateTimeValue(year: $0.year, month: $0.month, day: $0.day) })
        // Each office's latest accepted upload, read again on all cores (once per process).
        let records = try store.latestAccepted(round: round.id)
        let files = records.map {
            MergeInputFile(url: store.url(ofStored: $0.storedFile), displayPath: "\($0.officeCode)/\($0.name)", modified: nil)
        }
        let loaded = ParallelLoad.load(files, with: loader)
        for (record, entry) in zip(records, loaded) {
            latest[record.officeCode] = (record.id, entry)
        }
    }

    public var record: RoundRecord { lock.withLock { recordValue } }
    public var version: Int { lock.withLock { versionValue } }

    func updateRecord(_ round: RoundRecord) { lock.withLock { recordValue = round } }

    /// Reads and validates one file with the round's loader (as `disclosure merge` would).
    func load(_ file: MergeInputFile) -> LoadOutcome {
        if !file.looksLikeReturn {
            return .rejected(.notAReturn, LocalizedText(
                zh: "不支持的文件类型“.\(file.fileExtension)”：请上传 XLSX、XLS 或 CSV 填报表",
                en: "unsupported file type “.\(file.fileExtension)”: upload an XLSX, XLS or CSV return"))
        }
        return loader.load(file.url, displayPath: file.displayPath)
    }

    /// An accepted upload becomes the office's latest (unless a later one got there first).
    func record(code: String, id: Int64, loaded: Merger.Loaded) {
        lock.withLock {
            versionValue += 1
            if let current = latest[code], current.id > id { return }
            latest[code] = (id, loaded)
        }
    }

    /// A rejected upload: nothing merges differently, but the dashboard lists it.
    func touch() { lock.withLock { versionValue += 1 } }

    /// Each office's latest accepted return, parsed (what the merge takes).
    public func latestLoaded() -> [Merger.Loaded] { lock.withLock { latest.values.map(\.loaded) } }

    /// The merge of each office's latest accepted return with the round's roster and as-of date.
    public func merge() -> (result: MergeResult, json: [UInt8]) {
        let (version, inputs, cachedNow) = lock.withLock { (versionValue, latest.values.map(\.loaded), cached) }
        if let cachedNow, cachedNow.version == version { return (cachedNow.result, cachedNow.json) }
        let result = Merger.merge(inputs, roster: roster, options: options)
        let json = result.jsonBytes()
        lock.withLock {
            if cached == nil || cached!.version < version { cached = (version, result, json) }
        }
        return (result, json)
    }
}

