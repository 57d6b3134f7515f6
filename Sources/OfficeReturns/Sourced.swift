import SheetCore

/// A value read from an office return together with the text it was read from and where.
///
/// `text` is what the cell showed (trimmed; "" when empty). `value` is the interpreted value, nil when the
/// cell was empty or could not be interpreted (validation reports the latter using `text`).
/// `source` is nil when the column does not exist in the file at all.
public struct Sourced<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var text: String
    public var value: Value?
    public var source: SourceLocation?

    public init(text: String, value: Value?, source: SourceLocation?) {
        self.text = text
        self.value = value
        self.source = source
    }

    /// An absent field: no column, no text, no value.
    public static var absent: Sourced<Value> { Sourced(text: "", value: nil, source: nil) }

    /// True when the cell held nothing.
    public var isBlank: Bool { text.isEmpty && value == nil }

    /// True when something was written but could not be interpreted.
    public var isUninterpretable: Bool { !text.isEmpty && value == nil }
}

extension Sourced where Value == String {
    /// A text field read from a cell.
    public init(text: String, source: SourceLocation?) {
        self.init(text: text, value: text.isEmpty ? nil : text, source: source)
    }
}
