@testable import CSV
import Foundation
import SheetCore
import Testing

@Suite("CSV writer")
struct CSVWriterTests {
    func written(_ rows: [[String]], _ options: CSVWriteOptions = CSVWriteOptions()) throws -> [UInt8] {
        let writer = try CSVWriter(options: options)
        for row in rows { try writer.writeRecord(row) }
        try writer.close()
        return writer.bytes
    }

    @Test func quotesOnlyWhereNeededWithBOMAndCRLF() throws {
        let bytes = try written([["a", "b,c", "say \"hi\"", "two\nlines", " spaced "]])
        #expect(bytes == [0xEF, 0xBB, 0xBF] + Array("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\", spaced \r\n".utf8))
    }

    @Test func optOutOfBOMAndLF() throws {
        var options = CSVWriteOptions(byteOrderMark: false)
        options.lineEnding = .lf
        options.delimiter = UInt8(ascii: ";")
        #expect(try written([["a,b", "c;d"]], options) == Array("a,b;\"c;d\"\n".utf8))
    }

    @Test(arguments: ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
    func formulaGuardPrefixesText(_ text: String) throws {
        let bytes = try written([[text]], CSVWriteOptions(byteOrderMark: false))
        let back = try CSVReader(bytes: bytes, options: CSVReadOptions(delimiter: UInt8(ascii: ","))).readAll()
        #expect(back == [["'" + text]])
        let unguarded = try written([[text]], CSVWriteOptions(byteOrderMark: false, formulaGuard: false))
        #expect(try CSVReader(bytes: unguarded, options: CSVReadOptions(delimiter: UInt8(ascii: ","))).readAll() == [[text]])
    }

    @Test func numbersAreNeverGuarded() throws {
        let writer = try CSVWriter(options: CSVWriteOptions(byteOrderMark: false))
        try writer.writeRow([.number(-2.5), .string("-2.5"), .number(0.1 + 0.2), .number(101, raw: "0101"), .bool(true)])
        try writer.close()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "-2.5,'-2.5,0.30000000000000004,0101,TRUE\r\n")
    }

    @Test func singleEmptyFieldIsNotAnEmptyLine() throws {
        let bytes = try written([[""], ["a"]], CSVWriteOptions(byteOrderMark: false))
        #expect(bytes == Array("\"\"\r\na\r\n".utf8))
        #expect(try CSVReader(bytes: bytes).readAll() == [[""], ["a"]])
    }

    @Test(arguments: [TextEncoding.utf8, .gb18030, .utf16LE, .utf16BE])
    func roundTripsInEveryEncoding(_ encoding: TextEncoding) throws {
        let bytes = try written(chineseRows, CSVWriteOptions(encoding: encoding, formulaGuard: false))
        let outcome = read(bytes, chunkSize: 5)
        #expect(outcome.rows == chineseRows)
        #expect(outcome.encoding == encoding)
    }

    @Test func gb18030OutputMatchesIconv() throws {
        let bytes = try written([["中文", "𠀀"]], CSVWriteOptions(encoding: .gb18030))
        #expect(bytes == (try iconvEncode("中文,𠀀\r\n", to: "GB18030")))
    }

    @Test func fileWriteIsAtomic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csvw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try CSVWriter(path: path)
        try writer.writeRecord(["new"])
        // Before close the target is untouched.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        writer.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let second = try CSVWriter(path: path, options: CSVWriteOptions(byteOrderMark: false))
        try second.writeRecord(["new"])
        try second.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }
}
