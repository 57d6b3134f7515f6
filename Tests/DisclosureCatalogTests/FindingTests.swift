import Testing
import Foundation
import SheetCore
@testable import DisclosureCatalog

@Suite struct FindingTests {
    @Test func formatsLikeACompilerInBothLanguages() {
        let f = Finding(code: "CAT-GLYPH", severity: .warning,
                        location: SourceLocation(file: "t.xlsx", sheet: "目录", cell: "H9"), itemNumber: 9,
                        zh: "无法识别的勾选符号“?”", en: "unrecognised check mark \"?\"")
        #expect(f.formatted(.zh) == "t.xlsx!目录!H9: 警告 [CAT-GLYPH] 第9项：无法识别的勾选符号“?”")
        #expect(f.formatted(.en) == "t.xlsx!目录!H9: warning [CAT-GLYPH] item 9: unrecognised check mark \"?\"")
    }

    @Test func severityOrdersMostSeriousFirst() {
        #expect([Severity.info, .error, .warning].sorted() == [.error, .warning, .info])
    }

    @Test func roundTripsThroughJSON() throws {
        let f = Finding(code: "X", severity: .error, location: SourceLocation(file: "a.csv", line: 3, column: 7),
                        zh: "中", en: "en")
        let data = try JSONEncoder().encode(f)
        #expect(try JSONDecoder().decode(Finding.self, from: data) == f)
    }
}
