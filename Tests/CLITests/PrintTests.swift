import Foundation
import Testing
import TestSupport

/// The outputs as a person sees them printed: each is rendered by LibreOffice headless to PDF, and the PDF
/// is read back with poppler (`pdfinfo`, `pdftotext -bbox`): page count and orientation, every header whole,
/// 汇总's columns, title and chart on its first page, the chart's labels showing the value only.
@Suite(.serialized) struct PrintTests {
    let binary = TestSupport.disclosureBinary.path
    static let round = TestSupport.packageRoot.appendingPathComponent("Samples/round")

    // MARK: The template

    @Test func templatePrintsLandscapeWithEveryHeaderWhole() throws {
        let dir = try TestSupport.makeTemporaryDirectory("print-template")
        let xlsx = dir.appendingPathComponent("template.xlsx")
        let made = try TestSupport.run(binary, ["template", "--office-name", "北京海关机场单证", "--office-code", "0101",
                                                "-o", xlsx.path])
        #expect(made.status == 0, "\(made.stderr)")
        let pdf = try PDF(try TestSupport.sofficeConvert(xlsx, to: "pdf", outDir: dir))
        // The 填报表 sheet on A3 landscape, then 填报说明 (the metadata sheet is hidden and not printed).
        let pages = pdf.pages
        #expect(pages.count >= 2)
        let table = pages.prefix { $0.text.contains("序号") }
        #expect(table.count >= 2, "the table runs over several pages with its header repeated: \(pages.map(\.size))")
        for page in table {
            #expect(page.isLandscape && page.isA3, "page \(page.number) is \(page.size)")
        }
        // Every item's name is printed (the table is one page wide: nothing is cut off at the right).
        let names = try templateItemNames(xlsx)
        #expect(names.count == 25)
        let printed = table.map(\.text).joined()
        for name in names { #expect(printed.contains(name), "item \(name) not printed") }
        // Each item's catalog text is whole: the last line of 公开内容 and the whole of 有关说明 (the rows are as
        // tall as their wrapped text).
        let texts = try templateItemTexts(xlsx)
        #expect(texts.count >= 25)
        for text in texts {
            #expect(table.contains { $0.showsWhole(text) && $0.endsAboveNextRow(text) }, "cut: \(text) — printed \(table.map { $0.column(startingWith: text) }.max { $0.count < $1.count } ?? "")")
        }
        // Every header and channel name is whole on the first page and on the later ones (print titles).
        let headers = try templateHeaders(xlsx)
        #expect(headers.contains("入户/上门/网络精准推送") && headers.contains("信息形成或变更日期"))
        for page in table {
            for header in headers {
                #expect(page.showsWhole(header), "page \(page.number): header \(header) is cut: \(page.column(startingWith: header))")
            }
        }
        // The identity block, labels and the prefilled values, legible on the first page.
        for text in ["填报单位：", "关区代码：", "所属直属海关：", "填报人：", "联系电话：", "填报日期：", "北京海关机场单证", "0101"] {
            #expect(table.first?.showsWhole(text) == true, "identity \(text)")
        }
        // Larger than the table's text: the labels' glyphs are taller than the headers'.
        if let first = table.first, let label = first.words.first(where: { $0.text.hasPrefix("填报单位") }),
           let header = first.words.first(where: { $0.text == "序号" }) {
            #expect(label.height > header.height * 1.15, "identity \(label.height) vs header \(header.height)")
        } else {
            Issue.record("identity label or header not found on the first page")
        }
    }

    // MARK: The merged workbook

    @Test func summaryPrintsOnOnePageWideWithItsChartAndValueOnlyLabels() throws {
        let dir = try TestSupport.makeTemporaryDirectory("print-merge")
        let merged = dir.appendingPathComponent("merged.xlsx"), json = dir.appendingPathComponent("merged.json")
        let run = try TestSupport.run(binary, ["merge", Self.round.appendingPathComponent("returns").path,
                                               "--roster", Self.round.appendingPathComponent("roster.csv").path,
                                               "--as-of", "2025-06-30", "-o", merged.path, "--json", json.path])
        #expect(run.status <= 1, "\(run.stderr)")
        let pdf = try PDF(try TestSupport.sofficeConvert(merged, to: "pdf", outDir: dir))
        let first = try #require(pdf.pages.first)
        #expect(first.isLandscape, "汇总 is \(first.size)")
        // The title block, every column of 汇总 (whole), and the chart all on the first page.
        #expect(first.text.contains("海关领域基层政务公开标准目录落实情况汇总"), "\(first.text.prefix(300))")
        #expect(first.text.contains("校验日期：2025-06-30"))
        #expect(first.text.contains("输入文件13个"))
        for header in ["所属直属海关", "应报", "已报", "未报", "名单外", "报送率", "事项条数", "合规条数", "合规率", "错误", "警告"] {
            #expect(first.showsWhole(header), "汇总 header \(header)")
        }
        #expect(first.text.contains("各事项合规率"), "the chart is not beside the tables on the first page")
        // Only values on the bars: no "机构职能; 合规率; 89%" labels, and each item's rate as a whole percent.
        #expect(!first.text.contains(";"), "\(first.text)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let items = try #require((doc["summary"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 25)
        let labels = Set(first.words.map(\.text).filter { $0.hasSuffix("%") })
        for item in items {
            guard let answered = item["answered"] as? Int, let compliant = item["compliant"] as? Int, answered > 0 else { continue }
            let label = "\(Int((Double(compliant) / Double(answered) * 100).rounded()))%"
            #expect(labels.contains(label), "no bar label \(label) for item \(item["item"] ?? "?"): \(labels.sorted())")
        }
        // Every other sheet starts on a page of its own: one page wide (its header row whole), landscape where wide.
        for header in ["关区代码", "二级事项", "落实情况", "公开日期", "来源"] {
            #expect(pdf.pages.contains { $0.text.contains("明细") && $0.showsWhole(header) }, "明细 header \(header)")
        }
        let setup = try TestSupport.python(Self.printSetup, [merged.path])
        #expect(setup.status == 0, "\(setup.stderr)")
        let lines = setup.stdout.split(separator: "\n").map(String.init)
        for sheet in ["明细", "渠道", "时限", "问题", "未报送", "冲突", "输入"] {
            #expect(lines.contains { $0.hasPrefix("\(sheet) fit=1/0 titles=$1:$1") }, "\(sheet): \(setup.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("明细 fit=1/0 titles=$1:$1 landscape") })
        #expect(lines.contains { $0.hasPrefix("汇总 fit=1/0 titles=None landscape") }, "\(setup.stdout)")
    }

    /// Non-compliant rows of 明细 and error findings of 问题 carry a conditional format over the whole row,
    /// keyed on the row's own cell with the column fixed and the row relative (so it follows each row through
    /// filtering and sorting, where a fill put on cells would stay with the cells).
    @Test func attentionRowsAreMarkedByConditionalFormats() throws {
        let dir = try TestSupport.makeTemporaryDirectory("print-attention")
        let merged = dir.appendingPathComponent("merged.xlsx")
        let run = try TestSupport.run(binary, ["merge", Self.round.appendingPathComponent("returns").path,
                                               "--roster", Self.round.appendingPathComponent("roster.csv").path,
                                               "--as-of", "2025-06-30", "-o", merged.path])
        #expect(run.status <= 1, "\(run.stderr)")
        let result = try TestSupport.python(Self.attention, [merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("明细 $W2=\"否\" FFFFC7CE rows-ok") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("问题 $F2=\"错误\" FFFFC7CE rows-ok") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("问题 $F2=\"警告\" FFFFEB9C rows-ok") }, "\(result.stdout)")
        // The round has rows to mark and rows not to.
        let counts = lines.first { $0.hasPrefix("counts 明细") }?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(counts.count == 2 && counts.allSatisfy { $0 > 0 }, "\(result.stdout)")
    }

    static let printSetup = #"""
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    ps = ws.page_setup
    fit = f"{ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth}/{ps.fitToHeight}" if ws.sheet_properties.pageSetUpPr else "none"
    fit = fit.replace("True", "1")
    print(ws.title, f"fit={fit}", f"titles={ws.print_title_rows}", ps.orientation, ps.paperSize)
"""#

    static let attention = #"""
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for name, column in (("明细", None), ("问题", None)):
    ws = wb[name]
    last_col = openpyxl.utils.get_column_letter(ws.max_column)
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            ranges = str(cf.sqref)
            ok = ranges == f"A2:{last_col}{ws.max_row}"
            fill = rule.dxf.fill.bgColor.rgb if rule.dxf and rule.dxf.fill else None
            print(name, rule.formula[0], fill, "rows-ok" if ok else f"rows-bad {ranges} vs A2:{last_col}{ws.max_row}")
detail = wb["明细"]
head = [c.value for c in detail[1]]
marked = sum(1 for r in detail.iter_rows(min_row=2, values_only=True) if r[head.index("合规")] == "否")
print("counts 明细", marked, detail.max_row - 1 - marked)
"""#

    // MARK: Helpers

    /// The header texts of the template's table (both header rows; not the hidden key column).
    private func templateHeaders(_ xlsx: URL) throws -> [String] {
        let result = try TestSupport.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["填报表"]
            row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "序号")
            for r in (row, row + 1):
                for c in range(1, ws.max_column + 1):
                    if not ws.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden and ws.cell(r, c).value:
                        print(ws.cell(r, c).value)
            """, [xlsx.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Each item's lines of 公开内容 and its 有关说明 (when longer than "/").
    private func templateItemTexts(_ xlsx: URL) throws -> [String] {
        let result = try TestSupport.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["填报表"]
            row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "序号")
            head = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
            content, remarks = head.index("公开内容（要素）") + 1, head.index("有关说明") + 1
            for r in range(row + 2, ws.max_row + 1):
                if not isinstance(ws.cell(r, 1).value, int): continue
                print(ws.cell(r, content).value.split("\\n")[-1])
                note = ws.cell(r, remarks).value
                if note and note != "/": print(note.replace("\\n", ""))
            """, [xlsx.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    private func templateItemNames(_ xlsx: URL) throws -> [String] {
        let result = try TestSupport.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["填报表"]
            row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "序号")
            for r in range(row + 2, ws.max_row + 1):
                if isinstance(ws.cell(r, 1).value, int): print(ws.cell(r, 3).value)
            """, [xlsx.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

/// A PDF as poppler reads it: page sizes (`pdfinfo`) and words with their boxes (`pdftotext -bbox`).
struct PDF {
    struct Word {
        var text: String
        var xMin, yMin, xMax, yMax: Double
        var height: Double { yMax - yMin }
        var xCenter: Double { (xMin + xMax) / 2 }
    }

    struct Page {
        var number: Int
        var size: (width: Double, height: Double)
        var words: [Word]
        /// The page's words joined without spaces (a wrapped cell's lines join up).
        var text: String { words.map(\.text).joined() }
        var isLandscape: Bool { size.width > size.height }
        var isA3: Bool { abs(max(size.width, size.height) - 1190.55) < 2 && abs(min(size.width, size.height) - 841.89) < 2 }

        /// The text of the cell whose first line starts `text`, as far as it agrees with `text`: from that word,
        /// the words that follow it on its line (no wide gap), then line by line below, the run of words that
        /// starts where the first line started (left-aligned) or is centred where it was (centred), joined
        /// without spaces.
        func column(startingWith text: String) -> String { cell(startingWith: text).text }

        /// `column(startingWith:)` with the words it joined.
        func cell(startingWith text: String) -> (text: String, words: [Word]) {
            let wanted = text.filter { !$0.isWhitespace }
            var best: (text: String, words: [Word]) = ("", [])
            for start in words where !start.text.isEmpty && wanted.hasPrefix(start.text) {
                let h = max(start.height, 4)
                // `joined` extended by the run of words on `first`'s line, while it stays a prefix of `wanted`.
                func run(from first: Word, after joined: String) -> (text: String, words: [Word])? {
                    guard wanted.hasPrefix(joined + first.text) else { return nil }
                    var text = joined + first.text, out = [first]
                    let line = words.filter { abs($0.yMin - first.yMin) < h * 0.5 && $0.xMin > first.xMin }.sorted { $0.xMin < $1.xMin }
                    for w in line where w.xMin - (out.last?.xMax ?? 0) < h * 0.6 && wanted.hasPrefix(text + w.text) {
                        out.append(w); text += w.text
                    }
                    return (text, out)
                }
                guard var current = run(from: start, after: "") else { continue }
                var all = current.words
                let left = start.xMin
                func center(_ ws: [Word]) -> Double { ((ws.first?.xMin ?? 0) + (ws.last?.xMax ?? 0)) / 2 }
                var middle = center(current.words)
                var y = start.yMin
                while current.text.count < wanted.count {
                    // The next line: the nearest run below (within two line heights) that continues the text.
                    let below = words.filter { $0.yMin > y + h * 0.5 && $0.yMin < y + h * 2.2 }.sorted { $0.yMin < $1.yMin }
                    var found: (text: String, words: [Word])?
                    for w in below {
                        guard let r = run(from: w, after: current.text) else { continue }
                        if abs(w.xMin - left) < h * 0.6 || abs(center(r.words) - middle) < h * 0.6 { found = r; break }
                    }
                    guard let next = found, let first = next.words.first else { break }
                    current = next
                    all += next.words
                    middle = center(next.words)
                    y = first.yMin
                }
                if current.text == wanted { return (current.text, all) }
                if current.text.count > best.text.count { best = (current.text, all) }
            }
            return best
        }

        /// Whether the text of a top-aligned cell ends above the first line of the next row's text in its
        /// column: a line that the row's height cuts through still has its text in the PDF, but runs into the
        /// row below.
        func endsAboveNextRow(_ text: String) -> Bool {
            let found = cell(startingWith: text)
            guard let last = found.words.max(by: { $0.yMax < $1.yMax }), let first = found.words.first else { return false }
            let below = words.filter { $0.yMin > last.yMin + last.height * 0.5 && abs($0.xMin - first.xMin) < first.height }
            guard let next = below.min(by: { $0.yMin < $1.yMin }) else { return true }  // the page's last row
            return next.yMin - last.yMax >= 0
        }

        /// Whether `text` is printed whole: on one line, or over the lines of one cell.
        func showsWhole(_ text: String) -> Bool {
            column(startingWith: text) == text.filter { !$0.isWhitespace }
        }
    }

    let pages: [Page]

    init(_ url: URL) throws {
        let info = try TestSupport.run("pdfinfo", ["-f", "1", "-l", "999", url.path])
        guard info.status == 0 else { throw TestSupport.ToolFailure(message: "pdfinfo failed: \(info.stderr)") }
        var sizes: [Int: (Double, Double)] = [:]
        for line in info.stdout.split(separator: "\n") where line.hasPrefix("Page") && line.contains("size:") {
            // "Page    1 size: 1190.55 x 841.89 pts (A3)"
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 6, let n = Int(parts[1]), let w = Double(parts[3]), let h = Double(parts[5]) else { continue }
            sizes[n] = (w, h)
        }
        let bbox = try TestSupport.run("pdftotext", ["-bbox", url.path, "-"])
        guard bbox.status == 0 else { throw TestSupport.ToolFailure(message: "pdftotext failed: \(bbox.stderr)") }
        var pages: [Page] = []
        let number = #/[-0-9.]+/#
        for chunk in bbox.stdout.components(separatedBy: "<page ").dropFirst() {
            var words: [Word] = []
            for line in chunk.split(separator: "\n") where line.contains("<word ") {
                guard let open = line.range(of: ">"), let close = line.range(of: "</word>") else { continue }
                let attributes = line[line.startIndex..<open.lowerBound]
                let values = attributes.matches(of: number).compactMap { Double($0.output) }
                guard values.count == 4 else { continue }
                let text = String(line[open.upperBound..<close.lowerBound])
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                words.append(Word(text: text, xMin: values[0], yMin: values[1], xMax: values[2], yMax: values[3]))
            }
            let n = pages.count + 1
            pages.append(Page(number: n, size: sizes[n] ?? (0, 0), words: words))
        }
        self.pages = pages
    }
}
