import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: answering")
struct BatchReplyTests {
    /// Attributes a completed batch may write; everything else on the record is the template
    /// sender's and must come out byte for byte as it went in.
    static let engineWritten: Set<String> = [
        "conversation_status", "updated_at", "messages", "hand_off_to_human", "hand_off_to_human_reason", "task_complete",
        "reply_processing_time_ms", "last_inbound_at", "last_reply_batch",
    ]

    @Test func threeFragmentsGiveOneModelCallOneSendAndTwoContractEntries() async throws {
        let engine = try await TestEngine()
        let before = try await engine.record()
        let t0 = engine.clock.now()
        // Two in the same millisecond, delivered out of SID order, and one 2.5 s later.
        await engine.receive(2, "Can I collect keys at 9am?")
        await engine.receive(1, "Hi, yes 1 June works")
        engine.clock.advance(by: .milliseconds(2_500))
        await engine.receive(3, "Thanks!")
        await engine.model.enqueue(.run { [clock = engine.clock] _ in
            clock.advance(by: .milliseconds(1_500))
            return ScriptedReplyModel.answer("Great, 9am on 1 June is booked for key collection.")
        })

        engine.clock.advance(by: .milliseconds(7_500))
        #expect(try await engine.runDue() == [.done("answered")])

        let prompts = await engine.model.prompts
        #expect(prompts.count == 1)
        let prompt = try #require(prompts.first)
        #expect(prompt.userTurn == "Hi, yes 1 June works\nCan I collect keys at 9am?\nThanks!")
        #expect(prompt.history == [ModelPrompt.Turn(role: .assistant, text: Fixture.templateText)])
        #expect(prompt.context.hasPrefix("Initial context:"))
        #expect(await engine.model.apiKeys == [Fixture.apiKey])

        let delivered = await engine.sender.delivered
        #expect(delivered.count == 1)
        let sent = try #require(delivered.first)
        #expect(sent.message == OutboundMessage(
            channel: .whatsapp, from: PhoneNumber(e164: Fixture.company), to: PhoneNumber(e164: Fixture.user),
            body: "Great, 9am on 1 June is booked for key collection.",
            credentials: SenderCredentials(accountSid: Fixture.accountSid, authToken: Fixture.authToken)))

        let after = try await engine.record()
        let entries = try await engine.newEntries()
        try #require(entries.count == 2)
        #expect(entries[0] == [
            "message_id": .string(Fixture.sid(1)), "timestamp": .string(Timestamp.format(t0)),
            "role": .string("user"), "content": .string("Hi, yes 1 June works\nCan I collect keys at 9am?\nThanks!"),
        ])
        let completedAt = engine.clock.now()
        #expect(entries[1] == [
            "message_id": .string(sent.sent.sid), "timestamp": .string(Timestamp.format(completedAt)),
            "role": .string("assistant"), "content": .string("Great, 9am on 1 June is booked for key collection."),
            "prompt_tokens": .number("1893"), "completion_tokens": .number("61"), "total_tokens": .number("1954"),
        ])
        #expect(after.list("messages")?.first == before.list("messages")?.first, "history is appended, never rewritten")

        #expect(after["conversation_status"] == .string("reply_sent"))
        #expect(after["updated_at"] == .string(Timestamp.format(completedAt)))
        #expect(after["reply_processing_time_ms"] == .number("1500"))
        #expect(after["task_complete"] == .number("0"))
        #expect(after["hand_off_to_human"] == .bool(false))
        #expect(after["hand_off_to_human_reason"] == .null)
        #expect(after["last_inbound_at"] == .string(Timestamp.format(t0.adding(.milliseconds(2_500)))))
        #expect(after.map("last_reply_batch")?["batch_id"] == .string(BatchId.of([Fixture.sid(1), Fixture.sid(2), Fixture.sid(3)])))
        for attribute in ["reply_lease_owner", "reply_lease_expires_at", "pending_reply", "reply_failure_reason"] {
            #expect(after[attribute] == nil, "\(attribute) left behind")
        }
        for (name, value) in before where !Self.engineWritten.contains(name) {
            #expect(after[name] == value, "template-sender attribute \(name) changed")
        }
        #expect(after["initial_processing_time_ms"] == .number("14873"))
        #expect(after["created_at"] == .string(Fixture.createdAt))

        #expect(await engine.outcomes() == [Fixture.sid(1): .answered, Fixture.sid(2): .answered, Fixture.sid(3): .answered])
        #expect(await engine.queue.pending.isEmpty)
        #expect(!(await engine.locks.isHeld(Fixture.conversationId, at: engine.clock.now())))
        #expect(await engine.handoff.notices.isEmpty)
    }

    @Test func modelHandoffAndCompletionAreAppliedAndTheReplyStillSent() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "I want to speak to a manager")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(
            "A colleague will call you shortly.", handOff: true, reason: "Asked for a manager", taskComplete: true)))
        #expect(await engine.process() == .done("answered_and_handed_off"))

        #expect(await engine.sender.bodies == ["A colleague will call you shortly."])
        let record = try await engine.record()
        #expect(record["hand_off_to_human"] == .bool(true))
        #expect(record["hand_off_to_human_reason"] == .string("Asked for a manager"))
        #expect(record["task_complete"] == .number("1"))
        #expect(record["conversation_status"] == .string("reply_sent"))
        let notices = await engine.handoff.notices
        #expect(notices.count == 1)
        #expect(notices.first?.reason == .modelRequested)
        #expect(notices.first?.detail == "Asked for a manager")
        #expect(notices.first?.messageSids == [Fixture.sid(1)])
        #expect(notices.first?.batchId == BatchId.of([Fixture.sid(1)]))
        #expect(try await engine.newEntries().count == 2)
    }

    @Test func modelHandoffWithoutContentSendsNothingAndKeepsTheUserTurn() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "This is a legal matter")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("  ", handOff: true, reason: nil)))
        #expect(await engine.process() == .done("answered_and_handed_off"))
        #expect(await engine.sender.delivered.isEmpty)
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string(ConversationStatus.handedOff))
        #expect(record["hand_off_to_human"] == .bool(true))
        #expect(record.string("hand_off_to_human_reason")?.isEmpty == false, "a reason is always written with the flag")
        let entries = try await engine.newEntries()
        #expect(entries.map { $0.string("role") } == ["user"])
        #expect(await engine.handoff.notices.map(\.reason) == [.modelRequested])
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
    }

    @Test func mediaOnlyFragmentIsDescribedToTheModel() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "", media: [MediaItem(url: "https://api.twilio.example/Media/ME1", contentType: "image/jpeg")])
        #expect(await engine.process() == .done("answered"))
        #expect(await engine.model.prompts.first?.userTurn == "[Attachment: image/jpeg]")
        #expect(try await engine.newEntries().first?["content"] == .string("[Attachment: image/jpeg]"))
    }

    @Test func longReplyIsSentInOrderedPartsAndRecordedOnce() async throws {
        var settings = EngineSettings()
        settings.maxReplyParts = 10  // splitting, not the cap (CostGuardTests)
        let engine = try await TestEngine(settings: settings)
        await engine.receive(1, "Tell me everything")
        let content = (1...80).map { "Sentence number \($0) explains one more detail of the tenancy." }.joined(separator: " ")
        #expect(content.utf16.count > 3_200)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(content)))
        #expect(await engine.process() == .done("answered"))

        let delivered = await engine.sender.delivered
        #expect(delivered.count == ReplySplitter.split(content).count)
        try #require(delivered.count >= 3)
        for part in delivered { #expect(part.message.body.utf16.count <= 1_600) }
        #expect(delivered.map(\.message.body).joined(separator: " ") == content)
        let entries = try await engine.newEntries()
        try #require(entries.count == 2)
        #expect(entries[1]["content"] == .string(content))
        #expect(entries[1]["message_id"] == .string(delivered[0].sent.sid))
    }

    @Test func fragmentStagedDuringTheModelCallGetsItsOwnLaterBatch() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi, yes 1 June works")
        await engine.model.enqueue(
            .run { [engine] _ in
                engine.clock.advance(by: .seconds(2))
                #expect(await engine.receive(2, "Oh, and can I bring a van?") == .accepted)
                return ScriptedReplyModel.answer("Great, see you on 1 June.")
            },
            .reply(ScriptedReplyModel.answer("Yes, a van is fine.")))

        engine.clock.advance(by: .seconds(10))
        #expect(try await engine.runDue() == [.done("answered")])
        #expect(await engine.model.prompts.map(\.userTurn) == ["Hi, yes 1 June works"])
        #expect(try await engine.pendingSids() == [Fixture.sid(2)])
        #expect(await engine.outcomes()[Fixture.sid(2)] == .some(nil))
        #expect(await engine.queue.pending.count == 1, "the new message scheduled its own batch")

        try await engine.runUntilIdle()
        let prompts = await engine.model.prompts
        try #require(prompts.map(\.userTurn) == ["Hi, yes 1 June works", "Oh, and can I bring a van?"])
        #expect(prompts[1].history.map(\.text) == [Fixture.templateText, "Hi, yes 1 June works", "Great, see you on 1 June."])
        #expect(await engine.sender.bodies == ["Great, see you on 1 June.", "Yes, a van is fine."])
        #expect(try await engine.newEntries().map { $0.string("role") } == ["user", "assistant", "user", "assistant"])
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi, yes 1 June works", Fixture.sid(2): "Oh, and can I bring a van?"])
    }

    @Test func theReplyGoesToTheRecordsNumbersNotTheTriggers() async throws {
        // The trigger arrives on the SMS queue, the record says WhatsApp: the record wins.
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        #expect(await engine.processor.process(Fixture.trigger, channel: .sms, attempt: 1) == .done("answered"))
        #expect(await engine.sender.delivered.first?.message.channel == .whatsapp)
    }
}
