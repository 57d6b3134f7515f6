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
    /// The zone named is the one glibc reads from /etc/localtime: `date` (glibc, a child process, so this
    /// process's environment is never changed while other tests run) gives the same offsets with TZ unset and
    /// with TZ set to the name, in winter and in summer.
    @Test func theZoneNamedIsTheLocalZone() throws {
        guard ProcessInfo.processInfo.environment["TZ"] == nil else {
            #expect(ZoneTuning.zoneToName() == nil, "TZ is already set: nothing to name")
            return
        }
        guard let zone = ZoneTuning.zoneToName() else {
            // Nothing to name (no /etc/localtime link, or no zone file behind it): then TZ is left alone.
            let linked = ZoneTuning.linkedZone()
            #expect(linked == nil || !FileManager.default.isReadableFile(atPath: "/usr/share/zoneinfo/" + (linked ?? "")))
            print("ZoneTuningTests: /etc/localtime names no readable zone here; only that case was checked")
            return
        }
        for instant in ["2025-01-15 12:00 UTC", "2025-07-15 12:00 UTC"] {
            let unset = try TestSupport.run("/usr/bin/env", ["-u", "TZ", "date", "-d", instant, "+%z %Z"])
            let named = try TestSupport.run("/usr/bin/env", ["TZ=" + zone, "date", "-d", instant, "+%z %Z"])
            #expect(unset.status == 0 && named.status == 0)
            #expect(!unset.stdout.isEmpty && unset.stdout == named.stdout, "\(zone) at \(instant)")
        }
        #expect(TimeZone(identifier: zone) != nil, "Foundation knows the zone by that name too")
    }
    #endif
}
