import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

/// Issue 11 point 6 on the real binary, embedded and AWS over moto: the reply asks Twilio for
/// status callbacks at `PUBLIC_BASE_URL/twilio/status`; signed callbacks are recorded in
/// `delivery_status` (out of order and repeated ones change nothing), forged ones are refused
/// with 403, and `undelivered` notifies a human once with Twilio's error code.
@Suite(.serialized)
struct StatusCallbackEndToEndTests {
    @Test("status callbacks: signed ones recorded, forged ones refused, undelivered → human notified", arguments: EngineBackend.allCases)
    func statusCallbacks(backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend, settings: ["BATCH_WINDOW_SECONDS": "0.5"])
        let tenant = harness.tenant
        let engine = try await harness.serve()
        defer { engine.process.terminate() }
        try await harness.postBurst(["Is parking included?"], to: engine.address)
        let sent = try await poll(timeout: .seconds(30), "the reply") { await harness.twilio.sentMessages().first }
        let callbackURL = try #require(sent.statusCallback, "the reply asks for status callbacks")
        #expect(callbackURL.hasPrefix(tenant.publicBaseURL + "/twilio/status?primary_channel=%2B447700900123&conversation_id="))
        #expect(callbackURL.hasSuffix("&sender=ai"))
        _ = try await harness.waitForRecord(timeout: .seconds(20), "the reply recorded") { ($0["messages"] as? [Any])?.count == 3 }

        func post(_ status: String, error: String? = nil, token: String? = tenant.authToken) async throws -> Int {
            try await StatusCallbackPost(callbackURL: callbackURL, sid: sent.sid, status: status, errorCode: error, tenant: tenant)
                .post(to: engine.address, authToken: token)
        }
        #expect(try await post("sent") == 204)
        #expect(try await post("delivered", token: nil) == 403, "forged")
        #expect(try await post("queued") == 204, "late: no change")
        #expect(try await delivery(harness)?["status"] as? String == "sent")

        #expect(try await post("undelivered", error: "30008") == 204)
        #expect(try await post("undelivered", error: "30008") == 204, "repeated")
        #expect(try await post("delivered") == 204, "after a final status: no change")
        let record = try await harness.record()
        let entry = try #require(try await delivery(harness))
        #expect(entry["status"] as? String == "undelivered")
        #expect(entry["error_code"] as? String == "30008")
        #expect(record["hand_off_to_human"] as? Bool == true, "the person never got the AI's reply: a human takes over")
        #expect((record["messages"] as? [Any])?.count == 3, "the history is untouched")

        let notices = try await harness.handoffNotices().filter { $0.reason == .deliveryFailed }
        #expect(notices.count == 1, "\(notices)")
        #expect(notices.first?.messageSids == [sent.sid])
        #expect(notices.first?.detail?.contains("30008") == true)

        // Malformed: 400, never 5xx.
        var malformed = StatusCallbackPost(callbackURL: tenant.publicBaseURL + "/twilio/status?x=1", sid: sent.sid, status: "sent", tenant: tenant)
        #expect(try await malformed.post(to: engine.address, authToken: tenant.authToken) == 400)
        malformed.callbackURL = callbackURL
        malformed.status = "exploded"
        #expect(try await malformed.post(to: engine.address, authToken: tenant.authToken) == 400)

        engine.process.terminate()
        #expect(try await engine.process.waitForExit() == 0)
        #expect(!engine.process.standardError.contains(tenant.authToken))
        await harness.stop()
    }

    /// `delivery_status.messages[sid]` of the only message sent, from `inspect`.
    func delivery(_ harness: FaultHarness) async throws -> [String: Any]? {
        let record = try await harness.record()
        let messages = (record["delivery_status"] as? [String: Any])?["messages"] as? [String: Any]
        return messages?.values.first as? [String: Any]
    }
}
