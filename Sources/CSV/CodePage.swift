/// A Windows code page as legacy binary files name their 8-bit text encoding (the BIFF `CODEPAGE` record of
/// an .xls workbook: 936 = GBK, 1252 = Western European, …).
///
/// Decoding goes through iconv (`Iconv.swift`), so every code page glibc knows is read; 936 is read as
/// GB18030, its superset.
public struct CodePage: Hashable, Sendable, CustomStringConvertible {
    public let number: Int

    public init(_ number: Int) { self.number = number }

    /// The iconv name of the code page, or nil when there is none we know.
    var iconvName: String? {
        switch number {
        case 367, 20127: "ASCII"
        case 936: "GB18030"
        case 54936: "GB18030"
        case 950: "BIG5"
        case 932: "CP932"
        case 949: "CP949"
        case 1200: "UTF-16LE"
        case 1201: "UTF-16BE"
        case 65001: "UTF-8"
        case 10000, 32768: "MACINTOSH"
        case 437, 737, 775, 850, 852, 855, 857, 860, 861, 862, 863, 864, 865, 866, 869, 874:
            "CP\(number)"
        case 1250...1258: "CP\(number)"
        case 32769: "CP1252"
        default: nil
        }
    }

    public var description: String { "CP\(number)" }

    /// Decodes `bytes` in this code page.
    /// - Returns: the text, or nil when the code page is unknown or the bytes are invalid in it.
    public func decode(_ bytes: some Collection<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }), number != 1200, number != 1201 {
            return String(decoding: bytes, as: UTF8.self)
        }
        if number == 1252 || number == 32769 { return Self.decodeWindows1252(bytes) }
        guard let name = iconvName, let converter = Iconv(from: name, to: "UTF-8") else { return nil }
        let input = Array(bytes)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let (status, _, produced) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { converter.convert(source, into: $0) }
        }
        guard status == .ok else { return nil }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }

    /// Windows-1252 without iconv (the most common code page of BIFF5 files): Latin-1 with 0x80–0x9F mapped.
    static func decodeWindows1252(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b >= 0x80, b < 0xA0 {
                let mapped = windows1252High[Int(b) - 0x80]
                scalars.append(Unicode.Scalar(mapped) ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
