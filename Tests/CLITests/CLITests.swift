import Foundation
import Testing
import TestSupport

/// End-to-end checks of the built `disclosure` binary: stdout, stderr and exit codes.
@Suite struct CLITests {
    @Test func helpListsEverySubcommandInChineseFirst() throws {
        let result = try TestSupport.run(TestSupport.disclosureBinary.path, ["--help"])
        #expect(result.status == 0)
        for name in ["sheet", "convert", "catalog", "template", "import", "validate", "merge"] {
            #expect(result.stdout.contains(name), "help does not list \(name)")
        }
        #expect(result.stdout.contains("政务公开"))
    }

    @Test func unknownSubcommandFailsWithUsage() throws {
        let result = try TestSupport.run(TestSupport.disclosureBinary.path, ["no-such-command"])
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }
}
