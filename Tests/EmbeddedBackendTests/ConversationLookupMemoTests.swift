@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// The webhook's lookup on the writer is answered from memory (``ConversationLookupMemo``) —
/// and never stale: whatever writes a conversation, on the writer or in another process, the
/// next lookup reads what is committed, and a write that is rolled back leaves no trace.
@Suite struct ConversationLookupMemoTests {
    private static let company = "+447700900456"

    /// The lookup as a webhook makes it, inside a transaction body on the writer.
    private static func find(
        _ backend: EmbeddedBackend, company: String = company, user: String = Support.userNumber
    ) async throws -> [String?] {
        let store = backend.conversations
        return try await backend.database.transaction { sql in
            try store.findConversations(channel: .whatsapp, companyNumber: company, userNumber: user, sql).map(\.status)
        }
    }

    @Test func answersFromMemoryUntilTheRowIsWritten() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.conversations.put(Support.record())
            #expect(try await Self.find(backend) == ["initial_message_sent"])
            #expect(backend.database.conversationLookups.count == 1)
            // Kept: the row is no longer read (changed under the writer's feet, the memo answers).
            try await Self.corruptBehindTheTriggers(backend)
            #expect(try await Self.find(backend) == ["initial_message_sent"])

            // Each way the store writes a record forgets the answer.
            try await backend.conversations.put(Support.record(status: "handed_off"))
            #expect(try await Self.find(backend) == ["handed_off"])
            let owner = "worker-1"
            _ = try await backend.conversations.acquireLease(Support.key, owner: owner, now: Date(), until: Date().addingTimeInterval(60))
            #expect(try await Self.find(backend) == [ConversationStatus.processingReply])
        }
    }

    @Test func aRowMovedToOtherNumbersLeavesTheOldAnswerAndJoinsTheNew() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.conversations.put(Support.record())
            #expect(try await Self.find(backend) == ["initial_message_sent"])
            #expect(try await Self.find(backend, company: "+447700900789") == [])

            var moved = Support.record(status: "moved")
            moved["gsi_company_whatsapp_number"] = .string("+447700900789")
            try await backend.conversations.put(moved)  // INSERT OR REPLACE: the old row's numbers too
            #expect(try await Self.find(backend) == [])
            #expect(try await Self.find(backend, company: "+447700900789") == ["moved"])

            try await backend.database.transaction { try $0.run("DELETE FROM conversations") }
            #expect(try await Self.find(backend, company: "+447700900789") == [])
        }
    }

    @Test func anotherProcessesCommitForgetsEverything() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await Support.open(directory, clock: ManualClock())
        let users = [Support.userNumber, "+447700900124"]
        for user in users {
            var record = Support.record()
            record["primary_channel"] = .string(user)
            record["gsi_recipient_tel"] = .string(user)
            try await backend.conversations.put(record)
            #expect(try await Self.find(backend, user: user) == ["initial_message_sent"])
        }

        // A second connection to the file, as `seed` beside `serve`: its triggers are not ours.
        let other = try DatabaseQueue(path: (directory.path as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName))
        try await other.write { database in
            for user in users {
                var record = Support.record(status: "handed_off")
                record["primary_channel"] = .string(user)
                record["gsi_recipient_tel"] = .string(user)
                try database.execute(
                    sql: "UPDATE conversations SET record = ? WHERE primary_channel = ?", arguments: [TypedRecordJSON.encode(record), user])
            }
        }
        try other.close()

        for user in users { #expect(try await Self.find(backend, user: user) == ["handed_off"]) }
        try await backend.close()
    }

    @Test func anAnswerReadAfterAWriteThatIsRolledBackIsNotKept() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.conversations.put(Support.record())
            let store = backend.conversations
            struct Undo: Error {}
            // Write, look up (seeing the uncommitted write), then fail: the write is undone.
            await #expect(throws: Undo.self) {
                try await backend.database.transaction { sql in
                    try StoredConversation.write(try StoredConversation.Columns(Support.record(status: "never_committed")), sql)
                    let seen = try store.findConversations(channel: .whatsapp, companyNumber: Self.company, userNumber: Support.userNumber, sql)
                    #expect(seen.map(\.status) == ["never_committed"])
                    throw Undo()
                }
            }
            #expect(try await Self.find(backend) == ["initial_message_sent"])
        }
    }

    @Test func keysCompareBytesAsSQLiteDoes() throws {
        // "é" precomposed and decomposed: equal as Swift strings, different text to SQLite.
        let composed = ConversationLookupMemo.Key(channel: .email, companyNumber: "caf\u{E9}@example.com", userNumber: "a@example.com")
        let decomposed = ConversationLookupMemo.Key(channel: .email, companyNumber: "cafe\u{301}@example.com", userNumber: "a@example.com")
        #expect(composed != decomposed)
        let memo = ConversationLookupMemo(capacity: 2)
        memo.remember([], for: composed, dataVersion: 0)
        #expect(memo.conversations(for: composed, dataVersion: 0)?.isEmpty == true)
        #expect(memo.conversations(for: decomposed, dataVersion: 0) == nil)
        memo.remember([], for: decomposed, dataVersion: 0)
        memo.remember([], for: ConversationLookupMemo.Key(channel: .sms, companyNumber: "+1", userNumber: "+2"), dataVersion: 0)
        #expect(memo.count == 1)  // past its capacity it started over
    }

    /// Rewrites the record with the memo's update trigger out of the way for that statement, so
    /// only a lookup that really reads the row can see the change.
    private static func corruptBehindTheTriggers(_ backend: EmbeddedBackend) async throws {
        let restore = try #require(ConversationLookupMemo.triggers.first { $0.contains("memo_conversation_update") })
        try await backend.database.transaction { sql in
            try sql.run("DROP TRIGGER temp.memo_conversation_update")
            try sql.run("UPDATE conversations SET record = ?", [.text(TypedRecordJSON.encode(Support.record(status: "unseen")))])
            try sql.run(restore)
        }
    }
}
