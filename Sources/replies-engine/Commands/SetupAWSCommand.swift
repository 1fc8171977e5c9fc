import AWSBackend
import ArgumentParser
import Foundation

struct SetupAWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup-aws",
        abstract: "Create the tables and queues the AWS backend uses (for moto or a fresh dev account). Idempotent.",
        discussion: """
            Creates the ConversationsTable exactly as the template sender's stack defines it (unless \
            SETUP_CONVERSATIONS_TABLE=false), the stage and lock tables with TTL, the channel queues with \
            dead-letter queues, and the handoff queue; prints the KEY=value lines to export. Names come \
            from CONVERSATIONS_TABLE, STAGE_TABLE, LOCK_TABLE, HISTORY_TABLE and the *_QUEUE_URL keys when set. See docs/AWS.md.
            """)

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let logger = LogSetup.bootstrap(level: level)
        let report = try await AWSProvisioner.provision(environment: environment, logger: logger)
        report.environmentLines.forEach { print($0) }
    }
}

import Logging
