import ArgumentParser
import EmbeddedBackend
import Foundation
import RepliesCore

/// `handoffs`: the notices the embedded backend keeps for a human (the AWS backend sends them
/// to the handoff queue instead).
struct HandoffsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoffs",
        abstract: "List the handoff notices the embedded backend kept (newest last), one JSON object per line.",
        discussion: """
            Each notice tells a human that a conversation needs them (docs/DATA.md lists the reasons). The embedded \
            backend keeps them 14 days in its database and logs each one; the AWS backend sends them to HANDOFF_QUEUE_URL.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "At most this many of the newest.") var limit = 100

    func run() async throws {
        let hint = "the AWS backend sends handoff notices to the SQS queue HANDOFF_QUEUE_URL; whoever handles handoffs reads them there"
        try await DeadLettersCommand.withEmbedded(common, awsHint: hint) { backend in
            let notices = try await backend.handoff.notices(limit: limit)
            if notices.isEmpty { Console.error("no handoff notices in \(backend.directory)") }
            for notice in notices { print(notice.jsonBody()) }
        }
    }
}
