import DisclosureCatalog
import OfficeReturns
import Foundation
import ReturnMerge
import SheetCore
import TestSupport

/// A loader answering from a table, so the merge can be tested without any reader.
struct TableLoader: ReturnLoader {
    var outcomes: [String: LoadOutcome]
    func load(_ file: URL, displayPath: String) -> LoadOutcome {
        outcomes[file.lastPathComponent] ?? .rejected(.unreadable, LocalizedText(zh: "无", en: "none"))
    }
}


enum Fixture {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> DateTimeValue { DateTimeValue(year: y, month: m, day: d) }

    static func submission(code: CellValue, file: String, filledOn: DateTimeValue?, district: String = "",
                           answers: [ItemAnswer], findings: [Finding] = []) -> ReturnSubmission {
        ReturnSubmission(identity: ReturnIdentity(officeName: "单位\(code.text)", officeCode: code, district: district,
                                                  filledBy: "张三", phone: "010-1", filledOn: filledOn,
                                                  codeLocation: SourceLocation(file: file, sheet: "填报", cell: "B3")),
                         answers: answers, findings: findings)
    }

    static func answer(_ item: Int, _ status: ImplementationStatus?, channels: [String] = ["直属海关网站"], deadlineMet: Bool? = true,
                       file: String, reason: String = "") -> ItemAnswer {
        ItemAnswer(item: item, name: "事项\(item)", status: status, channels: channels, location: "https://x.example/\(item)",
                   publishedOn: date(2025, 3, item), reason: reason, deadlineMet: deadlineMet,
                   source: SourceLocation(file: file, sheet: "填报", cell: "H\(item + 10):S\(item + 10)"))
    }

    /// A folder holding empty files with these names (the table loader answers for them).
    static func folder(_ names: [String], modified: [String: Date] = [:]) throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("merge")
        for name in names {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
            if let date = modified[name] {
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
            }
        }
        return dir
    }

    static let roster = Roster(entries: [
        RosterEntry(code: "0101", name: "北京海关隶属一", district: "北京海关"),
        RosterEntry(code: "0102", name: "北京海关隶属二", district: "北京海关"),
        RosterEntry(code: "2201", name: "上海海关隶属一", district: "上海海关"),
        RosterEntry(code: "2202", name: "上海海关隶属二", district: "上海海关"),
    ])
}
