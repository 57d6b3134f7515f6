/// Sheet protection: locked cells cannot be edited; cells whose style has `locked = false` stay editable.
public struct SheetProtection: Hashable, Sendable {
    /// Optional password (printable ASCII), stored with Excel's legacy 16-bit hash: it deters, it does not secure.
    public var password: String?
    public var allowSelectLockedCells: Bool
    public var allowSelectUnlockedCells: Bool
    public var allowFormatCells: Bool
    public var allowFormatColumns: Bool
    public var allowFormatRows: Bool
    public var allowInsertRows: Bool
    public var allowDeleteRows: Bool
    public var allowSort: Bool
    public var allowAutoFilter: Bool

    public init(password: String? = nil, allowSelectLockedCells: Bool = true, allowSelectUnlockedCells: Bool = true,
                allowFormatCells: Bool = false, allowFormatColumns: Bool = true, allowFormatRows: Bool = true,
                allowInsertRows: Bool = false, allowDeleteRows: Bool = false, allowSort: Bool = false,
                allowAutoFilter: Bool = false) {
        self.password = password
        self.allowSelectLockedCells = allowSelectLockedCells
        self.allowSelectUnlockedCells = allowSelectUnlockedCells
        self.allowFormatCells = allowFormatCells
        self.allowFormatColumns = allowFormatColumns
        self.allowFormatRows = allowFormatRows
        self.allowInsertRows = allowInsertRows
        self.allowDeleteRows = allowDeleteRows
        self.allowSort = allowSort
        self.allowAutoFilter = allowAutoFilter
    }

    /// Excel's legacy password hash (ECMA-376 Part 4, 14.7.1 `password` attribute), as 4 hex digits.
    public static func legacyHash(_ password: String) -> String {
        var hash: UInt64 = 0
        var count: UInt64 = 0
        for (i, scalar) in password.unicodeScalars.enumerated() {
            let shift = UInt64(min(i + 1, 40))
            var value = UInt64(scalar.value) << shift
            let rotated = value >> 15
            value &= 0x7FFF
            hash ^= value | rotated
            count += 1
        }
        hash ^= count
        hash ^= 0xCE4B
        return String(hash & 0xFFFF, radix: 16, uppercase: true)
    }
}
