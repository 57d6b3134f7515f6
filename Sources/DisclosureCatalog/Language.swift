/// The language of user-facing text. Chinese is the default; English is available everywhere (`--lang en`).
public enum Language: String, Codable, Hashable, Sendable, CaseIterable {
    /// 中文
    case zh
    /// English
    case en
}

/// A user-facing text in both languages.
public struct LocalizedText: Codable, Hashable, Sendable, CustomStringConvertible {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: return zh
        case .en: return en
        }
    }

    /// The Chinese text (Chinese is the default language).
    public var description: String { zh }
}
