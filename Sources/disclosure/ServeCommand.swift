import ArgumentParser
import Foundation
import RoundPortal
import SheetCore

/// `disclosure serve` — the round portal: offices upload in a browser, HQ watches the round.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "填报门户：各单位在浏览器上传填报表并即时看到校验结果，总署实时查看汇总。 (The round portal.)",
        discussion: """
        数据目录保存数据库（SQLite，WAL）和每个上传文件（按 SHA-256 保存，从不删除）。首次启动时生成管理令牌，写入 \
        数据目录下的 admin-token（权限 0600）。默认只监听 127.0.0.1；要对内网开放须明确给出 --host 0.0.0.0。
        DIR holds the database and every uploaded file (by SHA-256, never deleted). The first start writes a random \
        admin token to DIR/admin-token (mode 0600). Loopback by default; --host 0.0.0.0 is explicit.
        """)

    @Option(name: .customLong("data"), help: "数据目录 (data folder)")
    var data: String

    @Option(name: .long, help: "监听地址 (address to listen on)")
    var host = "127.0.0.1"

    @Option(name: .long, help: "端口；0 为任选空闲端口 (port; 0 picks a free one)")
    var port = 8080

    @Option(name: .customLong("max-upload-mb"), help: "单个上传的大小上限（MB） (upload size limit)")
    var maxUploadMB = 20

    @Option(name: .customLong("lang"), help: "zh 或 en：启动信息的语言，默认取环境变量 DISCLOSURE_LANG，否则 zh (language of the start-up lines; default $DISCLOSURE_LANG, else zh)")
    var lang: Language = .current

    func validate() throws {
        guard (0...65535).contains(port) else { throw usageError(lang, zh: "--port 须为 0–65535", en: "--port: 0–65535") }
        guard (1...1024).contains(maxUploadMB) else { throw usageError(lang, zh: "--max-upload-mb 须为 1–1024", en: "--max-upload-mb: 1–1024") }
    }

    func run() async throws {
        let store: PortalStore
        let token: (token: String, created: Bool)
        do {
            store = try PortalStore(directory: URL(fileURLWithPath: data))
            token = try store.adminToken()
        } catch {
            FileHandle.standardError.write(Data("disclosure serve: \(data): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let portal = Portal(store: store, maxUploadBytes: maxUploadMB << 20)
        do { try portal.warmUp() } catch {
            FileHandle.standardError.write(Data("disclosure serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let server = PortalServer(portal: portal, adminToken: token.token)
        let tokenFile = store.directory.appendingPathComponent(PortalStore.adminTokenName).path
        let host = self.host
        let language = lang
        try await server.run(host: host, port: port) { port in
            FileHandle.standardOutput.write(Data(Self.startLines(host: host, port: port, tokenFile: tokenFile,
                                                                 created: token.created, language: language).utf8))
        }
    }

    /// What `serve` prints once it listens, in one language; the address is on the first line.
    static func startLines(host: String, port: Int, tokenFile: String, created: Bool, language: Language) -> String {
        let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        switch language {
        case .zh:
            return """
                disclosure serve: 正在监听 \(base)/
                \(created ? "管理令牌已生成" : "管理令牌")：\(tokenFile)
                总署登录：\(base)/login（用管理令牌登录，或在请求中加 Authorization: Bearer <令牌>）

                """
        case .en:
            return """
                disclosure serve: listening on \(base)/
                \(created ? "admin token created" : "admin token"): \(tokenFile)
                HQ login: \(base)/login (with the admin token, or send Authorization: Bearer <token>)

                """
        }
    }
}
