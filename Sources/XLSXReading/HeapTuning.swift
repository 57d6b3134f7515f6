#if canImport(Glibc)
import Glibc
#endif

extension XLSXWorkbook {
    /// Tunes the C allocator of the whole process for reading many small workbooks one after another, and
    /// reports whether it was applied (true on glibc; elsewhere nothing happens and the result is false).
    ///
    /// This changes process-wide `malloc` settings, so the library never does it by itself: a program that
    /// reads workbooks in bulk (the `disclosure` CLI, the benchmarks) calls it once at start.
    ///
    /// Why: reading a merge round allocates and frees a few hundred KB per file; glibc's defaults hand the
    /// top of the heap back to the kernel (`brk`) as soon as 128 KB are free and map blocks of 128 KB+ with
    /// `mmap`, so every file faulted its pages in again — about a sixth of the CPU time of reading a W2 round
    /// went to page faults, `brk` and `munmap`. After this call up to 32 MB of freed memory stays mapped for
    /// reuse (`M_TRIM_THRESHOLD`) and blocks below 4 MB come from the heap (`M_MMAP_THRESHOLD`). Calling it
    /// again does nothing more. See also `nameLocalTimeZoneForBatchReading()`.
    @discardableResult
    public static func tuneAllocatorForBatchReading() -> Bool {
        HeapTuning.applied
    }

    /// Names the local time zone in `TZ` when `TZ` is unset and `/etc/localtime` links to a zone file
    /// (`/usr/share/zoneinfo/Asia/Shanghai` → `TZ=Asia/Shanghai`): the same zone, for glibc and Foundation
    /// alike. Reports whether `TZ` was set (only once, on glibc, and only here).
    ///
    /// Why: libzip converts every entry's DOS time with `mktime`, and glibc, while `TZ` is unset, checks
    /// `/etc/localtime` again on each call — eleven `stat`s per return, about a quarter of the time opening a
    /// W2 round took. This sets an environment variable of the whole process, so the library never does it by
    /// itself: a program reading workbooks in bulk calls it once at start, before starting any thread.
    @discardableResult
    public static func nameLocalTimeZoneForBatchReading() -> Bool {
        ZoneTuning.applied
    }
}

enum HeapTuning {
    static let trimThreshold: Int32 = 32 << 20
    static let mmapThreshold: Int32 = 4 << 20

    /// Applied once, on first use.
    static let applied: Bool = {
        #if canImport(Glibc)
        // `mallopt` is not in the Glibc module: looked up in the process (RTLD_DEFAULT is a null handle).
        // M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3 (malloc.h).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(-1, trimThreshold) == 1 && mallopt(-3, mmapThreshold) == 1
        #else
        return false
        #endif
    }()
}

/// Names the local zone in `TZ` (see `tuneAllocatorForBatchReading`).
enum ZoneTuning {
    /// The zone name `/etc/localtime` links to, when it links into a `zoneinfo` folder.
    static func linkedZone(_ link: String = "/etc/localtime") -> String? {
        #if canImport(Glibc)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let range = target.range(of: "zoneinfo/", options: .backwards) else { return nil }
        let zone = String(target[range.upperBound...])
        // A zone name (`Asia/Shanghai`, `Etc/UTC`, `UTC`), nothing that would read as a path or a rule.
        guard !zone.isEmpty, !zone.hasPrefix("/"), !zone.contains(".."),
              zone.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "/_-+0123456789".unicodeScalars.contains($0)) })
        else { return nil }
        return zone
        #else
        return nil
        #endif
    }

    /// The zone to name: nil when `TZ` is set, or `/etc/localtime` links to no readable zone file.
    static func zoneToName() -> String? {
        #if canImport(Glibc)
        guard getenv("TZ") == nil, let zone = linkedZone(), access("/usr/share/zoneinfo/" + zone, R_OK) == 0 else { return nil }
        return zone
        #else
        return nil
        #endif
    }

    /// Applied once, on first use: true when `TZ` was set here.
    static let applied: Bool = {
        #if canImport(Glibc)
        guard let zone = zoneToName(), setenv("TZ", zone, 0) == 0 else { return false }
        tzset()
        return true
        #else
        return false
        #endif
    }()
}
