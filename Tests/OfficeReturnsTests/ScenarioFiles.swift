import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import Testing
import TestSupport
import WorkCalendar

/// Files made the way offices make them: our template written by the library, filled by openpyxl
/// (Samples/returns/fill_return.py), optionally re-saved by LibreOffice.
enum ScenarioFiles {
    static let catalog = CustomsCatalog.catalog
    static let fillScript = TestSupport.packageRoot.appendingPathComponent("Samples/returns/fill_return.py").path

    struct FillFailure: Error { var message: String }

    /// A finding reduced to what the tests pin.
    struct Pin: Hashable, CustomStringConvertible {
        var rule: String
        var sheet: String?
        var cell: String?
        var item: Int?
        var description: String { "\(rule)@\(sheet ?? "-")!\(cell ?? "-")#\(item.map(String.init) ?? "-")" }
    }

    static func pins(_ findings: [Finding], includeInfo: Bool = false) -> Set<Pin> {
        Set(findings.filter { includeInfo || $0.severity != .info }.map {
            Pin(rule: $0.code, sheet: $0.location?.sheet, cell: $0.location?.cell, item: $0.itemNumber)
        })
    }

    /// The findings the `errors` scenario must produce in the XLSX template (sheet 填报表 unless named).
    static let expectedErrorsXLSX: Set<Pin> = {
        let main = ReturnTemplate.mainSheetName
        func p(_ rule: String, _ cell: String?, _ item: Int? = nil, sheet: String? = nil) -> Pin {
            Pin(rule: rule, sheet: sheet ?? main, cell: cell, item: item)
        }
        return [
            p("RET-ID-MISSING", "D4"), p("RET-ID-CODE", "G3"), p("RET-ID-DATE", "I4"),
            p("RET-CATALOG-VERSION", "B3", sheet: TemplateMetadata.sheetName),
            p("RET-TEMPLATE-VERSION", "B4", sheet: TemplateMetadata.sheetName),
            p("RET-COLUMN-MISSING", nil), p("RET-ROW-UNKNOWN", "A33"),
            p("RET-DEADLINE-OVERDUE", "L8", 1), p("RET-CHANNEL-NONE", "M9", 2), p("RET-URL", "V11", 4),
            p("RET-OTHER-NOTE", "U12", 5), p("RET-DATE-INVALID", "X13", 6), p("RET-DATE-FUTURE", "W14", 7),
            p("RET-DATE-ORDER", "X15", 8), p("RET-DEADLINE", "X16", 9), p("RET-DEADLINE", "X19", 12),
            p("RET-REASON", "Z20", 13), p("RET-TEXT-CHANGED", "C21", 14), p("RET-REASON", "Z22", 15),
            p("RET-ITEM-DUPLICATE", "C27", 19), p("RET-ITEM-MISSING", nil, 20),
            p("RET-CHANNEL-UNPUBLISHED", "N28", 21), p("RET-CHANNEL-MARK", "N29", 22),
            p("RET-OTHER-UNCHECKED", "U30", 23), p("RET-DATE-MISSING", "X31", 24), p("RET-STATUS-INVALID", "L32", 25),
        ]
    }()

    /// The per-item findings of the `errors` scenario in the CSV template: item rows start at CSV row 12.
    static let expectedErrorsCSV: Set<Pin> = {
        func p(_ rule: String, _ column: String, _ item: Int) -> Pin {
            Pin(rule: rule, sheet: nil, cell: "\(column)\(item + 11)", item: item)
        }
        return [
            p("RET-DEADLINE-OVERDUE", "L", 1), p("RET-CHANNEL-NONE", "M", 2), p("RET-URL", "V", 4),
            p("RET-OTHER-NOTE", "U", 5), p("RET-DATE-INVALID", "X", 6), p("RET-DATE-FUTURE", "W", 7),
            p("RET-DATE-ORDER", "X", 8), p("RET-DEADLINE", "X", 9), p("RET-DEADLINE", "X", 12),
            p("RET-REASON", "Z", 13), p("RET-REASON", "Z", 15), p("RET-CHANNEL-UNPUBLISHED", "N", 21),
            p("RET-CHANNEL-MARK", "N", 22), p("RET-OTHER-UNCHECKED", "U", 23), p("RET-DATE-MISSING", "X", 24),
            p("RET-STATUS-INVALID", "L", 25),
        ]
    }()

    static func validator() throws -> ReturnValidator {
        ReturnValidator(catalog: catalog, calendar: try HolidayCalendar.builtIn(),
                        settings: ValidationSettings(asOf: CalendarDate(iso: "2025-06-30")))
    }

    /// Writes the template (`xlsx` or `csv`) into `dir` and fills it with `scenario`.
    static func filled(_ scenario: String, ext: String, in dir: URL, encoding: String = "utf-8") throws -> URL {
        let template = dir.appendingPathComponent("template.\(ext)")
        try ReturnTemplate(catalog: catalog).write(to: template.path)
        let out = dir.appendingPathComponent("\(scenario).\(ext)")
        let result = try TestSupport.run("python3", [fillScript, template.path, out.path, scenario, encoding])
        guard result.status == 0 else { throw FillFailure(message: "fill_return.py: \(result.stderr)") }
        return out
    }

    static func validate(_ url: URL) throws -> (OfficeReturn, [Finding]) {
        let r = try ReturnFiles.importReturn(path: url.path, catalog: catalog, displayName: url.lastPathComponent)
        return (r, try validator().validate(r))
    }
}
