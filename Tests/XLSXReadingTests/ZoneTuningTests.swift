import Foundation
import Testing
import TestSupport
@testable import XLSXReading

/// Batch reading names the local zone in `TZ` (so glibc stops re-checking /etc/localtime on every `mktime`
/// libzip makes): only a zone name that `/etc/localtime` links to, never anything else.
@Suite struct ZoneTuningTests {
    @Test func linkedZoneNamesOnlyZoneFiles() throws {
        let dir = try TestSupport.makeTemporaryDirectory("zone")
        func link(_ name: String, to target: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
            return path
        }
        #expect(ZoneTuning.linkedZone(try link("a", to: "/usr/share/zoneinfo/Asia/Shanghai")) == "Asia/Shanghai")
        #expect(ZoneTuning.linkedZone(try link("b", to: "../usr/share/zoneinfo/Etc/UTC")) == "Etc/UTC")
        #expect(ZoneTuning.linkedZone(try link("c", to: "/usr/share/zoneinfo/America/Argentina/Buenos_Aires"))
                == "America/Argentina/Buenos_Aires")
        #expect(ZoneTuning.linkedZone(try link("d", to: "/etc/some-file")) == nil)
        #expect(ZoneTuning.linkedZone(try link("e", to: "/usr/share/zoneinfo/")) == nil)
        #expect(ZoneTuning.linkedZone(try link("f", to: "/usr/share/zoneinfo/../../../etc/passwd")) == nil)
        #expect(ZoneTuning.linkedZone(try link("g", to: "/usr/share/zoneinfo/A B")) == nil)
        let plain = dir.appendingPathComponent("plain").path
        FileManager.default.createFile(atPath: plain, contents: Data("TZif".utf8))
        #expect(ZoneTuning.linkedZone(plain) == nil, "a copied zone file has no name to give")
        #expect(ZoneTuning.linkedZone(dir.appendingPathComponent("missing").path) == nil)
    }

    #if canImport(Glibc)
    @Test func batchTuningKeepsTheLocalZone() {
        let before = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_750_000_000))
        XLSXWorkbook.tuneAllocatorForBatchReading()
        if ZoneTuning.applied {
            #expect(ProcessInfo.processInfo.environment["TZ"] == ZoneTuning.linkedZone())
        }
        var seconds = time_t(1_750_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        #expect(Int(parts.tm_gmtoff) == before, "glibc and Foundation agree on the zone as before")
    }
    #endif
}
