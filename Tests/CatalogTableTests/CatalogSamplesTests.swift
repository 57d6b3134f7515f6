import Testing
import Foundation
import DisclosureCatalog
import TestSupport
@testable import CatalogTable

/// The committed samples stay in step with the code that made them.
@Suite struct CatalogSamplesTests {
    let samples = TestSupport.packageRoot.appendingPathComponent("Samples")

    @Test func customsSamplesMatchTheBuiltInCatalog() throws {
        let json = try CatalogFile.readJSON(path: samples.appendingPathComponent("catalog-customs.json").path)
        #expect(json == CustomsCatalog.catalog)
        for name in ["catalog-customs.xlsx", "catalog-customs.csv"] {
            let path = samples.appendingPathComponent(name).path
            let result = try CatalogFile.readTable(path: path, options: .init(file: path, id: "customs", issuer: "海关总署"))
            #expect(result.catalog == CustomsCatalog.catalog, "\(name)")
        }
    }

    @Test func marketSampleImportsAsCommitted() throws {
        let path = samples.appendingPathComponent("catalog-market.xlsx").path
        let result = try CatalogFile.readTable(path: path, options: .init(file: path))
        let committed = try CatalogFile.readJSON(path: samples.appendingPathComponent("catalog-market.json").path)
        #expect(result.catalog == committed)
        #expect(result.catalog.items.count == 4)
        #expect(result.catalog.item(3)?.modes == [.proactive, .onRequest])  // Wingdings 2 "R" in both columns
        #expect(result.catalog.item(3)?.audience == [.general])             // Wingdings þ / ¨
        #expect(result.catalog.item(2)?.deadlines == result.catalog.item(1)?.deadlines)  // 同上
        #expect(result.findings.allSatisfy { $0.severity == .info })
    }
}
