import Foundation
import RepliesCore
import Testing

/// Trigger locks: one holder per conversation until release or expiry.
@Suite struct TriggerLocksContractTests {
    let now = ContractRecords.start
    let id = ContractRecords.conversationId("r1")

    @Test(arguments: Backend.allCases)
    func aHeldLockBlocksUntilReleased(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let locks = fixture.locks
            let expiry = now.addingTimeInterval(130)
            #expect(try await locks.acquire(conversationId: id, now: now, expiresAt: expiry))
            #expect(try await locks.acquire(conversationId: id, now: now.addingTimeInterval(1), expiresAt: expiry) == false)
            #expect(try await locks.acquire(conversationId: ContractRecords.conversationId("r2"), now: now, expiresAt: expiry))

            try await locks.release(conversationId: id)
            #expect(try await locks.acquire(conversationId: id, now: now.addingTimeInterval(2), expiresAt: expiry))
            // Releasing an absent lock is not an error.
            try await locks.release(conversationId: ContractRecords.conversationId("nobody"))
        }
    }

    @Test(arguments: Backend.allCases)
    func anExpiredLockIsFreeAlthoughStillPresent(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let locks = fixture.locks
            let expiry = now.addingTimeInterval(130)
            #expect(try await locks.acquire(conversationId: id, now: now, expiresAt: expiry))
            #expect(try await locks.acquire(conversationId: id, now: expiry.addingTimeInterval(-0.001), expiresAt: expiry.addingTimeInterval(130)) == false)

            // expiresAt ≤ now: free (the original's bug 6.B.11 kept such locks blocking).
            let renewed = expiry.addingTimeInterval(130)
            #expect(try await locks.acquire(conversationId: id, now: expiry, expiresAt: renewed))
            // The new holder's expiry applies.
            #expect(try await locks.acquire(conversationId: id, now: renewed.addingTimeInterval(-1), expiresAt: renewed) == false)
        }
    }
}
