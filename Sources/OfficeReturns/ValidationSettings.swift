import DisclosureCatalog
import WorkCalendar

/// Settings of `ReturnValidator`.
public struct ValidationSettings: Sendable {
    /// Dates after this day are in the future (nil: not checked).
    public var asOf: CalendarDate?
    /// How deadline periods are counted (start day not counted, 民法典 art. 201, by default).
    public var counting: CountingRules
    /// The office's level (公开主体 level). Nil: derived from the identity block — a 关区代码 ending in 00
    /// or a 填报单位 equal to its 所属直属海关 is a 直属海关, any other office a 隶属海关.
    public var officeLevel: Publisher?
    /// Template versions this release reads.
    public var knownTemplateVersions: Set<String>

    public init(asOf: CalendarDate? = nil, counting: CountingRules = .standard, officeLevel: Publisher? = nil,
                knownTemplateVersions: Set<String> = [TemplateMetadata.templateVersion]) {
        self.asOf = asOf
        self.counting = counting
        self.officeLevel = officeLevel
        self.knownTemplateVersions = knownTemplateVersions
    }
}
