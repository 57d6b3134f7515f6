import ArgumentParser
import Foundation
import DisclosureCatalog
import OfficeReturns
import WorkCalendar

/// `--min-severity error|warning|info`: the least serious findings a text report shows.
extension Severity: ExpressibleByArgument {}

/// The checking options `validate` and `merge` share, parsed the same way so that the same return gets the
/// same verdict from both: `--as-of` (default today in Beijing), `--start-day`, `--office-level`.
enum ReturnCheckOptions {
    /// The validation settings for a catalog.
    /// - Throws: `ValidationError` (a usage error) when `--office-level` is not one of the catalog's levels.
    static func settings(asOf: String?, startDay: String, officeLevel: String?, catalog: Catalog,
                         language: Language = .current) throws -> ValidationSettings {
        ValidationSettings(asOf: asOf.flatMap { CalendarDate(iso: $0) } ?? todayInBeijing(),
                           counting: CountingRules(startDay: StartDayConvention(rawValue: startDay) ?? .excluded),
                           officeLevel: try level(officeLevel, catalog: catalog, language: language))
    }

    /// The checks of the options that need no catalog.
    static func validate(asOf: String?, startDay: String, language: Language = .current) throws {
        guard StartDayConvention(rawValue: startDay) != nil else {
            throw usageError(language, zh: "--start-day 须为 excluded 或 included：“\(startDay)”",
                             en: "--start-day: excluded or included, found \"\(startDay)\"")
        }
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw usageError(language, zh: "--as-of 须为 YYYY-MM-DD 的真实日期：\(asOf)", en: "--as-of must be a real YYYY-MM-DD date: \(asOf)")
        }
    }

    /// `--office-level`: one of the catalog's levels (`Catalog.officeLevels`), or nil when not given.
    /// - Throws: `ValidationError` naming the accepted values.
    static func level(_ text: String?, catalog: Catalog, language: Language = .current) throws -> Publisher? {
        guard let text else { return nil }
        let levels = catalog.officeLevels
        let trimmed = text.trimmingWhitespace()
        if let level = levels.first(where: { $0.rawValue == trimmed }) { return level }
        let accepted = levels.map(\.rawValue)
        throw usageError(language, zh: "--office-level：“\(text)”不是本目录的单位层级，可选：\(accepted.joined(separator: "、"))",
                         en: "--office-level: \"\(text)\" is not an office level of this catalog; accepted: \(accepted.joined(separator: ", "))")
    }

    /// Today's date in China (UTC+8), where the offices are.
    static func todayInBeijing() -> CalendarDate { CalendarDate.todayInBeijing() }
}
