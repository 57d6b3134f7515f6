import Foundation
import TestSupport
import ZipArchive

/// Builds small .ods packages for tests: `mimetype` stored first, a manifest, `content.xml` around the given
/// tables, optional `styles.xml`.
enum ODSFixture {
    static let namespaces = """
    xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
    xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
    xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" \
    xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
    xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" \
    xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" \
    xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3"
    """

    static func content(tables: String, automaticStyles: String = "", fontFaces: String = "", prolog: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>\(prolog)
        <office:document-content \(namespaces)><office:font-face-decls>\(fontFaces)</office:font-face-decls>\
        <office:automatic-styles>\(automaticStyles)</office:automatic-styles>\
        <office:body><office:spreadsheet>\(tables)</office:spreadsheet></office:body></office:document-content>
        """
    }

    static let manifest = """
    <?xml version="1.0" encoding="UTF-8"?>
    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">\
    <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
    <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
    </manifest:manifest>
    """

    /// Writes a package and returns its path (a `.bin` name: the format is told by the bytes).
    static func write(content: String, styles: String? = nil, manifest: String = manifest,
                      mimetype: String? = "application/vnd.oasis.opendocument.spreadsheet",
                      name: String = "book.bin") throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("ods")
        let path = dir.appendingPathComponent(name).path
        let zip = try ZipWriter(path: path)
        if let mimetype { try zip.addEntry(named: "mimetype", bytes: Array(mimetype.utf8), compress: false) }
        try zip.addEntry(named: "META-INF/manifest.xml", bytes: Array(manifest.utf8))
        if let styles {
            try zip.addEntry(named: "styles.xml", bytes: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-styles \(namespaces)><office:styles>\(styles)</office:styles></office:document-styles>
            """.utf8))
        }
        try zip.addEntry(named: "content.xml", bytes: Array(content.utf8))
        try zip.close()
        return path
    }

    /// A one-table package.
    static func table(_ rows: String, name: String = "S", automaticStyles: String = "", fontFaces: String = "") throws -> String {
        try write(content: content(tables: "<table:table table:name=\"\(name)\">\(rows)</table:table>",
                                   automaticStyles: automaticStyles, fontFaces: fontFaces))
    }

    static var fixtures: URL {
        TestSupport.packageRoot.appendingPathComponent("Tests/ODSReadingTests/Fixtures")
    }
}
