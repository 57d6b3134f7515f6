import SheetCore

/// How serious a finding is. Ordered from the most to the least serious.
public enum Severity: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// 错误 — the input cannot be used as is.
    case error
    /// 警告 — probably wrong; the input is used.
    case warning
    /// 提示 — worth knowing; nothing is wrong.
    case info

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    /// `error` < `warning` < `info`, so sorting puts the most serious first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// 错误 / 警告 / 提示, or error / warning / info.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.error, .zh): return "错误"
        case (.warning, .zh): return "警告"
        case (.info, .zh): return "提示"
        case (_, .en): return rawValue
        }
    }
}

/// 发现 — one problem (or notable fact) found while reading or checking a catalog or a return.
///
/// Readers, validators and merges *return* findings; they throw only for I/O.
/// `code` is stable across releases (documented rule codes such as `CAT-GLYPH`), so scripts may rely on it.
public struct Finding: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Stable rule code, e.g. `CAT-GLYPH`.
    public var code: String
    public var severity: Severity
    /// Where the problem is (file, sheet!cell, line:column), when known.
    public var location: SourceLocation?
    /// The catalog item number (序号) the finding is about, when it is about one.
    public var itemNumber: Int?
    /// The message in Chinese and English.
    public var message: LocalizedText

    public init(code: String, severity: Severity, location: SourceLocation? = nil, itemNumber: Int? = nil,
                message: LocalizedText) {
        self.code = code
        self.severity = severity
        self.location = location
        self.itemNumber = itemNumber
        self.message = message
    }

    public init(code: String, severity: Severity, location: SourceLocation? = nil, itemNumber: Int? = nil,
                zh: String, en: String) {
        self.init(code: code, severity: severity, location: location, itemNumber: itemNumber,
                  message: LocalizedText(zh: zh, en: en))
    }

    /// Compiler-style line: `file!sheet!C14: 错误 [CAT-GLYPH] 第9项：…`.
    public func formatted(_ language: Language) -> String {
        var s = ""
        if let location { s += "\(location): " }
        s += "\(severity.label(language)) [\(code)] "
        if let itemNumber {
            s += language == .zh ? "第\(itemNumber)项：" : "item \(itemNumber): "
        }
        s += message.text(language)
        return s
    }

    public var description: String { formatted(.zh) }
}
