import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// The sweeper backs off per conversation, never lets stuck conversations take the places of
/// the others, and gives up (telling a human once) instead of re-running a batch forever.
@Suite("PendingSweeper: backoff and giving up")
struct SweeperBackoffTests {
    static let users = ["+447700900201", "+447700900202", "+447700900203"]

    static func conversationId(_ index: Int) -> String { "ci-bbb-002#pi-bbb-00\(index)#req-\(index)#447700900456" }
    static func key(_ index: Int) -> ConversationKey { ConversationKey(primaryChannel: users[index], conversationId: conversationId(index)) }

    /// Three conversations, each with a staged message whose trigger was lost.
    static func stuckEngine(settings: EngineSettings = EngineSettings()) async throws -> TestEngine {
        let records = users.indices.map { Fixture.record(conversationId: conversationId($0), user: users[$0]) }
        let engine = try await TestEngine(records: records, settings: settings)
        for index in users.indices {
            engine.faults.inject(.enqueue)
            _ = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(index + 1), body: "Hello \(index)", from: users[index]))
            engine.clock.advance(by: .seconds(1))
        }
        engine.clock.advance(by: engine.settings.batchWindow + engine.settings.sweepGrace)
        return engine
    }

    static func sweeper(_ engine: TestEngine) -> PendingSweeper {
        PendingSweeper(ports: engine.ports, settings: engine.settings, logger: TestEngine.logger)
    }

    /// The triggers the sweeper enqueued are lost again: received and dropped, nothing processed.
    static func loseQueuedTriggers(_ engine: TestEngine) async throws -> [ConversationKey] {
        let deliveries = try await engine.queue.receive(max: 100, wait: .zero, visibility: .seconds(120))
        for delivery in deliveries { try await engine.queue.complete(delivery) }
        return deliveries.compactMap { Trigger(body: $0.body)?.key }
    }

    @Test func stuckConversationsNeverTakeTheOthersPlaces() async throws {
        let engine = try await Self.stuckEngine()
        let sweeper = Self.sweeper(engine)
        // One place per pass: each pass re-schedules the next conversation, not the first again.
        for index in Self.users.indices {
            #expect(await sweeper.sweepOnce(limit: 1) == 1)
            #expect(try await Self.loseQueuedTriggers(engine) == [Self.key(index)])
        }
        #expect(await sweeper.sweepOnce(limit: 1) == 0, "all three back off")
        engine.clock.advance(by: engine.settings.sweepDelay(after: 1))
        #expect(await sweeper.sweepOnce(limit: 10) == 3)
        try await engine.runUntilIdle()
        for index in Self.users.indices {
            #expect(await engine.outcomes(Self.conversationId(index)) == [Fixture.sid(index + 1): .answered])
        }
    }

    @Test func theBackoffDoublesAndTheSweeperGivesUpTellingAHumanOnce() async throws {
        var settings = EngineSettings()
        settings.sweepMaxAttempts = 4
        let engine = try await Self.stuckEngine(settings: settings)
        let sweeper = Self.sweeper(engine)
        let first = Self.key(0)
        var waits: [Duration] = []
        for sweep in 1...4 {
            #expect(await sweeper.sweepOnce() >= 1)
            #expect(try await Self.loseQueuedTriggers(engine).contains(first))
            let wait = settings.sweepDelay(after: sweep)
            engine.clock.advance(by: wait - .seconds(1))
            #expect(await sweeper.sweepOnce() == 0, "still backing off after sweep \(sweep)")
            engine.clock.advance(by: .seconds(1))
            waits.append(wait)
        }
        #expect(waits == [.seconds(300), .seconds(600), .seconds(1_200), .seconds(2_400)])

        // The fifth time: no trigger, one notice per conversation, the messages kept.
        #expect(await sweeper.sweepOnce() == 0)
        #expect(await engine.queue.pending.isEmpty)
        let notices = await engine.handoff.notices
        #expect(notices.map(\.reason) == [.replyFailed, .replyFailed, .replyFailed])
        #expect(notices.first { $0.conversationId == first.conversationId }?.messageSids == [Fixture.sid(1)])
        #expect(try await engine.pendingSids(first.conversationId) == [Fixture.sid(1)])
        engine.clock.advance(by: .seconds(86_400))
        #expect(await sweeper.sweepOnce() == 0)
        #expect(await engine.handoff.notices.count == 3, "told once")
        #expect(await engine.model.callCount == 0)

        // The person writes again: the next batch answers the old message with the new one.
        _ = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(10), body: "Anyone there?", from: Self.users[0]))
        try await engine.runUntilIdle()
        #expect(await engine.outcomes(first.conversationId) == [Fixture.sid(1): .answered, Fixture.sid(10): .answered])
        let user = try await engine.newEntries(first).first
        #expect(user?["content"] == .string("Hello 0\nAnyone there?"))
    }

    @Test func aFailureOnOneConversationDoesNotEndThePass() async throws {
        let engine = try await Self.stuckEngine()
        engine.faults.inject(.enqueue)
        #expect(await Self.sweeper(engine).sweepOnce() == 2)
        #expect(Set(try await Self.loseQueuedTriggers(engine)) == [Self.key(1), Self.key(2)])
    }
}
