import AWSBackend
import AWSCore
import ArgumentParser
import Foundation
import RepliesConfiguration

struct SetupAWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup-aws",
        abstract: "Create the tables and queues the AWS backend uses (for moto or a fresh dev account). Idempotent.",
        discussion: """
            Creates the ConversationsTable exactly as the template sender's stack defines it (unless \
            SETUP_CONVERSATIONS_TABLE=false), the stage and lock tables with TTL, the channel queues with \
            dead-letter queues, and the handoff queue; prints the KEY=value lines to export. Names come \
            from CONVERSATIONS_TABLE, STAGE_TABLE, LOCK_TABLE and the *_QUEUE_URL keys when set (environment or --config). See docs/AWS.md.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let values = try await common.values()
        try values.validate([EngineKeys.self])
        let logger = LogSetup.bootstrap(level: try values.value(EngineKeys().logLevel))
        let plan = try AWSProvisioningPlan(values)
        let provisioner = AWSProvisioner(configuration: try AWSClientConfiguration(values), logger: logger)
        let report = try await provisioner.provision(plan)
        report.environmentLines.forEach { print($0) }
    }
}
