import ArgumentParser
import DisclosureCatalog
import CatalogTable
import Foundation
import SheetIO

extension Language {
    /// The default of every `--lang`: `DISCLOSURE_LANG` (zh or en) when set, else Chinese.
    static var current: Language { fromEnvironment(ProcessInfo.processInfo.environment) ?? .zh }
}

/// What every subcommand does on failure: one line on stderr in one language, exit status 2.
enum CommandFailure {
    /// Prints `disclosure COMMAND: <the error, located, in language>` on stderr and returns exit status 2.
    static func fail(_ command: String, _ error: any Error, _ language: Language) -> ExitCode {
        report(command, ErrorText.describe(error, in: language))
        return ExitCode(2)
    }

    /// Prints `disclosure COMMAND: message` on stderr.
    static func report(_ command: String, _ message: String) {
        FileHandle.standardError.write(Data("disclosure \(command): \(message)\n".utf8))
    }

    /// Runs the path checks of a command before it reads anything; a problem is reported and exits 2.
    static func checkPaths(_ command: String, _ language: Language, _ checks: () throws(PathProblem) -> Void) throws {
        do {
            try checks()
        } catch {
            throw fail(command, error, language)
        }
    }
}

/// A usage error in one language (ArgumentParser prints it with the usage; the exit status is 2).
func usageError(_ language: Language, zh: String, en: String) -> ValidationError {
    ValidationError(language == .zh ? zh : en)
}

/// The `--catalog` value as an input file to check: nil for a built-in name and for a path that does not
/// exist (the catalog loader says "neither a built-in catalog nor an existing file").
func catalogFile(_ spec: String) -> String? {
    CatalogFile.builtIn[spec] == nil && FileManager.default.fileExists(atPath: spec) ? spec : nil
}
