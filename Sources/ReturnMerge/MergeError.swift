import DisclosureCatalog
import SheetCore

/// An I/O failure of the merge as a whole (inputs that fail are accounted for, not thrown).
public struct MergeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The roster could not be read or has no 关区代码 column.
        case roster
        /// An output could not be written.
        case output
        /// No input path exists.
        case noInputs
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: LocalizedText

    public init(_ kind: Kind, location: SourceLocation, message: LocalizedText) {
        self.kind = kind; self.location = location; self.message = message
    }

    public var description: String { formatted(.zh) }

    public func formatted(_ language: Language) -> String { "\(location): \(message.text(language))" }
}
