import CatalogTable
import DisclosureCatalog
import Foundation
import OfficeReturns
import ReturnMerge
import SheetCore
import SheetIO
import WorkCalendar

/// The round portal's logic, apart from HTTP: rounds, uploads and what HQ sees. One per data folder and process.
public final class Portal: Sendable {
    public let store: PortalStore
    public let maxUploadBytes: Int
    private let states = Locked<[Int64: RoundState]>([:])

    public init(store: PortalStore, maxUploadBytes: Int = 20 << 20) {
        self.store = store
        self.maxUploadBytes = maxUploadBytes
    }

    // MARK: rounds

    /// What `round open` prints.
    public struct OpenedRound: Codable, Sendable {
        public struct Office: Codable, Sendable {
            public var code: String
            public var name: String
            public var directCustoms: String
            public var link: String
        }
        public var round: Int64
        public var offices: [Office]
    }

    /// Opens a round: reads the roster and the catalog (both kept in the data folder), makes a link per office.
    public func openRound(name: String, roster rosterPath: String, catalog: String = "customs", due: String? = nil,
                          asOf: String? = nil) throws -> OpenedRound {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw PortalError.input("--name: 轮次名称不能为空 (the round needs a name)") }
        for (label, value) in [("--due", due), ("--as-of", asOf)] {
            if let value, CalendarDate(iso: value) == nil {
                throw PortalError.input("\(label): 须为 YYYY-MM-DD 的真实日期 (a real YYYY-MM-DD date): \(value)")
            }
        }
        guard let rosterBytes = FileManager.default.contents(atPath: rosterPath) else {
            throw PortalError.input("\(rosterPath): 无法读取名单 (cannot read the roster)")
        }
        let rosterName = URL(fileURLWithPath: rosterPath).lastPathComponent
        let rosterExt = URL(fileURLWithPath: rosterPath).pathExtension.lowercased()
        let roster: Roster
        do { roster = try Roster(grids: SheetIO.readGrids(path: rosterPath), file: rosterName) } catch {
            throw PortalError.input("\(rosterPath): \(error)")
        }
        var seen: Set<String> = []
        let offices = roster.entries.filter { seen.insert($0.code).inserted }.map { ($0.code, $0.name, $0.district) }
        guard !offices.isEmpty else { throw PortalError.input("\(rosterPath): 名单中没有关区 (the roster lists no office)") }
        // The catalog: a built-in name is kept as is, a file is copied into the folder.
        var catalogSpec = catalog
        do { _ = try CatalogFile.catalog(catalog) } catch { throw PortalError.input("--catalog \(catalog): \(error)") }
        if FileManager.default.fileExists(atPath: catalog), let bytes = FileManager.default.contents(atPath: catalog) {
            catalogSpec = "file:" + (try store.storeBytes(Array(bytes), ext: URL(fileURLWithPath: catalog).pathExtension.lowercased())).relative
        }
        let stored = try store.storeBytes(Array(rosterBytes), ext: rosterExt)
        let (round, records) = try store.insertRound(name: name, catalog: catalogSpec, rosterName: rosterName,
                                                     rosterFile: stored.relative, due: due, asOf: asOf, offices: offices)
        return OpenedRound(round: round.id, offices: records.map {
            .init(code: $0.code, name: $0.name, directCustoms: $0.district, link: "/o/\($0.token)")
        })
    }

    /// The in-memory state of a round (catalog, roster, each office's latest parsed return), built on first use.
    func state(_ round: RoundRecord) throws -> RoundState {
        if let s = states.withLock({ $0[round.id] }) { return s }
        let state = try RoundState(round: round, store: store)
        return states.withLock { dict in
            if let existing = dict[round.id] { return existing }
            dict[round.id] = state
            return state
        }
    }

    public func state(round id: Int64) throws -> RoundState? {
        guard let round = try store.round(id) else { return nil }
        let s = try state(round)
        s.updateRecord(round)  // closed by the CLI meanwhile
        return s
    }

    /// Loads every round's state now (at server start), so the first requests do not pay for it.
    public func warmUp() throws {
        for round in try store.rounds() { _ = try state(round) }
    }

    // MARK: uploads

    /// The outcome of one upload, as sent to the office.
    public struct UploadResult: Codable, Sendable {
        public struct Office: Codable, Sendable, Hashable {
            public var name: String
            public var code: String
            public var directCustoms: String
            public init(name: String, code: String, directCustoms: String) {
                self.name = name; self.code = code; self.directCustoms = directCustoms
            }
        }
        public var submission: Int64
        public var status: String
        public var file: String
        public var office: Office?
        public var error: String?
        public var findings: [ValidationReport.Entry]

        public init(submission: Int64, status: String, file: String, office: Office?, error: String?,
                    findings: [ValidationReport.Entry]) {
            self.submission = submission; self.status = status; self.file = file; self.office = office
            self.error = error; self.findings = findings
        }
    }

    /// Why an upload was refused before anything was stored.
    public enum UploadRefusal: Error, Sendable {
        case unknownOffice
        case roundClosed
        case tooLarge(limit: Int)
        case badRequest(String)
    }

    /// Starts receiving an upload's bytes into a temporary file of the data folder.
    public func beginUpload() throws -> UploadSink {
        try UploadSink(url: store.temporaryURL(), limit: maxUploadBytes)
    }

    /// Receives an upload whose bytes are already in a fsynced temporary file of the data folder.
    /// - Parameter round: the office's round when the caller has just read it (else it is read here).
    public func accept(office: OfficeRecord, round: RoundRecord? = nil, name rawName: String, temporary temp: URL, sha: String,
                       size: Int64) async throws -> UploadResult {
        guard let round = try round ?? store.round(office.roundID) else { throw UploadRefusal.unknownOffice }
        let state = try state(round)
        let name = Self.safeName(rawName)
        let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
        let displayPath = "\(office.code)/\(name)"
        let store = self.store
        let judge = state.judge()
        // Rename to the content address (folder synced), then read and validate: blocking work, off the pool.
        let (stored, file, outcome) = try await offload { () throws -> (String, MergeInputFile, LoadOutcome) in
            let stored = try store.commitFile(temp, sha: sha, ext: ext)
            let file = MergeInputFile(url: store.url(ofStored: stored), displayPath: displayPath, modified: Date())
            return (stored, file, state.load(file, judge: judge))
        }
        var result = UploadResult(submission: 0, status: "rejected", file: name, office: nil, error: nil, findings: [])
        var accepted = false
        var errors = 0, warnings = 0
        switch outcome {
        case .rejected(_, let message):
            result.error = message.text(.zh)
            errors = 1
        case .loaded(let submission):
            let identity = submission.identity
            result.office = .init(name: identity.officeName, code: OfficeCode.read(identity.officeCode).code ?? "",
                                  directCustoms: identity.district)
            var findings = submission.findings
            let code = OfficeCode.read(identity.officeCode).code
            if code != office.code {
                let found = code ?? ""
                findings.insert(Finding(code: "RET-OFFICE-MISMATCH", severity: .error,
                    location: identity.codeLocation ?? SourceLocation(file: displayPath),
                    message: LocalizedText(
                        zh: found.isEmpty
                            ? "填报表未填写关区代码；本链接属于\(office.name)（\(office.code)），请填写本单位的关区代码后重新上传"
                            : "填报表的关区代码为 \(found)，但本链接属于\(office.name)（\(office.code)）：不能代其他单位上报，请使用本单位的模板",
                        en: found.isEmpty
                            ? "the return has no 关区代码; this link belongs to \(office.name) (\(office.code)): fill in your own code and upload again"
                            : "the return names 关区代码 \(found) but this link belongs to \(office.name) (\(office.code)): an office cannot file for another; use your own template")), at: 0)
                result.error = findings[0].message.text(.zh)
            } else {
                accepted = true
            }
            result.findings = findings.map { ValidationReport.Entry($0, language: .zh) }
            errors = findings.filter { $0.severity == .error }.count
            warnings = findings.filter { $0.severity == .warning }.count
            if accepted { result.status = errors + warnings > 0 ? "accepted-with-findings" : "accepted" }
        }
        let report = String(decoding: result.jsonBytes(), as: UTF8.self)
        let record = SubmissionRecord(id: 0, roundID: round.id, officeID: office.id, officeCode: office.code,
                                      received: isoNow(), name: name, sha256: sha, size: size, storedFile: stored,
                                      status: result.status, errors: errors, warnings: warnings, report: report)
        let id = try await store.insertSubmission(record)
        result.submission = id
        if accepted { state.record(code: office.code, id: id, loaded: Merger.Loaded(file: file, outcome: outcome), day: judge.day) } else { state.touch() }
        return result
    }

    /// The encoder of the other JSON documents (sorted keys, slashes unescaped).
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The report stored with a submission, with its id filled in.
    public static func report(of s: SubmissionRecord) -> UploadResult? {
        guard var r = try? JSONDecoder().decode(UploadResult.self, from: Data(s.report.utf8)) else { return nil }
        r.submission = s.id
        return r
    }

    /// A file name fit to show and to keep: the last path component, without control characters; `return.xlsx`
    /// when nothing is left.
    public static func safeName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty || cleaned == "." || cleaned == ".." { return "return.xlsx" }
        return String(cleaned.prefix(200))
    }

    // MARK: annotated copy, template

    /// The annotated copy of a (non-rejected) submission: re-read, re-validated, written to the cache folder.
    public func checkedCopy(_ s: SubmissionRecord) throws -> URL? {
        guard s.status != "rejected", let round = try store.round(s.roundID) else { return nil }
        let state = try state(round)
        let judge = state.judge()
        // A round judged as of today: one copy per day (its findings may change with the date).
        let day = state.fixedAsOf == nil ? "-\(judge.day)" : ""
        let target = store.directory.appendingPathComponent("cache/checked-\(s.id)\(day).xlsx")
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let url = store.url(ofStored: s.storedFile)
        let displayPath = "\(s.officeCode)/\(s.name)"
        guard case .loaded(let submission) = state.load(MergeInputFile(url: url, displayPath: displayPath, modified: nil), judge: judge) else { return nil }
        let workbook = try ReturnWorkbook(path: url.path)
        try ReturnAnnotation.write(try workbook.allSheets(), findings: submission.findings, language: .zh, to: target.path)
        return target
    }

    /// The office's own template, its identity filled in (`.xlsx`).
    public func template(for office: OfficeRecord) throws -> [UInt8] {
        guard let round = try store.round(office.roundID) else { throw PortalError.input("no round") }
        let state = try state(round)
        let template = ReturnTemplate(catalog: state.catalog, prefill: .init(officeName: office.name, officeCode: office.code,
                                                                             directCustoms: office.district))
        let temp = store.temporaryURL().appendingPathExtension("xlsx")
        defer { try? FileManager.default.removeItem(at: temp) }
        try template.writeXLSX(to: temp.path)
        return Array(try Data(contentsOf: temp))
    }

    /// Writes each office's latest accepted upload to `folder/<code>/<name>` (the files the portal merges,
    /// under the paths its merge shows) and the roster under its name: `disclosure merge` run in `folder`
    /// over them gives the portal's merge.
    public func export(round id: Int64, to folder: URL) throws -> [String] {
        guard let round = try store.round(id) else { throw PortalError.input("no round \(id)") }
        var paths: [String] = []
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let rosterTarget = folder.appendingPathComponent(round.rosterName)
        try? fm.removeItem(at: rosterTarget)
        try fm.copyItem(at: store.url(ofStored: round.rosterFile), to: rosterTarget)
        for s in try store.latestAccepted(round: id) {
            let dir = folder.appendingPathComponent(s.officeCode)
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            let target = dir.appendingPathComponent(s.name)
            try? fm.removeItem(at: target)
            try fm.copyItem(at: store.url(ofStored: s.storedFile), to: target)
            paths.append("\(s.officeCode)/\(s.name)")
        }
        return paths
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}

extension Portal.UploadResult {
    /// The JSON of `Portal.encoder` (sorted keys, nil members left out), written directly: an upload answers
    /// with it and stores it, and Foundation's encoder costs more than the rest of the answer.
    public func jsonBytes() -> [UInt8] {
        let w = JSONWriter(capacity: 4096 + findings.count * 256, layout: .lineBreaks(atDepths: []))
        w.object { w in
            if let error { w.key("error"); w.string(error) }
            w.key("file"); w.string(file)
            w.key("findings")
            w.array(findings) { w, f in
                w.object { w in
                    if let cell = f.cell { w.key("cell"); w.string(cell) }
                    if let item = f.item { w.key("item"); w.int(item) }
                    w.key("message"); w.string(f.message)
                    w.key("rule"); w.string(f.rule)
                    w.key("severity"); w.string(f.severity.rawValue)
                    if let sheet = f.sheet { w.key("sheet"); w.string(sheet) }
                }
            }
            if let office {
                w.key("office")
                w.object { w in
                    w.key("code"); w.string(office.code)
                    w.key("directCustoms"); w.string(office.directCustoms)
                    w.key("name"); w.string(office.name)
                }
            }
            w.key("status"); w.string(status)
            w.key("submission"); w.int(Int(submission))
        }
        return Array(w.finished().dropLast())  // without the final line break
    }
}
