@testable import CSV
import Foundation
import Testing

/// `CSVWriter.write(fieldsOf:padding:)` (the CSV → CSV copy) writes what writing the fields one by one writes.
@Suite struct CSVRecordCopyTests {
    @Test(arguments: [true, false])
    func copyingARecordEqualsWritingItsFields(_ guarded: Bool) throws {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\",,\"two\nlines\",=SUM(A1),中文十二个字节以上的长字段没有引号\r\n\n\"\"\n-1,x\r\n\"1234567890abcdef\"\"q\",end\n"
        let options = CSVReadOptions(flexible: true)
        var write = CSVWriteOptions(byteOrderMark: false, formulaGuard: guarded)
        write.lineEnding = .lf
        let fast = try CSVWriter(options: write), slow = try CSVWriter(options: write)
        let reader = try CSVReader(bytes: Array(text.utf8), options: options)
        var record = CSVRecord()
        var records = 0
        while try reader.readRecord(into: &record) {
            let width = 8
            fast.write(fieldsOf: record, padding: max(0, width - record.count))
            for k in 0..<record.count { try record.withUTF8(ofField: k) { try slow.write(utf8: $0, isText: $0.count > 0) } }
            for _ in record.count..<max(width, record.count) { try slow.write(field: "", isText: false) }
            try fast.endRecord(); try slow.endRecord()
            records += 1
        }
        try fast.close(); try slow.close()
        #expect(records >= 4)
        #expect(fast.bytes == slow.bytes, "\(String(decoding: fast.bytes, as: UTF8.self))")
        #expect(String(decoding: fast.bytes, as: UTF8.self).contains("\"1234567890abcdef\"\"q\""))
    }
}
