import Foundation
import SheetCore
import TestSupport
@testable import XLSXWriting

/// `A1`-style reference for tests (the text is a literal, so a bad one is a test bug).
func ref(_ text: String) -> CellReference {
    CellReference(text) ?? CellReference(row: -1, column: -1)
}

func range(_ text: String) -> CellRange {
    CellRange(text) ?? CellRange(CellReference(row: -1, column: -1))
}

/// A template-like workbook exercising most features; tools read it back in the cross-tool tests.
func makeFeatureWorkbook(strings: StringStorage = .shared) throws -> XLSXWriter {
    let book = XLSXWriter(options: XLSXWriter.Options(strings: strings))
    book.properties = DocumentProperties(title: "标准目录", author: "测试", created: DateTimeValue(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, kind: .dateTime))
    let header = book.style(CellStyle(font: Font(name: "黑体", size: 12, bold: true, color: .darkRed), fill: .solid(.lightGray),
                                      border: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center, wrapText: true)))
    let input = book.style(CellStyle(border: .all(.thin), locked: false))
    let money = book.style(CellStyle(font: Font(italic: true), numberFormat: .thousands2))
    let indented = book.style(CellStyle(alignment: Alignment(horizontal: .left, indent: 2)))
    let bad = book.style(CellStyle(fill: .solid(.lightRed)))

    let sheet = try book.addSheet(named: "目录")
    try sheet.mergeAndSet(range("A1:D1"), .string("基层政务公开标准目录"), style: header)
    try sheet.set(ref("A2"), .string("序号"), style: header)
    try sheet.set(ref("B2"), .string("事项"), style: header)
    try sheet.set(ref("C2"), .string("金额"), style: header)
    try sheet.set(ref("D2"), .string("日期"), style: header)
    try sheet.set(ref("E2"), .string("是否公开"), style: header)
    try sheet.set(ref("A3"), .number(1))
    try sheet.set(ref("B3"), .string("机构信息"), style: indented)
    try sheet.set(ref("C3"), .number(1234.5), style: money)
    try sheet.set(ref("D3"), .date(DateTimeValue(year: 2025, month: 3, day: 15)))
    try sheet.set(ref("E3"), .bool(true))
    try sheet.set(ref("A4"), .number(2))
    try sheet.set(ref("B4"), .string("=SUM(A1:A3) stays text"))
    try sheet.set(ref("C4"), .number(-0.125), style: money)
    try sheet.set(ref("D4"), .date(DateTimeValue(year: 2025, month: 3, day: 15, hour: 13, minute: 30, kind: .dateTime)))
    try sheet.set(ref("E4"), .string(""), style: input)
    try sheet.setFormula(ref("C5"), "=SUM(C3:C4)", cached: .number(1234.375), style: money)
    try sheet.set(ref("B5"), .string("ctrl\u{1}and _x0041_ literal"), style: bad)
    try sheet.setLink(ref("B6"), text: "政府信息公开", url: "https://www.customs.gov.cn/", tooltip: "海关总署")
    try sheet.setColumnWidth(1, 30)
    try sheet.setColumns(2...3, width: 14)
    try sheet.setRowHeight(0, 28)
    try sheet.freeze(rows: 2, columns: 1)
    try sheet.setAutoFilter(range("A2:E5"))
    try sheet.addListValidation(range("E3:E20"), options: ["是", "否", "不适用"], inputTitle: "是否公开",
                                inputMessage: "请选择", errorTitle: "输入错误", errorMessage: "只能选择列表中的值")
    let longOptions = (1...60).map { "选项\($0)号" }
    try sheet.addValidation(DataValidation(ranges: [range("F3:F20")], rule: .list(longOptions)))
    try sheet.addValidation(DataValidation(ranges: [range("D3:D20")], rule: .date(.between, DateTimeValue(year: 2025, month: 1, day: 1), DateTimeValue(year: 2025, month: 12, day: 31)),
                                           errorStyle: .warning))
    try sheet.addValidation(DataValidation(ranges: [range("A3:A20")], rule: .wholeNumber(.greaterThanOrEqual, 1)))
    try sheet.addValidation(DataValidation(ranges: [range("B3:B20")], rule: .textLength(.lessThanOrEqual, 50)))
    try sheet.addComment(at: ref("B3"), text: "请填写一级事项", author: "审核")
    try sheet.addComment(at: ref("E4"), Comment("必填", visible: true))
    try sheet.protect(SheetProtection(password: "password"))
    try sheet.setPageSetup(PageSetup(paper: .a3, orientation: .landscape, fitToWidth: true,
                                     margins: .narrow, repeatRows: 0...1, footer: "&C第 &P 页，共 &N 页"))
    try book.defineName("事项", refersTo: "'目录'!$B$3:$B$6")

    let hidden = try book.addSheet(named: "Hidden", visibility: .hidden)
    try hidden.set(ref("A1"), .string("h"))
    let veryHidden = try book.addSheet(named: "VeryHidden", visibility: .veryHidden)
    try veryHidden.set(ref("A1"), .number(3))

    let stream = try book.addStreamingSheet(named: "数据")
    try stream.setColumnWidth(0, 12)
    try stream.freeze(rows: 1)
    try stream.appendRow([.string("名称"), .string("数量")], style: header)
    for i in 1...20 {
        try stream.appendRow([.string("行 \(i)"), .number(Double(i) * 1.5)])
    }
    try stream.merge(range("A23:B23"))
    return book
}

/// A streamed sheet of `rows` rows: number, text, date, bool.
func writeBig(_ path: String, rows: Int) throws {
    let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline))
    let sheet = try book.addStreamingSheet(named: "big")
    for i in 0..<rows {
        try sheet.appendRow([.number(Double(i)), .string("第\(i)行 ☑"), .date(DateTimeValue(year: 2025, month: 1 + i % 12, day: 1)), .bool(i % 2 == 0)])
    }
    try book.write(to: path)
}
