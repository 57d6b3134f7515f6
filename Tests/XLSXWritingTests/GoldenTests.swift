import Foundation
import SheetCore
import Testing
import TestSupport
import ZipArchive
@testable import XLSXWriting

/// Compares XLSX packages part by part, the way rust_xlsxwriter's `compare_xlsx_files` does: the same
/// entries, each XML part split into elements and compared in order, except relationships and content
/// types whose element order does not matter.
enum XLSXComparison {
    /// The XML split into tags and text runs: `<a x="1">`, `text`, `</a>`.
    static func elements(_ xml: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in xml {
            if ch == "<" {
                let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { result.append(text) }
                current = "<"
            } else if ch == ">" {
                current.append(">")
                result.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        let tail = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { result.append(tail) }
        return result
    }

    static func unordered(_ name: String) -> Bool {
        name.hasSuffix(".rels") || name == "[Content_Types].xml"
    }

    /// Differences between two packages (empty when they match).
    static func differences(actual: [String: String], actualOrder: [String], expected: [String: String], expectedOrder: [String]) -> [String] {
        var problems: [String] = []
        if actualOrder != expectedOrder {
            problems.append("entries differ: got \(actualOrder), expected \(expectedOrder)")
        }
        for name in expectedOrder {
            guard let got = actual[name], let want = expected[name] else { continue }
            var a = elements(got), e = elements(want)
            if unordered(name) {
                a.sort()
                e.sort()
            }
            if a == e { continue }
            let index = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            let gotText = index < a.count ? a[index] : "(end)"
            let wantText = index < e.count ? e[index] : "(end)"
            problems.append("\(name): element \(index) is \(gotText), expected \(wantText)")
        }
        return problems
    }

    /// Every entry of an archive as text, plus the entry order.
    static func unpack(_ path: String) throws -> ([String: String], [String]) {
        let reader = try ZipReader(path: path)
        var parts: [String: String] = [:]
        for entry in reader.entries {
            parts[entry.name] = String(decoding: try reader.readAll(entry), as: UTF8.self)
        }
        return (parts, reader.entries.map(\.name))
    }
}

/// Golden workbooks: small books whose every part was reviewed by hand against ECMA-376 and is kept
/// unpacked in Tests/Golden/XLSXWriting/<case>/ (set DISCLOSUREKIT_UPDATE_GOLDEN=1 to rewrite them, then
/// review the diff).
@Suite struct GoldenTests {
    static let cases: [(String, @Sendable () throws -> XLSXWriter)] = [
        ("values", goldenValues),
        ("styles", goldenStyles),
        ("layout", goldenLayout),
        ("validation-notes-protection", goldenValidation),
        ("streaming-inline", goldenStreaming),
        ("chart", { try makeChartWorkbook(streaming: false) }),
    ]

    @Test(arguments: cases.map(\.0))
    func matchesGolden(name: String) throws {
        guard let make = Self.cases.first(where: { $0.0 == name })?.1 else { return }
        let dir = try TestSupport.makeTemporaryDirectory("writer-golden")
        let path = dir.appendingPathComponent("\(name).xlsx").path
        try make().write(to: path)
        let (actual, order) = try XLSXComparison.unpack(path)
        let golden = TestSupport.packageRoot.appendingPathComponent("Tests/Golden/XLSXWriting/\(name)")
        let manifest = golden.appendingPathComponent("ENTRIES")
        if ProcessInfo.processInfo.environment["DISCLOSUREKIT_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            for entry in order {
                let file = golden.appendingPathComponent(entry)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data((actual[entry] ?? "").utf8).write(to: file)
            }
            try Data((order.joined(separator: "\n") + "\n").utf8).write(to: manifest)
        }
        let expectedOrder = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").map(String.init)
        var expected: [String: String] = [:]
        for entry in expectedOrder {
            expected[entry] = try String(contentsOf: golden.appendingPathComponent(entry), encoding: .utf8)
        }
        let problems = XLSXComparison.differences(actual: actual, actualOrder: order, expected: expected, expectedOrder: expectedOrder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func comparisonNoticesAChangedAttributeButNotRelationshipOrder() {
        let a = ["x.xml": "<a><b c=\"1\"/></a>", "_rels/.rels": "<R><r Id=\"1\"/><r Id=\"2\"/></R>"]
        let b = ["x.xml": "<a><b c=\"2\"/></a>", "_rels/.rels": "<R><r Id=\"2\"/><r Id=\"1\"/></R>"]
        let order = ["x.xml", "_rels/.rels"]
        let problems = XLSXComparison.differences(actual: a, actualOrder: order, expected: b, expectedOrder: order)
        #expect(problems == ["x.xml: element 1 is <b c=\"1\"/>, expected <b c=\"2\"/>"])
    }

    @Test func sameInputGivesSameBytes() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writer-determinism")
        let first = dir.appendingPathComponent("1.xlsx").path
        let second = dir.appendingPathComponent("2.xlsx").path
        try makeFeatureWorkbook().write(to: first)
        try makeFeatureWorkbook().write(to: second)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a == b)
        #expect(a.count > 2_000)
    }

    // MARK: The golden workbooks

    static func goldenValues() throws -> XLSXWriter {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "Sheet1")
        for (r, row) in ValueGrid().rows.enumerated() {
            for (c, value) in row.enumerated() { try sheet.set(CellReference(row: r, column: c), value) }
        }
        try sheet.set(ref("A7"), .error("#N/A"))
        try sheet.setFormula(ref("B7"), "A2+A3", cached: .number(3))
        try sheet.setFormula(ref("C7"), "=B2&\"!\"", cached: .string("机构信息!"))
        try sheet.setFormula(ref("D7"), "A2>A3", cached: .bool(false))
        try sheet.setFormula(ref("E7"), "NOW()")
        return book
    }

    static func goldenStyles() throws -> XLSXWriter {
        let book = XLSXWriter()
        let sheet = try book.addSheet(named: "样式")
        let styles: [CellStyle] = [
            CellStyle(font: Font(bold: true)),
            CellStyle(font: Font(name: "Arial", size: 9, italic: true, underline: true, strikethrough: true, color: .red)),
            CellStyle(fill: .solid(.lightYellow)),
            CellStyle(fill: Fill(pattern: .lightGray, foreground: .blue, background: .white)),
            CellStyle(border: .all(.thin)),
            CellStyle(border: Border(bottom: Border.Line(.double, color: .darkRed))),
            CellStyle(alignment: Alignment(horizontal: .center, vertical: .top, wrapText: true)),
            CellStyle(alignment: Alignment(horizontal: .left, indent: 3, shrinkToFit: true)),
            CellStyle(numberFormat: .percent2),
            CellStyle(numberFormat: NumberFormat("0.000")),
            CellStyle(numberFormat: .chineseDate),
            CellStyle(numberFormat: NumberFormat(builtinID: 14)),
            CellStyle(locked: false),
            CellStyle(locked: false, formulaHidden: true),
            CellStyle(font: Font(bold: true)),  // a duplicate: must reuse the first xf
        ]
        for (i, style) in styles.enumerated() {
            try sheet.set(CellReference(row: i, column: 0), .number(Double(i) + 0.5), style: style)
        }
        try sheet.set(ref("B1"), .date(DateTimeValue(year: 2025, month: 6, day: 1)))
        try sheet.set(ref("B2"), .date(DateTimeValue(year: 2025, month: 6, day: 1, hour: 8, minute: 30, kind: .dateTime)))
        try sheet.set(ref("B3"), .date(DateTimeValue(year: 0, month: 0, day: 0, hour: 18, kind: .time)))
        try sheet.set(ref("B4"), .date(DateTimeValue(year: 2025, month: 6, day: 1)), style: CellStyle(numberFormat: .chineseDate))
        return book
    }

    static func goldenLayout() throws -> XLSXWriter {
        let book = XLSXWriter()
        book.properties = DocumentProperties(title: "布局", subject: "测试", author: "作者", company: "海关",
                                             created: DateTimeValue(year: 2025, month: 1, day: 1, kind: .dateTime))
        let hidden = try book.addSheet(named: "隐藏", visibility: .hidden)
        try hidden.set(ref("A1"), .string("x"))
        let sheet = try book.addSheet(named: "It's 布局")
        try sheet.mergeAndSet(range("A1:F1"), .string("标题"))
        try sheet.merge(range("A2:A4"))
        try sheet.setColumnWidth(0, 6)
        try sheet.setColumns(1...3, width: 20)
        try sheet.setColumns(5...5, hidden: true)
        try sheet.setRowHeight(0, 30)
        try sheet.setRowHeight(9, nil, hidden: true)
        try sheet.freeze(rows: 4, columns: 2)
        try sheet.setAutoFilter(range("A4:F10"))
        try sheet.setShowGridLines(false)
        try sheet.setTabColor(.red)
        try sheet.setPageSetup(PageSetup(paper: .a4, orientation: .portrait, fitToWidth: true, repeatRows: 2...3,
                                         repeatColumns: 0...1, printArea: range("A1:F10"), centerHorizontally: true,
                                         header: "&C标题", footer: "&P/&N"))
        try sheet.setLink(ref("B5"), text: "link", url: "https://example.org/?a=1&b=2")
        try sheet.set(ref("B6"), .string("跳转"))
        try sheet.addHyperlink(at: ref("B6"), Hyperlink(location: "'隐藏'!A1", tooltip: "内部"))
        let third = try book.addSheet(named: "third", visibility: .veryHidden)
        try third.set(ref("A1"), .number(1))
        try book.defineName("范围", refersTo: "'It''s 布局'!$B$5:$B$6")
        try book.defineName("Local", refersTo: "=1+1", sheet: sheet)
        return book
    }

    static func goldenValidation() throws -> XLSXWriter {
        let book = XLSXWriter()
        book.properties.author = "审核员"
        let input = book.style(CellStyle(fill: .solid(.lightBlue), locked: false))
        let sheet = try book.addSheet(named: "填报")
        try sheet.set(ref("A1"), .string("是否公开"))
        try sheet.setStyle(range("A2:C4"), input)
        try sheet.addListValidation(range("A2:A4"), options: ["已公开", "部分公开", "未公开", "不适用"],
                                    inputTitle: "状态", inputMessage: "请选择公开状态", errorTitle: "错误", errorMessage: "请从列表选择")
        try sheet.addValidation(DataValidation(ranges: [range("B2:B4"), range("D2")], rule: .list(["a,b", "c"])))
        try sheet.addValidation(DataValidation(ranges: [range("C2:C4")], rule: .decimal(.between, 0, 100.5), allowBlank: false,
                                               errorStyle: .information, showErrorAlert: false))
        try sheet.addValidation(DataValidation(ranges: [range("E2:E4")], rule: .custom("=LEN(E2)=4")))
        try sheet.addValidation(DataValidation(ranges: [range("F2")], rule: .listSource("=$A$1:$A$3")))
        try sheet.addComment(at: ref("A1"), text: "  请选择  ")
        try sheet.addComment(at: ref("C3"), Comment("宽注释", author: "另一人", visible: true, width: 5, height: 2))
        try sheet.protect(SheetProtection(password: "Customs-2025", allowFormatCells: true, allowSort: true, allowAutoFilter: true))
        try sheet.ignoreNumbersStoredAsText(in: range("B2:B4"))
        try sheet.ignoreNumbersStoredAsText(in: range("D2"))
        let second = try book.addSheet(named: "注释2")
        try second.addComment(at: ref("B2"), text: "第二个表的注释")
        return book
    }

    static func goldenStreaming() throws -> XLSXWriter {
        let book = XLSXWriter(options: XLSXWriter.Options(strings: .inline))
        let bold = book.style(CellStyle(font: Font(bold: true)))
        let sheet = try book.addStreamingSheet(named: "流")
        try sheet.setColumns(0...1, width: 15)
        try sheet.freeze(rows: 1)
        try sheet.appendRow([.string("名称"), .string("值"), .string("日期")], style: bold, format: RowFormat(height: 20))
        try sheet.appendRow([.string(" lead"), .number(1.5), .date(DateTimeValue(year: 2025, month: 1, day: 1))])
        try sheet.skipRows(2)
        try sheet.appendRow([.string("x\u{0}y_x0000_"), .bool(true)], styles: [bold, .default])
        try sheet.appendRow([CellContent(.string("=not a formula")), .formula("SUM(B2:B4)", cached: .number(1.5), style: bold)])
        try sheet.merge(range("A6:B6"))
        try sheet.addComment(at: ref("A2"), text: "流式注释")
        return book
    }
}
