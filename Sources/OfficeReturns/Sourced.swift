import SheetCore

/// A value read from an office return together with the text it was read from and where.
///
/// `text` is what the cell showed (trimmed; "" when empty). `value` is the interpreted value, nil when the
/// cell was empty or could not be interpreted (validation reports the latter using `text`).
/// `source` is nil when the column does not exist in the file at all. It is kept as `origin` (the cell's
/// position, see `ValueSource`) and made into a `SourceLocation` when read.
public struct Sourced<Value: Codable & Hashable & Sendable>: Hashable, Sendable {
    public var text: String
    public var value: Value?
    /// Where the value was read from; nil when the column does not exist in the file.
    public var origin: ValueSource?

    public init(text: String, value: Value?, source: SourceLocation?) {
        self.text = text
        self.value = value
        self.origin = source.map(ValueSource.init)
    }

    init(text: String, value: Value?, origin: ValueSource?) {
        self.text = text
        self.value = value
        self.origin = origin
    }

    /// `file!sheet!C14` of the cell the value was read from; nil when the column does not exist in the file.
    public var source: SourceLocation? {
        get { origin?.location }
        set { origin = newValue.map(ValueSource.init) }
    }

    /// An absent field: no column, no text, no value.
    public static var absent: Sourced<Value> { Sourced(text: "", value: nil, origin: nil) }

    /// True when the cell held nothing.
    public var isBlank: Bool { text.isEmpty && value == nil }

    /// True when something was written but could not be interpreted.
    public var isUninterpretable: Bool { !text.isEmpty && value == nil }
}

extension Sourced: Codable {
    private enum CodingKeys: String, CodingKey { case text, value, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(text: try c.decode(String.self, forKey: .text), value: try c.decodeIfPresent(Value.self, forKey: .value),
                  source: try c.decodeIfPresent(SourceLocation.self, forKey: .source))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(source, forKey: .source)
    }
}

extension Sourced where Value == String {
    /// A text field read from a cell.
    public init(text: String, source: SourceLocation?) {
        self.init(text: text, value: text.isEmpty ? nil : text, source: source)
    }

    /// A text field read from a cell.
    init(text: String, origin: ValueSource?) {
        self.init(text: text, value: text.isEmpty ? nil : text, origin: origin)
    }
}
