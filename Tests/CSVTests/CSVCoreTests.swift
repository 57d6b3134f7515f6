import CSV
import Testing

struct CoreCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var expected: [[String]]
    var testDescription: String { name }
}

let coreCases: [CoreCase] = [
    CoreCase(name: "simple LF", input: "a,b,c\n1,2,3\n", expected: [["a", "b", "c"], ["1", "2", "3"]]),
    CoreCase(name: "no final newline", input: "a,b\n1,2", expected: [["a", "b"], ["1", "2"]]),
    CoreCase(name: "CRLF", input: "a,b\r\n1,2\r\n", expected: [["a", "b"], ["1", "2"]]),
    CoreCase(name: "CR only", input: "a,b\r1,2\r", expected: [["a", "b"], ["1", "2"]]),
    CoreCase(name: "mixed line ends", input: "a\r\nb\nc\rd", expected: [["a"], ["b"], ["c"], ["d"]]),
    CoreCase(name: "quoted delimiter", input: "\"a,b\",c\n", expected: [["a,b", "c"]]),
    CoreCase(name: "doubled quotes", input: "\"he said \"\"hi\"\"\",x\n", expected: [["he said \"hi\"", "x"]]),
    CoreCase(name: "LF inside quotes", input: "\"line1\nline2\",b\nc,d\n", expected: [["line1\nline2", "b"], ["c", "d"]]),
    CoreCase(name: "CRLF inside quotes", input: "\"x\r\ny\",z\r\n", expected: [["x\r\ny", "z"]]),
    CoreCase(name: "CR inside quotes", input: "\"x\ry\",z\r", expected: [["x\ry", "z"]]),
    CoreCase(name: "empty lines", input: "a\n\nb\n\n", expected: [["a"], [], ["b"], []]),
    CoreCase(name: "empty CRLF lines", input: "\r\n\r\na\r\n", expected: [[], [], ["a"]]),
    CoreCase(name: "spaces preserved", input: "  a , b  \n", expected: [["  a ", " b  "]]),
    CoreCase(name: "empty fields", input: ",,\n", expected: [["", "", ""]]),
    CoreCase(name: "trailing delimiter at end", input: "a,", expected: [["a", ""]]),
    CoreCase(name: "quote inside unquoted field is literal", input: "a\"b,c\n", expected: [["a\"b", "c"]]),
    CoreCase(name: "text after closing quote is kept", input: "\"ab\"c,d\n", expected: [["abc", "d"]]),
    CoreCase(name: "empty quoted field", input: "\"\",x\n\"\"\n", expected: [["", "x"], [""]]),
    CoreCase(name: "quoted field at end without newline", input: "a,\"b\"", expected: [["a", "b"]]),
    CoreCase(name: "CJK and supplementary plane", input: "中文,𠀀x,😀\n关区代码,0101,\n",
             expected: [["中文", "𠀀x", "😀"], ["关区代码", "0101", ""]]),
    CoreCase(name: "empty input", input: "", expected: []),
    CoreCase(name: "only a newline", input: "\n", expected: [[]]),
    CoreCase(name: "quoted newline only", input: "\"\n\"\n", expected: [["\n"]]),
]

@Suite("CSV core state machine")
struct CSVCoreTests {
    @Test(arguments: coreCases)
    func coreSplitsAnywhereWithTheSameResult(_ c: CoreCase) {
        let bytes = Array(c.input.utf8)
        let whole = runCore(bytes, chunk: max(1, bytes.count), outputSize: 1 << 16, fieldsSize: 1024)
        #expect(whole.rows == c.expected)
        for (chunk, outSize, fieldsSize) in [(1, 1, 1), (2, 3, 1), (5, 2, 2), (1, 64, 64)] {
            let split = runCore(bytes, chunk: chunk, outputSize: outSize, fieldsSize: fieldsSize)
            #expect(split.rows == whole.rows, "chunk \(chunk) output \(outSize) fields \(fieldsSize)")
            #expect(split.starts == whole.starts, "positions differ at chunk \(chunk)")
            #expect(!split.unclosed)
        }
    }

    @Test(arguments: coreCases)
    func readerByteByByteMatchesLargeChunks(_ c: CoreCase) {
        var options = CSVReadOptions(delimiter: UInt8(ascii: ","), flexible: true)
        options.encoding = .utf8
        let outcomes = readAllChunkings(Array(c.input.utf8), options: options)
        #expect(outcomes[0].rows == c.expected)
        #expect(outcomes[0].error == nil)
        for other in outcomes.dropFirst() {
            #expect(other == outcomes[0])
        }
    }

    @Test func positionsAreLineAndCharacterColumn() {
        let text = "序号,名称\n1,\"多\n行\",x\r\n\r\n𠀀,b"
        let outcome = read(Array(text.utf8), chunkSize: 1, options: CSVReadOptions(delimiter: UInt8(ascii: ","), flexible: true))
        #expect(outcome.rows == [["序号", "名称"], ["1", "多\n行", "x"], [], ["𠀀", "b"]])
        #expect(outcome.recordPositions.map(\.line) == [1, 2, 4, 5])
        // Field starts: `名称` at 1:4; the quoted field at 2:3; `x` after the quoted newline at 3:4; `b` at 5:3.
        #expect(outcome.fieldPositions[0][1] == CSVPosition(line: 1, column: 4, byteOffset: 7))
        #expect(outcome.fieldPositions[1][1].line == 2 && outcome.fieldPositions[1][1].column == 3)
        #expect(outcome.fieldPositions[1][2].line == 3 && outcome.fieldPositions[1][2].column == 4)
        #expect(outcome.fieldPositions[3][1].line == 5 && outcome.fieldPositions[3][1].column == 3)
        #expect(outcome.fieldPositions[3][1].byteOffset == Array(text.utf8).count - 1)
    }

    @Test func otherDelimiters() {
        for (delimiter, text) in [(UInt8(ascii: ";"), "a;\"b;c\";d\n"), (9, "a\t\"b\tc\"\td\n"), (UInt8(ascii: "|"), "a|\"b|c\"|d\n")] {
            let rows = runCore(Array(text.utf8), chunk: 1, outputSize: 2, fieldsSize: 1, delimiter: delimiter).rows
            let d = String(UnicodeScalar(delimiter))
            #expect(rows == [["a", "b\(d)c", "d"]])
        }
    }

    @Test func unclosedQuoteIsFlaggedNotFailed() {
        let result = runCore(Array("a,\"bc\nd".utf8), chunk: 1, outputSize: 1, fieldsSize: 1)
        #expect(result.rows == [["a", "bc\nd"]])
        #expect(result.unclosed)
    }
}
