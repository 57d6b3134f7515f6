import ArgumentParser
import DisclosureCatalog

/// `--lang zh|en` parses straight into the domain's `Language`, in every subcommand alike.
extension Language: ExpressibleByArgument {}
