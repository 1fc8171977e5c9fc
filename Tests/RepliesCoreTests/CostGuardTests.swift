import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Issue 13 points 3, 4 and 13 in the core: what one inbound message can cost is bounded
/// (turn and batch sizes, reply parts, reply budgets), and the model sees only what it must.
@Suite("Batch: cost guards and privacy")
struct CostGuardTests {
    @Test func aHugeMessageIsCutWithAMarkerAndTheTurnIsBounded() async throws {
        var settings = EngineSettings()
        settings.maxInboundMessageCharacters = 100
        settings.maxUserTurnCharacters = 150
        let engine = try await TestEngine(settings: settings)
        await engine.receive(1, String(repeating: "a", count: 5_000))
        engine.clock.advance(by: .milliseconds(1))
        await engine.receive(2, String(repeating: "b", count: 90))
        try await engine.runUntilIdle()
        let turn = try #require(await engine.model.prompts.first?.userTurn)
        #expect(turn.hasPrefix(String(repeating: "a", count: 100) + "\n[… 4900 more characters not shown]"))
        #expect(turn.hasSuffix("more characters not shown]"))
        #expect(turn.count < 150 + 60)
        // Recorded as the model saw it: the record stays bounded.
        #expect(try await engine.newEntries().first?["content"] == .string(turn))
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered, Fixture.sid(2): .answered])
    }

    @Test func fragmentsBeyondTheBatchCapWaitForTheNextBatchScheduledAtOnce() async throws {
        var settings = EngineSettings()
        settings.maxFragmentsPerBatch = 3
        let engine = try await TestEngine(settings: settings)
        for n in 1...7 {
            await engine.receive(n, "m\(n)")
            engine.clock.advance(by: .milliseconds(1))
        }
        try await engine.runUntilIdle()
        let turns = await engine.model.prompts.map(\.userTurn)
        #expect(turns == ["m1\nm2\nm3", "m4\nm5\nm6", "m7"])
        #expect(try await engine.pendingSids().isEmpty)
        #expect(await engine.sender.delivered.count == 3)
    }

    @Test func aReplyNeedingTooManyMessagesIsShortenedAtASentenceBoundary() async throws {
        var settings = EngineSettings()
        settings.maxReplyParts = 2
        let engine = try await TestEngine(settings: settings)
        let sentence = String(repeating: "word ", count: 60) + "end.\n"   // ~305 characters per sentence
        let long = String(repeating: sentence, count: 20)                    // ~6100: four parts of 1600
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(long)))
        await engine.receive(1, "Tell me everything")
        try await engine.runUntilIdle()
        let sent = await engine.sender.delivered.map(\.message.body)
        #expect(sent.count == 2)
        #expect(sent.allSatisfy { $0.hasSuffix("end.") && $0.utf16.count <= 1600 })
        let recorded = try #require(try await engine.newEntries().last?["content"]?.stringValue)
        #expect(recorded == sent.joined(separator: "\n"), "the record says what was sent")
    }

    @Test func theCompanysMaxMessageLengthBoundsTheReply() async throws {
        let engine = try await TestEngine(useCompanyDirectory: true)
        try await engine.companies.put(Self.company(["max_message_length": .int(120)]))
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("First sentence is here. " + String(repeating: "More text follows. ", count: 30))))
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        let sent = try #require(await engine.sender.delivered.first?.message.body)
        #expect(sent.utf16.count <= 120 && sent.hasSuffix("."))
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func aSpentConversationBudgetTellsAHumanOnceAndPausesUntilTheWindowEnds() async throws {
        var settings = EngineSettings()
        settings.budgets.conversationPerHour = 2
        let engine = try await TestEngine(settings: settings)
        for n in 1...4 {
            await engine.receive(n, "message \(n)")
            try await engine.runUntilIdle()
        }
        #expect(await engine.model.callCount == 2)
        #expect(await engine.sender.delivered.count == 2)
        let notices = await engine.handoff.notices
        #expect(notices.map(\.reason) == [.replyBudgetExceeded], "told once, not per message")
        #expect(notices.first?.detail?.contains("conversation_per_hour (2 per hour)") == true)
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string(ConversationStatus.handedOff))
        #expect(record.string("reply_budget_paused_until").flatMap(Timestamp.parse).map { $0 > engine.clock.now() } == true)
        // Both unanswered messages are recorded, none lost.
        let userTurns = try await engine.newEntries().filter { $0["role"] == .string("user") }.compactMap { $0["content"]?.stringValue }
        #expect(userTurns == ["message 1", "message 2", "message 3", "message 4"])
        #expect(await engine.outcomes()[Fixture.sid(4)] == .some(.handedOff))

        // The next hour: answered again.
        engine.clock.advance(by: .seconds(3600))
        await engine.receive(5, "message 5")
        try await engine.runUntilIdle()
        #expect(await engine.model.callCount == 3)
        #expect(await engine.handoff.notices.count == 1)
    }

    @Test func theCompanysRateLimitsCountEveryConversationOfTheProject() async throws {
        let second = Fixture.record(conversationId: "second", user: Fixture.otherUser)
        let engine = try await TestEngine(records: [Fixture.record(), second], useCompanyDirectory: true)
        try await engine.companies.put(Self.company(["requests_per_minute": .int(1), "requests_per_day": .int(100)]))
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        _ = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(2), body: "Hello", from: Fixture.otherUser))
        try await engine.runUntilIdle()
        #expect(await engine.model.callCount == 1)
        let notice = try #require(await engine.handoff.notices.first)
        #expect(notice.reason == .replyBudgetExceeded && notice.conversationId == "second")
        #expect(notice.detail?.contains("rate_limits.requests_per_minute") == true)
    }

    @Test func budgetsAreCountedInTheSharedStoreNotInTheWorker() async throws {
        var settings = EngineSettings()
        settings.budgets.conversationPerDay = 5
        let engine = try await TestEngine(settings: settings)
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        let day = Int(engine.clock.now().timeIntervalSince1970) / 86_400
        #expect(await engine.budgets.count("conversation:\(Fixture.conversationId):day:\(day)") == 1)
    }

    // MARK: - Privacy

    @Test func theModelSeesNeitherPhoneNorEmailUnlessTheCompanySharesThem() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        let context = try #require(await engine.model.prompts.first?.context)
        #expect(!context.contains(Fixture.user.dropFirst()) && !context.contains("sam.okafor@example.com"))
        #expect(context.contains("Sam") && context.contains("Larkspur Lettings"))

        var record = Fixture.record()
        record["ai_config"] = .map(["api_key_reference": .string(Fixture.openAISecret), "share_contact_details": .bool(true)])
        let sharing = try await TestEngine(records: [record])
        await sharing.receive(1, "Hi")
        try await sharing.runUntilIdle()
        let shared = try #require(await sharing.model.prompts.first?.context)
        #expect(shared.contains(Fixture.user) && shared.contains("sam.okafor@example.com"))
    }

    @Test func theModelsHandoffReasonIsCapped() async throws {
        let engine = try await TestEngine()
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("A colleague will call you.", handOff: true, reason: String(repeating: "r", count: 5_000))))
        await engine.receive(1, "I want a human")
        try await engine.runUntilIdle()
        let record = try await engine.record()
        #expect(record.string("hand_off_to_human_reason")?.count == EngineSettings().maxHandoffReasonCharacters)
        #expect(await engine.handoff.notices.first?.detail?.count == EngineSettings().maxHandoffReasonCharacters)
    }

    static func company(_ limits: Record) -> Record {
        [
            "company_id": .string("ci-bbb-002"), "project_id": .string("pi-bbb-002"), "project_status": .string("active"),
            "allowed_channels": .list([.string("whatsapp")]), "rate_limits": .map(limits),
        ]
    }
}
