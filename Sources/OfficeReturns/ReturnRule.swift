import DisclosureCatalog

/// The validation rules, with stable codes. Scripts may rely on `code`; messages may change.
public enum ReturnRule: String, CaseIterable, Codable, Sendable {
    case identityMissing = "RET-ID-MISSING"
    case officeCode = "RET-ID-CODE"
    case reportDate = "RET-ID-DATE"
    case phone = "RET-ID-PHONE"
    case layout = "RET-LAYOUT"
    case catalogUnknown = "RET-CATALOG"
    case catalogVersion = "RET-CATALOG-VERSION"
    case templateVersion = "RET-TEMPLATE-VERSION"
    case columnMissing = "RET-COLUMN-MISSING"
    case itemMissing = "RET-ITEM-MISSING"
    case itemDuplicate = "RET-ITEM-DUPLICATE"
    case rowUnknown = "RET-ROW-UNKNOWN"
    case rowMatch = "RET-ROW-MATCH"
    case textChanged = "RET-TEXT-CHANGED"
    case statusMissing = "RET-STATUS-MISSING"
    case statusInvalid = "RET-STATUS-INVALID"
    case channelNone = "RET-CHANNEL-NONE"
    case channelMark = "RET-CHANNEL-MARK"
    case channelUnpublished = "RET-CHANNEL-UNPUBLISHED"
    case otherNote = "RET-OTHER-NOTE"
    case otherUnchecked = "RET-OTHER-UNCHECKED"
    case url = "RET-URL"
    case dateInvalid = "RET-DATE-INVALID"
    case dateFuture = "RET-DATE-FUTURE"
    case dateOrder = "RET-DATE-ORDER"
    case dateMissing = "RET-DATE-MISSING"
    case deadlineMissed = "RET-DEADLINE"
    case deadlineOverdue = "RET-DEADLINE-OVERDUE"
    case deadlineNoted = "RET-DEADLINE-NOTED"
    case calendar = "RET-CALENDAR"
    case reasonMissing = "RET-REASON"
    case notApplicableLevel = "RET-NA-LEVEL"
    case recommendedUnused = "RET-RECOMMENDED"

    public var code: String { rawValue }

    public var severity: Severity {
        switch self {
        case .identityMissing, .officeCode, .reportDate, .catalogUnknown, .catalogVersion, .templateVersion,
             .columnMissing, .itemMissing, .itemDuplicate, .rowUnknown, .textChanged, .statusMissing,
             .statusInvalid, .channelNone, .channelMark, .otherNote, .url, .dateInvalid, .dateFuture, .dateOrder,
             .deadlineMissed, .reasonMissing:
            return .error
        // RET-CALENDAR is the tool's data falling short, not the office's mistake: the deadline is not
        // judged (never guessed) and the message says which holiday file to add with --holidays.
        case .phone, .rowMatch, .channelUnpublished, .otherUnchecked, .dateMissing, .deadlineOverdue, .calendar:
            return .warning
        case .layout, .deadlineNoted, .notApplicableLevel, .recommendedUnused:
            return .info
        }
    }

    /// What the rule checks, for documentation and `--help`.
    public var summary: LocalizedText {
        switch self {
        case .identityMissing: return LocalizedText(zh: "填报单位信息（填报单位、关区代码、所属直属海关、填报人、联系电话、填报日期）须填写完整", en: "the identity block (office, customs code, district, preparer, phone, date) is complete")
        case .officeCode: return LocalizedText(zh: "关区代码为4位数字，以文本保存（保留前导0）", en: "the customs code is four digits, kept as text (leading zeros)")
        case .phone: return LocalizedText(zh: "联系电话应保留区号的前导0（按文本填写）", en: "the phone number keeps the leading 0 of its area code (typed as text)")
        case .reportDate: return LocalizedText(zh: "填报日期为真实日期且不晚于校验日期", en: "the report date is a real date, not after the as-of date")
        case .layout: return LocalizedText(zh: "说明文件的版式（未使用模板时按序号和事项名称对应各行）", en: "notes the file layout (without the template, rows are matched by number and name)")
        case .catalogUnknown: return LocalizedText(zh: "模板所依据的目录须为当前目录", en: "the template's catalog is the one validated against")
        case .catalogVersion: return LocalizedText(zh: "模板所依据的目录版本须为当前版本", en: "the template's catalog version is known")
        case .templateVersion: return LocalizedText(zh: "模板版本须为本工具支持的版本", en: "the template version is known")
        case .columnMissing: return LocalizedText(zh: "填报列须齐全（按表头文字识别）", en: "every fill-in column is present (found by header text)")
        case .itemMissing: return LocalizedText(zh: "目录中的每个事项都须填报", en: "every catalog item is present")
        case .itemDuplicate: return LocalizedText(zh: "每个事项只能出现一次", en: "every item appears once")
        case .rowUnknown: return LocalizedText(zh: "不得有目录以外的行", en: "no rows outside the catalog")
        case .rowMatch: return LocalizedText(zh: "序号与事项名称须一致", en: "item number and name agree")
        case .textChanged: return LocalizedText(zh: "目录原文（锁定列）不得改动", en: "locked catalog text is unchanged")
        case .statusMissing: return LocalizedText(zh: "落实情况须填写", en: "the status is filled in")
        case .statusInvalid: return LocalizedText(zh: "落实情况须为已公开、部分公开、未公开、不适用之一", en: "the status is one of the four values")
        case .channelNone: return LocalizedText(zh: "已公开或部分公开的事项至少选择一种公开渠道（备注3）", en: "a published item uses at least one channel (note 3)")
        case .channelMark: return LocalizedText(zh: "渠道单元格须为☑或☐", en: "channel cells hold ☑ or ☐")
        case .channelUnpublished: return LocalizedText(zh: "未公开或不适用的事项不应勾选渠道", en: "an unpublished item has no channel checked")
        case .otherNote: return LocalizedText(zh: "勾选“其他”渠道须填写其他渠道说明", en: "the 其他 channel needs its form in 其他渠道说明")
        case .otherUnchecked: return LocalizedText(zh: "填写了其他渠道说明但未勾选“其他”", en: "其他渠道说明 is given but 其他 is not checked")
        case .url: return LocalizedText(zh: "勾选网站渠道须在公开网址或位置中填写格式正确的网址", en: "the website channel needs a well-formed URL in 公开网址或位置")
        case .dateInvalid: return LocalizedText(zh: "日期须为真实日期", en: "dates are real dates")
        case .dateFuture: return LocalizedText(zh: "日期不得晚于校验日期", en: "dates are not after the as-of date")
        case .dateOrder: return LocalizedText(zh: "公开日期不得早于信息形成或变更日期", en: "the publication date is not before the date formed or changed")
        case .dateMissing: return LocalizedText(zh: "已公开的事项应填写日期，以便核对公开时限", en: "a published item gives its dates so the deadline can be checked")
        case .deadlineMissed: return LocalizedText(zh: "须在公开时限内公开（工作日按国务院节假日安排计算）", en: "the deadline is met (working days follow the State Council holiday notices)")
        case .deadlineOverdue: return LocalizedText(zh: "未公开的事项已超过公开时限", en: "an unpublished item is past its deadline")
        case .deadlineNoted: return LocalizedText(zh: "“及时”或由其他规定确定的时限只作提示，不作判断", en: "timely or regulation-set deadlines are noted, not judged")
        case .calendar: return LocalizedText(zh: "缺少节假日数据时无法核对工作日时限", en: "working-day deadlines need holiday data for the year")
        case .reasonMissing: return LocalizedText(zh: "未公开或不适用的事项须说明原因", en: "an unpublished or not-applicable item gives a reason")
        case .notApplicableLevel: return LocalizedText(zh: "公开主体不含本单位层级的事项可填“不适用”", en: "an item whose publishers exclude the office's level may be not applicable")
        case .recommendedUnused: return LocalizedText(zh: "未使用的推荐渠道（提示）", en: "recommended channels left unused (info)")
        }
    }
}
