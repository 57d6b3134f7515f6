import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "Export the blank office template (not yet available)")

    func run() throws {
        throw ValidationError("'template' is not available yet")
    }
}
