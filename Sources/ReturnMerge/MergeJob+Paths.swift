import Foundation
import SheetCore
import SheetIO

extension MergeJob {
    /// The checks made before a merge reads anything: no output is one of the input files the merge would
    /// read (found as `merge` finds them: an output may go inside an input folder as long as it is not one of
    /// the returns there), the roster or `otherInputs` (a catalog file), nor another output; the outputs are
    /// of the formats the merge writes (`.xlsx` workbook, `.json`, a folder for the CSV files) and can be
    /// written. Paths are shown as given.
    /// - Parameters:
    ///   - paths: the inputs (files and folders), as `MergeJob.paths`.
    ///   - workbook, json, csvDirectory: the outputs (`-o`, `--json`, `--csv`).
    /// - Throws: `PathProblem`.
    public static func checkPaths(_ paths: [String], roster: String?, workbook: String?, json: String?,
                                  csvDirectory: String?, otherInputs: [String] = []) throws(PathProblem) {
        var inputs = otherInputs
        if let roster { inputs.append(roster) }
        for path in inputs { try PathCheck.input(path) }
        inputs += InputDiscovery.discover(paths).files.map(\.displayPath)

        var named: [(path: String, option: String)] = []
        if let workbook { named.append((workbook, "-o")) }
        if let json { named.append((json, "--json")) }
        if let csvDirectory {
            for name in MergeResult.csvFileNames {
                named.append((csvDirectory.hasSuffix("/") ? csvDirectory + name : csvDirectory + "/" + name, "--csv"))
            }
        }
        try PathCheck.distinct(inputs: inputs, outputs: named)

        if let workbook {
            try PathCheck.output(workbook, option: "-o", extensions: ["xlsx"], strictExtension: true, createsFolders: true)
        }
        if let json {
            try PathCheck.output(json, option: "--json", extensions: ["json"], strictExtension: true, createsFolders: true)
        }
        if let csvDirectory { try PathCheck.outputFolder(csvDirectory, option: "--csv") }
    }
}
