import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Issue 11 point 6 in the core: every Twilio send asks for status callbacks; signed callbacks
/// move `delivery_status` forward only (repeats and late ones are no-ops), forged ones are
/// refused, and a failed AI reply notifies a human once and hands the conversation off.
@Suite("Delivery status callbacks")
struct DeliveryTrackerTests {
    static let callbackBase = "https://hooks.example.com/twilio/status"

    static func engine() async throws -> (TestEngine, DeliveryTracker) {
        var settings = EngineSettings()
        settings.statusCallbackURL = callbackBase
        settings.consoleURL = "https://hooks.example.com/console"
        let engine = try await TestEngine(settings: settings)
        return (engine, DeliveryTracker(ports: engine.ports, keys: engine.ingest.signingKeys, settings: settings, logger: TestEngine.logger))
    }

    /// One answered batch: the AI's reply and the status callback URL it was sent with.
    static func answered(_ engine: TestEngine) async throws -> (sid: String, callback: String) {
        _ = await engine.receive(1, "Is parking included?")
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Yes, one space.")))
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        let delivered = try #require(await engine.sender.delivered.last)
        return (delivered.sent.sid, try #require(delivered.message.statusCallback))
    }

    static func request(
        _ url: String, sid: String, status: String, error: String? = nil, signature: String? = Fixture.signature,
        from: String = "whatsapp:" + Fixture.company
    ) -> StatusCallbackRequest {
        var fields = [
            FormField("AccountSid", Fixture.accountSid), FormField("From", from), FormField("To", "whatsapp:" + Fixture.user),
            FormField("MessageSid", sid), FormField("MessageStatus", status), FormField("SmsSid", sid), FormField("SmsStatus", status),
        ]
        if let error { fields.append(FormField("ErrorCode", error)) }
        let query = url.split(separator: "?", maxSplits: 1).last.map(String.init)
        return StatusCallbackRequest(url: url, query: query, fields: fields, signature: signature)
    }

    @Test func aReplyAsksForCallbacksAtThePublicURL() async throws {
        let (engine, _) = try await Self.engine()
        let (_, callback) = try await Self.answered(engine)
        #expect(callback.hasPrefix(Self.callbackBase + "?primary_channel=%2B447700900123&conversation_id="))
        #expect(callback.hasSuffix("&sender=ai"))
        // Without PUBLIC_BASE_URL none is asked for.
        let plain = try await TestEngine()
        _ = await plain.receive(1, "Hi")
        await plain.model.enqueue(.reply(ScriptedReplyModel.answer("Hello")))
        plain.clock.advance(by: .seconds(11))
        _ = try await plain.runDue()
        #expect(try #require(await plain.sender.delivered.last).message.statusCallback == nil)
    }

    @Test func statusesOnlyMoveForwardAndRepeatsAreNoOps() async throws {
        let (engine, tracker) = try await Self.engine()
        let (sid, url) = try await Self.answered(engine)
        let before = try await engine.record()[ConversationAttribute.messages]
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "delivered")) == .recorded(.delivered))
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "sent")) == .unchanged, "late")
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "delivered")) == .unchanged, "repeated")
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "read")) == .recorded(.read))
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "receiving")) == .ignored("status 'receiving' is not recorded"))

        let record = try await engine.record()
        let log = DeliveryLog(record[ConversationAttribute.deliveryStatus])
        #expect(log.messages[sid]?.status == .read)
        #expect(log.messages[sid]?.sender == .ai)
        #expect(log.latest?.string("status") == "read")
        #expect(log.revision == 2)
        #expect(record[ConversationAttribute.messages] == before, "the history stays append-only and untouched")
        #expect(await engine.handoff.notices.isEmpty)
    }

    @Test func forgedOrMalformedCallbacksAreRefused() async throws {
        let (engine, tracker) = try await Self.engine()
        let (sid, url) = try await Self.answered(engine)
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "delivered", signature: "forged")).label == "forbidden")
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "delivered", signature: nil)).label == "forbidden")
        var otherAccount = Self.request(url, sid: sid, status: "delivered")
        otherAccount.fields[0] = FormField("AccountSid", "AC" + String(repeating: "9", count: 32))
        #expect(await tracker.handle(otherAccount).label == "forbidden")
        #expect(await tracker.handle(Self.request(Self.callbackBase, sid: sid, status: "delivered")).label == "bad_request", "no query")
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "exploded")).label == "bad_request")
        #expect(await tracker.handle(Self.request(url, sid: "SM../x", status: "delivered")).label == "bad_request")
        #expect(try await engine.record()[ConversationAttribute.deliveryStatus] == nil)
    }

    @Test func anUnknownConversationOrAnotherNumbersIsNothingToDo() async throws {
        let (engine, tracker) = try await Self.engine()
        let (sid, _) = try await Self.answered(engine)
        let unknown = StatusCallbackTarget(key: ConversationKey(primaryChannel: Fixture.user, conversationId: "nobody"), sender: .ai)
            .url(base: Self.callbackBase)
        #expect(await tracker.handle(Self.request(unknown, sid: sid, status: "delivered")) == .ignored("unknown conversation"))
    }

    @Test func anUndeliveredAIReplyNotifiesOnceAndHandsOff() async throws {
        let (engine, tracker) = try await Self.engine()
        let (sid, url) = try await Self.answered(engine)
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "sent")) == .recorded(.sent))
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "undelivered", error: "63016")) == .recorded(.undelivered))
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "undelivered", error: "63016")) == .unchanged)
        #expect(await tracker.handle(Self.request(url, sid: sid, status: "delivered")) == .unchanged, "final")

        let notices = await engine.handoff.notices
        #expect(notices.count == 1)
        let notice = try #require(notices.first)
        #expect(notice.reason == .deliveryFailed)
        #expect(notice.messageSids == [sid])
        #expect(notice.batchId == "delivery-" + sid)
        #expect(notice.detail?.contains("63016") == true)
        #expect(notice.consoleURL?.hasPrefix("https://hooks.example.com/console#conversation=") == true)

        let record = try await engine.record()
        #expect(record.bool(ConversationAttribute.handOffToHuman) == true)
        #expect(record.string(ConversationAttribute.status) == ConversationStatus.handedOff)
        #expect(record.string(ConversationAttribute.handedOffBy) == "delivery_status")
        let log = DeliveryLog(record[ConversationAttribute.deliveryStatus])
        #expect(log.lastFailure?.string("error_code") == "63016")
        #expect(log.lastFailure?.string("sid") == sid)
    }

    @Test func aFailedStaffMessageNotifiesWithoutChangingWhoAnswers() async throws {
        let (engine, tracker) = try await Self.engine()
        let (sid, _) = try await Self.answered(engine)
        let staff = StatusCallbackTarget(key: Fixture.key, sender: .staff).url(base: Self.callbackBase)
        #expect(await tracker.handle(Self.request(staff, sid: sid, status: "failed", error: "30007")) == .recorded(.failed))
        #expect(await engine.handoff.notices.map(\.reason) == [.deliveryFailed])
        #expect(try await engine.record().bool(ConversationAttribute.handOffToHuman) != true)
    }

    @Test func theLogKeepsTheNewestTwentyMessages() async throws {
        var log = DeliveryLog(nil)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        for index in 0..<25 {
            let fields = [FormField("MessageSid", "SM\(index)"), FormField("MessageStatus", "sent"), FormField("From", "+447700900456")]
            let callback = try StatusCallback(fields: fields, query: "primary_channel=x&conversation_id=y&sender=ai")
            log = try #require(log.applying(callback, status: .sent, at: start.addingTimeInterval(Double(index))))
        }
        #expect(log.messages.count == DeliveryLog.maxMessages)
        #expect(log.messages["SM0"] == nil && log.messages["SM24"] != nil && log.messages["SM5"] != nil)
        #expect(DeliveryLog(log.recordValue) == log)
    }
}
