import Foundation
import OfficeReturns
import RoundPortal
import Testing
import TestSupport

/// The portal gives the CLI's answers: a round without an as-of date judges as of today like `disclosure merge`
/// run without `--as-of`; a rejected upload does not supersede the office's accepted return, in the portal and in
/// `round export` alike; the start-up lines follow `--lang` / DISCLOSURE_LANG.
@Suite(.serialized) struct PortalAlignmentTests {
    /// Today in Beijing (UTC+8), as `YYYY-MM-DD`.
    static func todayInBeijing() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }

    /// `round export`, then `disclosure merge --json` over the exported files in the export folder (with
    /// `--as-of` only when given): the exported paths and the JSON bytes.
    static func cliMerge(data: URL, round: Int64, asOf: String?) throws -> (files: [String], json: [UInt8]) {
        let folder = data.appendingPathComponent("export-\(UUID().uuidString)")
        let exported = try TestSupport.run(TestSupport.disclosureBinary.path,
                                           ["round", "export", "--data", data.path, "-o", folder.path, String(round)])
        #expect(exported.status == 0, "\(exported.stderr)")
        let files = exported.stdout.split(separator: "\n").map(String.init)
        var args = ["merge"] + files + ["--roster", "roster.csv", "-o", "merged.xlsx", "--json", "merged.json"]
        if let asOf { args += ["--as-of", asOf] }
        let merged = try TestSupport.run(TestSupport.disclosureBinary.path, args, currentDirectory: folder)
        #expect(merged.status <= 1, "\(merged.stderr)")
        return (files, Array(try Data(contentsOf: folder.appendingPathComponent("merged.json"))))
    }

    @Test func roundWithoutAsOfJudgesAsOfTheDayLikeTheCLI() throws {
        // Run again when the day (in Beijing) turned during the run: both sides must judge as of one day.
        for _ in 0..<2 {
            let day = Self.todayInBeijing()
            let data = try TestSupport.makeTemporaryDirectory("portal-asof")
            let server = try ServerProcess(data: data)
            defer { server.stop() }
            let opened = try openSampleRound(data: data, asOf: nil)
            var replies: [String: UploadReply] = [:]
            for (code, file) in SampleRound.returns {
                let reply = try server.client.upload(opened.link(code), name: URL(fileURLWithPath: file).lastPathComponent,
                                                     bytes: try SampleRound.bytes(file))
                #expect(reply.status == 200)
                replies[file] = try decode(UploadReply.self, reply)
            }
            let portal = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer)
            #expect(portal.status == 200)
            let cli = try Self.cliMerge(data: data, round: opened.round, asOf: nil)
            // An upload's findings are `validate`'s without --as-of too.
            let validate = try TestSupport.run(TestSupport.disclosureBinary.path,
                                               ["validate", "--format", "json", SampleRound.file("0102.xlsx").path])
            guard Self.todayInBeijing() == day else { continue }
            #expect(cli.files.count == SampleRound.returns.count)
            #expect(portal.body == cli.json)
            struct Doc: Decodable { var as_of: String? }
            #expect(try JSONDecoder().decode(Doc.self, from: Data(portal.body)).as_of?.hasPrefix(day) == true)
            struct Report: Decodable { struct File: Decodable { var findings: [UploadReply.Entry] }; var files: [File] }
            let expected = try JSONDecoder().decode(Report.self, from: validate.stdoutData).files[0].findings
            #expect(replies["0102.xlsx"]?.findings == expected)
            // Judged as of today, not as of the round's 2025-06-30: the two merges differ.
            let fixed = try Self.cliMerge(data: data, round: opened.round, asOf: SampleRound.asOf)
            #expect(fixed.json != cli.json)
            return
        }
        Issue.record("the day turned twice during the test")
    }

    @Test func aRejectedUploadDoesNotSupersedeTheAcceptedReturn() throws {
        let data = try TestSupport.makeTemporaryDirectory("portal-latest")
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        let opened = try openSampleRound(data: data)
        for (code, file) in SampleRound.returns {
            let reply = try server.client.upload(opened.link(code), name: URL(fileURLWithPath: file).lastPathComponent,
                                                 bytes: try SampleRound.bytes(file))
            #expect(reply.status == 200)
        }
        let before = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer).body
        // 0101 then sends an unreadable file, 0102 another office's return: both rejected, both kept.
        let broken = try decode(UploadReply.self, try server.client.upload(opened.link("0101"), name: "损坏.xlsx",
                                                                           bytes: try SampleRound.bytes("损坏.xlsx")))
        #expect(broken.status == "rejected")
        let foreign = try decode(UploadReply.self, try server.client.upload(opened.link("0102"), name: "0103.xlsx",
                                                                            bytes: try SampleRound.bytes("0103.xlsx")))
        #expect(foreign.status == "rejected")
        #expect(foreign.findings.first?.rule == "RET-OFFICE-MISMATCH")
        // The merge still takes their accepted returns: unchanged, and the CLI's over `round export`.
        let after = try server.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: server.bearer)
        #expect(after.body == before)
        #expect(after.text.contains("0101/0101.xlsx") && !after.text.contains("损坏"))
        let cli = try Self.cliMerge(data: data, round: opened.round, asOf: SampleRound.asOf)
        #expect(cli.files.contains("0101/0101.xlsx") && cli.files.contains("0102/0102.xlsx"))
        #expect(!cli.files.contains { $0.contains("损坏") || $0 == "0102/0103.xlsx" })
        #expect(after.body == cli.json)
        // The office sees its rejected upload and which return still counts.
        let page = try server.client.request("GET", opened.link("0101")).text
        #expect(page.contains("id=\"reject-reason\"") && page.contains("汇总仍采用此前被接收的“0101.xlsx”"))
        #expect(page.contains("（汇总采用）"))
        // The same after a restart (the state is rebuilt from the store).
        server.stop()
        let restarted = try ServerProcess(data: data)
        defer { restarted.stop() }
        #expect(try restarted.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: restarted.bearer).body == cli.json)
        // An office whose only upload was rejected is missing, in both.
        let lone = try decode(UploadReply.self, try restarted.client.upload(opened.link("0104"), name: "损坏.xlsx",
                                                                            bytes: try SampleRound.bytes("损坏.xlsx")))
        #expect(lone.status == "rejected")
        struct Merge: Decodable { var missing: [String] }
        let merged = try restarted.client.request("GET", "/api/rounds/\(opened.round)/merge", headers: restarted.bearer)
        #expect(try decode(Merge.self, merged).missing.contains("0104"))
        #expect(merged.body == (try Self.cliMerge(data: data, round: opened.round, asOf: SampleRound.asOf)).json)
    }

    @Test func startUpLinesFollowTheLanguage() throws {
        let cases: [(extra: [String], lang: String?, english: Bool)] = [
            ([], nil, false), (["--lang", "en"], nil, true), ([], "en", true), (["--lang", "zh"], "en", false),
        ]
        for c in cases {
            let data = try TestSupport.makeTemporaryDirectory("portal-lang")
            for start in 0..<2 {
                let server = try ServerProcess(data: data, extra: c.extra, environment: ["DISCLOSURE_LANG": c.lang])
                let text = server.startText
                server.stop()
                let lines = text.split(separator: "\n")
                #expect(lines.count == 3, "\(text)")
                #expect(lines.first?.contains("http://127.0.0.1:\(server.port)/") == true)
                #expect(text.contains("http://127.0.0.1:\(server.port)/login"))
                #expect(text.contains(data.appendingPathComponent("admin-token").path))
                let hasChinese = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                if c.english {
                    #expect(!hasChinese, "\(text)")
                    #expect(text.contains("listening on") && text.contains("HQ login"))
                    #expect(text.contains("admin token created") == (start == 0))
                } else {
                    #expect(!text.contains("listening") && !text.contains("HQ login"), "\(text)")
                    #expect(text.contains("正在监听") && text.contains("总署登录"))
                    #expect(text.contains("管理令牌已生成") == (start == 0))
                }
            }
        }
    }
}

/// The upload answer's hand-written JSON is the JSON Foundation's encoder makes of it (sorted keys).
@Suite struct UploadResultJSONTests {
    @Test func sameAsTheEncoder() throws {
        let findings = try JSONDecoder().decode([ValidationReport.Entry].self, from: Data("""
            [{"rule":"RET-A","severity":"error","sheet":"填报表","cell":"H12","item":5,"message":"“引号” \\"q\\" a/b \\\\ tab\\t nl\\n \\u0001"},
             {"rule":"RET-B","severity":"info","message":"无单元格"}]
            """.utf8))
        #expect(findings.count == 2)
        let accepted = Portal.UploadResult(submission: 42, status: "accepted-with-findings", file: "0101 \"x\"/y.xlsx",
                                           office: .init(name: "首都机场海关", code: "0101", directCustoms: "北京海关"),
                                           error: nil, findings: findings)
        let rejected = Portal.UploadResult(submission: 7, status: "rejected", file: "损坏.xlsx", office: nil,
                                           error: "无法读取\u{7}: \"x\"", findings: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for r in [accepted, rejected] {
            let expected = try JSONSerialization.jsonObject(with: try encoder.encode(r)) as? NSDictionary
            let actual = try JSONSerialization.jsonObject(with: Data(r.jsonBytes())) as? NSDictionary
            #expect(actual != nil && actual == expected)
            // The members in sorted order, as the encoder writes them.
            let text = String(decoding: r.jsonBytes(), as: UTF8.self)
            let order = ["error", "file", "findings", "office", "status", "submission"].compactMap { text.range(of: "\"\($0)\":")?.lowerBound }
            #expect(order == order.sorted() && order.count == 5)
        }
    }
}
