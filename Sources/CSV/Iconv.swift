// The only Swift file that calls iconv (glibc). Foundation on Linux can decode GB18030 only as a whole
// buffer (String(data:encoding:) answers nil without saying where), so streaming with located errors
// goes through iconv here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-direction iconv converter (`iconv_open` / `iconv` / `iconv_close`).
final class Iconv {
    enum Status: Equatable {
        /// All input converted.
        case ok
        /// The input ends inside a multi-byte sequence (EINVAL); the rest needs more input.
        case incomplete
        /// An invalid sequence at the stop point (EILSEQ).
        case invalid
        /// The output buffer is full (E2BIG).
        case outputFull
    }

    private let descriptor: iconv_t

    /// Opens a converter, or returns nil when the C library does not know the pair (`iconv_open` fails).
    init?(from source: String, to target: String) {
        guard let cd = iconv_open(target, source), cd != iconv_t(bitPattern: -1) else { return nil }
        descriptor = cd
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts as much of `input` as fits into `output`.
    /// - Returns: the status, bytes consumed and bytes produced.
    func convert(_ input: UnsafeBufferPointer<UInt8>,
                 into output: UnsafeMutableBufferPointer<UInt8>) -> (status: Status, consumed: Int, produced: Int) {
        guard let inBase = input.baseAddress, input.count > 0 else { return (.ok, 0, 0) }
        guard let outBase = output.baseAddress, output.count > 0 else { return (.outputFull, 0, 0) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBase)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase)
            .assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        let consumed = input.count - inLeft
        let produced = output.count - outLeft
        if result != -1 { return (.ok, consumed, produced) }
        switch errno {
        case EINVAL: return (.incomplete, consumed, produced)
        case E2BIG: return (.outputFull, consumed, produced)
        default: return (.invalid, consumed, produced)
        }
    }

    /// Resets the conversion state (`iconv` with null input).
    func reset() {
        _ = iconv(descriptor, nil, nil, nil, nil)
    }
}
