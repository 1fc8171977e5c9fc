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
    @Flag(help: "Put every turn of the conversation in `messages`, those moved to the history table included.")
    var allTurns = false

    func run() async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        let key = ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId)
        let found: Record?
        do {
            found = try await allTurns ? Self.withAllTurns(key, ports: runtime.ports) : runtime.ports.conversations.conversation(key)?.record
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
        guard let found else {
            throw CommandFailure("no conversation \(PhoneNumber.mask(primaryChannel)) / \(conversationId) in the configured backend")
        }
        print(try Self.json(found))
    }

    /// The record with the whole transcript in `messages` (read newest first, in pages).
    static func withAllTurns(_ key: ConversationKey, ports: EnginePorts) async throws -> Record? {
        let reader = TranscriptReader(conversations: ports.conversations, archive: ports.archive)
        guard var record = try await ports.conversations.conversation(key)?.record else { return nil }
        var turns: [RecordValue] = []
        var page = try await reader.turns(key, limit: 1_000)
        while let current = page {
            turns += current.turns.map(\.entry)
            guard let next = current.nextBefore else { break }
            page = try await reader.turns(key, before: next, limit: 1_000)
        }
        record[ConversationAttribute.messages] = .list(turns.reversed())
        record.removeValue(forKey: ConversationAttribute.archivedMessageCount)
        return record
    }

    static func json(_ record: Record) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
