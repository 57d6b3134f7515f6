/// One record (row) of delimited text: its fields' bytes (UTF-8) and positions.
///
/// Reuse one record with `CSVReader.readRecord(into:)` to read without allocating per row.
public struct CSVRecord: Sendable {
    var bytes: [UInt8] = []
    var byteCount = 0
    var ends: [Int] = []
    var starts: [CSVPosition] = []
    var fieldCount = 0

    /// Where the record begins (its first field, or the empty line).
    public internal(set) var position = CSVPosition()
    /// 0-based index of the record in the file (empty lines count as records).
    public internal(set) var index = 0

    public init() {}

    /// Makes a record from strings (for tests and writers).
    public init(_ fields: [String]) {
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            ends.append(bytes.count)
            starts.append(CSVPosition())
        }
        byteCount = bytes.count
        fieldCount = fields.count
    }

    /// The number of fields; 0 for an empty line.
    public var count: Int { fieldCount }

    /// True for an empty line (a record without fields).
    public var isEmptyLine: Bool { fieldCount == 0 }

    /// The field at a 0-based index, as a string.
    public subscript(_ index: Int) -> String {
        let range = byteRange(index)
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The fields as strings.
    public var fields: [String] { (0..<fieldCount).map { self[$0] } }

    /// The UTF-8 byte range of a field in the record's storage.
    func byteRange(_ index: Int) -> Range<Int> {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        let start = index == 0 ? 0 : ends[index - 1]
        return start..<ends[index]
    }

    /// The length of a field in UTF-8 bytes.
    public func byteCount(ofField index: Int) -> Int { byteRange(index).count }

    /// Calls `body` with the field's UTF-8 bytes, without copying them.
    public func withUTF8<R>(ofField index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = byteRange(index)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Where the field begins (its opening quote for a quoted field).
    public func position(ofField index: Int) -> CSVPosition {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        return starts[index]
    }

    mutating func reset() {
        byteCount = 0
        fieldCount = 0
    }
}

extension CSVRecord: Equatable {
    public static func == (lhs: CSVRecord, rhs: CSVRecord) -> Bool {
        lhs.fields == rhs.fields
    }
}
