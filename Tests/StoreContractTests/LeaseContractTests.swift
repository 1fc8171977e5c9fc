import Foundation
import RepliesCore
import Testing

/// The reply lease: who may take it, and that it returns the record as it was.
@Suite struct LeaseContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start
    var until: Date { now.addingTimeInterval(300) }

    @Test(arguments: Backend.allCases)
    func acquireReturnsThePreviousRecordAndTakesTheLease(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))

            guard case .acquired(let previous) = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until) else {
                Issue.record("expected the lease")
                return
            }
            #expect(previous.status == "initial_message_sent")
            #expect(previous.lease == nil)

            let after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.status == ConversationStatus.processingReply)
            #expect(R.lease(after) == R.lease("worker-a", until))
            #expect(after.record[ConversationAttribute.leaseExpiresAt] == .number(String(Timestamp.epochMilliseconds(until))))
            #expect(after.record["initial_processing_time_ms"] == .number("14873"))
        }
    }

    @Test(arguments: Backend.allCases)
    func aHeldLeaseIsBusyForOthersUntilItExpires(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            _ = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until)

            let justBefore = until.addingTimeInterval(-0.001)
            guard case .busy(let busyUntil) = try await store.acquireLease(R.key("r1"), owner: "worker-b", now: justBefore, until: justBefore.addingTimeInterval(300)) else {
                Issue.record("expected busy")
                return
            }
            #expect(busyUntil == until)
            #expect(try await store.conversation(R.key("r1"))?.lease?.owner == "worker-a")

            // Expired (expiresAt ≤ now) counts as free although the attributes are still there.
            guard case .acquired(let previous) = try await store.acquireLease(R.key("r1"), owner: "worker-b", now: until, until: until.addingTimeInterval(300)) else {
                Issue.record("expected takeover of the expired lease")
                return
            }
            #expect(previous.lease?.owner == "worker-a")
            #expect(R.lease(try await store.conversation(R.key("r1"))) == R.lease("worker-b", until.addingTimeInterval(300)))
        }
    }

    @Test(arguments: Backend.allCases)
    func theSameOwnerMayAcquireAgain(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            _ = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until)
            let later = until.addingTimeInterval(60)
            guard case .acquired(let previous) = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now.addingTimeInterval(1), until: later) else {
                Issue.record("expected the owner to re-acquire")
                return
            }
            #expect(R.lease(previous) == R.lease("worker-a", until))
            #expect(try await store.conversation(R.key("r1"))?.lease?.expiresAt == later)
        }
    }

    @Test(arguments: Backend.allCases)
    func anUnknownKeyIsMissingAndNoStubIsCreated(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            let key = R.key("nobody")
            guard case .missing = try await store.acquireLease(key, owner: "worker-a", now: now, until: until) else {
                Issue.record("expected missing")
                return
            }
            #expect(try await store.conversation(key) == nil)
            #expect(try await store.extendLease(key, owner: "worker-a", until: until) == false)
            #expect(try await store.update(key, owner: "worker-a", ConversationUpdate(set: ["x": .string("y")])) == false)
            #expect(try await store.updateAndRelease(key, owner: "worker-a", ConversationUpdate()) == false)
            #expect(try await store.conversation(key) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func onlyTheOwnerExtendsTheLease(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            _ = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until)
            let later = until.addingTimeInterval(120)

            #expect(try await store.extendLease(R.key("r1"), owner: "worker-b", until: later) == false)
            #expect(try await store.conversation(R.key("r1"))?.lease?.expiresAt == until)
            #expect(try await store.extendLease(R.key("r1"), owner: "worker-a", until: later) == true)
            #expect(R.lease(try await store.conversation(R.key("r1"))) == R.lease("worker-a", later))
        }
    }
}
