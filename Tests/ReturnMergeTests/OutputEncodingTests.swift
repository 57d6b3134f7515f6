import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore
import TestSupport
@testable import ReturnMerge
import Testing
import XLSXReading

/// The fast paths of the outputs' encoders agree with plain reference implementations.
@Suite struct OutputEncodingTests {
    static let texts: [String] = [
        "", "a", "0101", "海关", "（全角）括号，逗号", "line one\nlonger line two", "第一行\n二", "\n\n",
        "é ñ ß", "한국어", "ｆｕｌｌ－ｗｉｄｔｈ", "￥￦", "𠀀𠀁 (plane 2)", "😀 emoji", "mixed 中文 and ASCII ☑☐",
        "tab\tquote\"backslash\\", "\u{1}\u{1F}", "\u{FFFE}\u{FFFD}", "ᄀᅟ", "⺀", "꓏",
    ]

    /// The width as it was computed before: scalar by scalar.
    static func referenceWidth(_ text: String) -> Int {
        var best = 0, current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" { best = max(best, current); current = 0; continue }
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            current += wide ? 2 : 1
        }
        return max(best, current)
    }

    @Test(arguments: texts)
    func displayWidthMatchesTheScalarReference(text: String) {
        #expect(ReportSheet.displayWidth(text) == Self.referenceWidth(text))
    }

    @Test func displayWidthAtRangeEdges() {
        // Both sides of every edge of the wide ranges, in two-, three- and four-byte UTF-8.
        let edges: [UInt32] = [0x7F, 0x80, 0x7FF, 0x800, 0x10FF, 0x1100, 0x115F, 0x1160, 0x2E7F, 0x2E80, 0xA4CF, 0xA4D0,
                               0xABFF, 0xAC00, 0xD7A3, 0xD7A4, 0xF8FF, 0xF900, 0xFAFF, 0xFB00, 0xFE2F, 0xFE30, 0xFE4F,
                               0xFE50, 0xFEFF, 0xFF00, 0xFF60, 0xFF61, 0xFFDF, 0xFFE0, 0xFFE6, 0xFFE7, 0xFFFF, 0x10000,
                               0x1FFFF, 0x20000, 0x3FFFD, 0x3FFFE, 0x10FFFF]
        for v in edges {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            #expect(ReportSheet.displayWidth(text) == Self.referenceWidth(text), "U+\(String(v, radix: 16))")
        }
    }

    @Test func columnWidthsMatchTheCellByCellComputation() {
        let columns: [(String, ReportSheet.Format)] = [("代码", .general), ("数", .integer), ("率", .percent), ("日期", .date), ("说明", .general)]
        var rows: [[CellValue]] = []
        for i in 0..<400 {
            rows.append([.string(Self.texts[i % Self.texts.count] + String(repeating: "字", count: i % 37)),
                         .number(i % 3 == 0 ? -Double(i) * 1234.5 : Double(i * i * 97), raw: i % 11 == 0 ? "0\(i)" : nil),
                         .number(Double(i) / 400), i % 5 == 0 ? .empty : .date(DateTimeValue(year: 2025, month: 1, day: 1 + i % 28)),
                         i % 7 == 0 ? .bool(true) : i % 13 == 0 ? .number(.nan) : .string(String(repeating: "a", count: i % 90))])
        }
        rows.append([.number(-0.0), .number(1e15), .number(-999_999_999_999_999), .string("x")])
        rows.append([.string("短")])
        let sheet = ReportSheet(name: "t", columns: columns, rows: rows)
        var widths = columns.map { ReportSheet.displayWidth($0.0) }
        for row in rows {
            for (i, v) in row.enumerated() where i < widths.count {
                let w: Int
                switch v {
                case .number where columns[i].1 == .percent: w = 7
                case .date: w = 10
                default: w = Self.referenceWidth(v.text)
                }
                widths[i] = max(widths[i], w)
            }
        }
        #expect(sheet.columns.map(\.width) == widths.map { Double(min(max($0 + 2, 6), 60)) })
        #expect(sheet.columns.map(\.width).contains(60), "one column is capped")
    }

    /// Channel marks remembered per list (by bytes) are those of `contains`, lists repeated or not, canonically
    /// equal spellings included.
    @Test func channelMarksAreThoseOfContains() {
        let vocabulary = ["直属海关网站", "两微一端", "café", "其他"]
        var marks = ChannelMarks(vocabulary: vocabulary)
        let lists: [[String]] = [[], ["两微一端"], ["直属海关网站", "其他"], ["cafe\u{301}"], ["两微一端"], ["未知"],
                                 ["直属海关网站", "其他"], ["其他", "直属海关网站"], ["café", "两微一端"], []]
        for _ in 0..<2 {
            for list in lists {
                #expect(marks.marks(list) == vocabulary.map { list.contains($0) }, "\(list)")
            }
        }
        #expect(marks.marks(["cafe\u{301}"]) == [false, false, true, false])
    }

    /// The eight-bytes-at-a-time test agrees with the byte loop: every byte value at every position of a
    /// 1...20-byte text, among plain ASCII and among UTF-8 lead and continuation bytes.
    @Test func jsonEscapeScanAgreesWithTheByteLoop() {
        func reference(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        for length in 1...20 {
            for position in 0..<length {
                for value in 0...255 {
                    for filler: UInt8 in [0x61, 0xE6, 0x80] {
                        var bytes = [UInt8](repeating: filler, count: length)
                        bytes[position] = UInt8(value)
                        let fast = bytes.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) }
                        if fast != reference(bytes) {
                            Issue.record("length \(length), byte \(value) at \(position) among \(filler)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: texts)
    func jsonStringsRoundTrip(text: String) throws {
        let w = JSONWriter()
        w.object { w in w.key("k"); w.string(text) }
        let bytes = w.finished()
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
        #expect(decoded?["k"] == text)
        // Only what JSON requires is escaped: everything else is the text's own UTF-8.
        let needsEscape = text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        #expect(needsEscape || bytes.starts(with: Array("{\n  \"k\": \"\(text)\"".utf8)))
    }
}

/// The workbook's sheets are filled and deflated on several threads: the file is the one a single thread writes.
@Suite struct ParallelWorkbookTests {
    /// 300 offices × 25 items with findings: 明细 and 问题 are large enough to be deflated ahead.
    func bigRound() throws -> (MergeResult, URL) {
        let names = (1...300).map { String(format: "%04d.xlsx", $0) }
        let dir = try Fixture.folder(names)
        var outcomes: [String: LoadOutcome] = [:]
        for (n, name) in names.enumerated() {
            let statuses: [ImplementationStatus?] = [.published, .partiallyPublished, .notPublished, .notApplicable, nil]
            let answers = (1...25).map { item in
                Fixture.answer(item, statuses[(n + item) % 5], channels: item % 3 == 0 ? [] : ["直属海关网站"],
                               deadlineMet: item % 4 == 0 ? nil : (n + item) % 7 != 0, file: name,
                               reason: item % 5 == 3 ? "无此业务（第\(n)家）" : "")
            }
            let findings = (1...8).map { k in
                Finding(code: "rule.\(k)", severity: k % 2 == 0 ? .error : .warning,
                        location: SourceLocation(file: name, sheet: "填报表", cell: "P\(8 + k)"), itemNumber: k,
                        zh: "第\(k)项有问题：“\(name)”", en: "item \(k) is wrong")
            }
            outcomes[name] = .loaded(Fixture.submission(code: .string(String(format: "%04d", n + 1)), file: name,
                                                        filledOn: Fixture.date(2025, 5, 1 + n % 28), answers: answers, findings: findings))
        }
        let found = InputDiscovery.discover([dir.path])
        let loaded = ParallelLoad.load(found.files, with: TableLoader(outcomes: outcomes))
        return (Merger.merge(loaded, roster: nil, options: MergeOptions(catalog: CustomsCatalog.catalog, asOf: Fixture.date(2025, 6, 1))), dir)
    }

    @Test func parallelWorkbookEqualsTheSerialOne() throws {
        let (result, dir) = try bigRound()
        #expect(result.findings.count >= 2_400)
        let serial = dir.appendingPathComponent("serial.xlsx").path, parallel = dir.appendingPathComponent("parallel.xlsx").path
        try result.writeWorkbook(to: serial, parallel: false)
        for _ in 0..<3 {
            try result.writeWorkbook(to: parallel)
            #expect(try Data(contentsOf: URL(fileURLWithPath: parallel)) == Data(contentsOf: URL(fileURLWithPath: serial)))
        }
        let check = try TestSupport.python("""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
        print(wb.sheetnames, wb["明细"].max_row, wb["问题"].max_row)
        """, [parallel])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("['汇总', '明细', '渠道', '时限', '问题', '未报送', '冲突', '输入'] 7501 2401"), "\(check.stdout)")
    }
}

/// 明细 (texts in the shared string table, prepared cells) and 问题 (prepared cells) read back exactly like the
/// workbook written from the plain tables with every text inline: in our reader, openpyxl and calamine.
@Suite struct SharedStringWorkbookTests {
    @Test func readsBackLikeTheInlineTableWorkbook() throws {
        let (result, dir) = try ParallelWorkbookTests().bigRound()
        let fast = dir.appendingPathComponent("fast.xlsx").path, tables = dir.appendingPathComponent("tables.xlsx").path
        try result.writeWorkbook(to: fast)
        try result.writeWorkbook(to: tables, parallel: false, fromTables: true)
        // Ours: every cell of every sheet, value and style's number format.
        let a = try XLSXWorkbook(path: fast), b = try XLSXWorkbook(path: tables)
        #expect(a.sheets.map(\.name) == b.sheets.map(\.name))
        for (x, y) in zip(a.sheets, b.sheets) {
            let gx = try a.grid(x), gy = try b.grid(y)
            let cx = gx.sortedCells, cy = gy.sortedCells
            #expect(cx.count == cy.count, "\(x.name)")
            #expect(cx.map(\.0) == cy.map(\.0), "\(x.name)")
            #expect(cx.map(\.1.value) == cy.map(\.1.value), "\(x.name)")
            #expect(cx.map(\.1.numberFormat) == cy.map(\.1.numberFormat), "\(x.name)")
        }
        let detail = try a.grid(named: "明细")
        #expect(detail.value(CellReference(row: 1, column: 1)) == .string(result.offices[0].name))
        #expect(detail.rowCount == 7501)
        // The fast file stores 明细's texts once; the reference has no table.
        let parts = try TestSupport.python("""
            import sys, zipfile
            for f in sys.argv[1:]:
                z = zipfile.ZipFile(f); names = z.namelist()
                print("xl/sharedStrings.xml" in names, z.getinfo("xl/worksheets/sheet2.xml").file_size)
            """, [fast, tables])
        let lines = parts.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("True") && lines[1].hasPrefix("False"), "\(parts.stdout)\(parts.stderr)")
        // openpyxl and calamine see the same values in both files.
        let peers = try TestSupport.python("""
            import sys, openpyxl, python_calamine
            def opx(f):
                wb = openpyxl.load_workbook(f, read_only=True)
                return [[tuple(c for c in row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
            def cal(f):
                wb = python_calamine.CalamineWorkbook.from_path(f)
                return [wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]
            a, b = opx(sys.argv[1]), opx(sys.argv[2])
            print("openpyxl", a == b, sum(len(s) for s in a), a[1][1][:6])
            a, b = cal(sys.argv[1]), cal(sys.argv[2])
            print("calamine", a == b, sum(len(s) for s in a))
            """, [fast, tables])
        #expect(peers.status == 0, "\(peers.stderr)")
        #expect(peers.stdout.contains("openpyxl True 10"), "\(peers.stdout)")
        #expect(peers.stdout.contains("calamine True 10"), "\(peers.stdout)")
    }
}

@Suite struct ItemSummaryTests {
    @Test func onePassSummariesEqualThePerItemOnes() throws {
        let (result, _) = try ParallelWorkbookTests().bigRound()
        // Items twice and one nobody answered: every entry gets its own summary.
        let items = result.items + [MergeItem(number: 3, name: "again"), MergeItem(number: 99, name: "none")]
        let fast = Merger.summarize(items: items, offices: result.offices)
        let reference = items.map { Merger.summarize(item: $0, offices: result.offices, vocabulary: result.channelVocabulary) }
        #expect(fast == reference)
        #expect(fast.map(\.answered).reduce(0, +) == 26 * 300)
        #expect(result.itemSummaries == Array(reference.prefix(result.items.count)))
    }

    /// The order of findings sorted run by run equals sorting them all by code, file, item and position.
    @Test func findingOrderEqualsTheFullSort() {
        func finding(_ file: String?, _ item: Int?) -> Finding {
            Finding(code: "r", severity: .warning, location: file.map { SourceLocation(file: $0) }, itemNumber: item, zh: "z", en: "e")
        }
        func reference(_ f: [(Finding, String?)]) -> [Int] {
            f.indices.sorted { x, y in
                let cx = f[x].1 ?? "", cy = f[y].1 ?? ""
                if cx != cy { return cx < cy }
                let fx = f[x].0.location?.file ?? "", fy = f[y].0.location?.file ?? ""
                if fx != fy { return fx.utf8.lexicographicallyPrecedes(fy.utf8) }
                let ix = f[x].0.itemNumber ?? 0, iy = f[y].0.itemNumber ?? 0
                if ix != iy { return ix < iy }
                return x < y
            }
        }
        // Grouped by code as the merge gathers them, runs in and out of order; then codes out of order.
        let files = ["b.xlsx", "a.xlsx", "海关.xlsx", "A.xlsx"]
        var grouped: [(Finding, String?)] = [(finding(nil, nil), nil), (finding("z", 3), nil), (finding("a", 1), nil)]
        for (n, code) in ["0101", "0102", "0201", "2201"].enumerated() {
            for k in 0..<(3 + n * 4) { grouped.append((finding(files[(k * 7 + n) % 4], (k * 5) % 4), code)) }
        }
        grouped.append((finding(nil, 2), "2201"))
        func order(_ f: [(Finding, String?)]) -> [Int] { Merger.findingOrder(f.map(\.0), codes: f.map(\.1)) }
        #expect(order(grouped) == reference(grouped))
        #expect(order(grouped) != Array(grouped.indices), "some run needed sorting")
        let scrambled = grouped.enumerated().sorted { ($0.offset * 7919) % 31 < ($1.offset * 7919) % 31 }.map(\.element)
        #expect(order(scrambled) == reference(scrambled))
        #expect(order([]) == [])
    }
}
