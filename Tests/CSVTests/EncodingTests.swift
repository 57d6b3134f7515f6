@testable import CSV
import Foundation
import Testing

/// Encodes text with the system `iconv` tool (an independent encoder).
func iconvEncode(_ text: String, to encoding: String) throws -> [UInt8] {
    let result = try runTool("iconv", ["-f", "UTF-8", "-t", encoding], input: Data(text.utf8))
    return [UInt8](result)
}

func runTool(_ tool: String, _ arguments: [String], input: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let inPipe = Pipe(), outPipe = Pipe()
    process.standardInput = inPipe
    process.standardOutput = outPipe
    try process.run()
    inPipe.fileHandleForWriting.write(input)
    try inPipe.fileHandleForWriting.close()
    let data = outPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

let chineseSample = "关区代码,名称,备注\r\n0101,\"北京海关\n(总关)\",𠀀𪚥 supplementary\r\n0102,\"说\"\"明\"\",含逗号,\",☑☐\r\n"
let chineseRows = [["关区代码", "名称", "备注"], ["0101", "北京海关\n(总关)", "𠀀𪚥 supplementary"], ["0102", "说\"明\",含逗号,", "☑☐"]]

@Suite("CSV encodings")
struct EncodingTests {
    @Test(arguments: [
        ("UTF-8", TextEncoding.utf8, false),
        ("GB18030", TextEncoding.gb18030, false),
        ("UTF-16LE", TextEncoding.utf16LE, true),
        ("UTF-16BE", TextEncoding.utf16BE, true),
    ])
    func detectsAndDecodesAcrossChunkBoundaries(_ iconvName: String, _ expected: TextEncoding, _ addBOM: Bool) throws {
        var bytes = try iconvEncode(chineseSample, to: iconvName)
        #expect(!bytes.isEmpty)
        if addBOM { bytes = expected.byteOrderMark + bytes }
        let outcomes = readAllChunkings(bytes)
        #expect(outcomes[0].error == nil, "\(outcomes[0])")
        #expect(outcomes[0].rows == chineseRows)
        #expect(outcomes[0].encoding == expected)
        #expect(outcomes[0].delimiter == UInt8(ascii: ","))
        for other in outcomes.dropFirst() { #expect(other == outcomes[0]) }
    }

    @Test func utf8BOMIsSkippedAndOffsetsCountIt() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\n1\n".utf8)
        let outcome = read(bytes, chunkSize: 1)
        #expect(outcome.encoding == .utf8)
        #expect(outcome.rows == [["a", "b"]])
        #expect(outcome.errorKind == .raggedRecord(expected: 2, found: 1))
        #expect(outcome.errorLine == 2 && outcome.errorColumn == 1)
        #expect(outcome.errorOffset == 7)
    }

    @Test func invalidUTF8IsALocatedErrorNeverReplacement() {
        // Forced UTF-8: the 0xFF on line 2, column 3 (after two characters) at byte offset 8.
        let bytes: [UInt8] = Array("ab,中\n".utf8) + [0x78, 0x79, 0xFF, 0x41, 0x0A]
        var options = CSVReadOptions()
        options.encoding = .utf8
        let outcomes = readAllChunkings(bytes, options: options)
        for outcome in outcomes {
            #expect(outcome.errorKind == .invalidEncoding)
            #expect(outcome.errorLine == 2 && outcome.errorColumn == 3)
            #expect(outcome.errorOffset == 9)
            #expect(outcome.rows == [["ab", "中"]])
            #expect(!(outcome.error ?? "").contains("\u{FFFD}"))
        }
    }

    @Test func invalidGB18030IsALocatedError() throws {
        var bytes = try iconvEncode("名称,值\n数据,", to: "GB18030")
        let badOffset = bytes.count
        bytes += [0x81, 0x20, 0x0A]
        for outcome in readAllChunkings(bytes) {
            #expect(outcome.errorKind == .invalidEncoding, "\(outcome)")
            #expect(outcome.errorLine == 2 && outcome.errorColumn == 4)
            #expect(outcome.errorOffset == badOffset)
        }
    }

    @Test func truncatedCharacterAtEndIsAnError() {
        let bytes: [UInt8] = Array("a,b\nc,".utf8) + [0xE4, 0xB8]
        var options = CSVReadOptions()
        options.encoding = .utf8
        for outcome in readAllChunkings(bytes, options: options) {
            #expect(outcome.errorKind == .truncatedCharacter)
            #expect(outcome.errorOffset == 6)
        }
    }

    @Test func unpairedSurrogateInUTF16IsAnError() {
        // "a,b\n" then a lone low surrogate DC00.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0, 0x2C, 0, 0x62, 0, 0x0A, 0, 0x00, 0xDC, 0x0A, 0]
        for outcome in readAllChunkings(bytes) {
            #expect(outcome.errorKind == .invalidEncoding)
            #expect(outcome.errorOffset == 10)
            #expect(outcome.errorLine == 2 && outcome.errorColumn == 1)
        }
    }

    @Test func asciiPrefixLongerThanAChunkThenGB18030() throws {
        // The first non-ASCII byte comes after many chunks; detection must not depend on the chunking.
        let prefix = String(repeating: "abc,def\n", count: 2000)
        let bytes = try iconvEncode(prefix + "中文,测试\n", to: "GB18030")
        let outcomes = readAllChunkings(bytes)
        #expect(outcomes[0].encoding == .gb18030)
        #expect(outcomes[0].rows.last == ["中文", "测试"])
        for other in outcomes.dropFirst() { #expect(other == outcomes[0]) }
    }

    @Test func explicitEncodingOverridesDetection() throws {
        // Valid UTF-8 bytes read as GB18030 on request give GB18030 text (no silent detection).
        let bytes = try iconvEncode("数据\n", to: "GB18030")
        var options = CSVReadOptions()
        options.encoding = .utf8
        #expect(read(bytes, chunkSize: 4, options: options).errorKind == .invalidEncoding)
        options.encoding = .gb18030
        #expect(read(bytes, chunkSize: 4, options: options).rows == [["数据"]])
    }

    @Test func textEncodingNames() {
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "utf-8") == .utf8)
        #expect(TextEncoding(name: "UTF-16") == .utf16LE)
        #expect(TextEncoding(name: "latin1") == nil)
    }
}

@Suite("CSV reader errors and modes")
struct ReaderErrorTests {
    @Test func raggedRecordIsLocatedUnlessFlexible() {
        let bytes = Array("a,b,c\n1,2,3\n4,5\n".utf8)
        for outcome in readAllChunkings(bytes) {
            #expect(outcome.errorKind == .raggedRecord(expected: 3, found: 2))
            #expect(outcome.errorLine == 3 && outcome.errorColumn == 1)
            #expect(outcome.rows.count == 2)
        }
        let flexible = read(bytes, chunkSize: 1, options: CSVReadOptions(flexible: true))
        #expect(flexible.rows == [["a", "b", "c"], ["1", "2", "3"], ["4", "5"]])
    }

    @Test func unterminatedQuoteIsLocatedAtTheOpeningQuote() {
        let bytes = Array("a,b\nx,\"never closed\nmore,lines\n".utf8)
        for outcome in readAllChunkings(bytes, options: CSVReadOptions(delimiter: UInt8(ascii: ","))) {
            #expect(outcome.errorKind == .unterminatedQuote)
            #expect(outcome.errorLine == 2 && outcome.errorColumn == 3)
            #expect(outcome.errorOffset == 6)
        }
    }

    @Test func runawayQuoteHitsTheFieldLimit() {
        var options = CSVReadOptions(delimiter: UInt8(ascii: ","))
        options.maxFieldBytes = 100
        let bytes = Array(("id,text\n1,\"open" + String(repeating: "x,y\n", count: 200)).utf8)
        for outcome in readAllChunkings(bytes, options: options) {
            #expect(outcome.errorKind == .fieldTooLarge(limit: 100))
            #expect(outcome.errorLine == 2 && outcome.errorColumn == 3)
        }
        options.maxFieldBytes = 10_000
        #expect(read(bytes, chunkSize: 64, options: options).errorKind == .unterminatedQuote)
    }

    @Test func skipEmptyLines() {
        var options = CSVReadOptions()
        options.skipsEmptyLines = true
        #expect(read(Array("a\n\n\nb\n".utf8), chunkSize: 1, options: options).rows == [["a"], ["b"]])
    }

    @Test func errorsRepeatAfterFailure() throws {
        let reader = try CSVReader(bytes: Array("a,b\n1\n".utf8), name: "x.csv")
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(throws: CSVError.self) { try reader.next() }
        #expect(throws: CSVError.self) { try reader.next() }
    }

    @Test func errorDescriptionNamesFileLineAndColumn() {
        let outcome = read(Array("a,b\n1\n".utf8), chunkSize: 8)
        #expect(outcome.error?.hasPrefix("t.csv:2:1: ") == true)
    }

    @Test func missingFileIsCannotOpen() {
        #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/dir/x.csv") }
    }
}

@Suite("Delimiter sniffing")
struct SnifferTests {
    @Test(arguments: [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n4;5;6\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ("名称;\"含,逗号,的,文本\";x\n1;\"y,z\";2\n", ";"),
        ("\"a|b\",c\n\"d|e\",f\n", ","),
        ("x,y;z;w\n", ";"),
    ])
    func sniffs(_ text: String, _ expected: String) {
        let outcome = read(Array(text.utf8), chunkSize: 3, options: CSVReadOptions(flexible: true))
        #expect(outcome.delimiter == Array(expected.utf8)[0])
    }

    @Test func oneColumnFallsBack() throws {
        let reader = try CSVReader(bytes: Array("a\nb\n".utf8))
        #expect(reader.delimiter == UInt8(ascii: ","))
        #expect(try reader.readAll() == [["a"], ["b"]])
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// Swift's own decoder is the oracle: random byte strings built from tricky pieces (overlongs, surrogates,
    /// values past U+10FFFF, cut sequences, CJK, ASCII runs) must be judged alike.
    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        let pieces: [[UInt8]] = [
            Array("abcdefghij".utf8), Array("中文".utf8), Array("𠀀".utf8), [0xC2, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80],
            [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xE4, 0xB8], [0x80], [0xFF], [0xF5], [0x41],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let outcome = bytes.withUnsafeBufferPointer { UTF8Validation.validate($0) }
            #expect((outcome == .valid) == expected, "\(bytes)")
            if case .invalid(let at) = outcome {
                // Everything before the reported place is valid on its own.
                #expect(String(validating: bytes[..<at], as: UTF8.self) != nil)
            }
        }
    }
}

extension UTF8ValidationTests {
    /// Inside a run of CJK characters the validator checks two characters per 64-bit load: every three-byte
    /// lead (E0–EF) with second bytes across their edges, at both places of such a pair and near the buffer's
    /// end, must still be judged as the standard library judges it.
    @Test func threeByteSequencesInsideCJKRunsAgreeWithTheStandardLibrary() {
        let cjk = Array("中文名称".utf8)
        for lead: UInt8 in 0xE0...0xEF {
            for second: UInt8 in [0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0] {
                for third: UInt8 in [0x80, 0xBF, 0x41] {
                    for prefix in 1...3 {
                        for suffix in 0...3 {
                            let bytes = Array(cjk.prefix(3 * prefix)) + [lead, second, third] + Array(cjk.prefix(3 * suffix))
                            let expected = String(validating: bytes, as: UTF8.self) != nil
                            let outcome = bytes.withUnsafeBufferPointer { UTF8Validation.validate($0) }
                            #expect((outcome == .valid) == expected, "\(bytes)")
                            if !expected { #expect(outcome != .valid, "\(bytes)") }
                        }
                    }
                }
            }
        }
    }
}

@Suite("CSV hostile input")
struct HostileInputTests {
    @Test func runawayQuoteStopsAtTheDefaultLimitNotAtTheEndOfMemory() {
        // A quote opened on line 2 and never closed, followed by 3 MB: stopped at the 1 MiB default.
        let bytes = Array("id,text\n7,\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
        let outcome = read(bytes, chunkSize: 1 << 16)
        #expect(outcome.errorKind == .fieldTooLarge(limit: 1 << 20))
        #expect(outcome.errorLine == 2 && outcome.errorColumn == 3 && outcome.errorOffset == 10)
    }

    @Test func millionEmptyLinesAndNUL() throws {
        let bytes = [UInt8](repeating: 10, count: 1_000_000) + Array("a\u{0}b,c\n".utf8)
        let reader = try CSVReader(bytes: bytes, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        var count = 0
        var last: [String] = []
        try reader.forEachRecord { record in
            count += 1
            last = record.fields
        }
        #expect(count == 1_000_001)
        #expect(last == ["a\u{0}b", "c"])
    }

    @Test func tooManyFieldsIsLocated() {
        var options = CSVReadOptions(delimiter: UInt8(ascii: ","))
        options.maxFieldsPerRecord = 1000
        let bytes = Array("a\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: 5000)
        let outcome = read(bytes, chunkSize: 4096, options: options)
        #expect(outcome.errorKind == .tooManyFields(limit: 1000))
        #expect(outcome.errorLine == 2 && outcome.errorColumn == 1)
    }
}

/// Files of 1 MiB and more are read and decoded ahead on a helper thread: same records, same errors.
@Suite("CSV prefetching reader")
struct PrefetchTests {
    func bigFile(_ tail: [UInt8], encoding: String = "UTF-8") throws -> (URL, [UInt8]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-prefetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var text = "序号,名称,说明\r\n"
        for r in 0..<40_000 { text += "\(r),\"名称\(r)\n第二行\",𠀀 \(r % 7)\r\n" }
        var bytes = try encoding == "UTF-8" ? Array(text.utf8) : iconvEncode(text, to: encoding)
        bytes += tail
        let url = dir.appendingPathComponent("big.csv")
        try Data(bytes).write(to: url)
        return (url, bytes)
    }

    @Test(arguments: ["UTF-8", "GB18030"])
    func sameRecordsAsInMemory(_ encoding: String) throws {
        let (url, bytes) = try bigFile([], encoding: encoding)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(bytes.count > CSVReader.prefetchThreshold)
        var options = CSVReadOptions()
        options.chunkSize = 10_007
        let fromFile = try CSVReader(path: url.path, options: options)
        let fromMemory = try CSVReader(bytes: bytes, options: options)
        var a = CSVRecord(), b = CSVRecord()
        var count = 0
        while try fromFile.readRecord(into: &a) {
            #expect(try fromMemory.readRecord(into: &b))
            #expect(a == b && a.position == b.position)
            count += 1
        }
        #expect(try !fromMemory.readRecord(into: &b))
        #expect(count == 40_001)
        #expect(fromFile.encoding == fromMemory.encoding)
    }

    @Test func errorDeepInABigFileIsLocated() throws {
        let (url, bytes) = try bigFile([0x61, 0x2C, 0xFF, 0x0A])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var options = CSVReadOptions(flexible: true)
        options.encoding = .utf8
        let reader = try CSVReader(path: url.path, options: options)
        do {
            try reader.forEachRecord { _ in }
            Issue.record("invalid UTF-8 must fail")
        } catch let error as CSVError {
            #expect(error.kind == .invalidEncoding)
            #expect(error.byteOffset == bytes.count - 2)
            #expect(error.line == 80_002 && error.column == 3)
        }
    }

    @Test func abandoningAReaderEarlyIsFine() throws {
        let (url, _) = try bigFile([])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for _ in 0..<20 {
            let reader = try CSVReader(path: url.path)
            #expect(try reader.next()?.fields == ["序号", "名称", "说明"])
        }
    }
}
