import Foundation
import SheetCore
import XLSXReading
import ZipArchive

/// What an OpenDocument package says it is, by its `mimetype` entry (ODF 1.2 part 3, §3.3).
public enum OpenDocumentKind: Sendable, Equatable {
    /// `application/vnd.oasis.opendocument.spreadsheet` (.ods) or its template (.ots).
    case spreadsheet
    /// Another OpenDocument type (text, presentation, …): the mimetype as written.
    case other(String)

    static let spreadsheetType = "application/vnd.oasis.opendocument.spreadsheet"

    init(mimetype: String) {
        let trimmed = mimetype.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed == Self.spreadsheetType || trimmed == Self.spreadsheetType + "-template" {
            self = .spreadsheet
        } else {
            self = .other(trimmed)
        }
    }

    /// The OpenDocument kind of a zip file, or nil when it is not an OpenDocument package (an .xlsx).
    ///
    /// ODF packages store `mimetype` first and uncompressed, so its bytes are right after the first local
    /// header: the first few hundred bytes decide. A zip whose first entry is something else is opened
    /// (central directory only) and its `mimetype` entry read if it has one, unless the first entry is
    /// `[Content_Types].xml` (an OOXML package, the common case: no second look).
    /// - Throws: `XLSXError.Kind.cannotOpen`.
    public static func detect(path: String) throws -> OpenDocumentKind? {
        // Plain system calls: every merge input is detected, and a file handle costs more than the reading.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XLSXError(.cannotOpen, SourceLocation(file: path), "cannot open the file")
        }
        var head = [UInt8](repeating: 0, count: 30 + 8 + 64 + 128)
        var filled = 0
        while filled < head.count {
            let n = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        close(descriptor)
        head.removeLast(head.count - filled)
        guard head.count >= 30, head[0] == 0x50, head[1] == 0x4B, head[2] == 3, head[3] == 4 else { return nil }
        func u16(_ at: Int) -> Int { Int(head[at]) | Int(head[at + 1]) << 8 }
        let method = u16(8), nameLength = u16(26), extraLength = u16(28)
        let size = Int(head[22]) | Int(head[23]) << 8 | Int(head[24]) << 16 | Int(head[25]) << 24
        guard 30 + nameLength <= head.count else { return try lookInside(path) }
        let name = head[30..<(30 + nameLength)]
        if name.elementsEqual("[Content_Types].xml".utf8) { return nil }
        let dataStart = 30 + nameLength + extraLength
        if name.elementsEqual("mimetype".utf8), method == 0, size > 0, size <= 128, dataStart + size <= head.count {
            return OpenDocumentKind(mimetype: String(decoding: head[dataStart..<(dataStart + size)], as: UTF8.self))
        }
        return try lookInside(path)
    }

    /// The `mimetype` entry of a zip whose first entry did not tell; nil when there is none (or no zip).
    private static func lookInside(_ path: String) throws -> OpenDocumentKind? {
        guard let zip = try? ZipReader(path: path), let entry = zip.entry(named: "mimetype"),
              let bytes = try? zip.readAll(entry, maxBytes: 256) else { return nil }
        return OpenDocumentKind(mimetype: String(decoding: bytes, as: UTF8.self))
    }
}
