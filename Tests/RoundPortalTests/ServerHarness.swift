import Foundation
import RoundPortal
import TestSupport

/// `disclosure serve` as a child process on a free loopback port (`--port 0`; the port is read from its first line).
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let data: URL
    let port: Int
    let client: LoopbackClient
    /// What the server printed once it listened (its start-up lines).
    let startText: String
    private let output = Pipe()

    /// - Parameter environment: variables set (a nil value removes one) in the server's environment.
    init(data: URL, extra: [String] = [], environment: [String: String?] = [:]) throws {
        self.data = data
        process.executableURL = TestSupport.disclosureBinary
        process.arguments = ["serve", "--data", data.path, "--host", "127.0.0.1", "--port", "0"] + extra
        var env = ProcessInfo.processInfo.environment
        for (name, value) in environment { env[name] = value }
        process.environment = env
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        var found: Int?
        let deadline = Date().addingTimeInterval(60)
        // The start-up lines come at once, the address first: read until the three are in.
        while found == nil || text.filter({ $0 == "\n" }).count < 3, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the server exited
            text += String(decoding: chunk, as: UTF8.self)
            if found == nil, let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                found = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast())
            }
        }
        startText = text
        guard let found else {
            process.terminate()
            throw PortalError.storage("the server did not start: \(text)")
        }
        port = found
        client = LoopbackClient(port: found)
    }

    var adminToken: String {
        (try? String(contentsOf: data.appendingPathComponent("admin-token"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    var bearer: [(String, String)] { [("Authorization", "Bearer \(adminToken)")] }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// SIGKILL: no chance to flush or clean up.
    func kill9() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// The sample round (Samples/round): roster and returns.
enum SampleRound {
    static let root = TestSupport.packageRoot.appendingPathComponent("Samples/round")
    static let roster = root.appendingPathComponent("roster.csv")
    static let asOf = "2025-06-30"
    static func file(_ name: String) -> URL { root.appendingPathComponent("returns/\(name)") }
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: file(name))) }

    /// Valid returns of roster offices: office code → file.
    static let returns: [(code: String, file: String)] = [
        ("0101", "0101.xlsx"), ("0102", "0102.xlsx"), ("0103", "0103.xlsx"), ("2201", "2201.xls"), ("2202", "2202.ods"),
        ("0201", "天津/0201.xlsx"), ("0202", "天津/0202.csv"), ("0203", "天津/0203.xlsx"),
    ]
}

struct OpenedRound: Decodable {
    struct Office: Decodable { var code: String; var name: String; var directCustoms: String; var link: String }
    var round: Int64
    var offices: [Office]
    func link(_ code: String) -> String { offices.first { $0.code == code }?.link ?? "/o/none" }
}

/// `disclosure round open` over the sample roster (a separate process from the server, as users run it).
func openSampleRound(data: URL, name: String = "2025年第二季度", asOf: String? = SampleRound.asOf) throws -> OpenedRound {
    var args = ["round", "open", "--data", data.path, "--name", name, "--roster", SampleRound.roster.path, "--due", "2025-07-15"]
    if let asOf { args += ["--as-of", asOf] }
    let result = try TestSupport.run(TestSupport.disclosureBinary.path, args)
    guard result.status == 0 else { throw PortalError.storage("round open failed: \(result.stderr)") }
    return try JSONDecoder().decode(OpenedRound.self, from: result.stdoutData)
}

struct UploadReply: Decodable {
    struct Entry: Decodable, Equatable { var rule: String; var severity: String; var sheet: String?; var cell: String?; var item: Int?; var message: String }
    var submission: Int64
    var status: String
    var file: String
    var error: String?
    var findings: [Entry]
}

extension LoopbackClient {
    func upload(_ link: String, name: String, bytes: [UInt8]) throws -> Reply {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        return try request("POST", "\(link)/returns?name=\(encoded)", headers: [("Content-Type", "application/octet-stream")], body: bytes)
    }
}

func decode<T: Decodable>(_ type: T.Type, _ reply: LoopbackClient.Reply) throws -> T {
    try JSONDecoder().decode(type, from: Data(reply.body))
}
