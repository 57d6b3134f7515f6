import Foundation
import TestSupport
import Testing

/// Issue 13: a merge survives any file. Hostile returns (bombs, absurd attribute counts, 20,000 sheets, a far
/// cell, a 序号 of 1e20) join the sample round: the genuine returns merge exactly as without them, and each
/// hostile file is listed with its status and reason.
@Suite(.serialized) struct HostileRoundTests {
    static let sampleRound = TestSupport.packageRoot.appendingPathComponent("Samples/round")

    /// Writes hostile variants of `returns/0101.xlsx` into `folder` (python's zipfile, independent of ours).
    static func writeHostileFiles(from source: URL, into folder: URL) throws {
        let result = try TestSupport.python("""
        import sys, zipfile
        src, out = sys.argv[1], sys.argv[2]
        z = zipfile.ZipFile(src)
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        def write(name, changes):
            with zipfile.ZipFile(out + "/" + name, "w", zipfile.ZIP_DEFLATED) as o:
                for n, d in parts.items():
                    c = changes.get(n, d)
                    if callable(c):
                        with o.open(n, "w", force_zip64=True) as f:
                            c(f, d)
                    else:
                        o.writestr(n, c)
        sheet = parts["xl/worksheets/sheet1.xml"]
        def bomb(f, d):  # the table sheet replaced by 96 MiB of spaces: past 1000:1
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(96):
                f.write(b" " * (1 << 20))
            f.write(b"</sheetData></worksheet>")
        write("bomb-sheet.xlsx", {"xl/worksheets/sheet1.xml": bomb})
        def styles(f, d):  # 80 MiB: under the ratio guard, over the styles limit
            i = d.index(b">", d.index(b"<styleSheet")) + 1
            f.write(d[:i])
            for _ in range(80):
                f.write(b" " * (1 << 20))
            f.write(d[i:])
        write("bomb-styles.xlsx", {"xl/styles.xml": styles})
        attrs = b"".join(b' a%d="1"' % i for i in range(5000))
        write("attributes.xlsx", {"xl/worksheets/sheet1.xml": sheet.replace(b'<c r="A1"', b'<c r="A1"' + attrs, 1)})
        ns = b"".join(b' xmlns:n%d="urn:%d"' % (i, i) for i in range(5000))
        write("namespaces.xlsx", {"xl/worksheets/sheet1.xml": sheet.replace(b'<c r="A1"', b'<c r="A1"' + ns, 1)})
        book = parts["xl/workbook.xml"]
        many = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i + 100) for i in range(20000))
        write("sheets.xlsx", {"xl/workbook.xml": book.replace(b"<sheets>", b"<sheets>" + many, 1)})
        """, [source.path, folder.path])
        guard result.status == 0 else { throw TestSupport.ToolFailure(message: result.stderr) }
    }

    func merge(_ dir: URL, out: String) throws -> TestSupport.ProcessResult {
        try TestSupport.run(TestSupport.disclosureBinary.path,
                            ["merge", "returns", "--roster", "roster.csv", "--as-of", "2025-06-30",
                             "-o", "\(out)/merged.xlsx", "--json", "\(out)/merged.json", "--lang", "en"],
                            currentDirectory: dir)
    }

    @Test func hostileFilesAreRejectedAndTheGenuineReturnsMerge() throws {
        let dir = try TestSupport.makeTemporaryDirectory("hostile-round")
        for name in ["returns", "roster.csv"] {
            try FileManager.default.copyItem(at: Self.sampleRound.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let plain = try merge(dir, out: "plain")
        #expect(plain.status == 1, "\(plain.stderr)")
        let hostile = dir.appendingPathComponent("returns/hostile")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        try Self.writeHostileFiles(from: dir.appendingPathComponent("returns/0101.xlsx"), into: hostile)
        let start = Date()
        let result = try merge(dir, out: "hostile")
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(result.status == 1, "\(result.stderr)")
        let compare = try TestSupport.python("""
        import json, sys
        plain = json.load(open(sys.argv[1], encoding="utf-8"))
        hostile = json.load(open(sys.argv[2], encoding="utf-8"))
        assert plain["offices"] == hostile["offices"], "the genuine returns merged differently"
        p, h = dict(plain["summary"]), dict(hostile["summary"])
        pi, hi = p.pop("inputs"), h.pop("inputs")
        assert p == h, "the summary changed"
        assert hi["total"] == pi["total"] + 5 and hi["rejected"] == pi["rejected"] + 5, (pi, hi)
        assert {k: v for k, v in pi.items() if k not in ("total", "rejected")} == {k: v for k, v in hi.items() if k not in ("total", "rejected")}
        extra = [i for i in hostile["inputs"] if "hostile/" in i["file"]]
        for i in sorted(extra, key=lambda i: i["file"]):
            print(i["file"].split("/")[-1], i["status"], i["reason"] or "")
        """, [dir.appendingPathComponent("plain/merged.json").path, dir.appendingPathComponent("hostile/merged.json").path])
        #expect(compare.status == 0, "\(compare.stderr)")
        let lines = compare.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ["attributes.xlsx rejected unreadable", "bomb-sheet.xlsx rejected unreadable",
                          "bomb-styles.xlsx rejected unreadable", "namespaces.xlsx rejected unreadable",
                          "sheets.xlsx rejected unreadable"], "\(lines)")
    }
}
