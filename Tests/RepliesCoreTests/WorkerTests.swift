import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("PendingSweeper and TriggerWorker")
struct WorkerTests {
    static func sweeper(_ engine: TestEngine) -> PendingSweeper {
        PendingSweeper(ports: engine.ports, settings: engine.settings, logger: TestEngine.logger)
    }

    @Test func sweeperReschedulesOnlyStalePendingFragments() async throws {
        let other = Fixture.record(conversationId: "ci-ccc-003#pi-ccc-003#req#447700900456", user: Fixture.otherUser)
        let engine = try await TestEngine(records: [Fixture.record(), other])
        let sweeper = Self.sweeper(engine)

        // Staged, but its trigger was lost (the queue send failed and nobody retried).
        engine.faults.inject(.enqueue)
        #expect(await engine.receive(1, "Hi").label == "unavailable")
        #expect(await sweeper.sweepOnce() == 0, "too young: its batch may still be on the way")

        engine.clock.advance(by: engine.settings.batchWindow + engine.settings.sweepGrace + .seconds(1))
        // A fresh message on another conversation, with its trigger scheduled normally.
        #expect(await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(2), body: "Hello", from: Fixture.otherUser)) == .accepted)
        #expect(await engine.queue.enqueuedCount == 1)

        #expect(await sweeper.sweepOnce() == 1)
        let queued = await engine.queue.pending
        #expect(queued.count == 2)
        let rescheduled = try #require(queued.last)
        #expect(rescheduled.trigger == Fixture.trigger)
        #expect(rescheduled.visibleAt == engine.clock.now(), "due at once")

        #expect(await sweeper.sweepOnce() == 0, "the trigger lock makes sweeping idempotent")
        try await engine.runUntilIdle()
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
        #expect(await sweeper.sweepOnce() == 0, "answered fragments are not pending")
    }

    @Test func sweeperSkipsDoneFragments() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        engine.clock.advance(by: .seconds(3_600))
        #expect(await Self.sweeper(engine).sweepOnce() == 0)
    }

    static func worker(_ engine: TestEngine) -> TriggerWorker {
        TriggerWorker(source: engine.queue, processor: engine.processor, concurrency: 1, logger: TestEngine.logger)
    }

    static func nextDelivery(_ engine: TestEngine) async throws -> TriggerDelivery {
        try #require(try await engine.queue.receive(max: 1, wait: .zero, visibility: .seconds(120)).first)
    }

    @Test func workerCompletesAnAnsweredTrigger() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .seconds(10))
        await Self.worker(engine).handle(try await Self.nextDelivery(engine))
        #expect(await engine.queue.pending.isEmpty)
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func workerMakesARetriedTriggerVisibleAfterTheBackoff() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.retryAfter(.seconds(30)))]))
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .seconds(10))
        await Self.worker(engine).handle(try await Self.nextDelivery(engine))
        let pending = try #require(await engine.queue.pending.first)
        #expect(pending.visibleAt == engine.clock.now().adding(.seconds(30)))
        #expect(pending.receiveCount == 1)

        engine.clock.advance(by: .seconds(30))
        let again = try await Self.nextDelivery(engine)
        #expect(again.receiveCount == 2)
        await Self.worker(engine).handle(again)
        #expect(await engine.queue.pending.isEmpty)
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func workerRetriesABusyConversationSoonWithinTheLease() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .seconds(10))
        let now = engine.clock.now()
        _ = try await engine.conversations.acquireLease(Fixture.key, owner: "other-worker", now: now, until: now.adding(.seconds(45)))
        await Self.worker(engine).handle(try await Self.nextDelivery(engine))
        // First delivery: looks again after the first retry delay, well before the lease ends.
        #expect(await engine.queue.pending.first?.visibleAt == now.adding(engine.settings.retryBase))
        #expect(await engine.model.callCount == 0)
    }

    @Test func workerDeadLettersWhatCanNeverSucceed() async throws {
        let engine = try await TestEngine(records: [])
        try await engine.queue.enqueue(Fixture.trigger, channel: .whatsapp, delay: .zero)
        await Self.worker(engine).handle(try await Self.nextDelivery(engine))
        #expect(await engine.queue.deadLetters.count == 1)
        #expect(await engine.queue.pending.isEmpty)
    }

    @Test(arguments: ["", "{}", "not json", #"{"conversation_id": "c1"}"#])
    func workerDeadLettersMalformedTriggers(body: String) async throws {
        let engine = try await TestEngine()
        await engine.queue.enqueueRaw(body, channel: .whatsapp)
        await Self.worker(engine).handle(try await Self.nextDelivery(engine))
        let deadLetters = await engine.queue.deadLetters
        #expect(deadLetters.count == 1)
        #expect(deadLetters.first?.body == body)
        #expect(await engine.model.callCount == 0)
    }
}
