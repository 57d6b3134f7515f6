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

extension Language {
    /// The environment variable that sets the default language of every command (`zh` or `en`).
    public static let environmentVariable = "DISCLOSURE_LANG"

    /// Parses `zh`/`en` and the locale-like forms `zh_CN`, `zh-Hans`, `en_US.UTF-8` (case-insensitive);
    /// nil for anything else.
    public init?(loose text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("zh") { self = .zh } else if lower.hasPrefix("en") { self = .en } else { return nil }
    }

    /// The language `DISCLOSURE_LANG` names in `environment`, or nil when it is unset, empty or not a language.
    public static func fromEnvironment(_ environment: [String: String]) -> Language? {
        guard let value = environment[environmentVariable], !value.isEmpty else { return nil }
        return Language(loose: value)
    }
}

/// An error that can describe itself in either language (`description` stays the one-language default of
/// the type).
public protocol LocalizedDescribing: Error {
    /// The located message in `language`: only that language, apart from file names, cell text and codes.
    func description(in language: Language) -> String
}
