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
    /// again does nothing more.
    @discardableResult
    public static func tuneAllocatorForBatchReading() -> Bool {
        HeapTuning.applied
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
