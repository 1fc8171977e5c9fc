import Foundation
import InMemoryBackend
import Metrics
import MetricsTestKit
import RepliesCore
import Testing

/// WhatsApp users behind a username: matched by `WaId` when Twilio sends it, otherwise answered
/// 200 as an unknown conversation (logged and counted), never dropped silently.
@Suite("Ingest: users without a phone number")
struct InboundUserTests {
    static func webhook(sid: String, from: String, waId: String?) -> InboundWebhook {
        var hook = TestEngine.webhook(sid: sid, body: "Hello")
        hook.message.from = from
        hook.message.waId = waId
        hook.fields = hook.fields.map { $0.name == "From" ? FormField("From", from) : $0 }
        if let waId { hook.fields.append(FormField("WaId", waId)) }
        return hook
    }

    @Test func aUsernameUserWithAWaIdIsMatchedByTheNumber() async throws {
        let engine = try await TestEngine()
        let hook = Self.webhook(sid: Fixture.sid(1), from: "whatsapp:BR.1502576394655843", waId: String(Fixture.user.dropFirst()))
        #expect(await engine.ingest.handle(hook) == .accepted)
        #expect(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).map(\.messageSid) == [Fixture.sid(1)])
    }

    @Test func aUsernameUserWithoutANumberIsAnsweredAsUnknownNotDropped() async throws {
        let engine = try await TestEngine()
        let hook = Self.webhook(sid: Fixture.sid(1), from: "whatsapp:BR.1502576394655843", waId: nil)
        #expect(await engine.ingest.handle(hook) == .unknownConversation)
        #expect(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).isEmpty)
    }

    @Test func usernameWebhooksAreCountedByHowTheUserWasFoundAndTheOutcome() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            let digits = String(Fixture.user.dropFirst())
            _ = await engine.ingest.handle(Self.webhook(sid: Fixture.sid(1), from: "whatsapp:BR.1502576394655843", waId: digits))
            _ = await engine.ingest.handle(Self.webhook(sid: Fixture.sid(2), from: "whatsapp:US.ENT.11815799212886844830", waId: nil))
            _ = await engine.ingest.handle(Self.webhook(sid: Fixture.sid(3), from: "whatsapp:" + Fixture.user, waId: digits))
            let counted: (String, String) -> Int64 = { user, outcome in
                metrics.counterTotal(label: EngineMetrics.usernameWebhooks, dimensions: [("user_id", user), ("outcome", outcome)])
            }
            #expect(counted("username_with_wa_id", "accepted") == 1)
            #expect(counted("username", "unknown_conversation") == 1)
            // A phone-number user is not counted here.
            #expect(metrics.counterTotal(label: EngineMetrics.usernameWebhooks) == 2)
            #expect(metrics.counterTotal(label: EngineMetrics.webhooks, dimensions: [("channel", "whatsapp"), ("outcome", "unknown_conversation")]) == 1)
        }
    }

    @Test func aWaIdThatIsNoPhoneNumberIsNotUsed() async throws {
        let engine = try await TestEngine()
        let hook = Self.webhook(sid: Fixture.sid(1), from: "whatsapp:BR.1502576394655843", waId: "1502576394655843999")
        #expect(await engine.ingest.handle(hook) == .unknownConversation)
    }
}
