import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: opt-out and handoff rules")
struct BatchRulesTests {
    static func expectRecordedWithoutReply(
        _ engine: TestEngine, status: String, notice: HandoffNotice.Reason, detail: String? = nil, userTurn: String,
        outcome: FragmentOutcome, sids: [String] = [Fixture.sid(1)], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(await engine.model.callCount == 0, "the AI must not answer", sourceLocation: sourceLocation)
        #expect(await engine.sender.delivered.isEmpty, sourceLocation: sourceLocation)
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string(status), sourceLocation: sourceLocation)
        #expect(record["reply_lease_owner"] == nil, sourceLocation: sourceLocation)
        let entries = try await engine.newEntries()
        #expect(entries.count == 1, sourceLocation: sourceLocation)
        #expect(entries.first?["role"] == .string("user"), sourceLocation: sourceLocation)
        #expect(entries.first?["content"] == .string(userTurn), sourceLocation: sourceLocation)
        #expect(entries.first?["message_id"] == .string(sids[0]), sourceLocation: sourceLocation)
        let notices = await engine.handoff.notices
        #expect(notices.map(\.reason) == [notice], sourceLocation: sourceLocation)
        #expect(notices.first?.detail == detail, sourceLocation: sourceLocation)
        #expect(notices.first?.messageSids == sids, sourceLocation: sourceLocation)
        #expect(notices.first?.conversationId == Fixture.conversationId, sourceLocation: sourceLocation)
        let expected = Dictionary(uniqueKeysWithValues: sids.map { ($0, Optional(outcome)) })
        #expect(await engine.outcomes() == expected, sourceLocation: sourceLocation)
    }

    @Test(arguments: ["STOP", " stop ", "Unsubscribe", "opt out", "QUIT\n"])
    func optOutKeywordIsRecordedNotAnswered(body: String) async throws {
        let engine = try await TestEngine()
        await engine.receive(1, body)
        #expect(await engine.process() == .done("opted_out"))
        try await Self.expectRecordedWithoutReply(engine, status: ConversationStatus.optedOut, notice: .optOut, userTurn: body, outcome: .optedOut)
        let record = try await engine.record()
        #expect(record["opted_out"] == .bool(true))
        #expect(record.string("opted_out_at").flatMap(Timestamp.parse) != nil)
    }

    @Test func optOutAnywhereInTheBatchWins() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.clock.advance(by: .milliseconds(5))
        await engine.receive(2, "STOP")
        #expect(await engine.process() == .done("opted_out"))
        try await Self.expectRecordedWithoutReply(
            engine, status: ConversationStatus.optedOut, notice: .optOut, userTurn: "Hi\nSTOP", outcome: .optedOut,
            sids: [Fixture.sid(1), Fixture.sid(2)])
    }

    @Test(arguments: ["Please stop texting me", "stop?", "STOPPED"])
    func keywordsMustBeTheWholeMessage(body: String) async throws {
        let engine = try await TestEngine()
        await engine.receive(1, body)
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.model.callCount == 1)
    }

    @Test func messagesAfterOptOutAreKeptAndReportedNotAnswered() async throws {
        let engine = try await TestEngine(records: [Fixture.record(status: ConversationStatus.optedOut, ["opted_out": .bool(true)])])
        await engine.receive(1, "Actually, one question")
        #expect(await engine.process() == .done("opted_out"))
        try await Self.expectRecordedWithoutReply(
            engine, status: ConversationStatus.optedOut, notice: .messageAfterOptOut, userTurn: "Actually, one question", outcome: .optedOut)
        #expect(try await engine.record()["opted_out"] == .bool(true))
    }

    @Test(arguments: ["START", "unstop"])
    func startOptsBackIn(body: String) async throws {
        let engine = try await TestEngine(records: [Fixture.record(status: ConversationStatus.optedOut, ["opted_out": .bool(true)])])
        await engine.receive(1, body)
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.model.callCount == 1)
        #expect(await engine.sender.delivered.count == 1)
        let record = try await engine.record()
        #expect(record["opted_out"] == .bool(false))
        #expect(record["conversation_status"] == .string("reply_sent"))

        await engine.receive(2, "So about the keys")
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.model.callCount == 2)
    }

    @Test func startWithoutAnOptOutIsAnOrdinaryMessage() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "START")
        #expect(await engine.process() == .done("answered"))
        #expect(try await engine.record()["opted_out"] == nil)
    }

    @Test func handedOffConversationIsNotAnsweredByTheAI() async throws {
        let engine = try await TestEngine(records: [Fixture.record([
            "hand_off_to_human": .bool(true), "hand_off_to_human_reason": .string("Asked for a manager"),
        ])])
        await engine.receive(1, "Hello?")
        #expect(await engine.process() == .done("handed_off"))
        try await Self.expectRecordedWithoutReply(
            engine, status: ConversationStatus.handedOff, notice: .conversationHandedOff, detail: "Asked for a manager",
            userTurn: "Hello?", outcome: .handedOff)
        let record = try await engine.record()
        #expect(record["hand_off_to_human"] == .bool(true))
        #expect(record["hand_off_to_human_reason"] == .string("Asked for a manager"))
    }

    @Test func autoQueueReplyMessageRoutesToAHuman() async throws {
        let engine = try await TestEngine(records: [Fixture.record(["auto_queue_reply_message": .bool(true)])])
        await engine.receive(1, "Hello?")
        #expect(await engine.process() == .done("handed_off"))
        try await Self.expectRecordedWithoutReply(
            engine, status: ConversationStatus.handedOff, notice: .autoQueueReplyMessage, userTurn: "Hello?", outcome: .handedOff)
    }

    @Test func autoQueueFromNumberRoutesToAHumanEvenWithTheFlagOff() async throws {
        let engine = try await TestEngine(records: [Fixture.record([
            "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .list([.string("+15005550009"), .string(Fixture.user)]),
        ])])
        await engine.receive(1, "Hello?")
        #expect(await engine.process() == .done("handed_off"))
        try await Self.expectRecordedWithoutReply(
            engine, status: ConversationStatus.handedOff, notice: .autoQueueReplyFromNumber, userTurn: "Hello?", outcome: .handedOff)
    }

    @Test func autoQueueListWithoutTheSenderDoesNotRoute() async throws {
        let engine = try await TestEngine(records: [Fixture.record([
            "auto_queue_reply_message_from_number": .list([.string("+15005550009")]),
        ])])
        await engine.receive(1, "Hello?")
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.handoff.notices.isEmpty)
    }

    @Test func flagSetByTheModelStopsTheNextBatch() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "I need a human")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Someone will call you.", handOff: true, reason: "Asked for a human")))
        #expect(await engine.process() == .done("answered_and_handed_off"))
        await engine.receive(2, "When?")
        #expect(await engine.process() == .done("handed_off"))
        #expect(await engine.model.callCount == 1)
        #expect(await engine.handoff.notices.map(\.reason) == [.modelRequested, .conversationHandedOff])
    }

    @Test func optOutTakesPrecedenceOverHandoff() {
        let conversation = try? Conversation(record: Fixture.record(["hand_off_to_human": .bool(true)]))
        let stop = Fragment(
            conversationId: Fixture.conversationId, messageSid: Fixture.sid(1), primaryChannel: Fixture.user, channel: .whatsapp,
            body: "STOP", receivedAt: Date())
        #expect(conversation.map { BatchRules.disposition(for: $0, fragments: [stop], settings: EngineSettings()) } == .optOut)
    }
}
