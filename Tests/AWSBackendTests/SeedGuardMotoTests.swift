import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing

/// The AWS seed writer checks before it writes; its conditional `PutItem` closes the gap between
/// the two, so an engine write in between is never overwritten.
@Suite("Seed writer's guard on moto")
struct SeedGuardMotoTests {
    static func record(_ id: String) -> Record {
        [
            "primary_channel": .string("+447700900123"), "conversation_id": .string(id), "conversation_status": .string("initial_message_sent"),
            "updated_at": .string("2026-01-01T00:00:00Z"), "messages": .list([]),
        ]
    }

    @Test("a record written by the engine after the check is not replaced")
    func engineWriteAfterTheCheckWins() async throws {
        try await MotoBackend.with { backend in
            let table = backend.ports.configuration.conversationsTable
            let key = ConversationKey(primaryChannel: "+447700900123", conversationId: MotoBackend.unique("c"))
            let seen = Self.record(key.conversationId)
            try await backend.ports.conversations.put(seen)
            let condition = DynamoDBSeedWriter.unchangedSince(seen)

            // Unchanged: the guarded write goes through.
            try await backend.dynamo.putItem(table: table, item: DynamoDBItem(record: seen), condition: condition)

            // The engine takes the lease (its first write of every batch): the guard now fails.
            let now = Date()
            guard case .acquired = try await backend.ports.conversations.acquireLease(key, owner: "w", now: now, until: now.addingTimeInterval(60)) else {
                Issue.record("lease not acquired")
                return
            }
            await #expect(throws: DynamoDBError.self) {
                try await backend.dynamo.putItem(table: table, item: DynamoDBItem(record: seen), condition: condition)
            }
            #expect(try await backend.ports.conversations.conversation(key)?.lease?.owner == "w")

            // A record that appeared after the check (absent when read) is not overwritten either.
            await #expect(throws: DynamoDBError.self) {
                try await backend.dynamo.putItem(table: table, item: DynamoDBItem(record: seen), condition: DynamoDBSeedWriter.unchangedSince(nil))
            }
        }
    }
}
