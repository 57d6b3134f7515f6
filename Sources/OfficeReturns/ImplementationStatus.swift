import DisclosureCatalog
import SheetCore

/// 落实情况 — whether the office has published an item.
public enum ImplementationStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// 已公开
    case published
    /// 部分公开
    case partiallyPublished
    /// 未公开
    case notPublished
    /// 不适用
    case notApplicable

    /// The value as written in the template: 已公开 / 部分公开 / 未公开 / 不适用.
    public var chineseLabel: String {
        switch self {
        case .published: return "已公开"
        case .partiallyPublished: return "部分公开"
        case .notPublished: return "未公开"
        case .notApplicable: return "不适用"
        }
    }

    public var englishLabel: String {
        switch self {
        case .published: return "published"
        case .partiallyPublished: return "partially published"
        case .notPublished: return "not published"
        case .notApplicable: return "not applicable"
        }
    }

    public func label(_ language: Language) -> String {
        language == .zh ? chineseLabel : englishLabel
    }

    /// Published in whole or in part: channels are required (备注3).
    public var isPublished: Bool { self == .published || self == .partiallyPublished }

    /// Reads a cell: the four Chinese labels (white space ignored) or the English codes.
    public init?(cellText: String) {
        // The dropdown's own values, byte for byte: no white space to drop, and no earlier case's English name
        // can equal a Chinese label.
        for status in Self.allCases where cellText.hasSameBytes(as: status.chineseLabel) {
            self = status
            return
        }
        let t = cellText.filter { !$0.isWhitespace }
        for status in Self.allCases where t == status.chineseLabel || t.lowercased() == status.rawValue.lowercased() {
            self = status
            return
        }
        return nil
    }
}
