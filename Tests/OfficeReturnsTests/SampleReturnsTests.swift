import DisclosureCatalog
import Foundation
import OfficeReturns
import Testing
import TestSupport

/// The committed samples (Samples/returns, made by make_samples.sh) still mean what the README says.
@Suite struct SampleReturnsTests {
    typealias S = ScenarioFiles
    static let folder = TestSupport.packageRoot.appendingPathComponent("Samples/returns")

    @Test(arguments: ["clean.xlsx", "clean-libreoffice.xlsx", "clean-gb18030.csv", "clean.ods"])
    func cleanSamplesAreClean(_ name: String) throws {
        let (r, findings) = try S.validate(Self.folder.appendingPathComponent(name))
        #expect(r.items.count == 25)
        #expect(r.office.code.text == "0101")
        #expect(S.pins(findings).isEmpty, "\(S.pins(findings))")
    }

    @Test func errorSamplesPinEveryRule() throws {
        let (_, xlsx) = try S.validate(Self.folder.appendingPathComponent("errors.xlsx"))
        #expect(S.pins(xlsx) == S.expectedErrorsXLSX)
        let (_, csv) = try S.validate(Self.folder.appendingPathComponent("errors-gb18030.csv"))
        #expect(S.pins(csv) == S.expectedErrorsCSV)
    }

    /// errors.xlsx saved by LibreOffice as .ods gives the same findings: rule, item, sheet and cell.
    @Test func odsSampleGivesTheXLSXFindings() throws {
        let (_, ods) = try S.validate(Self.folder.appendingPathComponent("errors.ods"))
        #expect(S.pins(ods) == S.expectedErrorsXLSX)
        let (_, xlsx) = try S.validate(Self.folder.appendingPathComponent("errors.xlsx"))
        #expect(S.pins(ods, includeInfo: true) == S.pins(xlsx, includeInfo: true))
        #expect(ods.count == xlsx.count)
        #expect(ods.allSatisfy { $0.location == nil || $0.location?.file == "errors.ods" }, "\(ods.compactMap(\.location?.file))")
    }

    @Test func gb18030SampleIsReallyGB18030() throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent("clean-gb18030.csv"))
        #expect(String(data: bytes, encoding: .utf8) == nil)
        // 填报单位 in GB18030 is CC EE B1 A8 B5 A5 CE BB.
        #expect(bytes.starts(with: [0xCC, 0xEE, 0xB1, 0xA8, 0xB5, 0xA5, 0xCE, 0xBB]))
    }
}
