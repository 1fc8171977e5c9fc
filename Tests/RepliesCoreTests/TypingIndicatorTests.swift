import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: typing indicator")
struct TypingIndicatorTests {
    func engine(_ typing: RecordingTypingIndicator, records: [Record] = [Fixture.record()]) async throws -> TestEngine {
        try await TestEngine(records: records, typing: typing)
    }

    @Test func shownOncePerBatchForTheNewestMessage() async throws {
        let typing = RecordingTypingIndicator()
        let engine = try await engine(typing)
        await engine.receive(1, "Hi")
        await engine.receive(2, "Is Friday OK?")
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        #expect(await typing.waitForStarts(1) == [Fixture.sid(2)])
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test(arguments: [RecordingTypingIndicator.Behaviour.fail, .hang])
    func aFailingOrHangingIndicatorNeverHoldsTheReply(_ behaviour: RecordingTypingIndicator.Behaviour) async throws {
        let typing = RecordingTypingIndicator(behaviour)
        let engine = try await engine(typing)
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        // The reply went out and was recorded while the indicator had not (or never) succeeded.
        #expect(await engine.sender.delivered.count == 1)
        #expect(await typing.waitForStarts(1) == [Fixture.sid(1)])
        #expect(await typing.finished == 0)
    }

    @Test func aCompanyCanTurnItOff() async throws {
        let typing = RecordingTypingIndicator()
        var ai = Fixture.record().map("ai_config") ?? [:]
        ai["typing_indicator"] = .bool(false)
        let engine = try await engine(typing, records: [Fixture.record(["ai_config": .map(ai)])])
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        for _ in 0..<1000 { await Task.yield() }
        #expect(await typing.started.isEmpty)
    }
}
