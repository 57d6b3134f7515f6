import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Validate office returns (not yet available)")

    func run() throws {
        throw ValidationError("'validate' is not available yet")
    }
}
