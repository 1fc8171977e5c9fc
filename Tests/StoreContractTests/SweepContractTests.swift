import Foundation
import RepliesCore
import Testing

/// The sweeper's view of the stage: who is due, per-conversation backoff, parking, and the
/// reset when a conversation makes progress, on every backend.
@Suite struct SweepContractTests {
    typealias R = ContractRecords
    let retain = ContractRecords.start.addingTimeInterval(90_000)
    var later: Date { R.start.addingTimeInterval(600) }

    private func due(_ stage: any FragmentStage, at now: Date, limit: Int = 10) async throws -> [String] {
        try await stage.conversationsToSweep(receivedBefore: R.start.addingTimeInterval(60), now: now, limit: limit).map(\.key.conversationId)
    }

    @Test(arguments: Backend.allCases)
    func aSweptConversationBacksOffAndNeverTakesTheOthersPlaces(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            for (offset, suffix) in ["r1", "r2", "r3"].enumerated() {
                _ = try await stage.stage(R.fragment("SM\(suffix)", conversation: R.conversationId(suffix), at: Int64(offset) * 1000))
            }
            #expect(try await due(stage, at: later, limit: 2) == [R.conversationId("r1"), R.conversationId("r2")])

            // r1 and r2 were re-scheduled and back off: the next pass finds r3 first.
            try await stage.recordSweep(conversationId: R.conversationId("r1"), sweeps: 1, nextSweepAt: later.addingTimeInterval(300))
            try await stage.recordSweep(conversationId: R.conversationId("r2"), sweeps: 3, nextSweepAt: later.addingTimeInterval(100))
            #expect(try await due(stage, at: later, limit: 1) == [R.conversationId("r3")])

            // Due again, with the count of sweeps so far.
            let found = try await stage.conversationsToSweep(
                receivedBefore: R.start.addingTimeInterval(60), now: later.addingTimeInterval(100), limit: 10)
            #expect(found.map(\.key.conversationId) == [R.conversationId("r2"), R.conversationId("r3")])
            #expect(found.map(\.sweeps) == [3, 0])
            #expect(try await due(stage, at: later.addingTimeInterval(300)) == ["r1", "r2", "r3"].map { R.conversationId($0) })
        }
    }

    @Test(arguments: Backend.allCases)
    func markingFragmentsDoneStartsTheCountAgain(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let id = R.conversationId("r1")
            _ = try await stage.stage(R.fragment("SMa", conversation: id, at: 0))
            _ = try await stage.stage(R.fragment("SMb", conversation: id, at: 1))
            try await stage.recordSweep(conversationId: id, sweeps: 5, nextSweepAt: later.addingTimeInterval(3_600))
            #expect(try await due(stage, at: later).isEmpty)
            try await stage.markDone(conversationId: id, messageSids: ["SMa"], outcome: .answered, retainUntil: retain)
            let found = try await stage.conversationsToSweep(receivedBefore: R.start.addingTimeInterval(60), now: later, limit: 10)
            #expect(found == [PendingConversation(key: R.key("r1"), channel: .whatsapp, sweeps: 0)])
            // The sweep record is no fragment: never pending, never staged over.
            #expect(try await stage.pendingFragments(conversationId: id).map(\.messageSid) == ["SMb"])
        }
    }

    @Test(arguments: Backend.allCases)
    func parkedFragmentsStayPendingButAreNoLongerSwept(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let id = R.conversationId("r1")
            _ = try await stage.stage(R.fragment("SMa", conversation: id, at: 0))
            _ = try await stage.stage(R.fragment("SMb", conversation: id, at: 1))
            try await stage.parkPendingFragments(conversationId: id, sweeps: 8, nextSweepAt: later)
            #expect(try await stage.pendingFragments(conversationId: id).map(\.messageSid) == ["SMa", "SMb"])
            #expect(try await due(stage, at: later.addingTimeInterval(86_400)).isEmpty)

            // A message staged later is swept again once the backoff passed, still counting.
            _ = try await stage.stage(R.fragment("SMc", conversation: id, at: 2))
            #expect(try await due(stage, at: later.addingTimeInterval(-1)).isEmpty)
            let found = try await stage.conversationsToSweep(receivedBefore: R.start.addingTimeInterval(60), now: later, limit: 10)
            #expect(found.map(\.sweeps) == [8])
            #expect(try await stage.pendingFragments(conversationId: id).map(\.messageSid) == ["SMa", "SMb", "SMc"])

            // Answered together by a later batch: nothing pending, nothing to sweep.
            try await stage.markDone(conversationId: id, messageSids: ["SMa", "SMb", "SMc"], outcome: .answered, retainUntil: retain)
            #expect(try await stage.pendingFragments(conversationId: id).isEmpty)
            #expect(try await due(stage, at: later.addingTimeInterval(86_400)).isEmpty)
        }
    }

    /// The sweeper's `replies_oldest_pending_age_seconds` gauge reads this: the oldest pending
    /// fragment that is not parked, across conversations; nil when nothing waits.
    @Test(arguments: Backend.allCases)
    func theOldestPendingFragmentIsFoundAcrossConversationsWithoutParkedOnes(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            #expect(try await stage.oldestPendingReceivedAt() == nil)
            _ = try await stage.stage(R.fragment("SMb", conversation: R.conversationId("r2"), at: 2_000))
            _ = try await stage.stage(R.fragment("SMa", conversation: R.conversationId("r1"), at: 1_000))
            _ = try await stage.stage(R.fragment("SMc", conversation: R.conversationId("r3"), at: 3_000))
            #expect(try await stage.oldestPendingReceivedAt() == R.fragment("SMa", at: 1_000).receivedAt)

            // Answered: no longer waiting.
            try await stage.markDone(conversationId: R.conversationId("r1"), messageSids: ["SMa"], outcome: .answered, retainUntil: retain)
            #expect(try await stage.oldestPendingReceivedAt() == R.fragment("SMb", at: 2_000).receivedAt)

            // Parked: a human was told; the gauge watches what the sweeper still owns.
            try await stage.parkPendingFragments(conversationId: R.conversationId("r2"), sweeps: 8, nextSweepAt: later)
            #expect(try await stage.oldestPendingReceivedAt() == R.fragment("SMc", at: 3_000).receivedAt)

            try await stage.markDone(conversationId: R.conversationId("r3"), messageSids: ["SMc"], outcome: .failed, retainUntil: retain)
            #expect(try await stage.oldestPendingReceivedAt() == nil)
        }
    }
}
