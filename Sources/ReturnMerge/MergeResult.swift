import DisclosureCatalog
import OfficeReturns
import SheetCore

/// How one input file was accounted for.
public enum InputStatus: String, Sendable, Codable, CaseIterable {
    /// Merged, no error or warning.
    case merged
    /// Merged, with errors or warnings to fix (see 问题).
    case mergedWithFindings = "merged-with-findings"
    /// A later return of the same office was merged instead.
    case superseded
    /// Not merged; `reason` says why.
    case rejected
}

/// One input and what became of it.
public struct InputRecord: Sendable, Hashable {
    public var file: String
    public var status: InputStatus
    public var reason: RejectionReason?
    /// Why it was rejected or superseded, in the report language.
    public var message: String
    /// 关区代码, when the file is a return.
    public var officeCode: String?
    /// The file that superseded this one.
    public var supersededBy: String?
    public var errors: Int
    public var warnings: Int
}

/// One office's accepted (winning) return.
public struct MergedOffice: Sendable {
    public var code: String
    public var name: String
    public var district: String
    public var file: String
    public var onRoster: Bool
    public var identity: ReturnIdentity
    /// Answers sorted by item number.
    public var answers: [ItemAnswer]
    /// Whether each answer counts as compliant (合规, `Merger.isCompliant`), parallel to `answers`: worked out
    /// once by the merge, read by the summary, the sheets and the JSON.
    public var compliant: [Bool]
    /// Files of this office that lost to `file`.
    public var superseded: [String]
}

/// A field on which a superseded return differs from the accepted one.
public struct AnswerConflict: Sendable, Hashable {
    public var code: String
    public var item: Int
    /// Field header (e.g. 落实情况).
    public var field: String
    public var keptFile: String
    public var keptValue: String
    public var supersededFile: String
    public var supersededValue: String
}

/// A catalog item as the merge lists it.
public struct MergeItem: Sendable, Hashable, Codable {
    /// 序号
    public var number: Int
    /// 二级事项
    public var name: String
    /// 公开时限 as written in the catalog (may be empty).
    public var deadline: String

    public init(number: Int, name: String, deadline: String = "") {
        self.number = number; self.name = name; self.deadline = deadline
    }
}

/// Figures for one item over every accepted return.
public struct ItemSummary: Sendable, Hashable {
    public var item: MergeItem
    /// Offices that answered the item (a row for it, whatever its status).
    public var answered: Int
    public var byStatus: [ImplementationStatus: Int]
    /// Rows with an empty or unknown 落实情况.
    public var invalidStatus: Int
    /// Offices that checked each channel, in vocabulary order.
    public var channelUse: [String: Int]
    /// Offices that used no channel while 已公开/部分公开.
    public var publishedWithoutChannel: Int
    public var deadlineMet: Int
    public var deadlineMissed: Int
    public var deadlineNotJudged: Int
    public var compliant: Int

    /// compliant ÷ answered, nil when nobody answered.
    public var complianceRate: Double? { answered == 0 ? nil : Double(compliant) / Double(answered) }
    /// met ÷ (met + missed), nil when no deadline was judged.
    public var deadlineRate: Double? {
        let judged = deadlineMet + deadlineMissed
        return judged == 0 ? nil : Double(deadlineMet) / Double(judged)
    }
}

/// Figures for one 直属海关 (or for all of them).
public struct DistrictSummary: Sendable, Hashable {
    public var district: String
    /// Offices on the roster; nil without a roster.
    public var expected: Int?
    /// Offices with an accepted return (on the roster, or all of them without a roster).
    public var answered: Int
    /// Roster offices without a return.
    public var missing: Int
    /// Accepted returns from offices not on the roster.
    public var unknown: Int
    /// item answers counted, and those compliant.
    public var answers: Int
    public var compliantAnswers: Int
    public var errors: Int
    public var warnings: Int

    /// answered ÷ expected, nil without a roster.
    public var responseRate: Double? {
        guard let expected, expected > 0 else { return nil }
        return Double(answered) / Double(expected)
    }
    public var complianceRate: Double? { answers == 0 ? nil : Double(compliantAnswers) / Double(answers) }
}

/// Everything a merge produced: the accounting of inputs, the accepted returns, and the figures.
public struct MergeResult: Sendable {
    public var language: Language
    public var asOf: DateTimeValue?
    public var channelVocabulary: [String]
    public var items: [MergeItem]
    public var inputs: [InputRecord]
    /// Accepted returns, by office code.
    public var offices: [MergedOffice]
    /// Roster offices without a return, in roster order.
    public var missing: [RosterEntry]
    /// Codes of accepted returns not on the roster (empty without a roster).
    public var unknownOffices: [String]
    public var conflicts: [AnswerConflict]
    /// Every finding: validation of accepted returns, the roster, and the merge's own.
    public var findings: [Finding]
    /// 关区代码 per finding index (nil for roster and rejected-file findings).
    public var findingOffices: [String?]
    public var itemSummaries: [ItemSummary]
    public var districtSummaries: [DistrictSummary]
    public var overall: DistrictSummary
    public var hasRoster: Bool
    /// The catalog's identity fields (关区代码 … for customs): the sheets' headers and the JSON's `office_fields`.
    public var officeFields: OfficeFields = .customs

    /// Count of inputs per status.
    public func count(_ status: InputStatus) -> Int { inputs.filter { $0.status == status }.count }
}
