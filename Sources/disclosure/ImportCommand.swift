import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import an office return (not yet available)")

    func run() throws {
        throw ValidationError("'import' is not available yet")
    }
}
