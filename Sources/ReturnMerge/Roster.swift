import DisclosureCatalog
import SheetCore

/// One office expected to answer a round.
public struct RosterEntry: Sendable, Hashable, Codable {
    /// 关区代码 (four digits, text).
    public var code: String
    /// Office name.
    public var name: String
    /// 所属直属海关
    public var district: String

    public init(code: String, name: String, district: String) {
        self.code = code; self.name = name; self.district = district
    }
}

/// The offices expected to answer (名单), read from a sheet with the headers 关区代码, a name column and 所属直属海关.
public struct Roster: Sendable {
    /// Entries in roster order, one per code.
    public var entries: [RosterEntry] { didSet { index = Self.index(entries) } }
    /// Problems met while reading (numeric codes, duplicates, bad rows); never fatal.
    public var findings: [Finding]

    public init(entries: [RosterEntry], findings: [Finding] = []) {
        self.entries = entries; self.findings = findings
        index = Self.index(entries)
    }

    public func entry(for code: String) -> RosterEntry? { index[code].map { entries[$0] } }

    /// Position of each code's first entry.
    private var index: [String: Int]

    private static func index(_ entries: [RosterEntry]) -> [String: Int] {
        var map: [String: Int] = [:]
        for (i, e) in entries.enumerated() where map[e.code] == nil { map[e.code] = i }
        return map
    }

    /// Header texts accepted for each column (compared after trimming).
    static let codeHeaders = ["关区代码", "code", "office code"]
    static let nameHeaders = ["关区名称", "单位名称", "填报单位", "名称", "海关名称", "name", "office"]
    static let districtHeaders = ["所属直属海关", "直属海关", "district"]

    /// Reads a roster from the first sheet that has a 关区代码 header (the catalog's code label, `fields.code`)
    /// in its first 20 rows.
    /// - Parameter fields: the catalog's identity fields: their labels are headers too, and codes are read with
    ///   their digit count.
    /// - Throws: `MergeError` (`.roster`) when no sheet has the code header.
    public init(grids: [Grid], file: String, fields: OfficeFields = .customs) throws(MergeError) {
        for grid in grids {
            if let roster = Roster(grid: grid, file: file, fields: fields) {
                self = roster
                return
            }
        }
        throw MergeError(.roster, location: SourceLocation(file: file),
                         message: Messages.rosterNoHeader(fields))
    }

    init?(grid: Grid, file: String, fields: OfficeFields = .customs) {
        let codeHeaders = [fields.code] + Self.codeHeaders, nameHeaders = Self.nameHeaders + [fields.name]
        let districtHeaders = [fields.parent] + Self.districtHeaders
        func norm(_ s: String) -> String {
            s.filter { !$0.isWhitespace }.lowercased()
        }
        var header: (row: Int, code: Int, name: Int?, district: Int?)?
        for row in 0..<min(grid.rowCount, 20) {
            var code: Int?, name: Int?, district: Int?
            for col in 0..<grid.columnCount {
                let t = norm(grid.text(row: row, column: col))
                if code == nil, codeHeaders.map(norm).contains(t) { code = col }
                else if name == nil, nameHeaders.map(norm).contains(t) { name = col }
                else if district == nil, districtHeaders.map(norm).contains(t) { district = col }
            }
            if let code { header = (row, code, name, district); break }
        }
        guard let header else { return nil }
        var entries: [RosterEntry] = []
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for row in (header.row + 1)..<max(header.row + 1, grid.rowCount) {
            let ref = CellReference(row: row, column: header.code)
            let value = grid.value(ref)
            let name = header.name.map { grid.text(row: row, column: $0) } ?? ""
            let district = header.district.map { grid.text(row: row, column: $0) } ?? ""
            if value.isEmpty && name.isEmpty && district.isEmpty { continue }
            let loc = SourceLocation(file: file, sheet: grid.name, cell: ref.description)
            switch OfficeCode.read(value, digits: fields.codeDigits) {
            case .invalid(let text):
                findings.append(Finding(code: MergeRule.rosterCodeInvalid.code, severity: MergeRule.rosterCodeInvalid.severity, location: loc,
                    message: Messages.rosterCodeInvalid(text, fields)))
                continue
            case .restored(let code, let found):
                findings.append(Finding(code: MergeRule.rosterCodeNumeric.code, severity: MergeRule.rosterCodeNumeric.severity, location: loc,
                    message: Messages.codeRestored(found: found, code: code)))
                append(code)
            case .exact(let code):
                append(code)
            }
            func append(_ code: String) {
                if let first = seen[code] {
                    findings.append(Finding(code: MergeRule.rosterDuplicate.code, severity: MergeRule.rosterDuplicate.severity, location: loc,
                        message: Messages.rosterDuplicate(code: code, firstRow: first + 1)))
                    return
                }
                seen[code] = row
                entries.append(RosterEntry(code: code, name: name.trimmed, district: district.trimmed))
            }
        }
        self.init(entries: entries, findings: findings)
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
