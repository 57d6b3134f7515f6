import Foundation
import SheetCore
import XLSXReading

extension SheetIO {
    /// Writes the JSON cell dump of `disclosure sheet dump` (see `SheetDump`) of a workbook's sheets to an
    /// open file descriptor, using two cores: this thread parses the sheets and hands the parser's rows over
    /// in batches; a second thread puts them in row-major order and formats the JSON, written in 1 MB pieces.
    /// The text is the same as `SheetDump.writeJSON` makes; memory stays bounded (a few batches in flight).
    /// - Throws: the reader's `XLSXError` (rows out of order past the buffer included); `SheetIOWriteError`
    ///   when the descriptor cannot be written.
    public static func writeJSONDump(_ sheets: [SheetInfo], of workbook: any SheetWorkbook,
                                     toFileDescriptor descriptor: Int32) throws {
        let writer = SheetDump.Writer(chunk: 1 << 20) { bytes in try writeAll(bytes, to: descriptor) }
        let state = UncheckedSendable(JSONDumpState(writer: writer, file: workbook.path))
        let pipeline = BatchPipeline<JSONDumpItem>(batchSize: 512, maxBatches: 4) { batch in
            let state = state.value
            for item in batch {
                switch item {
                case .sheet(let name):
                    try state.finishSheet()
                    state.order = SheetDump.RowOrder(file: state.file, sheet: name)
                    state.writer.beginSheet(name)
                case .row(let index, let cells):
                    try state.order?.add(row: index, cells: cells) { ref, value in state.writer.cell(ref, value) }
                case .end:
                    try state.finishSheet()
                }
            }
            try state.writer.checkSink()
        }
        do {
            for sheet in sheets {
                try pipeline.add(.sheet(sheet.name))
                try workbook.forEachRow(in: sheet) { index, cells in try pipeline.add(.row(index, cells)) }
            }
            try pipeline.add(.end)
            try pipeline.finish()
        } catch {
            pipeline.cancel()
            throw error
        }
        try writer.finish()
    }

    /// Writes every byte to a descriptor (retrying short writes and interruptions).
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(descriptor, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw SheetIOWriteError(errno: errno)
            }
            p += n
            left -= n
        }
    }
}

/// Standard output (or another descriptor) could not be written.
public struct SheetIOWriteError: Error, CustomStringConvertible, LocalizedDescribing {
    public var errno: Int32
    public var description: String { "cannot write the output: \(String(cString: strerror(errno)))" }
    public func description(in language: Language) -> String {
        language == .zh ? "无法写出结果：\(String(cString: strerror(errno)))" : description
    }
}

/// What the parsing thread hands to the writing thread.
private enum JSONDumpItem: Sendable {
    case sheet(String)
    case row(Int, [ReadCell])
    case end
}

/// The writing thread's state (used by that thread alone until the pipeline has finished).
private final class JSONDumpState {
    let writer: SheetDump.Writer
    let file: String
    var order: SheetDump.RowOrder?

    init(writer: SheetDump.Writer, file: String) {
        self.writer = writer
        self.file = file
    }

    func finishSheet() throws {
        try order?.finish { ref, value in writer.cell(ref, value) }
        order = nil
    }
}
