import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// A worker killed at any point, a lost provider response, duplicated triggers, racing workers:
/// every message is answered once and no batch is sent twice.
@Suite("Exactly once")
struct ExactlyOnceTests {
    static let inbound = [Fixture.sid(1): "Hi, yes 1 June works", Fixture.sid(2): "Can I collect keys at 9am?"]

    /// Two messages, one batch; `breakIt` arms a fault before the first delivery of the trigger.
    /// Runs until the queue is empty (restarting storage after a crash) and checks the guarantees.
    static func run(_ breakIt: (TestEngine) async -> Void) async throws -> TestEngine {
        let engine = try await TestEngine()
        await engine.receive(1, inbound[Fixture.sid(1)] ?? "")
        engine.clock.advance(by: .seconds(2))
        await engine.receive(2, inbound[Fixture.sid(2)] ?? "")
        await breakIt(engine)
        engine.clock.advance(by: .seconds(8))
        try await engine.runDue()
        try await engine.runUntilIdle()
        try await Invariants.check(engine, inbound: inbound)
        #expect(await engine.sender.delivered.count == 1, "exactly one send")
        #expect(try await engine.newEntries().count == 2, "the reply is recorded once")
        #expect(try await engine.record()["conversation_status"] == .string("reply_sent"))
        let assistant = try #require(try await engine.newEntries().last)
        #expect(assistant["message_id"] == .string(await engine.sender.delivered.first?.sent.sid ?? "?"))
        return engine
    }

    @Test func crashRightAfterTakingTheLease() async throws {
        let engine = try await Self.run { $0.faults.inject(.acquireLease, .after, crash: true) }
        #expect(engine.faults.hits == [.acquireLease])
        #expect(await engine.model.callCount == 1)
    }

    @Test func crashBeforeTheModelCall() async throws {
        let engine = try await Self.run { $0.faults.inject(.pendingFragments, crash: true) }
        #expect(engine.faults.hits == [.pendingFragments])
        #expect(await engine.model.callCount == 1)
    }

    @Test func crashAfterTheModelCallAsksTheModelAgainButSendsOnce() async throws {
        // The pending reply (and the renewed lease) never reached the record.
        let engine = try await Self.run { $0.faults.inject(.update, crash: true, where: \.persistsUnsentReply) }
        #expect(await engine.model.callCount == 2)
        #expect(await engine.sender.bodies == ["Reply 2"])
    }

    @Test func crashAfterPersistingThePendingReplyBeforeSending() async throws {
        let engine = try await Self.run { $0.faults.inject(.update, .after, crash: true, where: \.persistsUnsentReply) }
        #expect(await engine.model.callCount == 1, "the persisted reply is resumed, not regenerated")
        #expect(await engine.sender.bodies == ["Reply 1"])
    }

    @Test func crashAfterTheSendBeforeItsSidIsRecordedReconcilesInsteadOfSendingAgain() async throws {
        let engine = try await Self.run { $0.faults.crashAfterTheSend() }
        #expect(await engine.sender.attempts == 1, "no second send")
        #expect(await engine.sender.listCalls >= 1, "the retry asked the provider")
        #expect(await engine.model.callCount == 1)
    }

    @Test func crashBeforeTheFinalUpdateOfAThreePartReplyFinishesFromTheRecordedSids() async throws {
        let long = (1...3).map { String(repeating: "Part \($0) of a long answer. ", count: 60) }.joined(separator: "\n\n")
        let engine = try await TestEngine()
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(long)))
        await engine.receive(1, "Tell me everything")
        engine.faults.inject(.updateAndRelease, crash: true, where: \.appendsTurns)
        engine.clock.advance(by: .seconds(10))
        try await engine.runDue()
        try await engine.runUntilIdle()
        let sent = await engine.sender.delivered
        #expect(sent.count == 3, "each part once")
        #expect(await engine.sender.attempts == 3)
        #expect(await engine.model.callCount == 1)
        let assistant = try #require(try await engine.newEntries().last)
        #expect(assistant["message_id"] == .string(sent.first?.sent.sid ?? "?"))
    }

    @Test func crashAfterTheFinalUpdateBeforeCleanupDoesNotAnswerAgain() async throws {
        let engine = try await Self.run { $0.faults.inject(.updateAndRelease, .after, crash: true, where: \.appendsTurns) }
        #expect(await engine.sender.attempts == 1)
        #expect(await engine.model.callCount == 1)
    }

    @Test func crashWhileMarkingFragmentsDoneCleansUpOnRetry() async throws {
        let engine = try await Self.run { $0.faults.inject(.markDone, crash: true) }
        #expect(await engine.sender.attempts == 1)
        #expect(await engine.model.callCount == 1)
    }

    @Test func transientFailuresWhileCleaningUpAnAnsweredBatchLeaveItReplySent() async throws {
        // The first failure hits the batch that recorded the reply, the second the run that
        // cleans up after it: neither may leave a `retry` status with nothing left to retry.
        let engine = try await Self.run { $0.faults.inject(.markDone, times: 2) }
        #expect(engine.faults.hits == [.markDone, .markDone])
        #expect(await engine.sender.attempts == 1)
    }

    @Test func lostSendResponseIsReconciledNotResent() async throws {
        let engine = try await Self.run { await $0.sender.plan(attempt: 1, .sentButLost) }
        #expect(await engine.sender.attempts == 1)
        #expect(await engine.model.callCount == 1)
    }

    @Test func transientSendFailureThatSentNothingIsSentOnRetry() async throws {
        let engine = try await Self.run { await $0.sender.plan(attempt: 1, .transient(retryAfter: .seconds(30))) }
        #expect(await engine.sender.attempts == 2)
        #expect(await engine.model.callCount == 1)
    }

    @Test func failingReconciliationIsRetriedWithoutSending() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        await engine.sender.plan(attempt: 1, .sentButLost)
        await engine.sender.failListing(SendFailure(retryDisposition: .transient(retryAfter: nil)))
        guard case .retry = await engine.process(attempt: 1) else { Issue.record("expected a retry"); return }
        guard case .retry = await engine.process(attempt: 2) else { Issue.record("expected a retry"); return }
        #expect(await engine.sender.attempts == 1)
        await engine.sender.failListing(nil)
        #expect(await engine.process(attempt: 3) == .done("answered"))
        #expect(await engine.sender.attempts == 1)
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi"])
    }

    @Test func lostResponseOnAMiddlePartResumesWithTheNextPart() async throws {
        let engine = try await TestEngine()
        let content = (1...70).map { "Sentence \($0) is one more piece of a long answer about the tenancy." }.joined(separator: " ")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(content)))
        await engine.sender.plan(attempt: 2, .sentButLost)
        await engine.receive(1, "Tell me everything")
        guard case .retry = await engine.process(attempt: 1) else { Issue.record("expected a retry"); return }
        #expect(await engine.process(attempt: 2) == .done("answered"))
        let bodies = await engine.sender.bodies
        try #require(bodies.count == 3)
        #expect(Set(bodies).count == 3)
        #expect(bodies.joined(separator: " ") == content)
        #expect(await engine.sender.attempts == 3)
        let entries = try await engine.newEntries()
        try #require(entries.count == 2)
        #expect(entries[1]["content"] == .string(content))
    }

    @Test func workerRacingAnInFlightBatchBacksOff() async throws {
        let gate = Gate()
        let engine = try await TestEngine(model: ScriptedReplyModel([.run { _ in
            await gate.wait()
            return ScriptedReplyModel.answer("Only once")
        }]))
        await engine.receive(1, "Hi")
        async let first = engine.process()
        await gate.waitForArrivals(1)
        guard case .retry = await engine.process() else { Issue.record("the second worker must back off"); return }
        await gate.open()
        #expect(await first == .done("answered"))
        #expect(await engine.process() == .done("empty"))
        #expect(await engine.sender.bodies == ["Only once"])
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi"])
    }

    @Test func workerWhoseLeaseWasTakenOverNeverSends() async throws {
        let gate = Gate()
        let engine = try await TestEngine(model: ScriptedReplyModel([.run { _ in
            await gate.wait()
            return ScriptedReplyModel.answer("From the stalled worker")
        }]))
        await engine.receive(1, "Hi")
        async let stalled = engine.process()
        await gate.waitForArrivals(1)
        engine.clock.advance(by: engine.settings.leaseDuration + .seconds(1))
        #expect(await engine.process(attempt: 2) == .done("answered"), "the lease expired: another worker takes over")
        await gate.open()
        guard case .retry = await stalled else { Issue.record("the stalled worker must give up"); return }
        #expect(await engine.process(attempt: 3) == .done("empty"))
        #expect(await engine.sender.bodies == ["Reply 2"])
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi"])
    }

    @Test func duplicatedTriggersProcessedConcurrentlySendOnce() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        await engine.receive(2, "Are you there?")
        let outcomes = await withTaskGroup(of: BatchOutcome.self) { group in
            for _ in 0..<6 { group.addTask { await engine.process() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .done("answered") }.count == 1)
        try await engine.runUntilIdle()
        for attempt in 2...3 { _ = await engine.process(attempt: attempt) }
        #expect(await engine.sender.delivered.count == 1)
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi", Fixture.sid(2): "Are you there?"])
    }

    @Test func messageArrivingWhileACrashedBatchWaitsIsAnsweredInItsOwnBatchAfterward() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.faults.crashAfterTheSend()
        engine.clock.advance(by: .seconds(10))
        try await engine.runDue()
        #expect(engine.faults.crashed)
        engine.faults.restart()

        engine.clock.advance(by: .seconds(20))
        #expect(await engine.receive(2, "Hello?") == .accepted)
        try await engine.runUntilIdle()

        #expect(await engine.sender.bodies == ["Reply 1", "Reply 2"])
        #expect(await engine.model.prompts.map(\.userTurn) == ["Hi", "Hello?"])
        #expect(try await engine.newEntries().map { $0.string("content") } == ["Hi", "Reply 1", "Hello?", "Reply 2"])
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi", Fixture.sid(2): "Hello?"])
    }

    @Test func webhookRetryAfterTheAnswerNeverProducesASecondReply() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        for delay in [1, 60, 3_600, 23 * 3_600] {
            engine.clock.advance(by: .seconds(delay))
            #expect(await engine.receive(1, "Hi") == .duplicate)
            try await engine.runUntilIdle()
        }
        #expect(await engine.sender.delivered.count == 1)
    }
}
