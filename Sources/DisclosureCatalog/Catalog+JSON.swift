import Foundation
import SheetCore

extension Catalog {
    /// The JSON form (schema: Schemas/catalog.schema.json): pretty-printed, keys sorted, slashes unescaped.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes the JSON form.
    /// - Throws: `CatalogJSONError` saying where (line, column, JSON path) and why, in either language.
    public init(jsonData: Data) throws {
        do {
            self = try JSONDecoder().decode(Catalog.self, from: jsonData)
        } catch {
            throw CatalogJSONError(JSONProblem(error, in: jsonData))
        }
    }
}

/// A catalog JSON document that does not decode: where (line and column, JSON path) and why, in our words.
public struct CatalogJSONError: Error, CustomStringConvertible, Sendable {
    public var problem: JSONProblem
    /// The JSON path of the value concerned, e.g. `items[3].deadlines[0].kind` (`$` for the document).
    public var path: String { problem.path.isEmpty ? "$" : problem.path }

    public init(_ problem: JSONProblem) { self.problem = problem }

    public var description: String {
        let position = problem.position(in: .en)
        return (position.isEmpty ? "" : position + ": ") + problem.text.en
    }
}
