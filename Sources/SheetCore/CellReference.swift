/// A cell position such as `C14`.
///
/// Rows and columns are 0-based in the stored properties; the A1 text is 1-based as users see it.
public struct CellReference: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Excel's limits: 1,048,576 rows and 16,384 columns.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    /// 0-based row index.
    public var row: Int
    /// 0-based column index.
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `A1`-style text (also `$A$1`); returns nil for anything else or out-of-range positions.
    public init?(_ text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// Parses `A1`-style text given as UTF-8 bytes.
    init?(utf8: some Collection<UInt8>) {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "$"):
                if digits > 0 { return nil }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                if digits > 0 { return nil }
                letters += 1
                if letters > 3 { return nil }
                column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if digits > 7 { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, row >= 1, row <= Self.maxRows, column <= Self.maxColumns else { return nil }
        self.row = row - 1
        self.column = column - 1
    }

    /// Column letters for a 0-based column index: 0 → `A`, 26 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var scalars: [UInt8] = []
        while n > 0 {
            let rem = (n - 1) % 26
            scalars.append(UInt8(ascii: "A") + UInt8(rem))
            n = (n - 1) / 26
        }
        scalars.reverse()
        // A plain array (not a reversed view): String(decoding:) then copies it in one go.
        return String(decoding: scalars, as: UTF8.self)
    }

    /// Parses column letters (`A`, `AB`) into a 0-based index.
    public static func columnIndex(_ letters: some StringProtocol) -> Int? {
        var column = 0
        var count = 0
        for byte in letters.utf8 {
            let lower = byte | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return nil }
            count += 1
            if count > 3 { return nil }
            column = column * 26 + Int(lower - UInt8(ascii: "a")) + 1
        }
        guard count > 0, column <= maxColumns else { return nil }
        return column - 1
    }

    /// `C14`.
    public var description: String { Self.columnName(column) + String(row + 1) }

    /// `$C$14`, for formulas and defined names.
    public var absolute: String { "$" + Self.columnName(column) + "$" + String(row + 1) }

    public static func < (lhs: CellReference, rhs: CellReference) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}
