import DisclosureCatalog
import Foundation

/// Resolves `--catalog customs|FILE`: the built-in name or a catalog JSON file (`disclosure catalog
/// export -o catalog.json` / `catalog import`).
public enum CatalogSpec {
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var spec: String
        public var message: String
        public var description: String { "\(spec): \(message)" }
    }

    public static func load(_ spec: String) throws -> Catalog {
        if spec == CustomsCatalog.id { return CustomsCatalog.catalog }
        let url = URL(fileURLWithPath: spec)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LoadError(spec: spec, message: "不是内置目录名（customs），也不是存在的文件 (neither the built-in name 'customs' nor an existing file)")
        }
        guard url.pathExtension.lowercased() == "json" else {
            throw LoadError(spec: spec, message: "目录文件须为 JSON（可用 disclosure catalog import 转换） (a catalog file must be JSON; convert tables with `disclosure catalog import`)")
        }
        do {
            return try JSONDecoder().decode(Catalog.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw LoadError(spec: spec, message: "不是有效的目录 JSON (not a catalog JSON): \(error)")
        } catch {
            throw LoadError(spec: spec, message: error.localizedDescription)
        }
    }
}
