import Foundation
import CSV
import SheetCore
import XLSXWriting

extension SheetIO {
    /// A row writer for an output path, by its extension: `.xlsx` → XLSX, `.tsv` → tab-separated, anything
    /// else → delimited text with `csv` options.
    /// - Parameter background: format and write on a thread of its own (`BackgroundRowWriter`), so a big
    ///   conversion uses a second core while the caller's thread reads; for streaming many rows.
    public static func makeRowWriter(path: String, sheetName: String, csv: CSVWriteOptions = CSVWriteOptions(),
                                     background: Bool = false) throws -> SheetRowWriter {
        let writer: SheetRowWriter
        switch SheetFileFormat.forOutput(path: path) {
        case .xlsx, .xls:  // (.xls is never an output format: `forOutput` gives .xlsx or delimited text)
            writer = try XLSXSheetWriter(path: path, sheetName: sheetName)
        case .delimitedText, .ods:   // forOutput never says .ods: we do not write OpenDocument
            writer = try CSVSheetWriter(path: path, options: csv)
        }
        return background ? BackgroundRowWriter(writer) : writer
    }

    /// Writes a grid's values to a file (`.xlsx` or delimited text by extension), atomically.
    /// Only values are written (merges, styles and the like are the XLSX writer's business).
    public static func write(_ grid: Grid, to path: String, csv: CSVWriteOptions = CSVWriteOptions()) throws {
        let writer = try makeRowWriter(path: path, sheetName: grid.name, csv: csv)
        do {
            for row in rows(of: grid) { try writer.write(row) }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A grid's cells as rows in order (rows without cells left out).
    public static func rows(of grid: Grid) -> [SheetRow] {
        var rows: [SheetRow] = []
        for (ref, cell) in grid.sortedCells where !cell.value.isEmpty {
            if rows.last?.row != ref.row {
                rows.append(SheetRow(row: ref.row, cells: [], width: grid.columnCount))
            }
            rows[rows.count - 1].cells.append(SheetCell(column: ref.column, value: cell.value, numberFormat: cell.numberFormat))
        }
        return rows
    }
}

extension SheetIO {
    /// Writes one sheet (by name, or the first) as rectangular delimited text to an open file descriptor
    /// (standard output for `disclosure sheet dump --format csv|tsv`), by the same streaming path as
    /// `disclosure convert` to a `.csv` file: the rows are formatted on a second thread while this one reads,
    /// staged in the temporary folder (a later, wider row pads the earlier ones), then copied to `descriptor`.
    /// - Parameters:
    ///   - datesAsISO: dates as ISO 8601 instead of as their number format shows them.
    /// - Throws: the reader's errors (`XLSXError`, `CSVError`); `CSVError.Kind.cannotWrite`.
    public static func writeDelimited(path: String, sheet: String? = nil, csv: CSVReadOptions = CSVReadOptions(),
                                      options: CSVWriteOptions, datesAsISO: Bool = false,
                                      toFileDescriptor descriptor: Int32) throws {
        let folder = FileManager.default.temporaryDirectory.path
        let staged = folder + "/.disclosure-dump-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
        defer { unlink(staged) }
        let writer = try CSVSheetWriter(path: staged, options: options)
        writer.datesAsISO = datesAsISO
        do {
            try copyRows(path: path, sheet: sheet, csv: csv, to: writer, background: true)
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
        try copyFile(staged, toFileDescriptor: descriptor)
    }

    /// Copies a file's bytes to a descriptor in large blocks (the staged dump to standard output).
    static func copyFile(_ path: String, toFileDescriptor descriptor: Int32) throws {
        let input = Glibc.open(path, O_RDONLY)
        guard input >= 0 else {
            throw CSVError(.cannotRead, file: path, message: "cannot read the staged output: \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(input) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(input, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVError(.cannotRead, file: path, message: "cannot read the staged output: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            var done = 0
            while done < n {
                let m = Glibc.write(descriptor, buffer + done, n - done)
                if m < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(.cannotWrite, file: "<stdout>", message: "cannot write: \(String(cString: strerror(errno)))")
                }
                done += m
            }
        }
    }
}
