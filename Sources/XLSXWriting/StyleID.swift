/// A registered style: an index into the workbook's cell formats (`cellXfs`). Get one from `XLSXWriter.style(_:)`.
///
/// Only valid for the workbook that made it.
public struct StyleID: Hashable, Sendable {
    /// The `s` attribute written on cells.
    public let index: Int
    init(_ index: Int) { self.index = index }

    /// The default style (index 0).
    public static let `default` = StyleID(0)
}
