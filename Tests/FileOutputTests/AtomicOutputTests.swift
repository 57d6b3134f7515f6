import FileOutput
import Foundation
import Testing
import TestSupport

/// The one atomic-output helper: single files (`AtomicFile`), sets of outputs (`AtomicOutputSet`), and the
/// clean-up of what a killed process left behind.
@Suite struct AtomicOutputTests {
    /// A real child process, killed with SIGKILL and reaped: its PID is dead (and not yet reused, in practice).
    static func deadPID() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["60"]
        try child.run()
        let pid = child.processIdentifier
        #expect(StaleFiles.isAlive(pid))
        kill(pid, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
        #expect(!StaleFiles.isAlive(pid))
        return pid
    }

    static func names(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func stagedOutputsAppearOnlyOnCommit() throws {
        let dir = try TestSupport.makeTemporaryDirectory("atomic")
        let target = dir.appendingPathComponent("merged.json")
        do {
            let outputs = AtomicOutputSet()
            try outputs.write(Data("{}".utf8), to: target)
            #expect(!FileManager.default.fileExists(atPath: target.path))
            outputs.discard()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // A staged file into a folder that does not exist yet: nothing appears until commit.
        let nested = dir.appendingPathComponent("csv/summary.csv")
        do {
            let outputs = AtomicOutputSet()
            try outputs.write(Data("a".utf8), to: nested)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)  // the staging folder
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let outputs = AtomicOutputSet()
        try outputs.write(Data("{}".utf8), to: target)
        try outputs.commit()
        #expect(try String(contentsOf: target, encoding: .utf8) == "{}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["merged.json"])
        let more = AtomicOutputSet()
        try more.write(Data("a".utf8), to: nested)
        try more.commit()
        #expect(try String(contentsOf: nested, encoding: .utf8) == "a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["csv", "merged.json"])
    }

    /// `kill -9` during a merge leaves `.disclosure-merge-PID-N/` beside the outputs: the next run removes it,
    /// and never the staging folder of a process still running.
    @Test func staleStagingFoldersOfKilledProcessesAreRemoved() throws {
        let dir = try TestSupport.makeTemporaryDirectory("atomic-stale")
        let target = dir.appendingPathComponent("merged.xlsx")
        // A merge really killed with SIGKILL while it was staging: a child process that makes its folder.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "mkdir \"$1/.disclosure-merge-$$-1\" && echo half > \"$1/.disclosure-merge-$$-1/0-merged.xlsx\" && exec sleep 60", "sh", dir.path]
        try child.run()
        let killedFolder = dir.appendingPathComponent(".disclosure-merge-\(child.processIdentifier)-1").path
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: killedFolder + "/0-merged.xlsx") { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: killedFolder + "/0-merged.xlsx"))
        // While it runs, its folder is left alone.
        #expect(AtomicOutputSet.removeStale(besides: [target]).isEmpty)
        #expect(FileManager.default.fileExists(atPath: killedFolder))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        // A folder of a second dead process, one of ours (alive) and an unrelated dot folder.
        let other = dir.appendingPathComponent(".disclosure-merge-\(try Self.deadPID())-7").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        let ours = dir.appendingPathComponent(".disclosure-merge-\(getpid())-99").path
        try FileManager.default.createDirectory(atPath: ours, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent(".disclosure-merge-notes").path, withIntermediateDirectories: false)
        let removed = AtomicOutputSet.removeStale(besides: [target, dir.appendingPathComponent("merged.json")])
        #expect(removed.sorted() == [killedFolder, other].sorted())
        #expect(try Self.names(dir) == [".disclosure-merge-\(getpid())-99", ".disclosure-merge-notes"])
        // Staging a new output also clears stale folders in its own folder.
        let dead = dir.appendingPathComponent(".disclosure-merge-\(try Self.deadPID())-1").path
        try FileManager.default.createDirectory(atPath: dead, withIntermediateDirectories: false)
        let outputs = AtomicOutputSet()
        try outputs.write(Data("x".utf8), to: target)
        #expect(!FileManager.default.fileExists(atPath: dead))
        try outputs.commit()
        #expect(try String(contentsOf: target, encoding: .utf8) == "x")
    }

    /// A single file: nothing at the target until commit, nothing left after discard, a stale temporary
    /// of a dead process removed by the next write, the replaced file's permissions kept.
    @Test func singleFilesAreAtomicAndCleanUpAfterKilledWriters() throws {
        let dir = try TestSupport.makeTemporaryDirectory("atomic-file")
        let target = dir.appendingPathComponent("out.csv").path
        let file = try AtomicFile(path: target)
        try file.write(Array("a,b\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: target))
        file.discard()
        #expect(try Self.names(dir).isEmpty)

        let stale = dir.appendingPathComponent(".out.csv.\(try Self.deadPID())-4.tmp").path
        let live = dir.appendingPathComponent(".out.csv.\(getpid())-999999.tmp").path
        let otherName = ".other.csv.\(try Self.deadPID())-1.tmp"  // another target's: left for its own next write
        let otherTarget = dir.appendingPathComponent(otherName).path
        for path in [stale, live, otherTarget] { #expect(FileManager.default.createFile(atPath: path, contents: Data("half".utf8))) }
        try AtomicFile.write(Array("a,b\n".utf8), to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a,b\n")
        #expect(try Self.names(dir) == [otherName, ".out.csv.\(getpid())-999999.tmp", "out.csv"].sorted())

        chmod(target, 0o600)
        try AtomicFile.write(Data("c\n".utf8), to: target)
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "c\n")
    }

    @Test func unwritableTargetsSayWhy() throws {
        let dir = try TestSupport.makeTemporaryDirectory("atomic-file")
        let missing = dir.appendingPathComponent("no/such/folder/out.csv").path
        #expect { try AtomicFile.write(Data(), to: missing) } throws: { error in
            let e = error as? FileOutputError
            return e?.path == missing && e?.code == ENOENT && "\(error)".contains("No such file or directory")
        }
    }
}
