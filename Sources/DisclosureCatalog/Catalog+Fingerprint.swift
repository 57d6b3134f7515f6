import Foundation
import SheetCore

extension Catalog {
    /// A content fingerprint: `sha256:` and the first 16 hex digits of the SHA-256 of the catalog's canonical
    /// JSON (keys sorted, no white space, slashes unescaped, `version` left out). The same content gives the same
    /// fingerprint on every machine and run; any change to an item, a channel or a label changes it.
    public var contentFingerprint: String {
        var copy = self
        copy.version = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a catalog cannot fail (strings, integers and arrays only); an empty input still hashes.
        let data = (try? encoder.encode(copy)) ?? Data()
        return "sha256:" + Array(SHA256.hash(Array(data)).prefix(8)).hex
    }

    /// What identifies this catalog's edition: its `version`, or its `contentFingerprint` when it has none (the
    /// built-in catalog). Never empty; templates record it and validation compares it.
    public var versionLabel: String {
        if let version, !version.isEmpty { return version }
        return contentFingerprint
    }
}
