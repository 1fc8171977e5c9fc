import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: lease, empty batches, debounce")
struct BatchLeaseTests {
    @Test func emptyBatchReleasesTheLeaseAndRestoresTheStatus() async throws {
        let engine = try await TestEngine()
        #expect(await engine.process() == .done("empty"))
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string("initial_message_sent"))
        #expect(record["reply_lease_owner"] == nil)
        #expect(record["reply_lease_expires_at"] == nil)
        #expect(await engine.model.callCount == 0)
        // Not stuck: the next message is answered at once.
        await engine.receive(1, "Hi")
        #expect(await engine.process() == .done("answered"))
    }

    @Test func duplicateTriggerAfterAnAnsweredBatchIsANoOp() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.process() == .done("empty"))
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string("reply_sent"))
        #expect(record["reply_lease_owner"] == nil)
        #expect(await engine.sender.delivered.count == 1)
        #expect(try await engine.newEntries().count == 2)
    }

    @Test func staleProcessingStatusBecomesRetryWhenNothingIsLeft() async throws {
        // A crashed run of the original engine (or ours) left `processing_reply` behind.
        let engine = try await TestEngine(records: [Fixture.record(status: ConversationStatus.processingReply)])
        #expect(await engine.process() == .done("empty"))
        #expect(try await engine.record()["conversation_status"] == .string(ConversationStatus.retry))
    }

    @Test func busyLeaseLooksAgainSoonThenAfterTheRemainingLeaseTimeWithoutAModelCall() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        let now = engine.clock.now()
        let held = try await engine.conversations.acquireLease(Fixture.key, owner: "other-worker", now: now, until: now.adding(.seconds(100)))
        guard case .acquired = held else { Issue.record("setup: lease not taken"); return }
        engine.clock.advance(by: .seconds(10))

        // The first deliveries look again soon, backing off (a live holder ends within seconds)…
        var soon: [BatchOutcome] = []
        for attempt in 1...3 { soon.append(await engine.process(attempt: attempt)) }
        #expect(soon == [5, 10, 20].map { .retry(after: .seconds($0), reason: "reply lease held by another worker") })
        // … then one waits out the lease (a crashed holder's), never spending SQS's receive limit.
        guard case .retry(let after, _) = await engine.process(attempt: 4) else { Issue.record("expected a retry"); return }
        #expect(after == .seconds(90))
        #expect(await engine.model.callCount == 0)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
        #expect(try await engine.record()["reply_lease_owner"] == .string("other-worker"))

        // A lease far in the future is still retried within the cap, never dropped.
        _ = try await engine.conversations.updateAndRelease(Fixture.key, owner: "other-worker", ConversationUpdate())
        _ = try await engine.conversations.acquireLease(Fixture.key, owner: "slow", now: engine.clock.now(), until: engine.clock.now().adding(.seconds(10_000)))
        #expect(await engine.process(attempt: 4) == .retry(after: engine.settings.retryCap, reason: "reply lease held by another worker"))
    }

    @Test func expiredLeaseIsTakenOver() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        let now = engine.clock.now()
        _ = try await engine.conversations.acquireLease(Fixture.key, owner: "crashed-worker", now: now, until: now.adding(.seconds(300)))
        engine.clock.advance(by: .seconds(300))
        #expect(await engine.process() == .done("answered"))
        let record = try await engine.record()
        #expect(record["reply_lease_owner"] == nil)
        #expect(record["conversation_status"] == .string("reply_sent"))
    }

    @Test func missingRecordIsDeadLetteredWithoutCreatingAStub() async throws {
        let engine = try await TestEngine(records: [])
        guard case .deadLetter = await engine.process() else { Issue.record("expected a dead letter"); return }
        #expect(try await engine.conversations.conversation(Fixture.key) == nil)
        #expect(await engine.model.callCount == 0)
    }

    @Test func modelCallOutlivingTheLeaseStillCompletesWhenNobodyTookOver() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        await engine.model.enqueue(.run { [engine] _ in
            engine.clock.advance(by: .seconds(400))  // beyond the 300 s lease
            return ScriptedReplyModel.answer("Hello")
        })
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.sender.bodies == ["Hello"])
        #expect(try await engine.record()["reply_lease_owner"] == nil)
    }

    @Test func debounceWaitsForTheQuietPeriodThenAnswersEverything() async throws {
        var settings = EngineSettings()
        settings.quietPeriod = .seconds(5)
        settings.maxBatchWait = .seconds(20)
        let engine = try await TestEngine(settings: settings)
        await engine.receive(1, "one")
        engine.clock.advance(by: .seconds(9))
        await engine.receive(2, "two")
        engine.clock.advance(by: .seconds(1))

        #expect(try await engine.runDue() == [.retry(after: .seconds(4), reason: "debounce: the user is still typing")])
        let record = try await engine.record()
        #expect(record["reply_lease_owner"] == nil)
        #expect(record["conversation_status"] == .string("initial_message_sent"))
        #expect(await engine.model.callCount == 0)

        try await engine.runUntilIdle()
        #expect(await engine.model.prompts.map(\.userTurn) == ["one\ntwo"])
    }

    @Test func debounceNeverHoldsABatchBeyondTheMaximumWait() async throws {
        var settings = EngineSettings()
        settings.quietPeriod = .seconds(5)
        settings.maxBatchWait = .seconds(20)
        let engine = try await TestEngine(settings: settings)
        await engine.receive(1, "m1")
        for n in 2...8 {
            engine.clock.advance(by: .seconds(4))
            await engine.receive(n, "m\(n)")
            try await engine.runDue()
        }
        #expect(await engine.model.callCount == 1, "answered once the oldest message waited 20 s")
        try await engine.runUntilIdle()
        try await Invariants.check(engine, inbound: Dictionary(uniqueKeysWithValues: (1...8).map { (Fixture.sid($0), "m\($0)") }))
    }
}
