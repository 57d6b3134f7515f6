import Foundation

extension Catalog {
    /// The JSON form (schema: Schemas/catalog.schema.json): pretty-printed, keys sorted, slashes unescaped.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes the JSON form.
    /// - Throws: `CatalogJSONError` naming the JSON path that failed.
    public init(jsonData: Data) throws {
        do {
            self = try JSONDecoder().decode(Catalog.self, from: jsonData)
        } catch let error as DecodingError {
            throw CatalogJSONError(error)
        }
    }
}

/// A catalog JSON document that does not decode, with the JSON path where it failed.
public struct CatalogJSONError: Error, CustomStringConvertible, Sendable {
    /// The coding path, e.g. `items[3].deadlines[0].kind`.
    public var path: String
    public var message: String

    init(_ error: DecodingError) {
        func render(_ path: [CodingKey]) -> String {
            var s = ""
            for key in path {
                if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
            }
            return s.isEmpty ? "$" : s
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            path = render(c.codingPath)
            message = c.debugDescription
        case .keyNotFound(let key, let c):
            path = render(c.codingPath + [key])
            message = "missing key"
        @unknown default:
            path = "$"
            message = "\(error)"
        }
    }

    public var description: String { "\(path): \(message)" }
}
