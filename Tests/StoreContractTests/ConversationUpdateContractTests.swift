import Foundation
import RepliesCore
import Testing

/// `update` / `updateAndRelease`: conditional on the lease owner, set/append/remove semantics.
@Suite struct ConversationUpdateContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start
    var until: Date { now.addingTimeInterval(300) }

    private func leased(_ fixture: StoreFixture, _ record: Record = R.whatsappRecord("r1")) async throws {
        try await fixture.conversations.put(record)
        guard case .acquired = try await fixture.conversations.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until) else {
            throw ContractError.setup("lease not acquired")
        }
    }

    @Test(arguments: Backend.allCases)
    func updateSetsAppendsAndRemovesAndKeepsTheLease(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            var record = R.whatsappRecord("r1")
            record[ConversationAttribute.pendingReply] = .map(["batch_id": .string("b-0")])
            try await leased(fixture, record)
            let before = try #require(try await store.conversation(R.key("r1")))

            let user = R.message("SM" + String(repeating: "1", count: 32), .user, "Can I collect keys at 9am?")
            let assistant = R.message("SM" + String(repeating: "2", count: 32), .assistant, "Yes, 9am works.")
            let changed = try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(
                set: [ConversationAttribute.lastInboundAt: .string("2026-01-01T00:01:00.000Z"), "task_complete": .number("1")],
                appendMessages: [user, assistant],
                remove: [ConversationAttribute.pendingReply]
            ))
            #expect(changed)

            let after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.messages == before.messages + [user, assistant])
            #expect(after.record[ConversationAttribute.lastInboundAt] == .string("2026-01-01T00:01:00.000Z"))
            #expect(after.record["task_complete"] == .number("1"))
            #expect(after.record[ConversationAttribute.pendingReply] == nil)
            #expect(R.lease(after) == R.lease("worker-a", until))
            #expect(after.record["created_at"] == before.record["created_at"])
            #expect(after.record["initial_processing_time_ms"] == .number("14873"))

            // A second append goes after the first, in order.
            let next = R.message("SM" + String(repeating: "3", count: 32), .user, "Thanks")
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(appendMessages: [next])))
            #expect(try await store.conversation(R.key("r1"))?.messages == before.messages + [user, assistant, next])
        }
    }

    @Test(arguments: Backend.allCases)
    func appendCreatesTheMessagesListWhenAbsent(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            var record = R.whatsappRecord("r1")
            record.removeValue(forKey: "messages")
            try await leased(fixture, record)
            let entry = R.message("SM" + String(repeating: "4", count: 32), .user, "Hello")
            #expect(try await fixture.conversations.update(R.key("r1"), owner: "worker-a", ConversationUpdate(appendMessages: [entry])))
            #expect(try await fixture.conversations.conversation(R.key("r1"))?.messages == [entry])
        }
    }

    @Test(arguments: Backend.allCases)
    func aNonOwnerWritesNothing(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leased(fixture)
            let before = try #require(try await store.conversation(R.key("r1"))).record
            let update = ConversationUpdate(
                set: [ConversationAttribute.status: .string("reply_sent")],
                appendMessages: [R.message("SM" + String(repeating: "5", count: 32), .user, "x")],
                remove: [ConversationAttribute.replyFailureReason]
            )
            #expect(try await store.update(R.key("r1"), owner: "worker-b", update) == false)
            #expect(try await store.updateAndRelease(R.key("r1"), owner: "worker-b", update) == false)
            #expect(try await store.conversation(R.key("r1"))?.record == before)
        }
    }

    @Test(arguments: Backend.allCases)
    func templateSenderAttributesAreNeverWritten(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leased(fixture)
            let before = try #require(try await store.conversation(R.key("r1"))).record
            for update in [
                ConversationUpdate(set: ["created_at": .string("2026-01-01T00:00:00Z")]),
                ConversationUpdate(set: ["initial_processing_time_ms": .int(1)]),
                ConversationUpdate(remove: ["project_data"]),
                ConversationUpdate(set: [ConversationAttribute.messages: .list([])]),
            ] {
                await #expect(throws: ConversationUpdateError.self) {
                    try await store.update(R.key("r1"), owner: "worker-a", update)
                }
                await #expect(throws: ConversationUpdateError.self) {
                    try await store.updateAndRelease(R.key("r1"), owner: "worker-a", update)
                }
            }
            #expect(try await store.conversation(R.key("r1"))?.record == before)
        }
    }

    @Test(arguments: Backend.allCases)
    func withoutAnyLeaseNobodyMayWrite(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            let before = try #require(try await store.conversation(R.key("r1"))).record
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(set: ["x": .string("y")])) == false)
            #expect(try await store.conversation(R.key("r1"))?.record == before)
        }
    }

    @Test(arguments: Backend.allCases)
    func updateAndReleaseAppliesTheUpdateAndFreesTheLease(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leased(fixture)
            let entry = R.message("SM" + String(repeating: "6", count: 32), .assistant, "Done")
            #expect(try await store.updateAndRelease(R.key("r1"), owner: "worker-a", ConversationUpdate(
                set: [ConversationAttribute.status: .string(ConversationStatus.replySent)],
                appendMessages: [entry]
            )))

            let after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.status == ConversationStatus.replySent)
            #expect(after.messages.last == entry)
            #expect(after.lease == nil)
            #expect(after.record[ConversationAttribute.leaseOwner] == nil)
            #expect(after.record[ConversationAttribute.leaseExpiresAt] == nil)

            // The former owner can no longer write; anyone may take the lease at once.
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(set: ["x": .string("y")])) == false)
            guard case .acquired = try await store.acquireLease(R.key("r1"), owner: "worker-b", now: now, until: until) else {
                Issue.record("expected the released lease to be free")
                return
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func anOwnerWhoseLeaseWasTakenOverCannotWrite(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leased(fixture)
            _ = try await store.acquireLease(R.key("r1"), owner: "worker-b", now: until, until: until.addingTimeInterval(300))
            let before = try #require(try await store.conversation(R.key("r1"))).record
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(set: ["x": .string("y")])) == false)
            #expect(try await store.updateAndRelease(R.key("r1"), owner: "worker-a", ConversationUpdate()) == false)
            #expect(try await store.conversation(R.key("r1"))?.record == before)
        }
    }
}

enum ContractError: Error {
    case setup(String)
}
