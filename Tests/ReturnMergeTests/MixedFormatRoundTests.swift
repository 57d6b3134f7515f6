import Foundation
import TestSupport
import Testing

/// A round whose returns come as .xlsx, .ods, .xls and .csv merges exactly as the same round all in .xlsx
/// (LibreOffice converts between the two; the file names are the only difference in the JSON).
@Suite(.serialized) struct MixedFormatRoundTests {
    /// A private copy of the sample round with some returns converted by LibreOffice to `format`.
    func round(converting names: [String], to format: String) throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("mixed-round")
        let sample = TestSupport.packageRoot.appendingPathComponent("Samples/round")
        for name in ["returns", "roster.csv"] {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        for name in names {
            let input = dir.appendingPathComponent("returns/" + name)
            let converted = try TestSupport.sofficeConvert(input, to: format, outDir: input.deletingLastPathComponent())
            try FileManager.default.removeItem(at: input)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_750_000_000)], ofItemAtPath: converted.path)
        }
        return dir
    }

    func mergedJSON(_ dir: URL) throws -> String {
        let result = try TestSupport.run(TestSupport.disclosureBinary.path,
                                         ["merge", "returns", "--roster", "roster.csv", "--as-of", "2025-06-30", "-o", "out/merged.xlsx",
                                          "--json", "out/merged.json"], currentDirectory: dir)
        #expect(result.status == 1, "\(result.stderr)")
        // Messages about the unreadable file name its full path: the folders differ.
        return try String(contentsOf: dir.appendingPathComponent("out/merged.json"), encoding: .utf8)
            .replacingOccurrences(of: dir.path, with: "ROUND")
    }

    @Test func mixedRoundMergesAsTheAllXLSXRound() throws {
        // The sample round holds 2202.ods, 2201.xls and 天津/0202.csv beside .xlsx returns.
        let allXLSX = try round(converting: ["2202.ods", "2201.xls"], to: "xlsx")
        let mixed = try round(converting: ["0101.xlsx", "天津/0201.xlsx", "0102.xlsx"], to: "ods")
        let odsCount = try FileManager.default.subpathsOfDirectory(atPath: mixed.appendingPathComponent("returns").path).filter { $0.hasSuffix(".ods") }.count
        #expect(odsCount == 4)
        let a = try mergedJSON(allXLSX), b = try mergedJSON(mixed)
        #expect(a.contains("\"merged-with-findings\"") && a.contains("0102"))
        #expect(b.contains("0101.ods"))
        #expect(b.replacingOccurrences(of: ".ods", with: ".xlsx").replacingOccurrences(of: "2201.xls", with: "2201.xlsx")
                == a, "the mixed round's JSON differs beyond its file names")
    }
}
