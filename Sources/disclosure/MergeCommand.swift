import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge a round of returns (not yet available)")

    func run() throws {
        throw ValidationError("'merge' is not available yet")
    }
}
