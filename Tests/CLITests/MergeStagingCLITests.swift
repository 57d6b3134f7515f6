import Foundation
import Testing
import TestSupport

/// `kill -9` during `merge` leaves a `.disclosure-merge-PID-N/` staging folder beside the outputs; the next
/// merge removes it (its process is gone) and says so on stderr.
@Suite struct MergeStagingCLITests {
    let binary = TestSupport.disclosureBinary.path
    static let clean = TestSupport.packageRoot.appendingPathComponent("Samples/returns/clean.xlsx")

    @Test func nextMergeRemovesTheStagingFolderOfAKilledMerge() throws {
        let dir = try TestSupport.makeTemporaryDirectory("merge-stale")
        let input = dir.appendingPathComponent("0101.xlsx")
        try FileManager.default.copyItem(at: Self.clean, to: input)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        // What a merge killed with SIGKILL leaves: a real process makes its staging folder and is killed.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "mkdir \"$1/.disclosure-merge-$$-1\" && echo half > \"$1/.disclosure-merge-$$-1/0-m.xlsx\" && exec sleep 60",
                           "sh", out.path]
        try child.run()
        let stale = out.appendingPathComponent(".disclosure-merge-\(child.processIdentifier)-1").path
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: stale + "/0-m.xlsx") { usleep(10_000) }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: stale))

        let merged = try TestSupport.run(binary, ["merge", input.path, "--as-of", "2025-06-30", "--lang", "en",
                                                 "-o", out.appendingPathComponent("m.xlsx").path,
                                                 "--json", out.appendingPathComponent("m.json").path])
        #expect(merged.status != 2, "\(merged.stderr)")
        #expect(merged.stderr.contains("removed the staging folder an interrupted merge left: \(stale)"), "\(merged.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["m.json", "m.xlsx"])
    }
}
