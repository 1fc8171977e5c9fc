import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: failures")
struct BatchFailureTests {
    static func expectReleasedForRetry(_ engine: TestEngine, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let record = try await engine.record()
        #expect(record["reply_lease_owner"] == nil, sourceLocation: sourceLocation)
        #expect(record["reply_lease_expires_at"] == nil, sourceLocation: sourceLocation)
        #expect(record["conversation_status"] == .string(ConversationStatus.retry), sourceLocation: sourceLocation)
        #expect(try await engine.newEntries().isEmpty, sourceLocation: sourceLocation)
        #expect(await engine.handoff.notices.isEmpty, sourceLocation: sourceLocation)
    }

    static func expectReportedToAHuman(
        _ engine: TestEngine, userTurn: String = "Hi", assistantEntries: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string(ConversationStatus.replyFailed), sourceLocation: sourceLocation)
        #expect(record.string("reply_failure_reason")?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(record["reply_lease_owner"] == nil, sourceLocation: sourceLocation)
        #expect(record["pending_reply"] == nil, sourceLocation: sourceLocation)
        let entries = try await engine.newEntries()
        #expect(entries.first?["content"] == .string(userTurn), "the user turn is kept", sourceLocation: sourceLocation)
        #expect(entries.filter { $0["role"] == .string("assistant") }.count == assistantEntries, sourceLocation: sourceLocation)
        let notices = await engine.handoff.notices
        #expect(notices.map(\.reason) == [.replyFailed], sourceLocation: sourceLocation)
        #expect(notices.first?.detail?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(await engine.outcomes() == [Fixture.sid(1): .failed], sourceLocation: sourceLocation)
    }

    @Test func transientModelErrorRetriesWithBackoffAndKeepsTheFragments() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.transient), .fail(.transient)]))
        await engine.receive(1, "Hi")
        #expect(await engine.process(attempt: 1) == .retry(after: .seconds(5), reason: "model call: \(ModelFailure.transient)"))
        try await Self.expectReleasedForRetry(engine)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])

        guard case .retry(let after, _) = await engine.process(attempt: 3) else { Issue.record("expected a retry"); return }
        #expect(after == .seconds(20))
        #expect(await engine.process(attempt: 4) == .done("answered"))
        #expect(await engine.sender.delivered.count == 1)
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
    }

    @Test func retryAfterFromTheModelIsHonoured() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.retryAfter(.seconds(42)))]))
        await engine.receive(1, "Hi")
        guard case .retry(let after, _) = await engine.process() else { Issue.record("expected a retry"); return }
        #expect(after == .seconds(42))
    }

    @Test func unclassifiedErrorsAreTreatedAsTransient() async throws {
        struct Opaque: Error {}
        let engine = try await TestEngine(model: ScriptedReplyModel([.run { _ in throw Opaque() }]))
        await engine.receive(1, "Hi")
        guard case .retry = await engine.process() else { Issue.record("expected a retry"); return }
        try await Self.expectReleasedForRetry(engine)
    }

    @Test func transientErrorOnTheLastAttemptIsReportedToAHuman() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.transient)]))
        await engine.receive(1, "Hi")
        guard case .deadLetter = await engine.process(attempt: engine.settings.maxAttempts) else { Issue.record("expected a dead letter"); return }
        try await Self.expectReportedToAHuman(engine)
        // Twilio retrying the same webhook later changes nothing.
        #expect(await engine.receive(1, "Hi") == .duplicate)
    }

    @Test func permanentModelErrorIsReportedToAHumanAtOnce() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.permanent)]))
        await engine.receive(1, "Hi")
        guard case .deadLetter = await engine.process(attempt: 1) else { Issue.record("expected a dead letter"); return }
        try await Self.expectReportedToAHuman(engine)
        #expect(await engine.sender.delivered.isEmpty)
    }

    @Test func emptyModelAnswerWithoutHandoffIsPermanent() async throws {
        let engine = try await TestEngine(model: ScriptedReplyModel([.reply(ScriptedReplyModel.answer(" \n "))]))
        await engine.receive(1, "Hi")
        guard case .deadLetter = await engine.process() else { Issue.record("expected a dead letter"); return }
        try await Self.expectReportedToAHuman(engine)
    }

    @Test(arguments: [
        ("ai_config", RecordValue.map(["api_key_reference": .null])),
        ("ai_config", RecordValue.null),
        ("channel_config", RecordValue.map(["whatsapp_credentials_id": .string(Fixture.twilioSecret)])),
    ])
    func missingConfigurationTakesThePermanentPathWithoutAModelCall(attribute: String, value: RecordValue) async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        // Configuration breaks after the message was accepted (ingest needs the credentials id).
        var record = try await engine.record()
        record[attribute] = value
        record["gsi_company_whatsapp_number"] = attribute == "channel_config" ? nil : record["gsi_company_whatsapp_number"]
        try await engine.conversations.put(record)

        guard case .deadLetter(let reason) = await engine.process() else { Issue.record("expected a dead letter"); return }
        #expect(reason.contains(attribute))
        #expect(await engine.model.callCount == 0)
        try await Self.expectReportedToAHuman(engine)
    }

    @Test(arguments: [
        (Fixture.openAISecret, ["ai_api_key": ""]),
        (Fixture.twilioSecret, ["twilio_account_sid": Fixture.accountSid]),
    ])
    func secretsWithoutTheNeededKeysArePermanent(name: String, value: [String: String]) async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        await engine.secrets.set(name, value)
        guard case .deadLetter = await engine.process() else { Issue.record("expected a dead letter"); return }
        #expect(await engine.model.callCount == 0)
        try await Self.expectReportedToAHuman(engine)
    }

    @Test func unavailableSecretsAreRetried() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        await engine.secrets.fail(with: .unavailable("throttled"))
        guard case .retry = await engine.process() else { Issue.record("expected a retry"); return }
        try await Self.expectReleasedForRetry(engine)
        await engine.secrets.fail(with: nil)
        #expect(await engine.process(attempt: 2) == .done("answered"))
    }

    @Test func permanentSendFailureIsReportedAndNothingIsRecordedAsSent() async throws {
        let engine = try await TestEngine()
        await engine.sender.plan(attempt: 1, .permanent)
        await engine.receive(1, "Hi")
        guard case .deadLetter = await engine.process() else { Issue.record("expected a dead letter"); return }
        #expect(await engine.sender.delivered.isEmpty)
        try await Self.expectReportedToAHuman(engine)
    }

    @Test func permanentFailureOnALaterPartRecordsWhatWasSent() async throws {
        let engine = try await TestEngine()
        let content = (1...60).map { "Sentence \($0) is part of a long answer about the tenancy agreement." }.joined(separator: " ")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer(content)))
        await engine.sender.plan(attempt: 2, .permanent)
        await engine.receive(1, "Hi")
        guard case .deadLetter = await engine.process() else { Issue.record("expected a dead letter"); return }
        let delivered = await engine.sender.delivered
        try #require(delivered.count == 1)
        try await Self.expectReportedToAHuman(engine, assistantEntries: 1)
        let assistant = try #require(try await engine.newEntries().last)
        #expect(assistant["message_id"] == .string(delivered[0].sent.sid))
        #expect(assistant["content"] == .string(delivered[0].message.body))
    }

    @Test func cleanupFailureAfterTheAnswerIsRecordedNeverAlertsAHuman() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.faults.inject(.markDone)
        guard case .retry = await engine.process(attempt: engine.settings.maxAttempts) else { Issue.record("expected a retry"); return }
        #expect(await engine.handoff.notices.isEmpty, "the batch was answered: nothing failed for the user")
        let record = try await engine.record()
        #expect(record["conversation_status"] == .string("reply_sent"))
        #expect(record["reply_failure_reason"] == nil)
        #expect(await engine.process(attempt: engine.settings.maxAttempts + 1) == .done("empty"))
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func storeFailureWhileTakingTheLeaseIsRetried() async throws {
        let engine = try await TestEngine()
        await engine.receive(1, "Hi")
        engine.faults.inject(.acquireLease)
        guard case .retry = await engine.process() else { Issue.record("expected a retry"); return }
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
        #expect(await engine.process(attempt: 2) == .done("answered"))
    }
}
