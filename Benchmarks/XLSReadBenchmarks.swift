// Read benchmark W1x (../shared/bench/README.md): W1's first 65,000 rows saved by LibreOffice as .xls
// (Excel 97–2003); reading every cell with XLSReading vs python-calamine on the same file, each in its own
// child process so peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import XLSReading

private let childVariable = "DISCLOSUREKIT_XLS_READ_CHILD"

func xlsReadBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try xlsReadChild(file)
        return
    }
    let dir = try benchCacheDirectory()
    let w1x = dir.appendingPathComponent("w1x.xls")
    if !FileManager.default.fileExists(atPath: w1x.path) {
        print("generating W1x: W1's first 65,000 rows with XlsxWriter, saved as .xls by LibreOffice (cached at \(w1x.path)) …")
        let source = dir.appendingPathComponent("w1x.xlsx")
        let made = try measureChild(["python3", benchPeers.appendingPathComponent("make_w1.py").path, source.path, "65000"], environment: [:])
        guard made.status == 0 else { throw BenchmarkFailure("make_w1.py failed: \(made.output)") }
        try libreOfficeConvert(source, to: "xls", in: dir, failure: "LibreOffice could not save W1x as .xls")
    }
    let figures = try PeerReadFigures.measure(w1x, subcommand: "xlsread", childVariable: childVariable)
    figures.print("read all W1x cells", file: w1x, reader: "XLSReading", peakTargetMB: 128)
}

/// The child: opens the workbook and streams every sheet, counting non-empty cells.
private func xlsReadChild(_ file: String) throws {
    try printTimedCount { try countNonEmptyCells(try XLSWorkbook(path: file)) }
}
