#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether both texts have the same UTF-8 bytes (then they are equal Strings too): lengths first, then
    /// `memcmp` over the contiguous bytes, without String comparison's normalizing path. The one byte-equality
    /// test of the package (shared-string keys, channel lists, locked texts, check marks).
    public func hasSameBytes(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        let same = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return count == 0 }
                return memcmp(pa, pb, count) == 0
            }
        }
        return (same ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
