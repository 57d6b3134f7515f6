import ArgumentParser
import Foundation
import RoundPortal

/// `disclosure round open|list|close|export` — rounds of the portal's data folder (also while it serves).
struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "管理填报门户的轮次（服务运行时也可用）。 (Manage the portal's rounds; works while it serves.)",
        subcommands: [Open.self, List.self, Close.self, Export.self])

    static func store(_ data: String) throws -> PortalStore {
        do { return try PortalStore(directory: URL(fileURLWithPath: data)) } catch {
            FileHandle.standardError.write(Data("disclosure round: \(data): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "开启一轮：为名单上每个单位生成填报链接，输出 JSON。 (Open a round; prints JSON with each office's link.)")

        @Option(name: .customLong("data"), help: "数据目录 (data folder)") var data: String
        @Option(name: .long, help: "轮次名称 (round name)") var name: String
        @Option(name: .long, help: "名单 CSV 或 XLSX：关区代码、关区名称、所属直属海关 (roster)") var roster: String
        @Option(name: .long, help: "目录：customs 或目录文件 (catalog)") var catalog = "customs"
        @Option(name: .long, help: "截止日期 YYYY-MM-DD (due date)") var due: String?
        @Option(name: .customLong("as-of"), help: "校验日期 YYYY-MM-DD (as-of date for validation and merge)") var asOf: String?

        func run() throws {
            let portal = Portal(store: try RoundCommand.store(data))
            do {
                try RoundCommand.printJSON(try portal.openRound(name: name, roster: roster, catalog: catalog, due: due, asOf: asOf))
            } catch let error as PortalError {
                FileHandle.standardError.write(Data("disclosure round open: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出轮次 (list rounds, JSON)")
        @Option(name: .customLong("data"), help: "数据目录 (data folder)") var data: String

        struct Entry: Encodable {
            var id: Int64, name: String, due: String?, asOf: String?, created: String, closed: String?, offices: Int, submissions: Int
        }

        func run() throws {
            let store = try RoundCommand.store(data)
            let entries = try store.rounds().map { r in
                Entry(id: r.id, name: r.name, due: r.due, asOf: r.asOf, created: r.created, closed: r.closed,
                      offices: try store.offices(round: r.id).count, submissions: try store.recentSubmissions(round: r.id, limit: Int.max).count)
            }
            try RoundCommand.printJSON(entries)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "结束一轮：不再接收上传 (close a round: no more uploads)")
        @Option(name: .customLong("data"), help: "数据目录 (data folder)") var data: String
        @Argument(help: "轮次编号 (round id)") var round: Int64

        func run() throws {
            guard try RoundCommand.store(data).closeRound(round) else {
                FileHandle.standardError.write(Data("disclosure round close: 没有第 \(round) 轮 (no round \(round))\n".utf8))
                throw ExitCode(2)
            }
            print("第 \(round) 轮已结束 (round \(round) closed)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "导出各单位最新被接收的上传和名单：在该目录运行 disclosure merge 得到与门户相同的汇总。 (Export the files the portal merges.)")
        @Option(name: .customLong("data"), help: "数据目录 (data folder)") var data: String
        @Option(name: .shortAndLong, help: "输出目录 (output folder)") var output: String
        @Argument(help: "轮次编号 (round id)") var round: Int64

        func run() throws {
            let portal = Portal(store: try RoundCommand.store(data))
            let paths = try portal.export(round: round, to: URL(fileURLWithPath: output))
            for p in paths { print(p) }
        }
    }
}
