import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXWriting

/// A 汇总-like sheet with compliance per item and a bar chart over it.
func makeChartWorkbook(streaming: Bool) throws -> XLSXWriter {
    let book = XLSXWriter()
    let percent = book.style(CellStyle(numberFormat: .percent))
    let items = ["机构信息", "政策法规", "政务服务", "行政执法信息", "财务信息"]
    let rows: [[CellValue]] = [[.string("事项"), .string("合规率"), .string("上期")]]
        + items.enumerated().map { i, item in [.string(item), .number(Double(i + 5) / 10), .number(Double(i + 3) / 10)] }
    let sheet: Sheet
    if streaming {
        let s = try book.addStreamingSheet(named: "汇总")
        for (r, row) in rows.enumerated() { try s.appendRow(row, styles: r == 0 ? [] : [.default, percent, percent]) }
        sheet = s
    } else {
        let s = try book.addSheet(named: "汇总")
        for (r, row) in rows.enumerated() {
            for (c, value) in row.enumerated() { try s.set(CellReference(row: r, column: c), value, style: r > 0 && c > 0 ? percent : .default) }
        }
        sheet = s
    }
    var chart = BarChart(title: "各事项合规率", direction: .bar, valueFormat: "0%", valueMinimum: 0, valueMaximum: 1, showValues: true)
    chart.series = [BarChart.Series(name: "合规率", categories: range("A2:A6"), values: range("B2:B6"))]
    try sheet.addChart(chart, in: range("E2:L20"))
    var second = BarChart(title: "对比", direction: .column, showLegend: true)
    second.series = [BarChart.Series(name: "本期", categories: range("A2:A6"), values: range("B2:B6")),
                     BarChart.Series(name: "上期", categories: range("A2:A6"), values: range("C2:C6"), sheet: "汇总", color: .darkRed)]
    try sheet.addChart(second, in: range("E22:L40"))
    try sheet.addComment(at: ref("A1"), text: "图表与注释共存")
    return book
}

@Suite(.serialized) struct ChartTests {
    static let dump = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["汇总"]
def name(s):
    return s.tx.v if s.tx.v is not None else s.tx.strRef.strCache.pt[0].v
def cache(s):
    c = s.val.numRef.numCache
    return [float(p.v) for p in c.pt] if c is not None else None
out = []
for ch in ws._charts:
    title = "".join(r.t for p in ch.title.tx.rich.p for r in (p.r or [])) if ch.title else None
    out.append({"type": ch.tagname, "dir": ch.barDir, "title": title, "grouping": ch.grouping,
                "series": [[name(s), s.cat.strRef.f, s.val.numRef.f] for s in ch.series],
                "cache": [cache(s) for s in ch.series],
                "anchor": [ch.anchor._from.col, ch.anchor._from.row]})
print(json.dumps({"charts": out, "comment": ws["A1"].comment.text if ws["A1"].comment else None}, ensure_ascii=False))
"""#

    @Test(arguments: [false, true])
    func openpyxlReadsTheCharts(streaming: Bool) throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-chart")
        let path = dir.appendingPathComponent("chart.xlsx").path
        try makeChartWorkbook(streaming: streaming).write(to: path)
        let result = try TestSupport.python(Self.dump, [path])
        #expect(result.status == 0, "\(result.stderr)")
        let out = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        let charts = out["charts"] as? [[String: Any]] ?? []
        #expect(charts.count == 2)
        #expect(charts.first?["type"] as? String == "barChart")
        #expect(charts.first?["dir"] as? String == "bar")
        #expect(charts.first?["title"] as? String == "各事项合规率")
        #expect(charts.first?["grouping"] as? String == "clustered")
        #expect(charts.first?["series"] as? [[String]] == [["合规率", "'汇总'!$A$2:$A$6", "'汇总'!$B$2:$B$6"]])
        #expect(charts.first?["anchor"] as? [Int] == [4, 1])
        #expect(charts.last?["dir"] as? String == "col")
        #expect((charts.last?["series"] as? [[String]])?.count == 2)
        #expect(out["comment"] as? String == "图表与注释共存")
    }

    @Test func libreOfficeKeepsTheChart() throws {
        // LibreOffice imports the chart and writes it back out as a chart of its own.
        let dir = try TestSupport.makeTemporaryDirectory("writer-chart-lo")
        let input = dir.appendingPathComponent("chart.xlsx")
        try makeChartWorkbook(streaming: false).write(to: input.path)
        let out = dir.appendingPathComponent("resaved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let resaved = try TestSupport.sofficeConvert(input, to: "xlsx", outDir: out)
        let result = try TestSupport.python(Self.dump, [resaved.path])
        #expect(result.status == 0, "\(result.stderr)")
        let charts = ((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["charts"] as? [[String: Any]]) ?? []
        #expect(charts.count == 2)
        #expect(charts.first?["title"] as? String == "各事项合规率")
        let series = charts.first?["series"] as? [[String]]
        #expect(series?.first?[0] == "合规率")
        #expect(series?.first?[2].replacingOccurrences(of: "'", with: "") == "汇总!$B$2:$B$6")
        // LibreOffice filled its cache from our cells: it read the referenced data.
        #expect(charts.first?["cache"] as? [[Double]] == [[0.5, 0.6, 0.7, 0.8, 0.9]])
        let pdf = try TestSupport.sofficeConvert(input, to: "pdf", outDir: dir)
        #expect(try Data(contentsOf: pdf).starts(with: Data("%PDF-".utf8)))
    }

    @Test func badCharts() throws {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "s")
        #expect { try sheet.addChart(BarChart(title: "empty"), in: range("A1:F10")) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
        let square = BarChart(series: [BarChart.Series(name: "x", categories: range("A1:B2"), values: range("C1:C2"))])
        #expect { try sheet.addChart(square, in: range("A1:F10")) } throws: { ($0 as? XLSXWriteError)?.description.contains("one row or one column") == true }
        let bounds = BarChart(series: [BarChart.Series(name: "x", categories: range("A1:A2"), values: range("B1:B2"))], valueMinimum: 1, valueMaximum: 0)
        #expect { try sheet.addChart(bounds, in: range("A1:F10")) } throws: { ($0 as? XLSXWriteError)?.kind == .invalidArgument }
    }
}

@Suite struct EdgeCellTests {
    @Test func noteAndValueInTheLastCell() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-edge")
        let path = dir.appendingPathComponent("edge.xlsx").path
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "edge")
        let last = CellReference(row: CellReference.maxRows - 1, column: CellReference.maxColumns - 1)
        try sheet.set(last, .string("最后"))
        try sheet.addComment(at: last, text: "角落的注释")
        try book.write(to: path)
        let result = try TestSupport.python("import openpyxl, sys\nws = openpyxl.load_workbook(sys.argv[1])['edge']\nprint(ws['XFD1048576'].value, ws['XFD1048576'].comment.text)", [path])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "最后 角落的注释", "\(result.stderr)")
        let vml = try XLSXComparison.unpack(path).0["xl/drawings/vmlDrawing1.vml"] ?? ""
        #expect(vml.contains("<x:Anchor>16379, 15, 1048571, 10, 16382, 15, 1048575, 4</x:Anchor>"))
    }
}
