/// Why a JSON document (a catalog, a holiday file) did not decode, in the tool's own words in either
/// language, with the line and column where it went wrong and the JSON path of the value concerned.
///
/// Foundation's `JSONDecoder` reports syntax errors and type mismatches in English only ("The given data was
/// not valid JSON", "Expected to decode String but found a number instead"): this type looks at the bytes
/// again to say what was expected and what was found, where. `line` and `column` are 1-based; the column
/// counts characters (Unicode scalars), not bytes.
public struct JSONProblem: Error, Sendable, Hashable {
    /// The kind of JSON value a decoder expected or found.
    public enum ValueKind: String, Sendable, Hashable {
        case object, array, string, number, boolean, null

        var zh: String {
            switch self {
            case .object: "对象"
            case .array: "数组"
            case .string: "字符串"
            case .number: "数字"
            case .boolean: "布尔值（true 或 false）"
            case .null: "null"
            }
        }

        var en: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .boolean: "a boolean (true or false)"
            case .null: "null"
            }
        }
    }

    /// What the syntax wanted where the text stopped being JSON.
    public enum Expectation: String, Sendable, Hashable {
        /// Any value: object, array, string, number, true, false or null.
        case value
        /// A member name in double quotes.
        case key
        case colon
        case commaOrObjectEnd
        case commaOrArrayEnd
        /// Nothing more after the document.
        case end
        /// The `"` that ends a string.
        case closingQuote
        /// An escape sequence after `\`.
        case escape
        /// A digit of a number.
        case digit
        /// A control character inside a string must be escaped.
        case escapedControlCharacter
        /// The bytes are not UTF-8.
        case utf8
        /// Containers nest at most `JSONProblem.maxDepth` deep.
        case shallowerNesting
    }

    public enum Kind: Sendable, Hashable {
        /// The text is not JSON: `expected` there, `found` instead (nil at the end of the file).
        case syntax(expected: Expectation, found: String?)
        /// An object lacks a member the format requires.
        case missingKey(String)
        /// A value of another kind than the format requires (`found` nil when it cannot be told).
        case wrongType(expected: ValueKind, found: ValueKind?)
        /// `null` (or nothing) where a value is required.
        case missingValue(expected: ValueKind)
        /// A value of the right kind that the format does not accept (an unknown keyword, a number out of
        /// range, a malformed date): its JSON text, shortened.
        case invalidValue(String)
    }

    /// The deepest nesting the syntax check follows (Foundation's decoder stops at 512 too).
    public static let maxDepth = 512

    public var kind: Kind
    /// The JSON path of the value concerned (`items[3].deadlines[0].kind`); empty for the document itself.
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(_ kind: Kind, path: String = "", line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
    }

    // MARK: Messages

    /// The problem in both languages, without the file and position (callers put those in their location).
    public var text: LocalizedText {
        let zhPath = path.isEmpty ? "顶层" : path
        let enPath = path.isEmpty ? "the top level" : path
        switch kind {
        case .syntax(let expected, let found):
            let zhFound = found.map { "“\($0)”" } ?? "文件结尾"
            let enFound = found.map { "'\($0)'" } ?? "the end of the file"
            if expected == .utf8 {
                return LocalizedText(zh: "不是 UTF-8 编码的文本（\(zhFound)）", en: "not UTF-8 text (\(enFound))")
            }
            if expected == .shallowerNesting {
                return LocalizedText(zh: "嵌套超过 \(Self.maxDepth) 层", en: "nested more than \(Self.maxDepth) levels deep")
            }
            return LocalizedText(zh: "不是有效的 JSON：应为\(expected.zh)，实际是\(zhFound)",
                                 en: "not valid JSON: expected \(expected.en), found \(enFound)")
        case .missingKey(let key):
            return LocalizedText(zh: "\(zhPath)缺少键“\(key)”", en: "\(enPath) lacks the key \"\(key)\"")
        case .wrongType(let expected, let found):
            return LocalizedText(zh: "\(zhPath)应为\(expected.zh)" + (found.map { "，实际是\($0.zh)" } ?? ""),
                                 en: "\(enPath): expected \(expected.en)" + (found.map { ", found \($0.en)" } ?? ""))
        case .missingValue(let expected):
            return LocalizedText(zh: "\(zhPath)应为\(expected.zh)，实际没有值（null）",
                                 en: "\(enPath): expected \(expected.en), found no value (null)")
        case .invalidValue(let value):
            return LocalizedText(zh: "\(zhPath)的值 \(value) 无效", en: "\(enPath): the value \(value) is not valid here")
        }
    }

    /// `line 3, column 7` / `第 3 行第 7 列` (empty when unknown).
    public func position(in language: Language) -> String {
        guard let line else { return "" }
        switch language {
        case .zh: return column.map { "第 \(line) 行第 \($0) 列" } ?? "第 \(line) 行"
        case .en: return column.map { "line \(line), column \($0)" } ?? "line \(line)"
        }
    }
}

extension JSONProblem.Expectation {
    var zh: String {
        switch self {
        case .value: "一个值（对象、数组、字符串、数字、true、false 或 null）"
        case .key: "用双引号括起的键名"
        case .colon: "“:”"
        case .commaOrObjectEnd: "“,”或“}”"
        case .commaOrArrayEnd: "“,”或“]”"
        case .end: "文件结尾（JSON 之后不应再有内容）"
        case .closingQuote: "字符串结尾的“\"”"
        case .escape: "转义序列（\\\" \\\\ \\/ \\b \\f \\n \\r \\t 或 \\uXXXX）"
        case .digit: "数字"
        case .escapedControlCharacter: "转义的控制字符（字符串中的换行应写作 \\n）"
        case .utf8: "UTF-8 编码的文本"
        case .shallowerNesting: "不超过 \(JSONProblem.maxDepth) 层的嵌套"
        }
    }

    var en: String {
        switch self {
        case .value: "a value (an object, array, string, number, true, false or null)"
        case .key: "a key in double quotes"
        case .colon: "':'"
        case .commaOrObjectEnd: "',' or '}'"
        case .commaOrArrayEnd: "',' or ']'"
        case .end: "the end of the file (nothing may follow the JSON)"
        case .closingQuote: "the '\"' that ends the string"
        case .escape: "an escape sequence (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)"
        case .digit: "a digit"
        case .escapedControlCharacter: "an escaped control character (a line break in a string is written \\n)"
        case .utf8: "UTF-8 text"
        case .shallowerNesting: "at most \(JSONProblem.maxDepth) levels of nesting"
        }
    }
}

// MARK: - From a decoding error

extension JSONProblem {
    /// Explains why `data` did not decode: a syntax error found by reading the bytes again, else the decoding
    /// error in our words, located at the value its coding path names.
    /// - Parameters:
    ///   - error: what `JSONDecoder` threw (any other error is described by the syntax check alone, or as an
    ///     invalid document).
    ///   - data: the document's bytes.
    public init(_ error: any Error, in data: some Collection<UInt8>) {
        let bytes = Array(data)
        if let syntax = JSONScan.firstSyntaxError(bytes) {
            self = syntax
            return
        }
        guard let decoding = error as? DecodingError else {
            self.init(.invalidValue(JSONScan.snippet(bytes, at: JSONScan.start(bytes))))
            return
        }
        func render(_ path: [any CodingKey]) -> String {
            var s = ""
            for key in path {
                if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
            }
            return s
        }
        func locate(_ path: [any CodingKey]) -> (offset: Int, kind: ValueKind)? {
            JSONScan.value(at: path.map { $0.intValue.map(JSONScan.Step.index) ?? .key($0.stringValue) }, in: bytes)
        }
        var kind: Kind
        var at: (offset: Int, kind: ValueKind)?
        var path: [any CodingKey]
        switch decoding {
        case .keyNotFound(let key, let context):
            path = context.codingPath
            kind = .missingKey(key.stringValue)
            at = locate(path)
        case .typeMismatch(let type, let context):
            path = context.codingPath
            at = locate(path)
            kind = .wrongType(expected: Self.valueKind(of: type), found: at?.kind)
        case .valueNotFound(let type, let context):
            path = context.codingPath
            at = locate(path)
            kind = .missingValue(expected: Self.valueKind(of: type))
        case .dataCorrupted(let context):
            path = context.codingPath
            at = locate(path)
            kind = .invalidValue(JSONScan.snippet(bytes, at: at?.offset ?? JSONScan.start(bytes)))
        @unknown default:
            path = []
            kind = .invalidValue(JSONScan.snippet(bytes, at: JSONScan.start(bytes)))
        }
        // A path that runs past the document (a value not there at all): the deepest container that is.
        var prefix = path
        while at == nil, !prefix.isEmpty {
            prefix.removeLast()
            at = locate(prefix)
        }
        let position = at.map { JSONScan.lineAndColumn(bytes, offset: $0.offset) }
        self.init(kind, path: render(path), line: position?.line, column: position?.column)
    }

    /// One step of a JSON path: a member name or an array index (0-based).
    public enum Step: Sendable, Hashable { case key(String), index(Int) }

    /// The 1-based line and column where the value at `path` begins, or nil when `data` has no such value.
    public static func position(of path: [Step], in data: some Collection<UInt8>) -> (line: Int, column: Int)? {
        let bytes = Array(data)
        return JSONScan.value(at: path, in: bytes).map { JSONScan.lineAndColumn(bytes, offset: $0.offset) }
    }

    /// The JSON kind a Swift type decodes from.
    static func valueKind(of type: Any.Type) -> ValueKind {
        if type == String.self || type == Substring.self || type == Character.self { return .string }
        if type == Bool.self { return .boolean }
        if type == Double.self || type == Float.self || type == Int.self || type == Int64.self || type == Int32.self
            || type == Int16.self || type == Int8.self || type == UInt.self || type == UInt64.self || type == UInt32.self
            || type == UInt16.self || type == UInt8.self { return .number }
        let name = String(describing: type)
        if name.hasPrefix("Array<") || name.hasPrefix("[") && !name.contains(":") { return .array }
        return .object
    }
}

/// A small reader of JSON bytes for messages: the first syntax error, the value at a path, positions.
/// Only used when a document has already failed to decode, so it favours plainness over speed.
enum JSONScan {
    typealias Step = JSONProblem.Step

    private struct Stop: Error {
        var offset: Int
        var expected: JSONProblem.Expectation
    }

    /// Where the document's first value begins (after a UTF-8 byte order mark and white space).
    static func start(_ bytes: [UInt8]) -> Int {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        skipSpace(bytes, &i)
        return i
    }

    /// The first place where `bytes` stops being one JSON document, or nil when it is one.
    static func firstSyntaxError(_ bytes: [UInt8]) -> JSONProblem? {
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = lineAndColumn(bytes, offset: bad)
            return JSONProblem(.syntax(expected: .utf8, found: "0x" + String(bytes[bad], radix: 16, uppercase: true)),
                               line: line, column: column)
        }
        var i = start(bytes)
        do {
            try skipValue(bytes, &i, depth: 0)
            skipSpace(bytes, &i)
            if i < bytes.count { throw Stop(offset: i, expected: .end) }
            return nil
        } catch let stop as Stop {
            let (line, column) = lineAndColumn(bytes, offset: stop.offset)
            return JSONProblem(.syntax(expected: stop.expected, found: character(bytes, at: stop.offset)), line: line, column: column)
        } catch {
            return nil
        }
    }

    /// The offset and kind of the value at `path`, or nil when the document has no such value.
    static func value(at path: [Step], in bytes: [UInt8]) -> (offset: Int, kind: JSONProblem.ValueKind)? {
        var i = start(bytes)
        do {
            for step in path {
                guard i < bytes.count else { return nil }
                switch step {
                case .key(let name):
                    guard bytes[i] == UInt8(ascii: "{") else { return nil }
                    i += 1
                    skipSpace(bytes, &i)
                    var found = false
                    while i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        let key = try readString(bytes, &i)
                        skipSpace(bytes, &i)
                        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                        i += 1
                        skipSpace(bytes, &i)
                        if key == name { found = true; break }
                        try skipValue(bytes, &i, depth: 0)
                        skipSpace(bytes, &i)
                        guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
                        i += 1
                        skipSpace(bytes, &i)
                    }
                    if !found { return nil }
                case .index(let n):
                    guard bytes[i] == UInt8(ascii: "[") else { return nil }
                    i += 1
                    skipSpace(bytes, &i)
                    for _ in 0..<max(n, 0) {
                        guard i < bytes.count, bytes[i] != UInt8(ascii: "]") else { return nil }
                        try skipValue(bytes, &i, depth: 0)
                        skipSpace(bytes, &i)
                        guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
                        i += 1
                        skipSpace(bytes, &i)
                    }
                    guard i < bytes.count, bytes[i] != UInt8(ascii: "]") else { return nil }
                }
            }
        } catch {
            return nil
        }
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"): return (i, .object)
        case UInt8(ascii: "["): return (i, .array)
        case UInt8(ascii: "\""): return (i, .string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return (i, .boolean)
        case UInt8(ascii: "n"): return (i, .null)
        default: return (i, .number)
        }
    }

    /// The JSON text of the value at `offset`, up to 40 characters (`"foo"`, `1.5`, `{…`).
    static func snippet(_ bytes: [UInt8], at offset: Int) -> String {
        var end = offset
        var copy = offset
        if (try? skipValue(bytes, &copy, depth: 0)) != nil { end = copy } else { end = min(bytes.count, offset + 40) }
        let text = String(decoding: bytes[min(offset, bytes.count)..<end], as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(_ bytes: [UInt8], offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for k in 0..<min(offset, bytes.count) {
            let b = bytes[k]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80, !(k < 3 && bytes.starts(with: [0xEF, 0xBB, 0xBF])) {
                column += 1
            }
        }
        return (line, column)
    }

    /// The character at `offset` as shown in a message, nil at the end.
    private static func character(_ bytes: [UInt8], at offset: Int) -> String? {
        guard offset < bytes.count else { return nil }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        switch text {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return text.unicodeScalars.first.map { $0.value < 0x20 ? "U+" + String($0.value, radix: 16, uppercase: true) : text }
        }
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func skipSpace(_ bytes: [UInt8], _ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private static func skipValue(_ bytes: [UInt8], _ i: inout Int, depth: Int) throws {
        guard i < bytes.count else { throw Stop(offset: i, expected: .value) }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < JSONProblem.maxDepth else { throw Stop(offset: i, expected: .shallowerNesting) }
            i += 1
            skipSpace(bytes, &i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Stop(offset: i, expected: .key) }
                _ = try readString(bytes, &i)
                skipSpace(bytes, &i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Stop(offset: i, expected: .colon) }
                i += 1
                skipSpace(bytes, &i)
                try skipValue(bytes, &i, depth: depth + 1)
                skipSpace(bytes, &i)
                guard i < bytes.count else { throw Stop(offset: i, expected: .commaOrObjectEnd) }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                guard bytes[i] == UInt8(ascii: ",") else { throw Stop(offset: i, expected: .commaOrObjectEnd) }
                i += 1
                skipSpace(bytes, &i)
            }
        case UInt8(ascii: "["):
            guard depth < JSONProblem.maxDepth else { throw Stop(offset: i, expected: .shallowerNesting) }
            i += 1
            skipSpace(bytes, &i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                try skipValue(bytes, &i, depth: depth + 1)
                skipSpace(bytes, &i)
                guard i < bytes.count else { throw Stop(offset: i, expected: .commaOrArrayEnd) }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                guard bytes[i] == UInt8(ascii: ",") else { throw Stop(offset: i, expected: .commaOrArrayEnd) }
                i += 1
                skipSpace(bytes, &i)
            }
        case UInt8(ascii: "\""):
            _ = try readString(bytes, &i)
        case UInt8(ascii: "t"): try literal("true", bytes, &i)
        case UInt8(ascii: "f"): try literal("false", bytes, &i)
        case UInt8(ascii: "n"): try literal("null", bytes, &i)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber(bytes, &i)
        default:
            throw Stop(offset: i, expected: .value)
        }
    }

    private static func literal(_ word: String, _ bytes: [UInt8], _ i: inout Int) throws {
        let start = i
        for b in word.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw Stop(offset: start, expected: .value) }
            i += 1
        }
    }

    private static func skipNumber(_ bytes: [UInt8], _ i: inout Int) throws {
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw Stop(offset: i, expected: .digit) }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while isDigit(i) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw Stop(offset: i, expected: .digit) }
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw Stop(offset: i, expected: .digit) }
            while isDigit(i) { i += 1 }
        }
    }

    /// Reads a string starting at its opening quote; returns its text (escapes resolved).
    private static func readString(_ bytes: [UInt8], _ i: inout Int) throws -> String {
        i += 1
        var text: [UInt8] = []
        while true {
            guard i < bytes.count else { throw Stop(offset: i, expected: .closingQuote) }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: text, as: UTF8.self) }
            if b < 0x20 { throw Stop(offset: i, expected: .escapedControlCharacter) }
            if b != UInt8(ascii: "\\") { text.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw Stop(offset: i, expected: .escape) }
            switch bytes[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(bytes[i]); i += 1
            case UInt8(ascii: "b"): text.append(0x08); i += 1
            case UInt8(ascii: "f"): text.append(0x0C); i += 1
            case UInt8(ascii: "n"): text.append(0x0A); i += 1
            case UInt8(ascii: "r"): text.append(0x0D); i += 1
            case UInt8(ascii: "t"): text.append(0x09); i += 1
            case UInt8(ascii: "u"):
                var value: UInt32 = 0
                for k in 1...4 {
                    guard i + k < bytes.count, let digit = hexValue(bytes[i + k]) else { throw Stop(offset: i - 1, expected: .escape) }
                    value = value << 4 | digit
                }
                i += 5
                // A lone surrogate decodes as U+FFFD here; only key comparison uses the text.
                text.append(contentsOf: Array(String(Unicode.Scalar(value).map(Character.init) ?? "\u{FFFD}").utf8))
            default:
                throw Stop(offset: i - 1, expected: .escape)
            }
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - 0x41 + 10)
        default: nil
        }
    }
}
