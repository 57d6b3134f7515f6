import Foundation

/// Helpers shared by every test target: temporary folders, the repository and ../shared paths,
/// and running real peer tools (python3, soffice) as subprocesses.
public enum TestSupport {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared` beside the checkout, or nil (with a loud message) where it is absent.
    public static var sharedDirectory: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        FileHandle.standardError.write(Data("SKIPPING: ../shared is absent at \(url.path); corpus checks not run\n".utf8))
        return nil
    }

    /// A new empty temporary folder, unique per call.
    public static func makeTemporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("disclosurekit-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The result of running a subprocess.
    public struct ProcessResult: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
    }

    /// Runs an executable (looked up on PATH when not absolute) and waits for it.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                           environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up and blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self),
                             stdoutData: outData)
    }

    /// Runs a Python 3 script given as text; arguments are passed as `sys.argv[1:]`.
    @discardableResult
    public static func python(_ script: String, _ arguments: [String] = []) throws -> ProcessResult {
        try run("python3", ["-c", script] + arguments)
    }

    /// Converts a file with LibreOffice headless, in a private profile (so concurrent runs do not block) that is
    /// removed afterwards.
    /// - Parameters:
    ///   - filter: e.g. `xlsx`, `pdf`, or `csv:Text - txt - csv (StarCalc):44,34,76`.
    /// - Returns: the path of the converted file.
    public static func sofficeConvert(_ input: URL, to filter: String, outDir: URL) throws -> URL {
        let profile = URL(fileURLWithPath: "/tmp/lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }   // the profile is this run's alone
        let result = try run("soffice", ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                         "--convert-to", filter, "--outdir", outDir.path, input.path])
        let ext = String(filter.prefix { $0 != ":" })
        let output = outDir.appendingPathComponent(input.deletingPathExtension().lastPathComponent + "." + ext)
        guard result.status == 0, FileManager.default.fileExists(atPath: output.path) else {
            throw ToolFailure(message: "soffice failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return output
    }

    /// The built `disclosure` binary (debug build folder of this test run).
    public static var disclosureBinary: URL {
        let bundle = Bundle.main.bundleURL
        // swift test runs from <scratch>/debug/<Pkg>PackageTests.xctest; the CLI sits beside it.
        var dir = bundle
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("disclosure")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/disclosure")
    }

    /// Copies the XLSX at `input` to `output` with the worksheet named `sheet` replaced by a truncated XML
    /// document (the part found through workbook.xml and its relationships), for "corrupt sheet" tests.
    /// - Returns: the part that was corrupted, e.g. `xl/worksheets/sheet2.xml`.
    @discardableResult
    public static func corruptingSheet(named sheet: String, of input: URL, to output: URL) throws -> String {
        let script = """
        import re, sys, zipfile
        src, dst, name = sys.argv[1], sys.argv[2], sys.argv[3]
        z = zipfile.ZipFile(src)
        book = z.read('xl/workbook.xml').decode()
        rels = z.read('xl/_rels/workbook.xml.rels').decode()
        rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(name), book).group(1)
        target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \\
                 re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
        part = target.group(1).lstrip('/')
        part = part if part.startswith('xl/') else 'xl/' + part
        out = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == part:
                data = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>0</v></c>'
            out.writestr(info, data)
        out.close()
        print(part)
        """
        let result = try python(script, [input.path, output.path, sheet])
        guard result.status == 0 else { throw ToolFailure(message: "corrupting \(sheet): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct ToolFailure: Error, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }
}
