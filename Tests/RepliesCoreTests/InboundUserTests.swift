import Foundation
import InMemoryBackend
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
}
