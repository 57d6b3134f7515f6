import Foundation
import SheetCore
import Testing
import TestSupport
@testable import XLSXReading
import ZipArchive

/// A workbook is opened with one read of the file: its format is told by the bytes the zip reader read, and
/// every file that is no workbook still gets the located error of its format.
@Suite struct FormatByBytesReadTests {
    @Test func dataBeforeTheArchiveIsNoWorkbook() throws {
        // libzip opens a zip with bytes before it (a self-extractor), but the file does not start like a zip.
        let book = try Fixture.workbook(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>")
        #expect(try XLSXWorkbook(path: book).grid(named: "Sheet1")[0, 0]?.value == .number(1, raw: "1"))
        let prefixed = URL(fileURLWithPath: book).deletingLastPathComponent().appendingPathComponent("sfx.xlsx")
        try (Data("MZ self-extractor stub ".utf8) + Data(contentsOf: URL(fileURLWithPath: book))).write(to: prefixed)
        #expect { try XLSXWorkbook(path: prefixed.path) } throws: { error in
            guard let error = error as? XLSXError else { return false }
            return error.kind == .notASpreadsheet && error.location.file == prefixed.path
        }
    }

    @Test func otherFormatsKeepTheirErrors() throws {
        let dir = try TestSupport.makeTemporaryDirectory("format")
        let text = dir.appendingPathComponent("t.xlsx")
        try Data("a,b\n1,2\n".utf8).write(to: text)
        #expect { try XLSXWorkbook(path: text.path) } throws: {
            ($0 as? XLSXError)?.kind == .notASpreadsheet && ($0 as? XLSXError)?.location.file == text.path
        }
        let missing = dir.appendingPathComponent("missing.xlsx").path
        #expect { try XLSXWorkbook(path: missing) } throws: {
            ($0 as? XLSXError)?.kind == .cannotOpen && ($0 as? XLSXError)?.location.file == missing
        }
        // An OLE container holding an encrypted package (the format errors themselves: HostileInputTests).
        let encrypted = dir.appendingPathComponent("enc.xlsx")
        try HostileInputTests.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"]).write(to: encrypted)
        #expect { try XLSXWorkbook(path: encrypted.path) } throws: {
            ($0 as? XLSXError)?.kind == .encrypted && ($0 as? XLSXError)?.location.file == encrypted.path
        }
    }
}
