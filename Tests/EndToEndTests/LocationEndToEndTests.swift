import Foundation
import NIOCore
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The real binary on the embedded backend: a location-only WhatsApp message (empty `Body`) is
/// staged with its coordinates, answered once and recorded with a faithful description; a user
/// behind a username whose webhook carries no phone number is answered 200 with no reply,
/// logged and counted, and nothing is stored.
@Suite(.serialized)
struct LocationEndToEndTests {
    let tenant = SampleTenant()
    static let dam = SharedLocation(latitude: 52.3731, longitude: 4.8926, address: "Dam, 1012 JS Amsterdam", label: "Dam Square")

    @Test("embedded: a shared location is answered and recorded; a username user without a number gets 200, no reply")
    func locationAndUsernameOnEmbedded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-location-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakes = try await TenantFakes.start(for: tenant)
        var environment = fakes.environment
        environment["REPLIES_DATA_DIR"] = directory.appendingPathComponent("data").path
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)

        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()
        var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: "", accountSid: tenant.accountSid)
        hook.location = Self.dam
        hook.externalUserId = "NL.1502576394655843"
        var response = try await hook.post(to: "http://\(address)", signingBaseURL: tenant.publicBaseURL, authToken: tenant.authToken, timeout: .seconds(10))
        #expect(response.status == 200)

        // The same company number, a user who hides the number: `From` is the business-scoped ID.
        var stranger = SimulatedWebhook(
            channel: .whatsapp, from: "BR.1502576394655843", to: tenant.company, body: "Hello?", accountSid: tenant.accountSid)
        stranger.externalUserId = "BR.1502576394655843"
        response = try await stranger.post(to: "http://\(address)", signingBaseURL: tenant.publicBaseURL, authToken: tenant.authToken, timeout: .seconds(10))
        #expect(response.status == 200)

        let expectedTurn = "[Location shared: 52.3731, 4.8926 — \"Dam Square\", Dam, 1012 JS Amsterdam]"
        let record = try await poll(timeout: .seconds(30), "the reply to be recorded") {
            let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return (record["messages"] as? [Any])?.count == 3 ? record : nil
        }
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
            await fakes.openAI.requests().count + fakes.twilio.requests().count
        }
        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages[1]["role"] as? String == "user")
        #expect(messages[1]["content"] as? String == expectedTurn)
        // One model call, one reply: the username user's message reached neither.
        #expect(await fakes.openAI.requests().count == 1)
        #expect(await fakes.twilio.sentMessages().count == 1)
        #expect(await fakes.twilio.sentMessages().first?.to == "whatsapp:" + tenant.user)

        let metrics = try await RawConnection.get("/metrics", at: address)
        let counted = metrics.response.split(separator: "\n").first {
            $0.hasPrefix("replies_username_webhooks_total{") && $0.contains(#"user_id="username""#)
                && $0.contains(#"outcome="unknown_conversation""#)
        }
        #expect(counted?.hasSuffix(" 1") == true, "\(counted ?? "no username sample")")

        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        #expect(engine.standardError.contains("username"))
        // The ID is personal data: only its masked form may reach the log.
        #expect(!engine.standardError.contains("1502576394655843"))
        try await fakes.stop()
    }
}
