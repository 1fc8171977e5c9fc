import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import TestFakes
import Testing
import Twilio

/// Webhook authentication on the real binary (issue 13 points 5–7), on both backends: every
/// unauthenticated request gets one answer whoever it names, a re-cut or replayed webhook is
/// never answered twice (also when a newer conversation of the pair exists), and a rotated
/// Twilio token is accepted on its first message.
@Suite(.serialized)
struct GuardsEndToEndTests {
    /// The good tenant's secret gets a name of its own: this suite rotates it, and secrets are
    /// shared by every test on the moto server.
    let tenants: HostileTenants = {
        var tenants = HostileTenants()
        tenants.good.twilioSecret = "ai-multi-comms/whatsapp-credentials/e2e/guards-\(UUID().uuidString.prefix(8))/twilio-dev"
        return tenants
    }()

    @Test("no oracle, no replay, token rotation: embedded backend")
    func guardsOnEmbedded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-guards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakes = try await TenantFakes.start(for: tenants.good)
        var environment = fakes.environment
        environment["REPLIES_DATA_DIR"] = directory.appendingPathComponent("data").path
        try await run(environment: environment, directory: directory, fakes: fakes)
        try await fakes.stop()
    }

    @Test("no oracle, no replay, token rotation: AWS backend on moto")
    func guardsOnMoto() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-guards-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakes = try await TenantFakes.start(for: tenants.good)
        var environment = try await AWSStack.provisioned()
        environment.merge(fakes.environment) { _, new in new }
        try await run(environment: environment, directory: directory, fakes: fakes)
        try await fakes.stop()
    }

    private func run(environment base: [String: String], directory: URL, fakes: TenantFakes) async throws {
        var environment = base
        environment["BATCH_WINDOW_SECONDS"] = "1"
        environment["LOG_LEVEL"] = "info"
        // The junk signatures below made a fresh read of the good number's secrets; the rotation
        // at the end must be allowed its own (in production the interval is 30 s).
        environment["SIGNING_SECRET_REFRESH_SECONDS"] = "1"
        let good = tenants.good
        _ = try await EngineProcess.run(["seed", "--lenient", try tenants.seedFile(in: directory)], environment: environment)
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = "http://" + (try await engine.listeningAddress())

        // 5. One answer for every unauthenticated request: unknown pair, known pair, a known
        // pair whose record lacks channel_config, and no signature at all.
        let junk = "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=="
        let stranger = SimulatedWebhook(channel: .whatsapp, from: "+447700900199", to: good.company, body: "hi", accountSid: good.accountSid)
        let known = SimulatedWebhook(channel: .whatsapp, from: good.user, to: good.company, body: "hi", accountSid: good.accountSid)
        let broken = SimulatedWebhook(
            channel: .whatsapp, from: tenants.noChannelConfig.user, to: tenants.noChannelConfig.company, body: "hi", accountSid: good.accountSid)
        var answers: [Answer] = []
        for hook in [stranger, known, broken] {
            answers.append(try await post(hook, to: address, signature: .given(junk), publicBaseURL: good.publicBaseURL, token: good.authToken))
        }
        answers.append(try await post(known, to: address, signature: .missing, publicBaseURL: good.publicBaseURL, token: good.authToken))
        // Even the right token cannot authenticate a number whose records name no secret.
        answers.append(try await post(broken, to: address, publicBaseURL: good.publicBaseURL, token: good.authToken))
        #expect(Set(answers.map(\.status)) == [403], "\(answers)")
        #expect(Set(answers.map(\.body)).count == 1, "bodies differ: \(answers.map(\.body))")
        // Authenticated, unknown pair: the documented 200 (Twilio must not retry it).
        #expect(try await post(stranger, to: address, publicBaseURL: good.publicBaseURL, token: good.authToken).status == 200)

        // 6. A captured webhook, answered once; re-cut and replayed, it is refused or a no-op.
        let captured = SimulatedWebhook(channel: .whatsapp, from: good.user, to: good.company, body: "first token gx1x", accountSid: good.accountSid)
        #expect(try await post(captured, to: address, publicBaseURL: good.publicBaseURL, token: good.authToken).status == 200)
        _ = try await poll(timeout: .seconds(30), "the captured message to be answered") {
            await fakes.twilio.sentMessages().count == 1 ? true : nil
        }
        let signed = captured.signed(url: good.publicBaseURL + "/whatsapp", authToken: good.authToken)
        let recut = Self.recut(captured)
        #expect(TwilioSignature().isValid(url: good.publicBaseURL + "/whatsapp", fields: recut, signature: signed.signature, authToken: good.authToken),
                "the re-cut form still carries a valid signature: only the format rules stop it")
        let recutAnswer = try await postRaw(SimulatedWebhook.encode(recut), to: address, signature: signed.signature)
        #expect(recutAnswer.status == 400, "\(recutAnswer)")
        // A newer conversation of the same pair: the replay must not be answered there either.
        try await seedNewerConversation(environment: environment, directory: directory)
        let replay = try await postRaw(signed.body, to: address, signature: signed.signature)
        #expect(replay.status == 200)
        let fresh = SimulatedWebhook(channel: .whatsapp, from: good.user, to: good.company, body: "second token gx2x", accountSid: good.accountSid)
        #expect(try await post(fresh, to: address, publicBaseURL: good.publicBaseURL, token: good.authToken).status == 200)
        _ = try await poll(timeout: .seconds(30), "the fresh message to be answered") {
            await fakes.twilio.sentMessages().count >= 2 ? true : nil
        }
        let userTurns = await fakes.openAI.requests().compactMap(\.newestUserTurn)
        #expect(userTurns.filter { $0.contains("gx1x") }.count == 1, "the replay reached the model: \(userTurns)")
        #expect(await fakes.twilio.sentMessages().count == 2)

        // 7. The tenant rotates its token: the first message signed with the new one is kept.
        let rotated = "e2e-rotated-auth-token"
        try await Task.sleep(for: .seconds(1.1))
        try await rotateSecret(to: rotated, environment: environment, directory: directory)
        let afterRotation = SimulatedWebhook(channel: .whatsapp, from: good.user, to: good.company, body: "rotated gx3x", accountSid: good.accountSid)
        #expect(try await post(afterRotation, to: address, publicBaseURL: good.publicBaseURL, token: rotated).status == 200)
        // The old token no longer authenticates.
        let stale = SimulatedWebhook(channel: .whatsapp, from: good.user, to: good.company, body: "stale", accountSid: good.accountSid)
        #expect(try await post(stale, to: address, publicBaseURL: good.publicBaseURL, token: good.authToken).status == 403)
        // Stop the engine before the caller stops the fakes: the message accepted above still has
        // a batch to run, and a fake stopped while the engine connects to it crashes the test
        // process (swift-nio#2637: a connection accepted while the serving task is cancelled).
        engine.terminate()
        _ = try await engine.waitForExit()
        #expect(engine.standardError.contains("webhook signature matched only after re-reading the secret"))
        #expect(!engine.standardError.contains(rotated) && !engine.standardError.contains(good.authToken))
    }

    struct Answer: Hashable {
        var status: Int
        var body: String
    }

    enum Signature {
        case valid, missing
        case given(String)
    }

    /// Posts `hook` signed with `token`, or with another signature, or with none.
    private func post(
        _ hook: SimulatedWebhook, to address: String, signature: Signature = .valid, publicBaseURL: String, token: String
    ) async throws -> Answer {
        let signed = hook.signed(url: publicBaseURL + "/whatsapp", authToken: token)
        let header: String? = switch signature {
        case .valid: signed.signature
        case .missing: nil
        case .given(let text): text
        }
        return try await postRaw(signed.body, to: address, signature: header)
    }

    private func postRaw(_ body: String, to address: String, signature: String?) async throws -> Answer {
        var request = HTTPClientRequest(url: address + "/whatsapp")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let signature { request.headers.add(name: "X-Twilio-Signature", value: signature) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let text = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: text))
    }

    /// `MessageSid=SM…` + the next field re-cut into one `MessageSid` (``SignatureRecut``): the
    /// same signed text, and a SID dedupe has never seen.
    static func recut(_ hook: SimulatedWebhook) -> [FormField] {
        SignatureRecut.absorbNext(into: "MessageSid", of: hook.fields)
    }

    /// Seeds a second, newer conversation for the good tenant's pair (as a new campaign would).
    private func seedNewerConversation(environment: [String: String], directory: URL) async throws {
        var record = tenants.good.record
        record["conversation_id"] = .string("ci-e2e-001#pi-e2e-001#newer-campaign#\(tenants.good.company.dropFirst())")
        record["created_at"] = .string("2027-01-05T09:30:12.345678+00:00Z")
        record["messages"] = .list([])
        let url = directory.appendingPathComponent("newer.json")
        try JSONEncoder().encode(["conversations": RecordValue.list([.map(record)])]).write(to: url)
        _ = try await EngineProcess.run(["seed", url.path], environment: environment)
    }

    private func rotateSecret(to token: String, environment: [String: String], directory: URL) async throws {
        let good = tenants.good
        let secrets: RecordValue = .map([
            good.twilioSecret: .map(["twilio_account_sid": .string(good.accountSid), "twilio_auth_token": .string(token)]),
        ])
        let url = directory.appendingPathComponent("rotated.json")
        try JSONEncoder().encode(["secrets": secrets]).write(to: url)
        _ = try await EngineProcess.run(["seed", url.path], environment: environment)
    }
}
