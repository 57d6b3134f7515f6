import Foundation
import SheetCore
import Testing
@testable import CatalogTable

/// Issue 13: numbers and far cells from files in an official table never trap or walk the address space.
@Suite struct HostileCatalogTests {
    let options = CatalogTableReader.Options(file: "t.xlsx")

    @Test func hugeOrInfiniteNumberCellsNameNoItem() throws {
        for value in [1e20, .infinity, -.infinity, .nan, -1e300] {
            var b = GridBuilder(rows: [
                ["序号", "二级事项", "公开内容", "公开时限", "全社会", "主动"],
                ["1", "甲", "内容", "及时公开", "√", "√"],
            ])
            b.grid[2, 0] = GridCell(value: .number(value, raw: nil))
            b.grid[2, 1] = GridCell(value: .string("乙"))
            let result = try CatalogTableReader.read(b.grid, options: options)
            #expect(result.catalog.items.first?.number == 1, "\(value)")
            #expect(result.catalog.items.count == 2, "\(value)")
            #expect(result.catalog.items.last?.name == "乙", "\(value)")
        }
    }

    @Test func farCellBelowTheTableIsReadInBoundedTime() throws {
        var b = GridBuilder(rows: [
            ["序号", "二级事项", "公开内容", "公开时限", "全社会", "主动"],
            ["1", "甲", "内容", "及时公开", "√", "√"],
            ["2", "乙", "内容", "及时公开", "√", "√"],
        ])
        b.grid[1_048_575, 16_383] = GridCell(value: .string("far"))
        #expect(b.grid.isSparse)
        let start = Date()
        let result = try CatalogTableReader.read(b.grid, options: options)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(result.catalog.items.map(\.name) == ["甲", "乙"])
        #expect(result.findings.contains { $0.code == "CAT-OUTSIDE-TABLE" && $0.location?.cell == "XFD1048576" })
    }
}
