import ArgumentParser

// Placeholder: the owning issue replaces this file with the real subcommand.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Show, export and import standard catalogs (not yet available)")

    func run() throws {
        throw ValidationError("'catalog' is not available yet")
    }
}
