// Fuzz target: the XLSX part parsers one at a time. The input's first byte picks the part (worksheet,
// styles, shared strings, workbook, workbook relationships, comments), the rest is that part's XML, put into an
// otherwise valid package; the workbook is then read as FuzzXLSX reads it.
import FuzzSupport
import SheetCore
import XLSXReading
import ZipArchive

let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
let defaults: [(String, String)] = [
    ("_rels/.rels", "<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
    ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
    ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"),
    ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"2\"><v>45000</v></c></row></sheetData></worksheet>"),
    ("xl/_rels/worksheets/sheet1.xml.rels", "<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/comments\" Target=\"../comments1.xml\"/></Relationships>"),
    ("xl/comments1.xml", "<comments xmlns=\"\(main)\"><authors><author>a</author></authors><commentList><comment ref=\"A1\" authorId=\"0\"><text><t>note</t></text></comment></commentList></comments>"),
    ("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\"><si><t>one</t></si></sst>"),
    ("xl/styles.xml", "<styleSheet xmlns=\"\(main)\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts><fonts><font><name val=\"Arial\"/></font></fonts><cellXfs><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"49\"/><xf numFmtId=\"164\" fontId=\"0\"/></cellXfs></styleSheet>"),
]
/// The part a leading byte replaces.
let targets = ["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
               "xl/_rels/workbook.xml.rels", "xl/comments1.xml"]

let fuzzLimits: XLSXLimits = {
    var limits = XLSXLimits(zip: ZipLimits(maxEntrySize: 16 << 20, maxTotalSize: 64 << 20, ratioCheckThreshold: 1 << 20),
                            maxTextBytes: 1 << 20, maxGridCells: 200_000)
    limits.maxSheets = 64
    return limits
}()

func fuzzParts(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard let first = bytes.first else { return "empty" }
    let target = targets[Int(first) % targets.count]
    let path = FuzzSupport.scratchPath + ".xlsx"
    do {
        let writer = try ZipWriter(path: path, compressionLevel: 1)
        for (name, text) in defaults {
            try writer.addEntry(named: name, bytes: name == target ? Array(bytes.dropFirst()) : Array(text.utf8))
        }
        try writer.close()
    } catch {
        fatalError("cannot write the package: \(error)")
    }
    do {
        let workbook = try XLSXWorkbook(path: path, limits: fuzzLimits)
        var cells = 0
        for sheet in workbook.sheets.prefix(4) {
            do {
                let grid = try workbook.grid(sheet)
                cells += grid.storedCellCount
                for (ref, cell) in grid.sortedCells.prefix(50) { _ = ref.description; _ = cell.value.text }
                try workbook.forEachRow(in: sheet) { _, row in cells += row.count }
            } catch {
                continue
            }
        }
        return "\(target): \(workbook.sheets.count) sheets, \(cells) cells"
    } catch {
        return "\(target): error: \(error)"
    }
}

#if FUZZING
/// The target libFuzzer's own `main` calls (linked in by `-sanitize=fuzzer` beside ours; it must be in the executable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { FuzzSupport.testOneInput(data, size, fuzzParts) }
#endif

@main struct Main { static func main() { FuzzSupport.main(fuzzParts) } }
