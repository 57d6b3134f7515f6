import Foundation
import Hummingbird
import Logging
import NIOCore
import ReturnMerge
import ServiceLifecycle
import SheetCore

/// `disclosure serve`: the portal over HTTP (Hummingbird).
public struct PortalServer: Sendable {
    public let portal: Portal
    public let adminToken: String
    /// Key of the per-form CSRF tokens (derived from the admin token: stable across restarts).
    let formKey: [UInt8]

    public init(portal: Portal, adminToken: String) {
        self.portal = portal
        self.adminToken = adminToken
        formKey = SHA256.hash(Array("disclosurekit-forms|\(adminToken)".utf8))
    }

    /// Runs until the process gets SIGINT/SIGTERM or `stop` is switched, then shuts down gracefully (requests
    /// in flight are answered first).
    /// - Parameters:
    ///   - stop: a switch that shuts the server down from the same process (tests, benchmarks).
    ///   - onStart: called with the port once the server listens (useful with port 0).
    public func run(host: String, port: Int, stop: StopSwitch? = nil, onStart: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "disclosure.serve")
        logger.logLevel = .warning
        let app = Application(router: buildRouter(),
                              configuration: .init(address: .hostname(host, port: port), serverName: "disclosure"),
                              onServerRunning: { channel in onStart(channel.localAddress?.port ?? port) },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        if let stop, stop.attach(group) { return }  // stopped before it started
        try await group.run()
    }

    /// Shuts a running server down gracefully from the same process: `await stop.stop()`, then await the task
    /// that runs it.
    public final class StopSwitch: Sendable {
        private let state = Locked<(group: ServiceGroup?, stopped: Bool)>((nil, false))
        public init() {}

        /// Returns true when `stop()` came first (the server is to stop at once).
        func attach(_ group: ServiceGroup) -> Bool {
            state.withLock { $0.group = group; return $0.stopped }
        }

        public func stop() async {
            let group = state.withLock { s -> ServiceGroup? in s.stopped = true; return s.group }
            await group?.triggerGracefulShutdown()
        }
    }

    // MARK: routes

    func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("healthz") { _, _ in json(Array(#"{"status":"ok"}"#.utf8)) }
        router.get("static/portal.css") { _, _ in bytes(Array(Pages.css.utf8), type: "text/css; charset=utf-8") }
        router.get("static/portal.js") { _, _ in bytes(Array(Pages.js.utf8), type: "text/javascript; charset=utf-8") }

        // Office: the token in the path is the credential.
        router.get("o/:token") { request, context in try await self.officePage(request, context) }
        router.get("o/:token/template.xlsx") { request, context in
            guard let office = try self.office(context) else { return notFound() }
            let data = try self.portal.template(for: office)
            return download(data, type: xlsxType, name: "填报模板-\(office.code).xlsx")
        }
        router.post("o/:token/returns") { request, context in try await self.upload(request, context) }
        router.get("o/:token/returns") { _, context in
            guard let office = try self.office(context) else { return notFound() }
            let list = try self.portal.store.submissions(office: office.id).map(SubmissionSummary.init)
            return json(try Array(Portal.encoder.encode(list)))
        }
        router.get("o/:token/returns/:id") { _, context in
            guard let office = try self.office(context), let s = try self.submission(context, of: office),
                  let report = Portal.report(of: s) else { return notFound() }
            return json(try Array(Portal.encoder.encode(report)))
        }
        router.get("o/:token/returns/:id/checked.xlsx") { _, context in
            guard let office = try self.office(context), let s = try self.submission(context, of: office) else { return notFound() }
            guard let url = try self.portal.checkedCopy(s) else {
                return error(.conflict, "被拒绝的上传没有标注副本 (a rejected upload has no annotated copy)")
            }
            let base = URL(fileURLWithPath: s.name).deletingPathExtension().lastPathComponent
            return download(Array(try Data(contentsOf: url)), type: xlsxType, name: "\(base).checked.xlsx")
        }

        // HQ: login.
        router.get("login") { request, _ in
            let csrf = randomToken(bytes: 16)
            var response = html(Pages.login(csrf: csrf))
            response.headers[values: .setCookie].append(cookie("dk_login", csrf, path: "/login"))
            return response
        }
        router.post("login") { request, context in try await self.login(request, context) }
        router.post("logout") { request, context in
            guard let auth = try self.hq(request), auth.session != nil else { return unauthorized(request) }
            let form = Forms.urlEncoded(try await collect(request, limit: 1 << 16))
            guard self.originOK(request), form["csrf"] == self.csrf(for: auth) else { return forbidden() }
            if let session = auth.session { try self.portal.store.deleteSession(session) }
            var response = redirect("/login")
            response.headers[values: .setCookie].append(cookie("dk_session", "", maxAge: 0))
            return response
        }

        // HQ: pages.
        router.get("") { request, _ in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            return redirect("/rounds")
        }
        router.get("rounds") { request, _ in
            guard let auth = try self.hq(request) else { return unauthorized(request) }
            return html(Pages.rounds(try self.portal.store.rounds(), csrf: self.csrf(for: auth)))
        }
        router.post("rounds") { request, context in try await self.openRoundForm(request, context) }
        router.get("rounds/:id") { request, context in
            guard let auth = try self.hq(request) else { return unauthorized(request) }
            guard let (round, state) = try self.round(context) else { return notFound() }
            let live = try self.live(round: round, state: state)
            return html(Pages.dashboard(round: round, live: live, csrf: self.csrf(for: auth),
                                        offices: try self.portal.store.offices(round: round.id)))
        }
        router.get("rounds/:id/live") { request, context in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            guard let (round, state) = try self.round(context) else { return notFound() }
            if let seen = request.uri.queryParameters["v"].flatMap({ Int($0) }), seen == state.version {
                return Response(status: .noContent)
            }
            return html(try self.live(round: round, state: state))
        }
        router.post("rounds/:id/close") { request, context in
            guard let auth = try self.hq(request) else { return unauthorized(request) }
            if auth.session != nil {
                let form = Forms.urlEncoded(try await collect(request, limit: 1 << 16))
                guard self.originOK(request), form["csrf"] == self.csrf(for: auth) else { return forbidden() }
            }
            guard let id = context.parameters.get("id").flatMap({ Int64($0) }), try self.portal.store.closeRound(id) else { return notFound() }
            _ = try self.portal.state(round: id)
            return auth.session != nil ? redirect("/rounds/\(id)") : json(Array(#"{"closed":true}"#.utf8))
        }

        // HQ: API.
        router.get("api/rounds") { request, _ in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            return json(try Array(Portal.encoder.encode(try self.portal.store.rounds().map(RoundSummary.init))))
        }
        router.get("api/rounds/:id") { request, context in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            guard let (round, _) = try self.round(context) else { return notFound() }
            let offices = try self.portal.store.offices(round: round.id)
            let doc = RoundDetail(round: RoundSummary(round), offices: offices.map {
                .init(code: $0.code, name: $0.name, directCustoms: $0.district, link: "/o/\($0.token)")
            })
            return json(try Array(Portal.encoder.encode(doc)))
        }
        router.get("api/rounds/:id/merge") { request, context in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            guard let (_, state) = try self.round(context) else { return notFound() }
            var response = json([])
            response.body = .init(byteBuffer: state.mergeJSONBuffer())
            return response
        }
        router.get("api/rounds/:id/merged.xlsx") { request, context in
            guard try self.hq(request) != nil else { return unauthorized(request) }
            guard let (round, state) = try self.round(context) else { return notFound() }
            let result = state.merge().result
            let temp = self.portal.store.temporaryURL().appendingPathExtension("xlsx")
            defer { try? FileManager.default.removeItem(at: temp) }
            try result.writeWorkbook(to: temp.path)
            return download(Array(try Data(contentsOf: temp)), type: xlsxType, name: "汇总-第\(round.id)轮.xlsx")
        }
        return router
    }

    // MARK: office

    func office(_ context: BasicRequestContext) throws -> OfficeRecord? {
        guard let token = context.parameters.get("token"), Self.isToken(token) else { return nil }
        return try portal.store.office(token: token)
    }

    static func isToken(_ s: String) -> Bool {
        s.utf8.count >= 32 && s.utf8.count <= 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    func submission(_ context: BasicRequestContext, of office: OfficeRecord) throws -> SubmissionRecord? {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let s = try portal.store.submission(id),
              s.officeID == office.id else { return nil }
        return s
    }

    func officeCSRF(_ office: OfficeRecord) -> String {
        Array(SHA256.hmac(key: formKey, message: Array("office|\(office.token)".utf8)).prefix(16)).hex
    }

    func officePage(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let office = try office(context), let round = try portal.store.round(office.roundID) else { return notFound() }
        let history = try portal.store.submissions(office: office.id)
        var shown = history.first
        if let id = request.uri.queryParameters["s"].flatMap({ Int64($0) }) { shown = history.first { $0.id == id } ?? shown }
        return html(Pages.office(office: office, round: round, history: history, csrf: officeCSRF(office), shown: shown,
                                 maxUploadMB: portal.maxUploadBytes >> 20))
    }

    func upload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let office = try office(context), let round = try portal.store.round(office.roundID) else { return notFound() }
        guard round.closed == nil else { return error(.conflict, "本轮已结束，不再接收上传 (the round is closed)") }
        let limit = portal.maxUploadBytes
        let contentType = request.headers[.contentType] ?? ""
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit + (Forms.boundary(contentType: contentType) == nil ? 0 : 1 << 16) {
            return tooLarge(limit)
        }
        if let boundary = Forms.boundary(contentType: contentType) {
            // The page's form: the file part and the form token.
            guard originOK(request) else { return forbidden() }
            let body: [UInt8]
            do { body = try await collect(request, limit: limit + (1 << 16)) } catch is TooLarge { return tooLarge(limit) }
            guard let parts = Forms.multipart(body, boundary: boundary) else { return error(.badRequest, "表单格式错误 (malformed form)") }
            guard parts.first(where: { $0.name == "csrf" }).map({ String(decoding: $0.body, as: UTF8.self) }) == officeCSRF(office) else {
                return forbidden()
            }
            guard let file = parts.first(where: { $0.name == "file" && $0.filename != nil }) else {
                return error(.badRequest, "请选择要上传的文件 (choose a file)")
            }
            guard file.body.count <= limit else { return tooLarge(limit) }
            let sink = try portal.beginUpload()
            try file.body.withUnsafeBytes { try sink.write($0) }
            let sha = try await offload { try sink.finish() }
            let result = try await portal.accept(office: office, round: round, name: file.filename ?? "", temporary: sink.url, sha: sha, size: Int64(sink.size))
            if (request.headers[.accept] ?? "").contains("application/json") { return json(result.jsonBytes()) }
            return redirect("/o/\(office.token)?s=\(result.submission)#findings")
        }
        // The API: the file is the body, its name in ?name=.
        guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
            return error(.badRequest, "缺少 name 参数 (missing ?name=FILE)")
        }
        let sink = try portal.beginUpload()
        do {
            for try await buffer in request.body {
                try buffer.withUnsafeReadableBytes { try sink.write($0) }
            }
        } catch Portal.UploadRefusal.tooLarge {
            return tooLarge(limit)
        } catch {
            sink.discard()
            throw error
        }
        let sha = try await offload { try sink.finish() }
        let result = try await portal.accept(office: office, round: round, name: name, temporary: sink.url, sha: sha, size: Int64(sink.size))
        return json(result.jsonBytes())
    }

    // MARK: HQ

    struct HQAuth { var session: String? }

    /// The admin credential: `Authorization: Bearer <admin token>` or a session cookie from the login form.
    func hq(_ request: Request) throws -> HQAuth? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", constantTimeEqual(String(parts[1]), adminToken) {
                return HQAuth(session: nil)
            }
            return nil
        }
        if let session = Forms.cookies(request.headers[.cookie])["dk_session"], Self.isToken(session),
           try portal.store.hasSession(session) {
            return HQAuth(session: session)
        }
        return nil
    }

    func csrf(for auth: HQAuth) -> String {
        Array(SHA256.hmac(key: formKey, message: Array("hq|\(auth.session ?? "bearer")".utf8)).prefix(16)).hex
    }

    /// A cross-site form post carries an Origin of another site: refused. (No Origin, or the opaque `null` some
    /// browsers send under strict referrer settings: a non-browser client or a privacy setting; the per-form
    /// token, checked on every form, still decides.)
    func originOK(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let authority = request.head.authority, let url = URL(string: origin), let host = url.host else { return false }
        let originAuthority = url.port.map { "\(host):\($0)" } ?? host
        return originAuthority == authority
    }

    func login(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let form = Forms.urlEncoded(try await collect(request, limit: 1 << 16))
        let expected = Forms.cookies(request.headers[.cookie])["dk_login"]
        guard originOK(request), let expected, !expected.isEmpty, form["csrf"] == expected else { return forbidden() }
        guard let token = form["token"], constantTimeEqual(token.trimmingCharacters(in: .whitespacesAndNewlines), adminToken) else {
            var response = html(Pages.login(csrf: expected, message: "令牌不正确 (wrong token)"))
            response.status = .unauthorized
            return response
        }
        let session = try portal.store.createSession()
        var response = redirect("/rounds")
        response.headers[values: .setCookie].append(cookie("dk_session", session))
        response.headers[values: .setCookie].append(cookie("dk_login", "", path: "/login", maxAge: 0))
        return response
    }

    func openRoundForm(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let auth = try hq(request) else { return unauthorized(request) }
        guard originOK(request), let boundary = Forms.boundary(contentType: request.headers[.contentType] ?? "") else {
            return error(.badRequest, "需要 multipart/form-data 表单 (a multipart form is expected)")
        }
        let body: [UInt8]
        do { body = try await collect(request, limit: portal.maxUploadBytes) } catch is TooLarge { return tooLarge(portal.maxUploadBytes) }
        guard let parts = Forms.multipart(body, boundary: boundary) else { return error(.badRequest, "表单格式错误 (malformed form)") }
        func field(_ name: String) -> String? {
            parts.first { $0.name == name }.map { String(decoding: $0.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 }
        }
        if auth.session != nil, field("csrf") != csrf(for: auth) { return forbidden() }
        guard let roster = parts.first(where: { $0.name == "roster" && $0.filename != nil }) else {
            return error(.badRequest, "请选择名单文件 (choose a roster file)")
        }
        let folder = portal.store.directory.appendingPathComponent("tmp").appendingPathComponent(randomToken(bytes: 8))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rosterURL = folder.appendingPathComponent(Portal.safeName(roster.filename ?? "roster.csv"))
        try Data(roster.body).write(to: rosterURL)
        do {
            let opened = try portal.openRound(name: field("name") ?? "", roster: rosterURL.path, catalog: "customs",
                                              due: field("due"), asOf: field("as_of"))
            return redirect("/rounds/\(opened.round)")
        } catch let e as PortalError {
            var response = html(Pages.rounds(try portal.store.rounds(), csrf: csrf(for: auth), message: e.description))
            response.status = .badRequest
            return response
        }
    }

    func round(_ context: BasicRequestContext) throws -> (RoundRecord, RoundState)? {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let state = try portal.state(round: id) else { return nil }
        return (state.record, state)
    }

    func live(round: RoundRecord, state: RoundState) throws -> String {
        let version = state.version
        let result = state.merge().result
        let offices = try portal.store.offices(round: round.id)
        let byID = Dictionary(offices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let latest = try portal.store.latestAny(round: round.id)
        let rejected = latest.values.filter { $0.status == "rejected" }.sorted { $0.officeCode < $1.officeCode }
            .compactMap { s in byID[s.officeID].map { ($0, s) } }
        return Pages.live(version: version, result: result, rejectedLatest: rejected,
                          recent: try portal.store.recentSubmissions(round: round.id, limit: 20), officeNames: byID)
    }
}

/// Every failure as a JSON error with the right status (unmatched routes included); the server keeps running.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HTTPError {
            return error(e.status, e.body ?? (e.status == .notFound ? "未找到 (not found)" : e.status.reasonPhrase))
        } catch {
            FileHandle.standardError.write(Data("disclosure serve: \(request.method) \(request.uri.path): \(error)\n".utf8))
            return RoundPortal.error(.internalServerError, "服务器内部错误 (internal error): \(error)")
        }
    }
}

// MARK: JSON documents

struct SubmissionSummary: Codable {
    var submission: Int64
    var received: String
    var file: String
    var sha256: String
    var size: Int64
    var status: String
    var errors: Int
    var warnings: Int
    init(_ s: SubmissionRecord) {
        submission = s.id; received = s.received; file = s.name; sha256 = s.sha256; size = s.size; status = s.status
        errors = s.errors; warnings = s.warnings
    }
}

struct RoundSummary: Codable {
    var id: Int64
    var name: String
    var due: String?
    var asOf: String?
    var created: String
    var closed: String?
    init(_ r: RoundRecord) { id = r.id; name = r.name; due = r.due; asOf = r.asOf; created = r.created; closed = r.closed }
}

struct RoundDetail: Codable {
    var round: RoundSummary
    var offices: [Portal.OpenedRound.Office]
}

// MARK: responses

let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func bytes(_ data: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
    var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
    headers[.init("X-Content-Type-Options")!] = "nosniff"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

func json(_ data: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    bytes(data, type: "application/json; charset=utf-8", status: status)
}

func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    var response = bytes(Array(text.utf8), type: "text/html; charset=utf-8", status: status)
    response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
    response.headers[.init("Referrer-Policy")!] = "same-origin"
    return response
}

func download(_ data: [UInt8], type: String, name: String) -> Response {
    var response = bytes(data, type: type)
    let ascii = name.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" } ? name : "download.xlsx"
    let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
    response.headers[.contentDisposition] = "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    return response
}

func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
    struct Body: Encodable { var error: String }
    return json((try? Array(Portal.encoder.encode(Body(error: message)))) ?? [], status: status)
}

func notFound() -> Response { error(.notFound, "未找到 (not found)") }
func forbidden() -> Response { error(.forbidden, "请求被拒绝：表单令牌或来源不符 (forbidden: form token or origin mismatch)") }

func tooLarge(_ limit: Int) -> Response {
    var response = error(.contentTooLarge, "文件超过 \(limit >> 20) MB 上限 (the upload exceeds \(limit >> 20) MB)")
    response.headers[.connection] = "close"
    return response
}

/// 401: JSON for API clients, the login form for browsers.
func unauthorized(_ request: Request) -> Response {
    let wantsHTML = (request.headers[.accept] ?? "").contains("text/html")
    var response: Response
    if wantsHTML {
        response = html(Pages.message(title: "需要登录", text: "此页面仅供总署查看，请先登录。", link: ("/login", "登录")), status: .unauthorized)
    } else {
        response = error(.unauthorized, "需要管理令牌 (admin credential required)")
    }
    response.headers[.wwwAuthenticate] = "Bearer"
    return response
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil) -> String {
    var s = "\(name)=\(value); Path=\(path); HttpOnly; SameSite=Strict"
    if let maxAge { s += "; Max-Age=\(maxAge)" }
    return s
}

struct TooLarge: Error {}

/// The whole body, refused past `limit` bytes.
func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
    var out: [UInt8] = []
    for try await buffer in request.body {
        if out.count + buffer.readableBytes > limit { throw TooLarge() }
        out += buffer.readableBytesView
    }
    return out
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}
