import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import TestSupport
import WorkCalendar

/// Builds returns the way an office fills the template, directly as grids (no file format involved).
enum GridFixtures {
    static let catalog = CustomsCatalog.catalog

    static let template = ReturnTemplate(catalog: catalog)

    static func column(_ role: ReturnTemplate.ColumnRole) -> Int {
        template.column(role) ?? -1
    }

    /// Items a 隶属海关 does not publish (公开主体 without 隶属海关).
    static let notForSubordinate: Set<Int> = Set(catalog.items.filter { item in
        !item.publishers.contains { $0.publisher == .subordinateCustoms }
    }.map(\.number))

    /// A clean return of office 0101 (a 隶属海关), as-of 2025-06-30.
    static func cleanGrid() -> Grid {
        var grid = template.mainGrid()
        let identity = ["北京海关机场单证", "0101", "北京海关", "张三", "010-12345678", "2025-06-30"]
        for (index, value) in identity.enumerated() {
            grid[template.identityValueCell(index)] = GridCell(value: index == 5 ? .date(DateTimeValue(year: 2025, month: 6, day: 30)) : .string(value))
        }
        for (offset, item) in catalog.items.enumerated() {
            let row = template.firstDataRow + offset
            func set(_ role: ReturnTemplate.ColumnRole, _ value: CellValue) {
                grid[row, column(role)] = GridCell(value: value)
            }
            if notForSubordinate.contains(item.number) {
                set(.fillIn(.status), .string("不适用"))
                continue
            }
            set(.fillIn(.status), .string("已公开"))
            var channels = item.channels.recommended
            if channels.isEmpty { channels = ["直属海关网站"] }
            for channel in channels { set(.channel(channel), .string("☑")) }
            if channels.contains("其他") { set(.fillIn(.otherChannelNote), .string(item.channels.otherForm ?? "微信群")) }
            if channels.contains("直属海关网站") {
                set(.fillIn(.location), .string("http://beijing.customs.gov.cn/beijing_customs/zfxxgk/index.html"))
            } else {
                set(.fillIn(.location), .string("一楼大厅公示栏"))
            }
            let annual = item.deadlines.contains { if case .annual = $0.deadline.rule { return true } else { return false } }
            set(.fillIn(.formedOrChangedDate), .date(DateTimeValue(year: 2025, month: annual ? 1 : 3, day: annual ? 10 : 3)))
            set(.fillIn(.publishedDate), .date(DateTimeValue(year: 2025, month: annual ? 1 : 3, day: annual ? 14 : 5)))
            set(.fillIn(.department), .string("办公室"))
        }
        return grid
    }

    static func row(ofItem number: Int) -> Int {
        template.firstDataRow + (catalog.items.firstIndex { $0.number == number } ?? 0)
    }

    static func cell(item number: Int, _ role: ReturnTemplate.ColumnRole) -> CellReference {
        CellReference(row: row(ofItem: number), column: column(role))
    }

    static func validator(asOf: String = "2025-06-30") throws -> ReturnValidator {
        ReturnValidator(catalog: catalog, calendar: try HolidayCalendar.builtIn(),
                        settings: ValidationSettings(asOf: CalendarDate(iso: asOf)))
    }

    static func read(_ grid: Grid, file: String = "0101.xlsx") throws -> OfficeReturn {
        try ReturnImporter(catalog: catalog).read(sheets: [grid, template.metadataGrid()], file: file)
    }
}
