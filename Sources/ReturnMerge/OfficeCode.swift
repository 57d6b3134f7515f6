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
    /// - Parameter digits: the code's fixed digit count (`OfficeFields.codeDigits`: 4 for 关区代码); nil takes
    ///   any non-empty text as it is (a number as Excel shows it).
    public static func read(_ value: CellValue, digits: Int? = 4) -> Reading {
        guard let digits else {
            let t = value.text.trimmed
            return t.isEmpty ? .invalid(t) : .exact(t)
        }
        let limit = (0..<min(digits, 15)).reduce(1.0) { a, _ in a * 10 } - 1
        switch value {
        case .string(let s):
            let t = s.trimmed
            guard !t.isEmpty, t.count <= digits, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .invalid(s) }
            return t.count == digits ? .exact(t) : .restored(pad(t, digits), found: t)
        case .number(let d, let raw):
            guard d.isFinite, d == d.rounded(), d >= 1, d <= limit else { return .invalid(value.text) }
            return .restored(pad(String(Int(d)), digits), found: raw ?? String(Int(d)))
        default:
            return .invalid(value.text)
        }
    }

    /// The 直属海关 prefix (first two digits) of a code.
    public static func districtPrefix(_ code: String) -> String { String(code.prefix(2)) }

    private static func pad(_ text: String, _ digits: Int) -> String {
        String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

