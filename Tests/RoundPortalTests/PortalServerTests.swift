import Foundation
import OfficeReturns
import DisclosureCatalog
import RoundPortal
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// The portal over loopback: `disclosure serve` as a child process, `disclosure round open` beside it.
@Suite(.serialized) struct PortalServerTests {
    @Test func healthAndAdminTokenFile() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let health = try server.client.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.text == #"{"status":"ok"}"#)
        let attributes = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent("admin-token").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(server.adminToken.count >= 32)
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("portal.sqlite-wal").path)
            || FileManager.default.fileExists(atPath: data.appendingPathComponent("portal.sqlite").path))
    }

    @Test func roundOpenedWhileServingWithLinks() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        #expect(opened.offices.map(\.code) == ["0101", "0102", "0103", "0104", "0201", "0202", "0203", "2201", "2202", "2203"])
        #expect(opened.offices.first?.directCustoms == "北京海关")
        for office in opened.offices {
            let token = office.link.dropFirst(3)
            #expect(office.link.hasPrefix("/o/") && token.count * 4 >= 128)
        }
        #expect(Set(opened.offices.map(\.link)).count == opened.offices.count)
        // The running server sees the round the other process opened.
        let round = try server.client.request("GET", "/api/rounds/\(opened.round)", headers: server.bearer)
        #expect(round.status == 200)
        #expect(round.text.contains(opened.offices[0].link))
        let page = try server.client.request("GET", opened.link("0101"))
        #expect(page.status == 200)
        #expect(page.text.contains("首都机场海关") && page.text.contains("2025-07-15"))
        // round list / close from the CLI while the server runs; an upload is then refused.
        let list = try TestSupport.run(TestSupport.disclosureBinary.path, ["round", "list", "--data", data.path])
        #expect(list.status == 0 && list.stdout.contains("2025年第二季度"))
        let closed = try TestSupport.run(TestSupport.disclosureBinary.path, ["round", "close", "--data", data.path, String(opened.round)])
        #expect(closed.status == 0)
        let refused = try server.client.upload(opened.link("0101"), name: "0101.xlsx", bytes: try SampleRound.bytes("0101.xlsx"))
        #expect(refused.status == 409)
    }

    @Test func unknownTokenAndCredentials() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let bogus = "/o/" + String(repeating: "ab", count: 20)
        for path in [bogus, bogus + "/template.xlsx", bogus + "/returns", bogus + "/returns/1", "/o/short", "/o/../healthz"] {
            #expect(try server.client.request("GET", path).status == 404, "\(path)")
        }
        #expect(try server.client.upload(bogus, name: "a.xlsx", bytes: [1, 2, 3]).status == 404)
        let officeToken = String(opened.link("0101").dropFirst(3))
        let hqPaths = ["/rounds", "/rounds/\(opened.round)", "/rounds/\(opened.round)/live", "/api/rounds",
                       "/api/rounds/\(opened.round)", "/api/rounds/\(opened.round)/merge", "/api/rounds/\(opened.round)/merged.xlsx"]
        for path in hqPaths {
            #expect(try server.client.request("GET", path).status == 401, "\(path) without credential")
            let withOffice = try server.client.request("GET", path, headers: [("Authorization", "Bearer \(officeToken)")])
            #expect([401, 403].contains(withOffice.status), "\(path) with an office token")
            let cookie = try server.client.request("GET", path, headers: [("Cookie", "dk_session=\(officeToken)")])
            #expect(cookie.status == 401, "\(path) with an office token as cookie")
            #expect(try server.client.request("GET", path, headers: server.bearer).status == 200, "\(path) with the admin token")
        }
        #expect(try server.client.request("POST", "/rounds/\(opened.round)/close").status == 401)
    }

    @Test func uploadFindingsEqualValidateAndHistory() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let link = opened.link("2202")
        let reply = try server.client.upload(link, name: "2202.ods", bytes: try SampleRound.bytes("2202.ods"))
        #expect(reply.status == 200)
        let result = try decode(UploadReply.self, reply)
        // The findings are `validate --format json`'s for the same file and as-of date.
        let validate = try TestSupport.run(TestSupport.disclosureBinary.path,
                                           ["validate", "--format", "json", "--as-of", SampleRound.asOf, SampleRound.file("2202.ods").path])
        struct Report: Decodable { struct File: Decodable { var findings: [UploadReply.Entry] }; var files: [File] }
        let expected = try JSONDecoder().decode(Report.self, from: validate.stdoutData).files[0].findings
        #expect(result.findings == expected)
        let hasProblems = expected.contains { $0.severity != "info" }
        #expect(result.status == (hasProblems ? "accepted-with-findings" : "accepted"))
        // The page shows the findings and links the annotated copy.
        let page = try server.client.request("GET", link).text
        #expect(page.contains("findings-table") == !expected.isEmpty)
        #expect(page.contains("/returns/\(result.submission)/checked.xlsx"))
        let checked = try server.client.request("GET", "\(link)/returns/\(result.submission)/checked.xlsx")
        #expect(checked.status == 200)
        #expect(checked.body.prefix(2) == [0x50, 0x4B])
        let copy = data.appendingPathComponent("checked-test.xlsx")
        try Data(checked.body).write(to: copy)
        #expect(try XLSXWorkbook(path: copy.path).sheets.first?.name == ReturnAnnotation.summarySheetName)
        // Supersede: a second upload becomes the latest; both stay in the history.
        let second = try decode(UploadReply.self, try server.client.upload(link, name: "2202-v2.ods", bytes: try SampleRound.bytes("2202.ods")))
        #expect(second.submission > result.submission)
        let history = try server.client.request("GET", "\(link)/returns")
        struct Item: Decodable { var submission: Int64; var file: String; var sha256: String }
        let items = try decode([Item].self, history)
        #expect(items.map(\.submission) == [second.submission, result.submission])
        #expect(items[0].sha256 == items[1].sha256)
        let merge = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer).text
        #expect(merge.contains("2202/2202-v2.ods") && !merge.contains("2202/2202.ods"))
    }

    @Test func templateIsPrefilled() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let reply = try server.client.request("GET", opened.link("0203") + "/template.xlsx")
        #expect(reply.status == 200)
        let file = data.appendingPathComponent("t.xlsx")
        try Data(reply.body).write(to: file)
        let imported = try ReturnImporter(catalog: CustomsCatalog.catalog).read(ReturnWorkbook(path: file.path), file: "t.xlsx")
        #expect(imported.office.code.text == "0203")
        #expect(imported.office.name.text == "天津机场海关")
        #expect(imported.office.directCustoms.text == "天津海关")
    }

    @Test func anotherOfficesCodeIsAFindingNotFiledUnderIt() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        // 0102's link, 0101's return.
        let reply = try decode(UploadReply.self, try server.client.upload(opened.link("0102"), name: "0101.xlsx", bytes: try SampleRound.bytes("0101.xlsx")))
        #expect(reply.status == "rejected")
        #expect(reply.findings.first?.rule == "RET-OFFICE-MISMATCH")
        #expect(reply.findings.first?.message.contains("0101") == true)
        let merge = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer).text
        #expect(!merge.contains("0101.xlsx"))
        struct Merge: Decodable { var missing: [String] }
        let missing = try JSONDecoder().decode(Merge.self, from: Data(merge.utf8)).missing
        #expect(missing.contains("0101") && missing.contains("0102"))
        // 0101 sees nothing of it: its history is empty and 0102's submission is not found through 0101's link.
        let own = try server.client.request("GET", opened.link("0101") + "/returns")
        #expect(own.text == "[]")
        #expect(try server.client.request("GET", opened.link("0101") + "/returns/\(reply.submission)").status == 404)
        #expect(try server.client.request("GET", opened.link("0101") + "/returns/\(reply.submission)/checked.xlsx").status == 404)
        #expect(!(try server.client.request("GET", opened.link("0101")).text.contains("0101.xlsx")))
        #expect(try server.client.request("GET", opened.link("0102") + "/returns/\(reply.submission)").status == 200)
    }

    @Test func unreadableUploadIsKeptAndRejected() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let bytes = try SampleRound.bytes("损坏.xlsx")
        let reply = try decode(UploadReply.self, try server.client.upload(opened.link("0104"), name: "损坏.xlsx", bytes: bytes))
        #expect(reply.status == "rejected")
        #expect(reply.error?.isEmpty == false)
        let sha = SHA256.hash(bytes).hex
        let stored = data.appendingPathComponent("files/\(sha.prefix(2))/\(sha).xlsx")
        #expect(Array(try Data(contentsOf: stored)) == bytes)
        // Not a spreadsheet at all, and a foreign extension: kept too.
        let text = Array("hello\u{0}world".utf8)
        let second = try decode(UploadReply.self, try server.client.upload(opened.link("0104"), name: "notes.docx", bytes: text))
        #expect(second.status == "rejected")
        let sha2 = SHA256.hash(text).hex
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("files/\(sha2.prefix(2))/\(sha2).docx").path))
        let page = try server.client.request("GET", opened.link("0104")).text
        #expect(page.contains("被拒绝") && page.contains("reject-reason"))
    }

    @Test func uploadsOverTheLimitAreRefusedBeforeStoring() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data, extra: ["--max-upload-mb", "1"])
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let link = opened.link("0101")
        func storedFiles() -> Int {
            (FileManager.default.enumerator(atPath: data.appendingPathComponent("files").path)?.allObjects as? [String])?
                .filter { $0.hasSuffix(".xlsx") }.count ?? 0
        }
        let before = storedFiles()
        // Announced too large: refused on the header, no body sent.
        let announced = try server.client.request("POST", "\(link)/returns?name=big.xlsx", body: [], declaredLength: 50 << 20)
        #expect(announced.status == 413)
        // Sent without a length (chunked), past the limit: refused while streaming.
        var chunked: [UInt8] = []
        let piece = [UInt8](repeating: 0x41, count: 256 << 10)
        for _ in 0..<6 { chunked += Array("40000\r\n".utf8) + piece + Array("\r\n".utf8) }
        chunked += Array("0\r\n\r\n".utf8)
        let streamed = try server.client.request("POST", "\(link)/returns?name=big.xlsx",
                                                 headers: [("Transfer-Encoding", "chunked")], body: chunked, declaredLength: -1)
        #expect(streamed.status == 413)
        #expect(storedFiles() == before)
        let tmp = (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("tmp").path)) ?? []
        #expect(tmp.isEmpty)
        #expect(try server.client.request("GET", "\(link)/returns").text == "[]")
    }

    @Test func mergeEqualsTheCLIMergeByteForByte() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        for (code, file) in SampleRound.returns {
            let reply = try server.client.upload(opened.link(code), name: URL(fileURLWithPath: file).lastPathComponent, bytes: try SampleRound.bytes(file))
            #expect(reply.status == 200)
        }
        // 0103 first sent its draft, then the final return: the final one is merged.
        _ = try server.client.upload(opened.link("0103"), name: "0103-初稿.xlsx", bytes: try SampleRound.bytes("0103-初稿.xlsx"))
        _ = try server.client.upload(opened.link("0103"), name: "0103.xlsx", bytes: try SampleRound.bytes("0103.xlsx"))
        let portal = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer)
        #expect(portal.status == 200)
        let folder = data.appendingPathComponent("export")
        let exported = try TestSupport.run(TestSupport.disclosureBinary.path,
                                           ["round", "export", "--data", data.path, "-o", folder.path, String(opened.round)])
        #expect(exported.status == 0)
        let files = exported.stdout.split(separator: "\n").map(String.init)
        #expect(files.count == SampleRound.returns.count)
        let merged = try TestSupport.run(TestSupport.disclosureBinary.path,
                                         ["merge"] + files + ["--roster", "roster.csv", "--as-of", SampleRound.asOf,
                                                              "-o", "merged.xlsx", "--json", "merged.json"], currentDirectory: folder)
        #expect(merged.status <= 1, "\(merged.stderr)")
        let cli = Array(try Data(contentsOf: folder.appendingPathComponent("merged.json")))
        #expect(portal.body == cli)
        #expect(portal.body.count > 1000)
        let xlsx = try server.client.request("GET", "/api/rounds/\(opened.round)/merged.xlsx", headers: server.bearer)
        #expect(xlsx.status == 200 && xlsx.body.prefix(2) == [0x50, 0x4B])
        // The dashboard: per 直属海关, the chart, recent uploads.
        let dashboard = try server.client.request("GET", "/rounds/\(opened.round)", headers: server.bearer).text
        #expect(dashboard.contains("<svg id=\"compliance-chart\""))
        #expect(dashboard.contains("天津海关") && dashboard.contains("上海海关"))
        #expect(dashboard.contains("id=\"recent\"") && dashboard.contains("0103-初稿.xlsx"))
        #expect(dashboard.contains("/static/portal.js"))
    }

    @Test func killNineLosesNoAcknowledgedUploadAndRestartKeepsRounds() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        var server = try ServerProcess(data: data)
        let opened = try openSampleRound(data: data)
        var acknowledged: [Int64] = []
        for (code, file) in SampleRound.returns.prefix(4) {
            let reply = try decode(UploadReply.self, try server.client.upload(opened.link(code), name: "r.xlsx", bytes: try SampleRound.bytes(file)))
            acknowledged.append(reply.submission)
        }
        let before = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer).body
        server.kill9()
        server = try ServerProcess(data: data)
        defer { server.stop() }
        for ((code, _), id) in zip(SampleRound.returns.prefix(4), acknowledged) {
            let history = try server.client.request("GET", opened.link(code) + "/returns").text
            #expect(history.contains("\"submission\":\(id)"))
        }
        let rounds = try server.client.request("GET", "/api/rounds", headers: server.bearer).text
        #expect(rounds.contains("2025年第二季度"))
        let after = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer).body
        #expect(after == before)
    }

    @Test func userTextIsEscaped() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data, name: "<img src=x onerror=alert(1)>")
        let evil = "<script>alert('x')&\"报表\".csv"
        _ = try server.client.upload(opened.link("0104"), name: evil, bytes: Array("a,b\n".utf8))
        let page = try server.client.request("GET", opened.link("0104")).text
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;报表&quot;.csv"))
        #expect(!page.contains("<img src=x"))
        let dashboard = try server.client.request("GET", "/rounds/\(opened.round)", headers: server.bearer).text
        #expect(!dashboard.contains("<img src=x") && !dashboard.contains("<script>alert"))
        #expect(dashboard.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func loginFormAndCSRF() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let form = try server.client.request("GET", "/login")
        guard let loginCookie = form.headers["set-cookie"]?.split(separator: ";").first.map(String.init),
              let csrfRange = form.text.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else {
            Issue.record("no login cookie or form token"); return
        }
        let csrf = String(form.text[csrfRange].dropFirst(#"name="csrf" value=""#.count).dropLast())
        let formType = ("Content-Type", "application/x-www-form-urlencoded")
        func login(_ body: String, cookie: String?, origin: String? = nil) throws -> LoopbackClient.Reply {
            var headers = [formType]
            if let cookie { headers.append(("Cookie", cookie)) }
            if let origin { headers.append(("Origin", origin)) }
            return try server.client.request("POST", "/login", headers: headers, body: Array(body.utf8))
        }
        #expect(try login("csrf=\(csrf)&token=\(server.adminToken)", cookie: nil).status == 403)
        #expect(try login("csrf=wrong&token=\(server.adminToken)", cookie: loginCookie).status == 403)
        #expect(try login("csrf=\(csrf)&token=\(server.adminToken)", cookie: loginCookie, origin: "http://evil.example").status == 403)
        #expect(try login("csrf=\(csrf)&token=wrong", cookie: loginCookie).status == 401)
        let ok = try login("csrf=\(csrf)&token=\(server.adminToken)", cookie: loginCookie, origin: "http://127.0.0.1:\(server.port)")
        #expect(ok.status == 303)
        let setCookie = ok.headers["set-cookie"] ?? ""
        #expect(setCookie.contains("dk_session=") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        guard let session = setCookie.split(separator: "\n").first(where: { $0.hasPrefix("dk_session=") })?.split(separator: ";").first else {
            Issue.record("no session cookie"); return
        }
        let cookie = ("Cookie", String(session))
        #expect(try server.client.request("GET", "/rounds/\(opened.round)", headers: [cookie]).status == 200)
        // HQ opens a round from its page's form (the form token of the session, the roster as a file).
        let roundsPage = try server.client.request("GET", "/rounds", headers: [cookie]).text
        guard let hr = roundsPage.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else { Issue.record("no HQ form token"); return }
        let hqCSRF = String(roundsPage[hr].dropFirst(#"name="csrf" value=""#.count).dropLast())
        let roster = Array(try Data(contentsOf: SampleRound.roster))
        let openForm = LoopbackClient.multipart(fields: [("csrf", hqCSRF), ("name", "第三季度"), ("due", "2025-10-15"), ("as_of", "")],
                                                file: ("roster", "roster.csv", roster))
        let openedByForm = try server.client.request("POST", "/rounds", headers: [cookie, ("Content-Type", openForm.contentType)], body: openForm.body)
        #expect(openedByForm.status == 303)
        #expect(openedByForm.headers["location"] == "/rounds/\(opened.round + 1)")
        let forged = LoopbackClient.multipart(fields: [("csrf", "forged"), ("name", "x")], file: ("roster", "roster.csv", roster))
        #expect(try server.client.request("POST", "/rounds", headers: [cookie, ("Content-Type", forged.contentType)], body: forged.body).status == 403)
        let second = try server.client.request("GET", "/api/rounds/\(opened.round + 1)", headers: server.bearer)
        #expect(second.status == 200 && second.text.contains("第三季度") && second.text.contains("\"code\":\"2203\""))
        // A form post with the session cookie but without the form token (what a cross-site form would send).
        let noToken = try server.client.request("POST", "/rounds/\(opened.round)/close", headers: [cookie, formType], body: Array("x=1".utf8))
        #expect(noToken.status == 403)
        #expect(try server.client.request("GET", "/api/rounds", headers: server.bearer).text.contains("\"closed\"") == false)
        // The office's multipart form needs its form token as well.
        let page = try server.client.request("GET", opened.link("0101")).text
        guard let r = page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else { Issue.record("no office form token"); return }
        let officeCSRF = String(page[r].dropFirst(#"name="csrf" value=""#.count).dropLast())
        let bad = LoopbackClient.multipart(fields: [("csrf", "nope")], file: ("file", "0101.xlsx", try SampleRound.bytes("0101.xlsx")))
        #expect(try server.client.request("POST", opened.link("0101") + "/returns", headers: [("Content-Type", bad.contentType)], body: bad.body).status == 403)
        let good = LoopbackClient.multipart(fields: [("csrf", officeCSRF)], file: ("file", "0101.xlsx", try SampleRound.bytes("0101.xlsx")))
        let posted = try server.client.request("POST", opened.link("0101") + "/returns", headers: [("Content-Type", good.contentType)], body: good.body)
        #expect(posted.status == 303)
        #expect(posted.headers["location"]?.hasPrefix(opened.link("0101") + "?s=") == true)
    }
}

/// A bounded load: 1,000 uploads from 20 concurrent clients (PORTAL_LOAD_COUNT to change the count), every one
/// acknowledged with its own submission, none lost, and the merge still the CLI's.
@Suite(.serialized) struct PortalLoadTests {
    @Test func thousandUploadsFromTwentyClients() throws {
        let total = Int(ProcessInfo.processInfo.environment["PORTAL_LOAD_COUNT"] ?? "") ?? 1000
        let data = try TestSupport.makeTemporaryDirectory("portal-load")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        let payloads = try SampleRound.returns.map { (opened.link($0.code), URL(fileURLWithPath: $0.file).lastPathComponent, try SampleRound.bytes($0.file)) }
        let results = LoadResults(count: total)
        let client = server.client
        LoopbackClient.concurrently(20) { worker in
            var i = worker
            while i < total {
                let (link, name, bytes) = payloads[i % payloads.count]
                let reply = try? client.upload(link, name: name, bytes: bytes)
                let id = reply.flatMap { $0.status == 200 ? try? JSONDecoder().decode(UploadReply.self, from: Data($0.body)).submission : nil }
                results.set(i, id)
                i += 20
            }
        }
        let ids = results.all
        #expect(ids.allSatisfy { $0 != nil }, "\(ids.filter { $0 == nil }.count) uploads failed")
        #expect(Set(ids.compactMap { $0 }).count == total)
        // Every acknowledged upload is in the history of its office.
        var histories = 0
        for code in Set(SampleRound.returns.map(\.code)) {
            struct Item: Decodable { var submission: Int64 }
            histories += try decode([Item].self, try server.client.request("GET", opened.link(code) + "/returns")).count
        }
        #expect(histories == total)
        // The merge is still exactly the CLI's over the latest uploads.
        let portal = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer)
        let folder = data.appendingPathComponent("export")
        let files = try TestSupport.run(TestSupport.disclosureBinary.path, ["round", "export", "--data", data.path, "-o", folder.path, String(opened.round)])
            .stdout.split(separator: "\n").map(String.init)
        _ = try TestSupport.run(TestSupport.disclosureBinary.path, ["merge"] + files + ["--roster", "roster.csv", "--as-of", SampleRound.asOf,
                                "-o", "m.xlsx", "--json", "m.json"], currentDirectory: folder)
        #expect(portal.body == Array(try Data(contentsOf: folder.appendingPathComponent("m.json"))))
    }
}

final class LoadResults: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [Int64?]
    init(count: Int) { ids = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ id: Int64?) { lock.lock(); ids[i] = id; lock.unlock() }
    var all: [Int64?] { lock.lock(); defer { lock.unlock() }; return ids }
}

@Suite struct SHA256Tests {
    @Test func knownDigests() {
        #expect(SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hex
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Fed in odd pieces, the same digest.
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        var h = SHA256()
        var i = 0
        while i < million.count { let n = min(7919, million.count - i); h.update(Array(million[i..<i + n])); i += n }
        #expect(h.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacRFC4231() {
        // Test case 2.
        #expect(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hex
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
