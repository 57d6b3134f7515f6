import Foundation
import SheetCore
import SheetIO
import Testing
import TestSupport

/// `PathCheck`: what every command checks about its paths before it reads anything.
@Suite struct PathCheckTests {
    private func folder() throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("pathcheck")
        try Data("a,b\n".utf8).write(to: dir.appendingPathComponent("in.csv"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "in.csv")
        try FileManager.default.linkItem(atPath: dir.appendingPathComponent("in.csv").path, toPath: dir.appendingPathComponent("hard.csv").path)
        return dir
    }

    @Test func theSameFileByInodeOrResolvedPath() throws {
        let dir = try folder()
        let input = dir.appendingPathComponent("in.csv").path
        for output in ["in.csv", "./in.csv", "sub/../in.csv", "link.csv", "hard.csv", "sub/../link.csv"] {
            let error = try #require(throws: PathProblem.self) {
                try PathCheck.distinct(inputs: [input], outputs: [(dir.appendingPathComponent(output).path, "-o")])
            }
            #expect(error.kind == .outputIsInput(input), "\(output)")
        }
        // Two outputs that do not exist yet: compared by their resolved paths.
        let a = dir.appendingPathComponent("new.json").path
        let b = dir.appendingPathComponent("sub/../new.json").path
        let twice = try #require(throws: PathProblem.self) {
            try PathCheck.distinct(inputs: [input], outputs: [(a, "-o"), (b, "--json")])
        }
        #expect(twice.kind == .sameOutputs(option: "-o", path: a))
        #expect(twice.option == "--json")
        // One output inside another.
        #expect(throws: PathProblem.self) {
            try PathCheck.distinct(inputs: [], outputs: [(a, "--json"), (a + "/summary.csv", "--csv")])
        }
        // Distinct files pass.
        try PathCheck.distinct(inputs: [input], outputs: [(a, "-o"), (dir.appendingPathComponent("other.json").path, "--json")])
        #expect(PathCheck.resolved(dir.appendingPathComponent("sub/./../x/y.json").path)
                == PathCheck.resolved(dir.path) + "/x/y.json")
    }

    @Test func inputsMustBeRegularReadableFiles() throws {
        let dir = try folder()
        try PathCheck.input(dir.appendingPathComponent("link.csv").path)
        let fifo = dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [(String, PathProblem.Kind)] = [
            (fifo, .notARegularFile(.pipe)), ("/dev/null", .notARegularFile(.device)),
            (dir.appendingPathComponent("sub").path, .notARegularFile(.folder)),
            (dir.appendingPathComponent("missing.csv").path, .missing),
        ]
        for (path, kind) in cases {
            let error = try #require(throws: PathProblem.self) { try PathCheck.input(path) }
            #expect(error.kind == kind, "\(path)")
        }
        // The reader refuses a pipe by itself too, instead of waiting for a writer.
        let error = try #require(throws: (any Error).self) { try SheetFileFormat.detect(path: fifo) }
        #expect(ErrorText.describe(error, in: .zh) == "\(fifo): 是命名管道而不是普通文件，不读取")
        #expect(ErrorText.describe(error, in: .en) == "\(fifo): is a named pipe (FIFO), not a regular file; not read")
    }

    @Test func outputsAreWritableFilesOfTheFormatsWritten() throws {
        let dir = try folder()
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        try PathCheck.output(path("out.json"), extensions: ["json"])
        try PathCheck.output(path("deep/er/out.json"), extensions: ["json"], createsFolders: true)
        let cases: [(String, [String], Bool, PathProblem.Kind)] = [
            ("sub", ["json"], false, .outputIsFolder),
            ("nowhere/out.json", ["json"], false, .folderMissing(path("nowhere"))),
            ("in.csv/out.json", ["json"], false, .notAFolder(path("in.csv"))),
            ("out.pdf", ["xlsx", "csv"], false, .unsupportedOutput(ext: "pdf", allowed: ["xlsx", "csv"])),
            ("out", ["xlsx", "csv"], true, .unsupportedOutput(ext: "", allowed: ["xlsx", "csv"])),
        ]
        for (name, extensions, strict, kind) in cases {
            let error = try #require(throws: PathProblem.self) {
                try PathCheck.output(path(name), extensions: extensions, strictExtension: strict)
            }
            #expect(error.kind == kind, "\(name)")
        }
        // An unknown extension is fine where the format is not chosen by it.
        try PathCheck.output(path("report.out"), extensions: ["txt"])
        #expect(PathProblem(.outputIsFolder, path: "x", option: "-o").description(in: .zh) == "-o x: 是一个文件夹；请给出输出文件名")
        #expect(PathProblem(.outputIsFolder, path: "x", option: "").description(in: .en) == "x: is a folder; give the name of the output file")
    }

    @Test func emptyFilesNamedAsWorkbooksAreErrors() throws {
        let dir = try folder()
        let xlsx = dir.appendingPathComponent("empty.xlsx").path
        let csv = dir.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: xlsx, contents: Data())
        FileManager.default.createFile(atPath: csv, contents: Data())
        let error = try #require(throws: (any Error).self) { try SheetIO.readGrids(path: xlsx) }
        #expect(ErrorText.describe(error, in: .zh) == "\(xlsx): 文件为空（0 字节），不是工作簿")
        let grids = try SheetIO.readGrids(path: csv)
        #expect(grids.count == 1 && grids[0].storedCellCount == 0)
        #expect(try SheetIO.usedRange(path: csv) == nil)
    }
}
