import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// A failure that cannot be recorded must still end: no fragment stays pending for a sweeper to
/// re-run (a model call each time) forever.
@Suite("Batch: failures that cannot be recorded")
struct RecordingFailureTests {
    static func sweeper(_ engine: TestEngine) -> PendingSweeper {
        PendingSweeper(ports: engine.ports, settings: engine.settings, logger: TestEngine.logger)
    }

    @Test func aPermanentErrorWhileRecordingAFailureMarksTheMessagesFailed() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.permanent)]))
        await engine.receive(1, "Hi")
        // The record refuses the failure write for good (as DynamoDB does for an item over 400 KB).
        engine.faults.inject(.updateAndRelease, permanent: true, where: \.appendsTurns)
        engine.clock.advance(by: .seconds(10))
        guard case .deadLetter(let reason) = try await engine.runDue().first else { Issue.record("expected a dead letter"); return }
        #expect(reason.contains("marked failed"))

        #expect(await engine.outcomes() == [Fixture.sid(1): .failed])
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string(ConversationStatus.replyFailed))
        #expect(record.string("reply_failure_reason")?.isEmpty == false)
        #expect(record["reply_lease_owner"] == nil)
        #expect(try await engine.newEntries().isEmpty, "the turns were not appended")
        #expect(await engine.handoff.notices.map(\.reason) == [.replyFailed])

        // Nothing is left for the sweeper: no second model call, ever.
        engine.clock.advance(by: .seconds(3_600))
        #expect(await Self.sweeper(engine).sweepOnce() == 0)
        try await engine.runUntilIdle()
        #expect(await engine.model.callCount == 1)
    }

    @Test func aTransientErrorWhileRecordingAFailureLeavesTheMessagesForTheSweeper() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.permanent)]))
        await engine.receive(1, "Hi")
        engine.faults.inject(.updateAndRelease, where: \.appendsTurns)
        engine.clock.advance(by: .seconds(10))
        guard case .deadLetter = try await engine.runDue().first else { Issue.record("expected a dead letter"); return }
        #expect(try await engine.pendingSids() == [Fixture.sid(1)], "kept: the store may work again")
        #expect(try await engine.record()["conversation_status"] == .string(ConversationStatus.retry))

        engine.clock.advance(by: engine.settings.sweepGrace + .seconds(1))
        #expect(await Self.sweeper(engine).sweepOnce() == 1)
        try await engine.runUntilIdle()
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
        #expect(await engine.sender.delivered.count == 1)
    }
}
