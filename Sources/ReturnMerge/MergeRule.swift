import DisclosureCatalog

/// The merge's own findings, with stable codes in the style of `ReturnRule` (`validate --list-rules` lists
/// both). A merged return's findings are `ReturnRule`s, the same as `validate` gives it.
public enum MergeRule: String, CaseIterable, Codable, Sendable {
    case rejectedUnreadable = "RET-REJECTED-UNREADABLE"
    case rejectedNotAReturn = "RET-REJECTED-NOT-A-RETURN"
    case rejectedOtherCatalog = "RET-REJECTED-OTHER-CATALOG"
    case rejectedNoOfficeCode = "RET-REJECTED-NO-CODE"
    case codeNumeric = "RET-MERGE-CODE-NUMERIC"
    case unknownOffice = "RET-MERGE-UNKNOWN-OFFICE"
    case nameDiffers = "RET-MERGE-NAME"
    case superseded = "RET-MERGE-SUPERSEDED"
    case rosterCodeInvalid = "RET-ROSTER-CODE"
    case rosterCodeNumeric = "RET-ROSTER-CODE-NUMERIC"
    case rosterDuplicate = "RET-ROSTER-DUPLICATE"

    public var code: String { rawValue }

    /// The rule of a rejected input.
    public init(rejection reason: RejectionReason) {
        switch reason {
        case .unreadable: self = .rejectedUnreadable
        case .notAReturn: self = .rejectedNotAReturn
        case .otherCatalog: self = .rejectedOtherCatalog
        case .noOfficeCode: self = .rejectedNoOfficeCode
        }
    }

    public var severity: Severity {
        switch self {
        case .rejectedUnreadable, .rejectedNotAReturn, .rejectedOtherCatalog, .rejectedNoOfficeCode, .rosterCodeInvalid:
            return .error
        case .codeNumeric, .unknownOffice, .nameDiffers, .rosterCodeNumeric, .rosterDuplicate:
            return .warning
        case .superseded:
            return .info
        }
    }

    /// What the rule reports, for `--list-rules`.
    public var summary: LocalizedText {
        switch self {
        case .rejectedUnreadable: return LocalizedText(zh: "汇总：文件无法读取，未合并", en: "merge: the file cannot be read; not merged")
        case .rejectedNotAReturn: return LocalizedText(zh: "汇总：文件不是填报表，未合并", en: "merge: the file is not a return; not merged")
        case .rejectedOtherCatalog: return LocalizedText(zh: "汇总：填报表依据其他目录或版本，未合并", en: "merge: the return is for another catalog or version; not merged")
        case .rejectedNoOfficeCode: return LocalizedText(zh: "汇总：填报表缺少有效的单位代码，无法归属，未合并", en: "merge: the return has no valid office code; not merged")
        case .codeNumeric: return LocalizedText(zh: "汇总：单位代码被存为数字，已补回前导0", en: "merge: the office code was stored as a number; leading zeros restored")
        case .unknownOffice: return LocalizedText(zh: "汇总：单位代码不在名单中", en: "merge: the office code is not on the roster")
        case .nameDiffers: return LocalizedText(zh: "汇总：名单中的单位名称与填报表的填报单位不同（汇总按名单）", en: "merge: the roster's office name differs from the return's (the roster's is used)")
        case .superseded: return LocalizedText(zh: "汇总：同一单位有更新的填报表，本表被替代", en: "merge: superseded by a later return of the same office")
        case .rosterCodeInvalid: return LocalizedText(zh: "名单：单位代码无效，该行已忽略", en: "roster: the office code is invalid; row ignored")
        case .rosterCodeNumeric: return LocalizedText(zh: "名单：单位代码被存为数字，已补回前导0", en: "roster: the office code was stored as a number; leading zeros restored")
        case .rosterDuplicate: return LocalizedText(zh: "名单：单位代码重复，以首次为准", en: "roster: a code appears twice; the first row is used")
        }
    }
}
