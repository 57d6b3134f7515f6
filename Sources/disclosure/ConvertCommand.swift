import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "Convert between XLSX, CSV and JSON (not yet available)")

    func run() throws {
        throw ValidationError("'convert' is not available yet")
    }
}
