// Read benchmark (workload W1, ../shared/bench/README.md): reading every cell of a 100,000 × 12 .xlsx,
// our streaming reader vs python-calamine, side by side in the same run, each in its own child process so
// peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import XLSXReading
import XMLStream
import ZipArchive

private let childVariable = "DISCLOSUREKIT_READ_CHILD"
private let floorVariable = "DISCLOSUREKIT_READ_FLOOR"

func readBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try readChild(file)
        return
    }
    if let file = ProcessInfo.processInfo.environment[floorVariable] {
        try floorChild(file)
        return
    }
    let w1 = try cachedW1(in: try benchCacheDirectory())
    let figures = try PeerReadFigures.measure(w1, subcommand: "read", childVariable: childVariable, floorVariable: floorVariable)
    figures.print("read all W1 cells", file: w1, reader: "XLSXReading", peakTargetMB: 96)
    if let f = figures.floor {
        print("  lower bound (libzip inflate + libxml2 SAX through XMLStream, counting only): \(fmt3(f.inner)) s in-process, \(fmt3(f.cpu)) s CPU")
    }
}

/// The child: opens the workbook and streams every sheet, counting non-empty cells.
private func readChild(_ file: String) throws {
    try printTimedCount { try countNonEmptyCells(try XLSXWorkbook(path: file)) }
}

/// The lower bound: inflate both big parts into the SAX parser with a handler that only counts elements.
private func floorChild(_ file: String) throws {
    try printTimedCount {
        let zip = try ZipReader(path: file)
        var elements = 0
        for part in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
            guard let entry = zip.entry(named: part) else { continue }
            elements += try countElements(zip, entry)
        }
        return elements
    }
}
