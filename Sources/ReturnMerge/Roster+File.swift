import DisclosureCatalog
import Foundation
import SheetCore
import SheetIO

extension Roster {
    /// Reads a roster file: XLSX (every sheet tried in order) or CSV (any encoding the CSV reader detects).
    /// The format is told by the file's magic bytes.
    /// - Throws: `MergeError` `.roster` with the file (and the reader's located message) when it cannot be read.
    /// - Parameter fields: the catalog's identity fields (see `init(grids:file:fields:)`).
    public init(contentsOf url: URL, fields: OfficeFields = .customs) throws(MergeError) {
        let path = url.path
        func fail(_ detail: String) -> MergeError {
            MergeError(.roster, location: SourceLocation(file: path),
                       message: LocalizedText(zh: "无法读取名单：\(detail)", en: "cannot read the roster: \(detail)"))
        }
        let grids: [Grid]
        do {
            grids = try SheetIO.readGrids(path: path)
        } catch {
            throw fail("\(error)")
        }
        try self.init(grids: grids, file: path, fields: fields)
    }
}
