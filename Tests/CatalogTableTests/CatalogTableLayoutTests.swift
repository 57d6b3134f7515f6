import Testing
import SheetCore
import DisclosureCatalog
@testable import CatalogTable

@Suite struct CatalogTableLayoutTests {
    let layout = CatalogTableLayout(catalog: CustomsCatalog.catalog)
    static let options = CatalogTableReader.Options(file: "customs.xlsx", id: "customs", issuer: "海关总署")

    @Test func gridReadsBackEqual() throws {
        let result = try CatalogTableReader.read(layout.grid, options: Self.options)
        #expect(result.catalog == CustomsCatalog.catalog)
        #expect(result.findings.filter { $0.severity != .info } == [])
    }

    @Test func looksLikeThePublishedTable() throws {
        let g = layout.grid
        #expect(g.text(row: 0, column: 0) == "附件")
        #expect(g.text(row: 1, column: 0) == "海关领域基层政务公开标准目录")
        // 序号 | 一级事项 二级事项 | 公开内容 | 依据 | 时限 | 主体 | 8 channels | 全社会 特定群体 | 主动 依申请 | 有关说明
        #expect(layout.columns.count == 7 + 8 + 4 + 1)
        let header = (0..<20).map { g.text(row: 2, column: $0) }
        #expect(header[0] == "序号" && header[1] == "公开事项" && header[4] == "公开依据 (见备注1)")
        #expect(header[7] == "公开渠道和载体 (见备注3)" && header[15] == "公开对象" && header[17] == "公开方式")
        let sub = (0..<20).map { g.text(row: 3, column: $0) }
        #expect(Array(sub[7...14]) == CustomsCatalog.channels)
        #expect(Array(sub[15...18]) == ["全社会", "特定群体", "主动", "依申请"])
        let merges = Set(layout.merges.map(\.description))
        for m in ["A2:T2", "A3:A4", "B3:C3", "D3:D4", "H3:O3", "P3:Q3", "R3:S3", "T3:T4"] {
            #expect(merges.contains(m), "merge \(m)")
        }
        // Categories merged vertically: 机构信息 rows 5–6, 财务信息 items 14–18 = rows 18–22; 政策法规 (one item) not merged.
        #expect(merges.contains("B5:B6"))
        #expect(merges.contains("B18:B22"))
        #expect(g.text(row: 17, column: 1) == "财务信息")
        #expect(!merges.contains { $0.hasPrefix("B7:") })
        // 备注 rows after 25 items: rows 30–32, text merged across.
        #expect(g.text(row: 29, column: 0) == "备注1")
        #expect(merges.contains("B30:T30") && merges.contains("B32:T32"))
        // Item 3: 其他 with its form, 依申请 of item 9, "/" for no remark.
        #expect(g.text(row: 6, column: 14) == "☑ 海关总署网站")
        #expect(g.text(row: 8, column: 14) == "☐（注明具体形式）")
        #expect(g.text(row: 12, column: 18) == "√")
        #expect(g.text(row: 4, column: 19) == "/")
        #expect(g.text(row: 4, column: 7) == "☑" && g.text(row: 4, column: 8) == "☐")
    }

    @Test func widthsFitAndRowsAreTallEnough() {
        for (k, width) in layout.columnWidths.enumerated() {
            #expect(width >= 5 && width <= 42, "column \(k)")
        }
        // Every body cell fits its column within the row height given.
        for r in 4..<(4 + 25) {
            let height = layout.rowHeights[r] ?? 0
            for k in layout.columns.indices {
                let text = layout.cells[CellReference(row: r, column: k)]?.text ?? ""
                let lines = TextWidth.wrappedLines(text, columns: Int(layout.columnWidths[k]) - 1)
                if !text.isEmpty, layout.merges.first(where: { $0.start == CellReference(row: r, column: k) && $0.rowCount > 1 }) == nil {
                    #expect(Double(lines) * 14.4 <= height, "row \(r + 1) column \(k)")
                }
            }
        }
        // Short channel columns, wide content column.
        #expect(layout.columnWidths[3] > layout.columnWidths[7])
    }
}
