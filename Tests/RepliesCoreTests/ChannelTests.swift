import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Channels")
struct ChannelTests {
    static let smsSecret = "ai-multi-comms/sms-credentials/larkspur-lettings/tenant-onboarding/twilio-dev"
    static let smsConversationId = "ci-bbb-002#pi-bbb-002#\(Fixture.requestId)#447700900456-sms"

    /// The same conversation as the template sender writes it for SMS: flattened SMS config and
    /// the SMS lookup attribute instead of the WhatsApp one.
    static func smsRecord() -> Record {
        var record = Fixture.record(conversationId: smsConversationId, [
            "channel_method": .string("sms"),
            "allowed_channels": .list([.string("sms")]),
            "channel_config": .map(["company_sms_number": .string(Fixture.company), "sms_credentials_id": .string(smsSecret)]),
            "gsi_company_sms_number": .string(Fixture.company),
        ])
        record.removeValue(forKey: "gsi_company_whatsapp_number")
        return record
    }

    @Test func smsConversationIsFoundOnItsOwnIndexAndAnsweredOverSMS() async throws {
        let engine = try await TestEngine(records: [Self.smsRecord(), Fixture.record()])
        await engine.secrets.set(Self.smsSecret, ["twilio_account_sid": Fixture.accountSid, "twilio_auth_token": Fixture.authToken])
        let outcome = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi by SMS", channel: .sms))
        #expect(outcome == .accepted)
        #expect(try await engine.pendingSids(Self.smsConversationId) == [Fixture.sid(1)])
        #expect(try await engine.pendingSids().isEmpty, "the WhatsApp conversation is a different one")

        let queued = try #require(await engine.queue.pending.first)
        #expect(queued.channel == .sms)
        try await engine.runUntilIdle()
        let sent = try #require(await engine.sender.delivered.first)
        #expect(sent.message.channel == .sms)
        #expect(sent.message.from == PhoneNumber(e164: Fixture.company))
        #expect(sent.message.to == PhoneNumber(e164: Fixture.user))
        let key = ConversationKey(primaryChannel: Fixture.user, conversationId: Self.smsConversationId)
        #expect(try await engine.newEntries(key).count == 2)
        #expect(await engine.model.prompts.first?.context.contains(#""sms""#) == true)
    }

    /// No WhatsApp record names a secret for the number, so nothing can authenticate it there.
    @Test func whatsappWebhookIgnoresSMSConversations() async throws {
        let engine = try await TestEngine(records: [Self.smsRecord()])
        #expect(await engine.receive(1, "Hi").label == "forbidden")
        #expect(try await engine.pendingSids(Self.smsConversationId).isEmpty)
    }

    @Test func companyNumberFallsBackToTheLookupAttribute() throws {
        let record = Fixture.record(["channel_config": .map(["whatsapp_credentials_id": .string(Fixture.twilioSecret)])])
        #expect(try Conversation(record: record).channelConfig(for: .whatsapp).companyNumber == Fixture.company)
    }
}
