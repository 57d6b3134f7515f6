import FileOutput
import SheetCore

/// An error reading or writing delimited text, with where it happened.
public struct CSVError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case cannotOpen
        case cannotRead
        case cannotWrite
        /// Bytes that are not valid in the file's encoding.
        case invalidEncoding
        /// The file ends inside a character.
        case truncatedCharacter
        /// The encoding cannot be handled on this system.
        case unsupportedEncoding
        /// A record with another number of fields than the first one (strict mode).
        case raggedRecord(expected: Int, found: Int)
        /// A field longer than the configured limit — usually a quote that is never closed.
        case fieldTooLarge(limit: Int)
        /// A record with more fields than the configured limit.
        case tooManyFields(limit: Int)
        /// The file ends inside a quoted field.
        case unterminatedQuote
    }

    public var kind: Kind
    /// The file (or a name given to an in-memory input).
    public var file: String?
    /// 1-based line and column (columns count characters), when the error is at a place in the text.
    public var line: Int?
    public var column: Int?
    /// 0-based byte offset in the file, when it is known exactly.
    public var byteOffset: Int?
    public var message: String

    public init(_ kind: Kind, file: String?, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil,
                message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.message = message
    }

    /// The place as a `SourceLocation` (`file.csv:3:7`).
    public var location: SourceLocation {
        SourceLocation(file: file ?? "<input>", line: line, column: column)
    }

    /// `data.csv:3:7: bytes FF 41 are not valid UTF-8 (byte offset 57)`.
    public var description: String {
        "\(location): \(message)"
    }
}

extension CSVError {
    /// A file that could not be written, as a CSV error (`cannotWrite`).
    init(_ error: FileOutputError) {
        self.init(.cannotWrite, file: error.path, message: error.message)
    }
}
