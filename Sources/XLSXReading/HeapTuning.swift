#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed heap memory in the process instead of handing it back to the kernel after every workbook.
///
/// Reading many small workbooks (a merge round) allocates and frees a few hundred KB per file; glibc's
/// defaults return the top of the heap to the kernel (`brk`) as soon as 128 KB are free and map blocks of
/// 128 KB+ with `mmap`, so every file faulted its pages in again: about a sixth of the CPU time of reading a
/// W2 round went to page faults, `brk` and `munmap`. With these settings at most 32 MB of freed memory
/// stays mapped for reuse, and blocks below 4 MB come from the heap. Applied once per process, on the first
/// workbook opened (glibc only; elsewhere nothing happens).
enum HeapTuning {
    static let trimThreshold: Int32 = 32 << 20
    static let mmapThreshold: Int32 = 4 << 20

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
