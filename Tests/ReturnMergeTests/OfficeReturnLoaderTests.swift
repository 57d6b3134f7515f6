import DisclosureCatalog
import Foundation
import OfficeReturns
@testable import ReturnMerge
import SheetCore
import Testing
import TestSupport

/// The loader's shortcuts give what their definitions give.
@Suite struct OfficeReturnLoaderTests {
    static let sampleReturns = TestSupport.packageRoot.appendingPathComponent("Samples/round/returns")

    @Test func rowSourceOfEverySampleRowMatchesTheCellReferenceDefinition() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sampleReturns.path).filter { $0.hasSuffix(".xlsx") }
        var rows = 0
        for name in files {
            guard let r = try? ReturnFiles.importReturn(path: Self.sampleReturns.appendingPathComponent(name).path,
                                                       catalog: CustomsCatalog.catalog) else { continue }
            for entry in r.items {
                let fallback = SourceLocation(file: r.file, line: entry.row)
                #expect(OfficeReturnLoader.fieldRange(entry) ?? fallback
                        == OfficeReturnLoader.rangeByReference(entry) ?? fallback)
                rows += 1
            }
        }
        #expect(rows > 100)
    }

    static func entry(cells: [String?]) -> ItemReturn {
        func field(_ cell: String?) -> Sourced<String> {
            cell.map { Sourced(text: "x", source: SourceLocation(file: "f.xlsx", sheet: "s", cell: $0)) } ?? .absent
        }
        return ItemReturn(itemNumber: 1, itemName: "机构职能", matchedBy: .metadata, row: 8,
                          status: Sourced(text: "已公开", value: .published,
                                          source: cells[0].map { SourceLocation(file: "f.xlsx", sheet: "s", cell: $0) }),
                          otherChannelNote: field(cells[1]), location: field(cells[2]), department: field(cells[3]))
    }

    static let oddRows: [[String?]] = [
        ["L8", "U8", "V8", "Y8"], ["L8", nil, nil, nil], ["Y8", "L8", "AB8", "L8"], ["h8", "L8", "M8", nil],
        ["$L$8", "Z8", nil, nil], ["L08", "M8", nil, nil], ["L8", "bad", "M8", nil], [nil, nil, nil, nil],
        ["AAA1048576", "A1048576", nil, nil], ["XFE1", "A1", nil, nil], ["B1", "A1", "ZZ1", "AA1"],
    ]

    @Test(arguments: oddRows)
    func rowSourceOfOddCellsMatchesTheDefinition(cells: [String?]) {
        let e = Self.entry(cells: cells)
        let fallback = SourceLocation(file: "f.xlsx", line: 8)
        #expect(OfficeReturnLoader.fieldRange(e) ?? fallback == OfficeReturnLoader.rangeByReference(e) ?? fallback)
    }

    @Test func uniqueKeepsFirstSeenOrder() {
        #expect(OfficeReturnLoader.unique(["网站", "其他", "网站", "两微一端", "其他"]) == ["网站", "其他", "两微一端"])
        let many = (0..<40).map { "渠道\($0 % 20)" }
        #expect(OfficeReturnLoader.unique(many) == (0..<20).map { "渠道\($0)" })
    }
}
