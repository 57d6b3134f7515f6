/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF), ASCII at word speed.
enum UTF8Validation {
    enum Outcome: Equatable {
        /// Every byte is valid.
        case valid
        /// Valid up to `validLength`, then a sequence that is correct so far but cut off by the end of the buffer.
        case incomplete(validLength: Int)
        /// Valid up to `validLength`, then an invalid sequence.
        case invalid(validLength: Int)
    }

    /// Validates `buffer` from `start`.
    static func validate(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Outcome {
        guard let p = buffer.baseAddress else { return .valid }
        let n = buffer.count
        var i = start
        while i < n {
            let b = p[i]
            if b < 0x80 {
                i += 1
                // ASCII runs, eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                continue
            }
            // Fast path for the common three-byte sequences (CJK): E1–EC, EE–EF plus two continuation bytes.
            if b >= 0xE1, b != 0xED, b <= 0xEF, i + 2 < n,
               UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt16.self) & 0xC0C0 == 0x8080 {
                i += 3
                // Runs of such characters without going back through the ASCII check.
                while i + 3 < n {
                    // Two such characters at once from one 64-bit load: leads 1110xxxx, continuations 10xxxxxx,
                    // and neither lead E0 (overlong range) nor ED (surrogates), which the byte path checks fully.
                    if i + 8 <= n {
                        let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                        if w & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0 {
                            let l0 = UInt8(truncatingIfNeeded: w), l1 = UInt8(truncatingIfNeeded: w &>> 24)
                            if l0 != 0xE0, l0 != 0xED, l1 != 0xE0, l1 != 0xED {
                                i += 6
                                continue
                            }
                        }
                    }
                    let lead = p[i]
                    guard lead >= 0xE1, lead != 0xED, lead <= 0xEF,
                          UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt16.self) & 0xC0C0 == 0x8080 else { break }
                    i += 3
                }
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid(validLength: i)
            }
            var k = 1
            while k < length {
                guard i + k < n else { return .incomplete(validLength: i) }
                let c = p[i + k]
                if k == 1 {
                    if c < low || c > high { return .invalid(validLength: i) }
                } else if c & 0xC0 != 0x80 {
                    return .invalid(validLength: i)
                }
                k += 1
            }
            i += length
        }
        return .valid
    }
}
