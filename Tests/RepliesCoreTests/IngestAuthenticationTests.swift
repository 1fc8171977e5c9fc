import Foundation
import InMemoryBackend
import RepliesCore
import Synchronization
import Testing

/// Issue 13 points 5–7 in the core: authentication from the company number before the pair is
/// looked up, one answer for every unauthenticated request, replays recognised across the
/// pair's conversations, and token rotation picked up by one rate-limited re-read.
@Suite("Ingest: authentication, replays and token rotation")
struct IngestAuthenticationTests {
    /// Secrets that count reads, split into cached and fresh ones.
    actor CountingSecrets: SecretSource {
        var values: [String: [String: String]]
        private(set) var reads = 0
        private(set) var freshReads = 0

        init(_ values: [String: [String: String]]) { self.values = values }

        func secret(named name: String) async throws -> [String: String] {
            reads += 1
            guard let value = values[name] else { throw SecretError.notFound(name) }
            return value
        }

        func freshSecret(named name: String) async throws -> [String: String] {
            freshReads += 1
            return try await secret(named: name)
        }

        func set(_ name: String, _ value: [String: String]) { values[name] = value }
    }

    static func engine(secrets: CountingSecrets, records: [Record] = [Fixture.record()], settings: EngineSettings = EngineSettings()) async throws -> (TestEngine, Ingest) {
        let engine = try await TestEngine(records: records, settings: settings)
        var ports = engine.ports
        ports.secrets = secrets
        return (engine, Ingest(ports: ports, settings: settings, logger: TestEngine.logger))
    }

    @Test func aRequestWithoutSignatureIsRefusedBeforeAnyRead() async throws {
        let engine = try await TestEngine()
        // Any store read would hit these and fail the request differently.
        for op in [FaultOp.find, .read, .stage, .pendingFragments] { engine.faults.inject(op, permanent: true, times: 100) }
        for signature in [nil, ""] as [String?] {
            let outcome = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", signature: signature))
            #expect(outcome == .forbidden("X-Twilio-Signature is missing"))
        }
        #expect(engine.faults.hits.isEmpty, "the store was read: \(engine.faults.hits)")
    }

    /// Unknown pair, known pair, known pair whose record names no secret, secret without token:
    /// the same outcome (and so the same HTTP answer) for a junk signature.
    @Test func junkSignaturesGetOneAnswerWhoeverTheyName() async throws {
        let broken = Fixture.record(
            conversationId: "broken", user: Fixture.otherUser, company: "+447700900999",
            ["channel_config": .map(["company_whatsapp_number": .string("+447700900999")])])
        let engine = try await TestEngine(records: [Fixture.record(), broken])
        let targets = [(Fixture.user, Fixture.company), ("+447700900199", Fixture.company), (Fixture.otherUser, "+447700900999"),
                       (Fixture.user, "+447700900777")]
        var labels: Set<String> = []
        for (index, (user, company)) in targets.enumerated() {
            let hook = TestEngine.webhook(sid: Fixture.sid(index + 1), body: "Hi", from: user, to: company, signature: "junk")
            labels.insert(await engine.ingest.handle(hook).label)
        }
        #expect(labels == ["forbidden"])
        // The valid signature for a number whose records name no secret: refused the same way.
        let valid = TestEngine.webhook(sid: Fixture.sid(9), body: "Hi", from: Fixture.otherUser, to: "+447700900999")
        #expect(await engine.ingest.handle(valid).label == "forbidden")
        #expect(try await engine.pendingSids().isEmpty)
    }

    @Test func authenticatedUnknownPairIsStillTheDocumented200() async throws {
        let engine = try await TestEngine()
        #expect(await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", from: "+447700900199")) == .unknownConversation)
    }

    @Test func anAccountSidOtherThanTheTenantsIsRefused() async throws {
        let engine = try await TestEngine()
        var hook = TestEngine.webhook(sid: Fixture.sid(1), body: "Hi")
        hook.message.accountSid = "AC" + String(repeating: "1", count: 32)
        #expect(await engine.ingest.handle(hook).label == "forbidden")
        #expect(try await engine.pendingSids().isEmpty)
    }

    @Test func aReplayRoutedToANewerConversationOfThePairIsNotAnsweredAgain() async throws {
        let engine = try await TestEngine()
        #expect(await engine.receive(1, "Hi") == .accepted)
        try await engine.runUntilIdle()
        #expect(await engine.sender.delivered.count == 1)
        // A new campaign for the same pair: the replay would be routed there.
        try await engine.conversations.put(Fixture.record(conversationId: "newer", createdAt: "2026-01-01T00:00:00.000000+00:00Z"))
        #expect(await engine.receive(1, "Hi") == .duplicate)
        engine.clock.advance(by: .seconds(400 * 86_400))
        #expect(await engine.receive(1, "Hi") == .duplicate, "remembered for good (doneRetention nil)")
        try await engine.runUntilIdle()
        #expect(await engine.sender.delivered.count == 1)
        #expect(await engine.model.callCount == 1)
    }

    @Test func tokensAreCachedAndBadSignaturesReReadAtMostOncePerInterval() async throws {
        let secrets = CountingSecrets(Fixture.secrets)
        let (engine, ingest) = try await Self.engine(secrets: secrets)
        #expect(await ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi")) == .accepted)
        let readsWhenCached = await secrets.reads
        #expect(await ingest.handle(TestEngine.webhook(sid: Fixture.sid(2), body: "Hi")) == .accepted)
        #expect(await secrets.reads == readsWhenCached, "the token is cached")
        // A flood of bad signatures: one fresh read, then none within the refresh interval.
        for n in 3...20 {
            #expect(await ingest.handle(TestEngine.webhook(sid: Fixture.sid(n), body: "Hi", signature: "junk")).label == "forbidden")
        }
        #expect(await secrets.freshReads == 1)
        engine.clock.advance(by: engine.settings.signingSecretRefreshInterval)
        _ = await ingest.handle(TestEngine.webhook(sid: Fixture.sid(21), body: "Hi", signature: "junk"))
        #expect(await secrets.freshReads == 2)
    }

    @Test func aTokenRotatedWhileCachedIsPickedUpOnItsFirstMessage() async throws {
        let secrets = CountingSecrets(Fixture.secrets)
        let verifier = RotatingVerifier()
        let engine = try await TestEngine()
        var ports = engine.ports
        ports.secrets = secrets
        ports.verifier = verifier
        let ingest = Ingest(ports: ports, settings: engine.settings, logger: TestEngine.logger)
        #expect(await ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi")) == .accepted)
        await secrets.set(Fixture.twilioSecret, ["twilio_account_sid": Fixture.accountSid, "twilio_auth_token": "rotated-token"])
        verifier.token.withLock { $0 = "rotated-token" }
        #expect(await ingest.handle(TestEngine.webhook(sid: Fixture.sid(2), body: "Hi")) == .accepted)
        #expect(await secrets.freshReads == 1)
        #expect(try await engine.pendingSids() == [Fixture.sid(1), Fixture.sid(2)])
    }
}

/// Accepts ``Fixture/signature`` with whichever token is current (Twilio after a rotation).
final class RotatingVerifier: SignatureVerifier {
    let token = Mutex(Fixture.authToken)

    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool {
        signature == Fixture.signature && authToken == token.withLock { $0 }
    }
}
