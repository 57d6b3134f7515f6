import Foundation
import Testing
import TestSupport

/// `validate`, `import` and `merge` read only the sheets a return needs: a corrupt instructions sheet
/// (填报说明) no longer rejects the file; a corrupt table sheet (填报表) still does, with its location.
@Suite struct LazySheetCLITests {
    let binary = TestSupport.disclosureBinary.path
    static let clean = TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx")

    @Test func corruptInstructionsSheetIsValidatedImportedAndMerged() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy-cli")
        let broken = dir.appendingPathComponent("0101.xlsx")
        try TestSupport.corruptingSheet(named: "填报说明", of: Self.clean, to: broken)
        let intact = try TestSupport.run(binary, ["validate", "--as-of", "2025-06-30", "--format", "json", Self.clean.path])
        let validated = try TestSupport.run(binary, ["validate", "--as-of", "2025-06-30", "--format", "json", broken.path])
        #expect(validated.status == intact.status, "\(validated.stderr)")
        #expect(validated.stdout.replacingOccurrences(of: broken.path, with: Self.clean.path) == intact.stdout)
        let imported = try TestSupport.run(binary, ["import", broken.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        // The annotated copy rebuilds every sheet: that still needs the corrupt one, and says where it is.
        let annotated = try TestSupport.run(binary, ["validate", "--as-of", "2025-06-30", "--format", "xlsx",
                                                    "-o", dir.appendingPathComponent("checked.xlsx").path, broken.path])
        #expect(annotated.status == 2)
        #expect(annotated.stderr.contains("xl/worksheets/"), "\(annotated.stderr)")
        let merged = try TestSupport.run(binary, ["merge", broken.path, "--as-of", "2025-06-30",
                                                 "-o", dir.appendingPathComponent("m.xlsx").path,
                                                 "--json", dir.appendingPathComponent("m.json").path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as? [String: Any])
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(merged.status != 2, "\(merged.stderr)")
        #expect(inputs.count == 1 && (inputs.first?["status"] as? String)?.hasPrefix("merged") == true, "\(inputs)")
    }

    @Test func corruptTableSheetIsRejectedWithItsPart() throws {
        let dir = try TestSupport.makeTemporaryDirectory("lazy-cli")
        let broken = dir.appendingPathComponent("broken.xlsx")
        let part = try TestSupport.corruptingSheet(named: "填报表", of: Self.clean, to: broken)
        let validated = try TestSupport.run(binary, ["validate", "--lang", "en", broken.path])
        #expect(validated.status == 2)
        // Said once, on stderr, located at the part.
        #expect(validated.stderr.contains("\(broken.path)[\(part)]"), "\(validated.stderr)")
        #expect(!validated.stdout.contains(broken.path), "\(validated.stdout)")
    }
}
