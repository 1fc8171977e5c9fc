import ArgumentParser
import EmbeddedBackend
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore

/// `dead-letters`: the triggers the worker gave up on, and putting them back.
struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List dead-lettered triggers (embedded backend), or redrive them.",
        discussion: """
            A trigger is dead-lettered when its batch failed permanently (the conversation is then reply_failed and a \
            human was notified) or when it is not a trigger at all. Redriving re-runs the batch: fragments already \
            answered or reported failed are not answered again, pending ones are answered once. On the AWS backend \
            dead letters are in each channel queue's SQS dead-letter queue: redrive them with SQS (see docs/AWS.md).
            """,
        subcommands: [List.self, Redrive.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead-lettered triggers, oldest first.")
        @OptionGroup var common: CommonOptions
        @Option(help: "At most this many.") var limit = 100

        func run() async throws {
            try await DeadLettersCommand.withEmbedded(common) { backend in
                let letters = try await backend.queue.deadLetters(limit: limit)
                guard !letters.isEmpty else {
                    print("no dead letters in \(backend.directory)")
                    return
                }
                for letter in letters {
                    let target = Trigger(body: letter.body).map { "conversation \($0.key)" } ?? "not a trigger"
                    print("\(letter.id)  \(Timestamp.format(letter.deadLetteredAt))  \(letter.channel)  receives \(letter.receiveCount)  \(target)")
                    print("    reason: \(letter.reason)")
                }
                print("redrive one with: replies-engine dead-letters redrive ID (or --all)")
            }
        }
    }

    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "redrive", abstract: "Put dead-lettered triggers back into the queue, due now, with fresh attempts.")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Redrive every dead letter.") var all = false
        @Argument(help: "Ids as `dead-letters list` prints them.") var ids: [String] = []

        func validate() throws {
            guard all != !ids.isEmpty else { throw ValidationError("give the ids to redrive, or --all") }
        }

        func run() async throws {
            try await DeadLettersCommand.withEmbedded(common) { backend in
                let moved = try await backend.queue.redrive(ids: all ? nil : ids)
                print("redrove \(moved) trigger\(moved == 1 ? "" : "s"); a running serve picks \(moved == 1 ? "it" : "them") up at once")
                if !all && moved < ids.count {
                    throw CommandFailure("\(ids.count - moved) of the given ids are not dead letters (see `replies-engine dead-letters list`)")
                }
            }
        }
    }

    static let awsHint = """
        the AWS backend keeps dead letters in each channel queue's SQS dead-letter queue: list and redrive them with \
        SQS (console "Start DLQ redrive", or `aws sqs start-message-move-task --source-arn <DLQ ARN>`); see docs/AWS.md
        """

    /// Opens the configured embedded backend (beside a running serve) for `body`; on AWS fails
    /// with `awsHint`, which says where the AWS backend keeps the same thing.
    static func withEmbedded(
        _ common: CommonOptions, awsHint: String = awsHint, _ body: (EmbeddedBackend) async throws -> Void
    ) async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: min(config.logLevel, .warning), format: config.logFormat)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        guard let backend = runtime.embedded else {
            try? await runtime.close()
            throw CommandFailure(awsHint)
        }
        do {
            try await body(backend)
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }
}
