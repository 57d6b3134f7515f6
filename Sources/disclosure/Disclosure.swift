import ArgumentParser
import Foundation
import SheetCore
import XLSXReading

/// `disclosure` — 基层政务公开标准目录 templates, returns, validation and merge.
@main
struct Disclosure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure",
        abstract: "政务公开标准目录工具：导出模板、导入与校验填报表、汇总合并。 (Disclosure catalog toolkit: templates, import, validation, merge.)",
        version: DisclosureVersion.string,
        subcommands: [
            SheetCommand.self,
            ConvertCommand.self,
            CatalogCommand.self,
            TemplateCommand.self,
            ImportCommand.self,
            ValidateCommand.self,
            MergeCommand.self,
            ServeCommand.self,
            RoundCommand.self,
        ]
    )

    static func main() async {
        // The CLI reads returns in bulk (import, validate, merge): keep freed heap memory between workbooks,
        // and name the local zone in TZ (glibc then stops re-reading /etc/localtime); before any thread starts.
        XLSXWorkbook.tuneAllocatorForBatchReading()
        XLSXWorkbook.nameLocalTimeZoneForBatchReading()
        do {
            var command = try parseAsRoot()
            // `serve` (and any async subcommand) runs on the async path; calling the synchronous `run()` of
            // an AsyncParsableCommand would only print its help.
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Usage errors (ArgumentParser's EX_USAGE, 64) share status 2 with every other refusal to start:
            // the exit statuses are 0, 1 (findings) and 2 (nothing done as asked), as the README's table says.
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
