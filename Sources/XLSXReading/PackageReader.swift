import Foundation
import SheetCore
import XMLStream
import ZipArchive

/// The zip package under a workbook: finds parts (case-insensitively) and streams them into an XML handler,
/// turning every lower-level error into a located `XLSXError`.
package final class PackageReader {
    package let path: String
    package let limits: XLSXLimits
    private let zip: ZipReader

    package init(path: String, limits: XLSXLimits) throws {
        self.path = path
        self.limits = limits
        do {
            zip = try ZipReader(path: path, limits: limits.zip)
        } catch {
            throw Self.convert(error, file: path, part: nil)
        }
    }

    /// The file's first bytes (up to 8), as the zip reader read them.
    package var leadingBytes: [UInt8] { zip.leadingBytes }

    package func has(_ part: String) -> Bool { zip.entry(named: part) != nil }

    /// The stored name of a part (its spelling in the archive), if present.
    func storedName(_ part: String) -> String? { zip.entry(named: part)?.name }

    /// The entry of `part`.
    /// - Throws: `XLSXError.Kind.missingPart`.
    package func entry(_ part: String, sheet: String? = nil) throws -> ZipEntry {
        guard let entry = zip.entry(named: part) else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: part, sheet: sheet), "the part is missing from the package", zh: "文件包中缺少此部件")
        }
        return entry
    }

    /// The inflated bytes of a small part (the zip limits apply as when streaming), nil when it inflates to
    /// more than `maxBytes` whatever its declared size (then stream it: memory stays bounded).
    /// - Throws: `XLSXError` located at the part.
    package func bytes(of entry: ZipEntry, kind: XLSXPartKind, maxBytes: Int) throws -> [UInt8]? {
        do {
            return try zip.readAll(entry, maxBytes: maxBytes, partLimit: limits.partLimit(kind))
        } catch {
            throw Self.convert(error, file: path, part: entry.name)
        }
    }

    /// Parses `entry` through `memo`: the stored result when a workbook read before had the same compressed
    /// bytes (counted against this archive's zip limits as if inflated again), else `parse` on the inflated
    /// bytes (`record` says the result will be stored). Nil when the part cannot be memoized: stream it.
    func memoized<Context: Hashable, Value>(_ entry: ZipEntry, kind: XLSXPartKind, in memo: PartMemo<Context, Value>, context: Context,
                                            parse: (_ bytes: [UInt8], _ record: Bool) throws -> Value) throws -> (value: Value, hit: Bool)? {
        guard PartMemos.enabled else { return nil }
        let key: PartMemo<Context, Value>.Key?
        do {
            key = try PartMemo<Context, Value>.key(of: entry) { entry, maxBytes in try zip.readCompressed(entry, maxBytes: maxBytes) }
        } catch {
            throw Self.convert(error, file: path, part: entry.name)
        }
        guard let key else { return nil }
        switch memo.probe(key, context: context) {
        case .hit(let value, let inflatedSize):
            do {
                try zip.account(entry, inflatedBytes: Int64(inflatedSize))
            } catch {
                throw Self.convert(error, file: path, part: entry.name)
            }
            return (value, true)
        case let probe:
            guard let bytes = try bytes(of: entry, kind: kind, maxBytes: PartMemo<Context, Value>.maxPartBytes) else { return nil }
            let record = if case .record = probe { true } else { false }
            let value = try parse(bytes, record)
            if record { memo.store(key, context: context, value: value, inflatedSize: bytes.count) }
            return (value, false)
        }
    }

    /// Streams `part` through a SAX parser with `handler`.
    /// - Throws: `XLSXError` located at the part (and line:column for XML errors).
    package func parse(_ part: String, kind: XLSXPartKind, names: [String], handler: any XMLStreamHandler, sheet: String? = nil) throws {
        let entry = try entry(part, sheet: sheet)
        let partLimit = limits.partLimit(kind)
        try parse(entry, names: names, handler: handler) { parser in
            if entry.compressedSize >= Self.pipelineThreshold || entry.declaredSize >= Self.pipelineThreshold {
                try pipelined(entry, partLimit: partLimit, into: parser)
            } else {
                try zip.read(entry, chunkSize: Self.chunkSize, partLimit: partLimit) { chunk in try parser.feed(chunk) }
                try parser.finish()
            }
        }
    }

    /// Parses a part's bytes, read before with `bytes(of:)`, exactly as `parse(_:names:handler:)` would.
    /// Uses libxml2's pull parser, as for big parts (a part already in memory gains nothing from pushing,
    /// and pulling costs about 5% fewer instructions).
    func parse(_ entry: ZipEntry, bytes: [UInt8], names: [String], handler: any XMLStreamHandler) throws {
        try parse(entry, names: names, handler: handler) { parser in
            var offset = 0
            try parser.parse { buffer, capacity in
                let count = min(capacity, bytes.count - offset)
                if count > 0 {
                    bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress.unsafelyUnwrapped + offset, count: count) }
                }
                offset += count
                return count
            }
        }
    }

    /// Inflates `entry` chunk by chunk into `body` (on the caller's thread, with the part's zip limits);
    /// errors as the zip reader throws them. The reader must not be used by another thread meanwhile.
    package func inflate(_ entry: ZipEntry, kind: XLSXPartKind, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        try zip.read(entry, chunkSize: Self.chunkSize, partLimit: limits.partLimit(kind), body)
    }

    /// Parses `entry` with libxml2's pull parser fed by `read` (as `XMLPushParser.parse(reading:)`), errors
    /// located at the part as `parse(_:kind:names:handler:)` locates them.
    package func parse(_ entry: ZipEntry, names: [String], handler: any XMLStreamHandler,
                       reading read: @escaping (_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int) throws {
        try parse(entry, names: names, handler: handler) { parser in try parser.parse(reading: read) }
    }

    /// Parses `entry` with libxml2's push parser, which `body` feeds (and finishes); errors located at the
    /// part as `parse(_:kind:names:handler:)` locates them.
    package func pushParse(_ entry: ZipEntry, names: [String], handler: any XMLStreamHandler, _ body: (XMLPushParser) throws -> Void) throws {
        try parse(entry, names: names, handler: handler, feeding: body)
    }

    /// The XML limits every part is parsed with.
    package var xmlLimits: XMLStreamLimits {
        XMLStreamLimits(maxTextBytes: limits.maxTextBytes, maxAttributesPerElement: limits.maxAttributesPerElement,
                        maxNamespaceDeclarations: limits.maxNamespaceDeclarations)
    }

    private func parse(_ entry: ZipEntry, names: [String], handler: any XMLStreamHandler,
                       feeding feed: (XMLPushParser) throws -> Void) throws {
        let parser = XMLPushParser(names: names, handler: handler, documentName: entry.name, limits: xmlLimits)
        do {
            try withExtendedLifetime(handler) { try feed(parser) }
        } catch let error as XLSXError {
            throw error
        } catch let error as XMLStreamError {
            let kind: XLSXError.Kind = error.kind == .limitExceeded ? .limitExceeded : .malformedXML
            throw XLSXError(kind, SourceLocation(file: path, part: entry.name, sheet: nil,
                                                 line: error.line > 0 ? error.line : nil,
                                                 column: error.line > 0 ? error.column : nil), error.message)
        } catch let error as ZipError {
            throw Self.convert(error, file: path, part: entry.name)
        }
        // Anything else came from the caller's handler or row callback: rethrown as it is.
    }

    /// Bytes handed to libxml2 per `xmlParseChunk` call.
    static let chunkSize = 1 << 20
    /// How many inflated chunks may wait between the inflating thread and the parser.
    static let chunkPipeCapacity = 3
    /// Parts at least this big (compressed or inflated, e.g. a shared-string table that compresses 20:1) are
    /// inflated on a second thread while the caller's thread parses them with libxml2's pull parser.
    static let pipelineThreshold: Int64 = 1 << 20

    /// Inflates `entry` on a helper thread (libzip + zlib: about a fifth of the work) while this thread runs
    /// the XML parser and the handler; at most `chunkPipeCapacity` chunks wait in between. The helper thread
    /// also runs the parser's attribute-count check over each chunk before handing it on (a tenth of the
    /// parse's work, off the parsing thread); a chunk that fails it never reaches the parser.
    ///
    /// The zip reader is used by the helper thread only, and this thread waits for it before returning.
    private func pipelined(_ entry: ZipEntry, partLimit: ZipPartLimit?, into parser: XMLPushParser) throws {
        let pipe = BlockingPipe<[UInt8]>(capacity: Self.chunkPipeCapacity)
        let done = DispatchSemaphore(value: 0)
        let job = InflateJob(zip: zip, entry: entry, partLimit: partLimit, check: XMLAttributeCheck(limits: parser.limits), pipe: pipe)
        Thread.detachNewThread {
            job.run()
            done.signal()
        }
        defer {
            pipe.cancel()
            done.wait()
        }
        // libxml2's pull parser asks for a few KB at a time; hand it the inflated chunks piece by piece.
        var chunk: [UInt8] = []
        var offset = 0
        try parser.parse(prechecked: true) { buffer, capacity in
            while offset == chunk.count {
                guard let next = try pipe.take() else { return 0 }
                chunk = next
                offset = 0
            }
            let count = min(capacity, chunk.count - offset)
            chunk.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress.unsafelyUnwrapped + offset, count: count) }
            offset += count
            return count
        }
    }

    package static func convert(_ error: any Error, file: String, part: String?) -> XLSXError {
        if let error = error as? XLSXError { return error }
        guard let zipError = error as? ZipError else {
            return XLSXError(.corruptPackage, SourceLocation(file: file, part: part), "\(error)")
        }
        let location = SourceLocation(file: file, part: zipError.entry ?? part)
        switch zipError.kind {
        case .cannotOpen: return XLSXError(.cannotOpen, location, zipError.message, zh: "无法打开文件")
        case .notAZip: return XLSXError(.notASpreadsheet, location, zipError.message, zh: "不是 zip 压缩包，因此不是 .xlsx 工作簿")
        case .corrupt, .damagedEntry: return XLSXError(.corruptPackage, location, zipError.message)
        case .missingEntry: return XLSXError(.missingPart, location, zipError.message)
        case .unsupported: return XLSXError(.unsupported, location, zipError.message)
        case .limitExceeded: return XLSXError(.limitExceeded, location, zipError.message)
        case .writeFailed, .invalidArgument: return XLSXError(.corruptPackage, location, zipError.message)
        }
    }
}

/// The helper thread's work: inflate one entry, check its markup and hand it into a pipe. Owns the zip reader
/// while it runs.
private final class InflateJob: @unchecked Sendable {
    let zip: ZipReader
    let entry: ZipEntry
    let partLimit: ZipPartLimit?
    var check: XMLAttributeCheck
    let pipe: BlockingPipe<[UInt8]>

    init(zip: ZipReader, entry: ZipEntry, partLimit: ZipPartLimit?, check: XMLAttributeCheck, pipe: BlockingPipe<[UInt8]>) {
        self.zip = zip; self.entry = entry; self.partLimit = partLimit; self.check = check; self.pipe = pipe
    }

    func run() {
        do {
            try zip.read(entry, chunkSize: PackageReader.chunkSize, partLimit: partLimit) { chunk in
                try check.check(chunk)
                try pipe.put(Array(chunk))
            }
            pipe.finish(nil)
        } catch {
            pipe.finish(error)
        }
    }
}
