import ArgumentParser
import Foundation
import RepliesConfiguration
import RepliesCore

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Print a stored conversation record as JSON (the template sender's shape).")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The user's E.164 number (primary_channel).") var primaryChannel: String
    @Argument(help: "The conversation_id.") var conversationId: String

    func run() async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: config.logLevel)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        let found: Conversation?
        do {
            found = try await runtime.ports.conversations.conversation(
                ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId))
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
        guard let found else {
            throw CommandFailure("no conversation \(PhoneNumber.mask(primaryChannel)) / \(conversationId) in the configured backend")
        }
        print(try Self.json(found.record))
    }

    static func json(_ record: Record) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
