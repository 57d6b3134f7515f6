import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sheet", abstract: "Inspect workbooks and delimited text (not yet available)")

    func run() throws {
        throw ValidationError("'sheet' is not available yet")
    }
}
