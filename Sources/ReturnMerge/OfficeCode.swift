import SheetCore

/// 关区代码 — a 4-digit office code kept as text; its first two digits name the 直属海关.
public enum OfficeCode {
    /// How a code cell was read.
    public enum Reading: Sendable, Equatable {
        /// Four digits stored as text, as it should be.
        case exact(String)
        /// A number (or short digit text) that lost its leading zeros: `101` read as `0101`.
        case restored(String, found: String)
        /// Empty or not a code at all.
        case invalid(String)

        public var code: String? {
            switch self {
            case .exact(let c), .restored(let c, _): return c
            case .invalid: return nil
            }
        }
    }

    /// Reads a code cell, restoring leading zeros Excel dropped from a number.
    public static func read(_ value: CellValue) -> Reading {
        switch value {
        case .string(let s):
            let t = s.trimmed
            guard !t.isEmpty, t.count <= 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .invalid(s) }
            return t.count == 4 ? .exact(t) : .restored(pad(t), found: t)
        case .number(let d, let raw):
            guard d.isFinite, d == d.rounded(), d >= 1, d <= 9999 else { return .invalid(value.text) }
            return .restored(pad(String(Int(d))), found: raw ?? String(Int(d)))
        default:
            return .invalid(value.text)
        }
    }

    /// The 直属海关 prefix (first two digits) of a code.
    public static func districtPrefix(_ code: String) -> String { String(code.prefix(2)) }

    private static func pad(_ digits: String) -> String {
        String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

