import Foundation
import ODSReading
import SheetCore
import Testing
import TestSupport
import XLSXReading
import ZipArchive

/// Hostile and broken .ods packages: each ends in a located error, in bounded time and memory.
@Suite struct ODSHostileInputTests {
    private func readAll(_ path: String, limits: XLSXLimits = .default) throws -> XLSXError {
        try #require(throws: XLSXError.self) {
            _ = try ODSWorkbook(path: path, limits: limits).grids()
        }
    }

    @Test func entityExpansionIsRefusedAtItsLine() throws {
        let content = ODSFixture.content(tables: "<table:table table:name=\"S\"/>",
                                         prolog: "\n<!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>")
        let error = try readAll(try ODSFixture.write(content: content))
        #expect(error.kind == .malformedXML)
        #expect(error.location.part == "content.xml")
        #expect(error.location.line == 2)
    }

    @Test func externalEntityIsRefused() throws {
        let content = ODSFixture.content(tables: "<table:table table:name=\"S\"/>", prolog: "\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>")
        let error = try readAll(try ODSFixture.write(content: content))
        #expect(error.kind == .malformedXML)
        #expect(error.description.hasPrefix(error.location.file + "[content.xml]:2:"))
    }

    @Test func repeatBombIsALocatedLimit() throws {
        // 1,048,576 rows × 16,384 columns of one value: 17 billion cells from 200 bytes.
        let rows = """
        <table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>
        """
        let started = Date()
        let error = try readAll(try ODSFixture.table(rows))
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "content.xml")
        #expect(error.location.line != nil)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func repeatBombIsCaughtWhenStreamingToo() throws {
        let rows = """
        <table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x</text:p></table:table-cell></table:table-row>
        """
        let workbook = try ODSWorkbook(path: try ODSFixture.table(rows), limits: XLSXLimits(maxGridCells: 100_000))
        var seen = 0
        let error = try #require(throws: XLSXError.self) { try workbook.forEachRow { _, cells in seen += cells.count } }
        #expect(error.kind == .limitExceeded)
        #expect(seen == 0)
    }

    @Test func hugeSpaceCountIsALimit() throws {
        let error = try readAll(try ODSFixture.table("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"999999999999\"/></text:p></table:table-cell></table:table-row>"),
                                limits: XLSXLimits(maxTextBytes: 1 << 20))
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "content.xml")
    }

    @Test func valuesPastTheSheetAreALimit() throws {
        let rows = "<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
        let error = try readAll(try ODSFixture.table(rows))
        #expect(error.kind == .limitExceeded)
    }

    @Test(arguments: ["abc", "-5", "99999999999999999999"])
    func badRepeatCountsAreLocated(count: String) throws {
        let error = try readAll(try ODSFixture.table("<table:table-row table:number-rows-repeated=\"\(count)\"><table:table-cell/></table:table-row>"))
        #expect(error.kind == .invalidContent)
        #expect(error.location.line == 2)
    }

    @Test(arguments: [
        ("office:value-type=\"date\" office:date-value=\"2025-13-01\"", "office:date-value"),
        ("office:value-type=\"time\" office:time-value=\"PT1Y\"", "office:time-value"),
        ("office:value-type=\"boolean\" office:boolean-value=\"maybe\"", "office:boolean-value"),
        ("office:value-type=\"float\"", "office:value"),
    ])
    func badValuesAreLocatedAtTheCell(attributes: String, attribute: String) throws {
        let rows = "<table:table-row><table:table-cell/><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell \(attributes)/></table:table-row>"
        let error = try readAll(try ODSFixture.table(rows, name: "填报"))
        #expect(error.kind == .invalidContent)
        #expect(error.location.sheet == "填报")
        #expect(error.location.cell == "C2")
        #expect(error.message.hasPrefix(attribute + "="))
    }

    @Test func encryptedPackageIsNamed() throws {
        let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">\
        <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="1234">\
        <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>\
        </manifest:encryption-data></manifest:file-entry></manifest:manifest>
        """
        let path = try ODSFixture.write(content: "\u{1}\u{2}binary", manifest: manifest)
        let error = try #require(throws: XLSXError.self) { _ = try ODSWorkbook(path: path) }
        #expect(error.kind == .encrypted)
    }

    /// The summary lines name LibreOffice and OpenDocument for .ods files, not Excel/WPS or .xlsx.
    @Test func summariesNameTheOpenDocumentFormat() throws {
        let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">\
        <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">\
        <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>
        """
        let encrypted = try #require(throws: XLSXError.self) {
            _ = try ODSWorkbook(path: try ODSFixture.write(content: "\u{1}binary", manifest: manifest))
        }
        #expect(encrypted.kind == .encrypted)
        #expect(encrypted.format == .ods)
        #expect(encrypted.summary() == "电子表格设有密码：请在 LibreOffice 中取消密码后重新保存。")
        #expect(encrypted.summary(language: "en").contains("in LibreOffice"))
        #expect(!encrypted.summary(language: "en").contains("Excel"))
        #expect(encrypted.description(in: .zh).contains("LibreOffice"))
        #expect(!encrypted.description(in: .en).contains("此"), "the English description must be English only")

        let text = try #require(throws: XLSXError.self) {
            _ = try ODSWorkbook(path: try ODSFixture.write(content: "<x/>", mimetype: "application/vnd.oasis.opendocument.text"))
        }
        let dir = try TestSupport.makeTemporaryDirectory("ods-summary")
        let png = dir.appendingPathComponent("picture.ods")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]).write(to: png)
        let notZip = try #require(throws: XLSXError.self) { _ = try ODSWorkbook(path: png.path) }
        for error in [text, notZip] {
            #expect(error.kind == .notASpreadsheet)
            #expect(error.summary() == "文件不是 OpenDocument（.ods）电子表格。")
            #expect(error.summary(language: "en") == "The file is not an OpenDocument (.ods) spreadsheet.")
            #expect(error.description(in: .zh).unicodeScalars.contains { $0.value >= 0x4E00 })
            #expect(error.description(in: .en).unicodeScalars.allSatisfy { $0.value < 0x3000 }, "\(error.description(in: .en))")
        }
        // An .xlsx error without a format keeps the Excel/WPS wording.
        #expect(XLSXError.Kind.encrypted.summary(language: "en").contains("Excel/WPS"))
        #expect(XLSXError.Kind.notASpreadsheet.summary(format: .xls).contains(".xls"))
    }

    /// The CLI's lead line for a password-protected .ods says LibreOffice, in both languages.
    @Test func cliNamesLibreOfficeForAnEncryptedODS() throws {
        let binary = TestSupport.disclosureBinary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            FileHandle.standardError.write(Data("SKIPPING: the disclosure binary is not built at \(binary.path)\n".utf8))
            return
        }
        let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">\
        <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">\
        <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>
        """
        let path = try ODSFixture.write(content: "\u{1}binary", manifest: manifest, name: "locked.ods")
        for (lang, lead) in [("zh", "disclosure: 电子表格设有密码：请在 LibreOffice 中取消密码后重新保存。"),
                             ("en", "disclosure: The spreadsheet is password protected: remove the password in LibreOffice")] {
            let result = try TestSupport.run(binary.path, ["sheet", "dump", path, "--lang", lang])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix(lead), "\(result.stderr)")
            #expect(!result.stderr.contains("Excel"))
        }
    }

    @Test func otherOpenDocumentTypesAreNotSpreadsheets() throws {
        let path = try ODSFixture.write(content: "<x/>", mimetype: "application/vnd.oasis.opendocument.text")
        #expect(try OpenDocumentKind.detect(path: path) == .other("application/vnd.oasis.opendocument.text"))
        let error = try #require(throws: XLSXError.self) { _ = try ODSWorkbook(path: path) }
        #expect(error.kind == .notASpreadsheet)
        #expect(error.message.contains("application/vnd.oasis.opendocument.text"))
    }

    @Test func truncatedPackageIsCorrupt() throws {
        let big = String(repeating: "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>关区代码 0101</text:p></table:table-cell></table:table-row>", count: 3000)
        let path = try ODSFixture.table(big)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = path + ".cut"
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let error = try readAll(cut)
        #expect([.corruptPackage, .notASpreadsheet].contains(error.kind))
        #expect(error.location.file == cut)
    }

    @Test func malformedContentIsLocated() throws {
        let path = try ODSFixture.write(content: ODSFixture.content(tables: "<table:table table:name=\"S\">\n<table:table-row><table:table-cell></table:table-row></table:table>"))
        let error = try readAll(path)
        #expect(error.kind == .malformedXML)
        #expect(error.location.part == "content.xml")
        #expect(error.location.line == 3)
    }

    @Test func zipBombIsStoppedByTheZipLimits() throws {
        // content.xml inflating to 64 MB of blank rows from a few hundred KB.
        let dir = try TestSupport.makeTemporaryDirectory("ods-bomb")
        let path = dir.appendingPathComponent("bomb.ods").path
        let zip = try ZipWriter(path: path)
        try zip.addEntry(named: "mimetype", bytes: Array("application/vnd.oasis.opendocument.spreadsheet".utf8), compress: false)
        var content = Array(ODSFixture.content(tables: "<table:table table:name=\"S\">").utf8)
        content.removeLast(Array("</table:table></office:spreadsheet></office:body></office:document-content>".utf8).count)
        content += [UInt8](repeating: 0x20, count: 64 << 20)
        try zip.addEntry(named: "content.xml", bytes: content)
        try zip.close()
        let limits = XLSXLimits(zip: ZipLimits(maxEntrySize: 16 << 20))
        let error = try readAll(path, limits: limits)
        #expect(error.kind == .limitExceeded)
        #expect(error.location.part == "content.xml")
    }
}
