import SheetCore
import XMLStream
import ZipArchive

/// The zip package under a workbook: finds parts (case-insensitively) and streams them into an XML handler,
/// turning every lower-level error into a located `XLSXError`.
final class PackageReader {
    let path: String
    let limits: XLSXLimits
    private let zip: ZipReader

    init(path: String, limits: XLSXLimits) throws {
        self.path = path
        self.limits = limits
        do {
            zip = try ZipReader(path: path, limits: limits.zip)
        } catch {
            throw Self.convert(error, file: path, part: nil)
        }
    }

    func has(_ part: String) -> Bool { zip.entry(named: part) != nil }

    /// The stored name of a part (its spelling in the archive), if present.
    func storedName(_ part: String) -> String? { zip.entry(named: part)?.name }

    /// Streams `part` through a SAX parser with `handler`.
    /// - Throws: `XLSXError` located at the part (and line:column for XML errors).
    func parse(_ part: String, names: [String], handler: any XMLStreamHandler, sheet: String? = nil) throws {
        guard let entry = zip.entry(named: part) else {
            throw XLSXError(.missingPart, SourceLocation(file: path, part: part, sheet: sheet), "the part is missing from the package")
        }
        let parser = XMLPushParser(names: names, handler: handler, documentName: entry.name,
                                   limits: XMLStreamLimits(maxTextBytes: limits.maxTextBytes))
        do {
            try withExtendedLifetime(handler) {
                try zip.read(entry) { chunk in try parser.feed(chunk) }
                try parser.finish()
            }
        } catch let error as XLSXError {
            throw error
        } catch let error as XMLStreamError {
            let kind: XLSXError.Kind = error.kind == .limitExceeded ? .limitExceeded : .malformedXML
            throw XLSXError(kind, SourceLocation(file: path, part: entry.name, sheet: nil,
                                                 line: error.line > 0 ? error.line : nil,
                                                 column: error.line > 0 ? error.column : nil), error.message)
        } catch {
            throw Self.convert(error, file: path, part: entry.name)
        }
    }

    static func convert(_ error: any Error, file: String, part: String?) -> XLSXError {
        if let error = error as? XLSXError { return error }
        guard let zipError = error as? ZipError else {
            return XLSXError(.corruptPackage, SourceLocation(file: file, part: part), "\(error)")
        }
        let location = SourceLocation(file: file, part: zipError.entry ?? part)
        switch zipError.kind {
        case .cannotOpen: return XLSXError(.cannotOpen, location, zipError.message)
        case .notAZip: return XLSXError(.notASpreadsheet, location, zipError.message)
        case .corrupt, .damagedEntry: return XLSXError(.corruptPackage, location, zipError.message)
        case .missingEntry: return XLSXError(.missingPart, location, zipError.message)
        case .unsupported: return XLSXError(.unsupported, location, zipError.message)
        case .limitExceeded: return XLSXError(.limitExceeded, location, zipError.message)
        case .writeFailed, .invalidArgument: return XLSXError(.corruptPackage, location, zipError.message)
        }
    }
}
