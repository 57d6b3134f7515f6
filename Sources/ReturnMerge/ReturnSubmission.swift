import Foundation
import DisclosureCatalog
import OfficeReturns
import SheetCore

/// The identity block of a return (填报单位, 关区代码, 所属直属海关, 填报人, 联系电话, 填报日期).
public struct ReturnIdentity: Sendable, Hashable {
    /// 填报单位
    public var officeName: String
    /// 关区代码 as found (text; may have lost its leading zero in Excel).
    public var officeCode: CellValue
    /// 所属直属海关
    public var district: String
    /// 填报人
    public var filledBy: String
    /// 联系电话
    public var phone: String
    /// 填报日期
    public var filledOn: DateTimeValue?
    /// Where 关区代码 sits, for findings.
    public var codeLocation: SourceLocation?

    public init(officeName: String = "", officeCode: CellValue = .empty, district: String = "", filledBy: String = "",
                phone: String = "", filledOn: DateTimeValue? = nil, codeLocation: SourceLocation? = nil) {
        self.officeName = officeName; self.officeCode = officeCode; self.district = district
        self.filledBy = filledBy; self.phone = phone; self.filledOn = filledOn; self.codeLocation = codeLocation
    }
}

/// An office's answer for one catalog item, every field with the cell it came from.
public struct ItemAnswer: Sendable, Hashable {
    /// 序号 — catalog item number.
    public var item: Int
    /// 二级事项 — item name.
    public var name: String
    /// 落实情况; nil when empty or not one of the four values (`statusText` keeps what was written).
    public var status: ImplementationStatus?
    public var statusText: String
    /// 实际公开渠道 — the channels checked, in catalog order.
    public var channels: [String]
    /// 其他渠道说明
    public var otherChannel: String
    /// 公开网址或位置
    public var location: String
    /// 信息形成或变更日期
    public var formedOn: DateTimeValue?
    /// 公开日期
    public var publishedOn: DateTimeValue?
    /// 责任部门
    public var department: String
    /// 未公开或不适用原因
    public var reason: String
    /// 备注
    public var remarks: String
    /// Whether the deadline (公开时限) was met: nil when it is not judged (timely / set elsewhere / no dates).
    public var deadlineMet: Bool?
    /// Where the answer sits: the row of fill-in cells (`file!sheet!H12:S12`) or the CSV line.
    public var source: SourceLocation

    public init(item: Int, name: String, status: ImplementationStatus?, statusText: String? = nil, channels: [String] = [],
                otherChannel: String = "", location: String = "", formedOn: DateTimeValue? = nil,
                publishedOn: DateTimeValue? = nil, department: String = "", reason: String = "", remarks: String = "",
                deadlineMet: Bool? = nil, source: SourceLocation) {
        self.item = item; self.name = name; self.status = status; self.statusText = statusText ?? status?.chineseLabel ?? ""
        self.channels = channels; self.otherChannel = otherChannel; self.location = location
        self.formedOn = formedOn; self.publishedOn = publishedOn; self.department = department
        self.reason = reason; self.remarks = remarks; self.deadlineMet = deadlineMet; self.source = source
    }
}

/// One office return as the merge sees it: identity, answers and the findings of its validation.
///
/// The merge knows nothing about how the return was read; a `ReturnLoader` makes these.
public struct ReturnSubmission: Sendable {
    public var identity: ReturnIdentity
    public var answers: [ItemAnswer]
    public var findings: [Finding]

    public init(identity: ReturnIdentity, answers: [ItemAnswer], findings: [Finding] = []) {
        self.identity = identity; self.answers = answers; self.findings = findings
    }
}

/// Why an input was not merged.
public enum RejectionReason: String, Sendable, Codable, CaseIterable {
    /// The file could not be read (corrupt, truncated, not a spreadsheet, permission).
    case unreadable
    /// A readable spreadsheet that is not a return of ours.
    case notAReturn = "not-a-return"
    /// A return for another catalog or an unknown template/catalog version.
    case otherCatalog = "other-catalog"
    /// A return without a usable 关区代码, so it cannot be attributed to an office.
    case noOfficeCode = "no-office-code"
}

/// What a loader made of one input file.
public enum LoadOutcome: Sendable {
    case loaded(ReturnSubmission)
    case rejected(RejectionReason, LocalizedText)
}

/// Reads and validates one return file. Implementations must not throw for bad input: they reject it.
public protocol ReturnLoader: Sendable {
    func load(_ file: URL, displayPath: String) -> LoadOutcome
}
