import AsyncHTTPClient
import Foundation
import NIOCore
import RepliesCore
import TestFakes
import Testing
import Twilio
import NIOHTTP1

/// The real `replies-engine serve` binary, with local fakes of OpenAI and Twilio.
@Suite(.serialized)
struct ServeEndToEndTests {
    let tenant = SampleTenant()

    struct Harness {
        var directory: URL
        var environment: [String: String]
        var openAI: FakeOpenAI
        var twilio: FakeTwilio
    }

    func makeHarness(batchWindow: Double = 6) async throws -> Harness {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fakes = try await TenantFakes.start(for: tenant)
        let environment = fakes.environment.merging([
            "REPLIES_DATA_DIR": directory.appendingPathComponent("data").path,
            "BATCH_WINDOW_SECONDS": String(batchWindow),
            "LOG_LEVEL": "info",
        ]) { _, new in new }
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        return Harness(directory: directory, environment: environment, openAI: fakes.openAI, twilio: fakes.twilio)
    }

    func send(_ body: String, sid: String? = nil, to address: String) async throws -> (status: Int, body: String) {
        try await postSigned(body, sid: sid, tenant: tenant, to: address)
    }

    func waitForQuiescence(_ harness: Harness) async throws {
        try await Quiescence.wait(environment: harness.environment, conversationId: tenant.conversationId) {
            await harness.openAI.requests().count + harness.twilio.requests().count
        }
    }

    func inspect(_ harness: Harness) async throws -> [String: Any] {
        let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: harness.environment)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test("three signed messages in one window: one model call, one send, contract-shaped record")
    func burstIsAnsweredOnce() async throws {
        let harness = try await makeHarness()
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()

        let bodies = ["Hi, Tuesday works", "Can I bring my partner?", "And is there parking?"]
        var sids: [String] = []
        for body in bodies {
            let sid = SimulatedWebhook.randomSid(prefix: "SM")
            sids.append(sid)
            let response = try await send(body, sid: sid, to: address)
            #expect(response.status == 200)
            #expect(response.body.contains("<Response></Response>"))
        }

        let sent = try await poll(timeout: .seconds(30), "the reply to be sent") {
            let messages = await harness.twilio.sentMessages()
            return messages.isEmpty ? nil : messages
        }
        _ = try await poll(timeout: .seconds(15), "the reply to be recorded") {
            let record = try await inspect(harness)
            return (record["messages"] as? [Any])?.count == 3 ? record : nil
        }
        // No trigger left that could come back, and the fakes are quiet: the counts and the
        // record are final.
        try await waitForQuiescence(harness)
        let record = try await inspect(harness)
        #expect(await harness.twilio.sentMessages().count == 1)
        let requests = await harness.openAI.requests()
        #expect(requests.count == 1)
        let input = try #require(requests.first?.input)
        #expect(input.last?.role == "user")
        #expect(input.last?.content == bodies.joined(separator: "\n"))

        let reply = try #require(sent.first)
        #expect(reply.to == "whatsapp:" + tenant.user)
        #expect(reply.from == "whatsapp:" + tenant.company)

        let messages = try #require(record["messages"] as? [[String: Any]])
        let user = messages[1]
        #expect(Set(user.keys) == ["message_id", "timestamp", "role", "content"])
        #expect(user["message_id"] as? String == sids[0])
        #expect(user["role"] as? String == "user")
        #expect(user["content"] as? String == bodies.joined(separator: "\n"))
        let assistant = messages[2]
        #expect(Set(assistant.keys) == ["message_id", "timestamp", "role", "content", "prompt_tokens", "completion_tokens", "total_tokens"])
        #expect(assistant["message_id"] as? String == reply.sid)
        #expect(assistant["content"] as? String == reply.body)
        #expect(assistant["prompt_tokens"] is NSNumber && !(assistant["prompt_tokens"] is String))
        #expect(record["conversation_status"] as? String == "reply_sent")
        #expect(record["task_complete"] as? NSNumber == 0)
        #expect(record["initial_processing_time_ms"] as? NSNumber == 14873)
        #expect(record["created_at"] as? String == "2026-11-24T09:30:12.345678+00:00Z")
        #expect(record["reply_lease_owner"] == nil)

        engine.terminate()
        #expect(try await engine.waitForExit() == 0)

        // Log hygiene: everything the engine logged at info during the run.
        let logs = engine.standardError
        #expect(logs.contains("batch finished"))
        for secret in [tenant.authToken, tenant.openAIKey, tenant.user, tenant.company] + bodies + [reply.body] {
            #expect(!logs.contains(secret), "the log contains '\(secret)'")
        }
        try await harness.openAI.stop()
        try await harness.twilio.stop()
    }

    @Test("a webhook that got 200 survives kill -9: the reply still goes out, once")
    func survivesKill9() async throws {
        let harness = try await makeHarness(batchWindow: 2)
        let first = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { first.kill9() }
        let address = try await first.listeningAddress()
        #expect(try await send("Is the flat still available?", to: address).status == 200)
        first.kill9()
        _ = try await first.waitForExit()
        #expect(await harness.twilio.sentMessages().isEmpty)

        let second = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { second.terminate() }
        _ = try await second.listeningAddress()
        _ = try await poll(timeout: .seconds(30), "the reply after restart") {
            await harness.twilio.sentMessages().isEmpty ? nil : true
        }
        try await waitForQuiescence(harness)
        #expect(await harness.twilio.sentMessages().count == 1)
        second.terminate()
        _ = try await second.waitForExit()
        try await harness.openAI.stop()
        try await harness.twilio.stop()
    }

    @Test("forged signature → 403 whoever it names, signed unknown pair → 200 and nothing stored, malformed form → 400")
    func hostileRequests() async throws {
        let harness = try await makeHarness()
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()

        var request = HTTPClientRequest(url: "http://\(address)/whatsapp")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: "bm90LWEtc2lnbmF0dXJl")
        let hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: "forged")
        request.body = .bytes(ByteBuffer(string: SimulatedWebhook.encode(hook.fields)))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code == 403)

        // An unknown pair with the forged signature: the same 403 (no "is this a customer" oracle)…
        let stranger = SimulatedWebhook(
            channel: .whatsapp, from: "+447700900999", to: tenant.company, body: "who is this", accountSid: tenant.accountSid)
        request.body = .bytes(ByteBuffer(string: SimulatedWebhook.encode(stranger.fields)))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code == 403)
        // …and correctly signed: 200, nothing stored.
        let signed = stranger.signed(url: tenant.publicBaseURL + "/whatsapp", authToken: tenant.authToken)
        var signedRequest = request
        signedRequest.headers.replaceOrAdd(name: "X-Twilio-Signature", value: signed.signature)
        signedRequest.body = .bytes(ByteBuffer(string: signed.body))
        #expect(try await HTTPClient.shared.execute(signedRequest, timeout: .seconds(10)).status.code == 200)

        request.body = .bytes(ByteBuffer(string: "From=%ZZ&To=x"))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code == 400)

        var health = HTTPClientRequest(url: "http://\(address)/healthz")
        health.method = .GET
        #expect(try await HTTPClient.shared.execute(health, timeout: .seconds(10)).status.code == 200)

        try await waitForQuiescence(harness)
        #expect(await harness.openAI.requests().isEmpty)
        #expect(await harness.twilio.sentMessages().isEmpty)
        engine.terminate()
        _ = try await engine.waitForExit()
        try await harness.openAI.stop()
        try await harness.twilio.stop()
    }
}
