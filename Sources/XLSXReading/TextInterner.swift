import Foundation
import XMLStream

/// Hands out one shared `String` for cell texts with the same bytes, instead of a new one per cell.
///
/// The returns of a merge round repeat the catalog's texts (items, contents, deadlines…) in every file:
/// making each of those once per thread saves decoding, allocating and later freeing them again.
/// Only texts of `minBytes...maxBytes` are interned (shorter ones are small strings, never allocated).
/// The table is bounded: at most `capacity / 2` texts, then it starts empty again; a lookup probes a
/// fixed number of slots, so colliding texts cost no more than making a new String. Not thread-safe:
/// take one from `TextInterner.pool` per parse.
package final class TextInterner {
    static let minBytes = 16
    static let maxBytes = 512
    private static let capacityBits = 12
    private static var capacity: Int { 1 << capacityBits }
    private static let maxProbes = 8

    private struct Slot {
        var hash: UInt64 = 0
        var count = 0
        var string: String?
    }
    private let slots: UnsafeMutablePointer<Slot>
    private var used = 0

    init() {
        slots = .allocate(capacity: Self.capacity)
        slots.initialize(repeating: Slot(), count: Self.capacity)
    }

    deinit {
        slots.deinitialize(count: Self.capacity)
        slots.deallocate()
    }

    /// The text of `bytes` (UTF-8, invalid sequences replaced as `String(decoding:as:)` does).
    package func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count >= Self.minBytes, count <= Self.maxBytes, let base = bytes.baseAddress else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let hash = Self.hash(base, count)
        var index = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.capacityBits))
        for _ in 0..<Self.maxProbes {
            let slot = slots + index
            guard let stored = slot.pointee.string else {
                if used >= Self.capacity / 2 { clear() }
                let string = String(decoding: bytes, as: UTF8.self)
                (slots + index).pointee = Slot(hash: hash, count: count, string: string)
                used += 1
                return string
            }
            if slot.pointee.hash == hash, slot.pointee.count == count, Self.same(stored, base, count) {
                return stored
            }
            index = (index + 1) & (Self.capacity - 1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when `string`'s UTF-8 is exactly the `count` bytes at `base` (a stored string was made from
    /// such bytes, so equal bytes give an equal string).
    private static func same(_ string: String, _ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == count && memcmp(stored.baseAddress!, base, count) == 0
        } ?? false
    }

    private func clear() {
        for i in 0..<Self.capacity { slots[i] = Slot() }
        used = 0
    }

    /// A fast non-cryptographic hash of the bytes (8 at a time).
    @inline(__always)
    private static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }

    /// Interners kept between parses (one per parsing thread is all that is ever in use).
    package static let pool = TextInternerPool()
}

/// A few `TextInterner`s to take for a parse and give back after it. Thread-safe.
package final class TextInternerPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [TextInterner] = []
    private static let maxIdle = 4

    package func take() -> TextInterner {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? TextInterner()
    }

    package func give(_ interner: TextInterner) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < Self.maxIdle { idle.append(interner) }
    }
}
