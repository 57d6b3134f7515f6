// ODS read benchmark (workload W1o, ../shared/bench/README.md): W1 saved by LibreOffice as .ods, every cell
// read by our ODSReading vs python-calamine on the same file, side by side in the same run, each in its own
// child process so peak memory (max RSS, from /usr/bin/time) is the reader's alone.
import Foundation
import ODSReading
import XMLStream
import ZipArchive

private let childVariable = "DISCLOSUREKIT_ODS_READ_CHILD"
private let floorVariable = "DISCLOSUREKIT_ODS_READ_FLOOR"

func odsReadBenchmarks() throws {
    if let file = ProcessInfo.processInfo.environment[childVariable] {
        try odsReadChild(file)
        return
    }
    if let file = ProcessInfo.processInfo.environment[floorVariable] {
        try odsFloorChild(file)
        return
    }
    let dir = try benchCacheDirectory()
    let w1 = try cachedW1(in: dir)
    let w1o = dir.appendingPathComponent("w1.ods")
    if !FileManager.default.fileExists(atPath: w1o.path) {
        print("converting W1 to .ods with LibreOffice (cached at \(w1o.path)) …")
        try libreOfficeConvert(w1, to: "ods", in: dir, failure: "soffice could not convert W1")
    }
    let figures = try PeerReadFigures.measure(w1o, subcommand: "odsread", childVariable: childVariable, floorVariable: floorVariable)
    figures.print("read all W1o cells", file: w1o, reader: "ODSReading", peakTargetMB: 128)
    if let f = figures.floor {
        print("  lower bound (libzip inflate + libxml2 SAX of content.xml, counting only): \(fmt3(f.inner)) s in-process, \(fmt3(f.cpu)) s CPU")
    }
}

/// The child: opens the package and streams every sheet in one pass, counting non-empty cells.
private func odsReadChild(_ file: String) throws {
    try printTimedCount {
        let workbook = try ODSWorkbook(path: file)
        var cells = 0
        try workbook.forEachSheet({ _ in true }) { _, _, row in
            for cell in row where !cell.value.isEmpty { cells += 1 }
        }
        return cells
    }
}

private func odsFloorChild(_ file: String) throws {
    try printTimedCount {
        let zip = try ZipReader(path: file)
        guard let entry = zip.entry(named: "content.xml") else { throw BenchmarkFailure("no content.xml") }
        return try countElements(zip, entry)
    }
}
