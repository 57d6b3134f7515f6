import CSV
import Foundation

/// What reading some bytes produced: rows with their positions, or the error.
struct ReadOutcome: Equatable, CustomStringConvertible {
    var rows: [[String]] = []
    var recordPositions: [CSVPosition] = []
    var fieldPositions: [[CSVPosition]] = []
    var error: String?
    var errorKind: CSVError.Kind?
    var errorLine: Int?
    var errorColumn: Int?
    var errorOffset: Int?
    var encoding: TextEncoding?
    var delimiter: UInt8 = 0

    var description: String {
        "rows: \(rows) positions: \(recordPositions) error: \(error ?? "none")"
    }
}

/// Reads `bytes` with the given chunk size through the whole reader stack.
func read(_ bytes: [UInt8], chunkSize: Int, options: CSVReadOptions = CSVReadOptions()) -> ReadOutcome {
    var options = options
    options.chunkSize = chunkSize
    var outcome = ReadOutcome()
    var opened: CSVReader?
    do {
        let reader = try CSVReader(bytes: bytes, name: "t.csv", options: options)
        opened = reader
        outcome.delimiter = reader.delimiter
        var record = CSVRecord()
        while try reader.readRecord(into: &record) {
            outcome.rows.append(record.fields)
            outcome.recordPositions.append(record.position)
            outcome.fieldPositions.append((0..<record.count).map { record.position(ofField: $0) })
        }
    } catch let error as CSVError {
        outcome.error = error.description
        outcome.errorKind = error.kind
        outcome.errorLine = error.line
        outcome.errorColumn = error.column
        outcome.errorOffset = error.byteOffset
    } catch {
        outcome.error = "\(error)"
    }
    outcome.encoding = opened?.encoding
    return outcome
}

/// Reads with several chunkings (byte by byte, small odd chunks, one large chunk) and returns them all.
func readAllChunkings(_ bytes: [UInt8], options: CSVReadOptions = CSVReadOptions()) -> [ReadOutcome] {
    [1, 2, 3, 7, 64, 1 << 20].map { read(bytes, chunkSize: $0, options: options) }
}

/// Drives `CSVCore` directly, feeding `chunk` bytes at a time with tiny output buffers, and returns the
/// records and field start positions.
func runCore(_ bytes: [UInt8], chunk: Int, outputSize: Int, fieldsSize: Int,
             delimiter: UInt8 = UInt8(ascii: ",")) -> (rows: [[String]], starts: [[CSVPosition]], unclosed: Bool) {
    var core = CSVCore(delimiter: delimiter)
    var rows: [[String]] = []
    var startsAll: [[CSVPosition]] = []
    var fieldBytes: [UInt8] = []
    var fields: [String] = []
    var starts: [CSVPosition] = []
    var output = [UInt8](repeating: 0, count: outputSize)
    var ends = [Int](repeating: 0, count: fieldsSize)
    var positions = [CSVPosition](repeating: CSVPosition(), count: fieldsSize)
    var position = 0
    var unclosed = false
    var guardCount = 0
    while guardCount < 1_000_000 {
        guardCount += 1
        let end = min(bytes.count, position + chunk)
        let result = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                ends.withUnsafeMutableBufferPointer { e in
                    positions.withUnsafeMutableBufferPointer { s in
                        core.readRecord(UnsafeBufferPointer(rebasing: input[position..<end]), output: out, ends: e, starts: s)
                    }
                }
            }
        }
        position += result.consumed
        var previous = 0
        for k in 0..<result.fields {
            fieldBytes.append(contentsOf: output[previous..<ends[k]])
            previous = ends[k]
            fields.append(String(decoding: fieldBytes, as: UTF8.self))
            fieldBytes.removeAll()
            starts.append(positions[k])
        }
        fieldBytes.append(contentsOf: output[previous..<result.written])
        switch result.step {
        case .record:
            rows.append(fields)
            startsAll.append(starts)
            fields = []
            starts = []
            if core.endedInsideQuotes { unclosed = true }
        case .end:
            return (rows, startsAll, unclosed)
        case .inputEmpty, .outputFull, .fieldsFull:
            continue
        }
    }
    return (rows, startsAll, unclosed)
}
