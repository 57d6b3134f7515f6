import DisclosureCatalog
import SheetCore

/// The result of validating several files, in the JSON shape of `disclosure validate --format json`
/// (`Schemas/findings.schema.json`):
/// `{"files":[{"file":…,"office":{…},"findings":[{"rule":…,"severity":…,"sheet":…,"cell":"H12","item":5,"message":…}]}]}`.
public struct ValidationReport: Codable, Hashable, Sendable {
    public struct Office: Codable, Hashable, Sendable {
        public var name: String
        public var code: String
        public var directCustoms: String

        public init(_ identity: OfficeIdentity) {
            name = identity.name.text
            code = identity.code.text
            directCustoms = identity.directCustoms.text
        }
    }

    /// One finding, flattened for JSON: the message in the chosen language.
    public struct Entry: Codable, Hashable, Sendable {
        public var rule: String
        public var severity: Severity
        public var sheet: String?
        public var cell: String?
        public var item: Int?
        public var message: String

        public init(_ finding: Finding, language: Language) {
            rule = finding.code
            severity = finding.severity
            sheet = finding.location?.sheet
            cell = finding.location?.cell
            item = finding.itemNumber
            message = finding.message.text(language)
        }
    }

    public struct FileResult: Codable, Hashable, Sendable {
        public var file: String
        /// Nil when the file could not be read.
        public var office: Office?
        /// Why the file could not be read (then `findings` is empty).
        public var error: String?
        public var findings: [Entry]

        public init(file: String, office: Office?, error: String? = nil, findings: [Entry]) {
            self.file = file
            self.office = office
            self.error = error
            self.findings = findings
        }

        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    }

    public var files: [FileResult]

    public init(files: [FileResult] = []) {
        self.files = files
    }

    /// 0 clean (no errors), 1 errors found, 2 some input unreadable — `disclosure validate`'s exit status.
    public var exitStatus: Int32 {
        if files.contains(where: { $0.error != nil }) { return 2 }
        if files.contains(where: { $0.errorCount > 0 }) { return 1 }
        return 0
    }
}
