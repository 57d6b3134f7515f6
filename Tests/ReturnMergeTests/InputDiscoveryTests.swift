import Foundation
import ReturnMerge
import Testing
import TestSupport

@Suite struct InputDiscoveryTests {
    @Test func filesAreSortedByDisplayPathWithHiddenOnesSkipped() throws {
        let dir = try Fixture.folder(["b.xlsx", "a/z.csv", "a/.hidden/x.xlsx", ".git/config", "A.xlsx"])
        let found = InputDiscovery.discover([dir.path])
        #expect(found.files.map(\.displayPath) == ["A.xlsx", "a/z.csv", "b.xlsx"].map { dir.path + "/" + $0 })
        #expect(found.missingPaths.isEmpty)
        #expect(found.files.allSatisfy { FileManager.default.fileExists(atPath: $0.url.path) })
    }

    @Test func aFileReachedTwiceIsListedOnceUnderTheFirstPath() throws {
        let dir = try Fixture.folder(["round/0101.xlsx", "round/0102.xlsx"])
        let fm = FileManager.default
        // A symbolic link and a hard link to 0101.xlsx, and the same file named again on the command line.
        try fm.createSymbolicLink(atPath: dir.path + "/round/link.xlsx", withDestinationPath: dir.path + "/round/0101.xlsx")
        try fm.linkItem(atPath: dir.path + "/round/0102.xlsx", toPath: dir.path + "/hard.xlsx")
        let found = InputDiscovery.discover([dir.path + "/round/0101.xlsx", dir.path + "/round", dir.path + "/hard.xlsx"])
        #expect(found.files.map(\.displayPath).sorted() == [dir.path + "/round/0101.xlsx", dir.path + "/round/0102.xlsx"])
    }

    @Test func aFolderLinkedIntoItselfIsWalkedOnce() throws {
        let dir = try Fixture.folder(["round/a/0101.xlsx"])
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/round/a/loop", withDestinationPath: dir.path + "/round")
        let found = InputDiscovery.discover([dir.path + "/round"])
        #expect(found.files.map(\.displayPath) == [dir.path + "/round/a/0101.xlsx"])
    }

    @Test func missingPathsAndDanglingLinksAreReportedOrSkipped() throws {
        let dir = try Fixture.folder(["0101.xlsx"])
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/gone.xlsx", withDestinationPath: dir.path + "/nowhere.xlsx")
        let found = InputDiscovery.discover([dir.path, dir.path + "/absent", "/nonexistent/round"])
        #expect(found.files.map(\.displayPath) == [dir.path + "/0101.xlsx"])
        #expect(found.missingPaths == ["/nonexistent/round", dir.path + "/absent"].sorted())
    }

    @Test func modificationTimesAreRead() throws {
        let date = Date(timeIntervalSince1970: 1_750_000_000)
        let dir = try Fixture.folder(["0101.xlsx"], modified: ["0101.xlsx": date])
        let found = InputDiscovery.discover([dir.path])
        let modified = try #require(found.files.first?.modified)
        #expect(abs(modified.timeIntervalSince(date)) < 0.001)
    }
}
