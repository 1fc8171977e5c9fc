import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Ingest: refusals and failures")
struct IngestRefusalTests {
    static func expectNothingStored(_ engine: TestEngine, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await engine.pendingSids().isEmpty, sourceLocation: sourceLocation)
        #expect(await engine.outcomes().isEmpty, sourceLocation: sourceLocation)
        #expect(await engine.queue.enqueuedCount == 0, sourceLocation: sourceLocation)
        #expect(!(await engine.locks.isHeld(Fixture.conversationId, at: engine.clock.now())), sourceLocation: sourceLocation)
    }

    @Test(arguments: [nil, "", "forged-signature"])
    func missingOrInvalidSignatureIsForbiddenAndNothingIsStaged(signature: String?) async throws {
        let engine = try await TestEngine()
        let outcome = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", signature: signature))
        #expect(outcome.label == "forbidden")
        try await Self.expectNothingStored(engine)
    }

    @Test func signatureIsCheckedWithTheTenantsToken() async throws {
        let engine = try await TestEngine()
        await engine.secrets.set(Fixture.twilioSecret, ["twilio_account_sid": Fixture.accountSid, "twilio_auth_token": "another-fake-token"])
        #expect(await engine.receive(1, "Hi").label == "forbidden")
        try await Self.expectNothingStored(engine)
    }

    /// Refused like any unauthenticated request (no oracle): no secret is named for the number.
    @Test func missingCredentialsReferenceIsRefusedLikeABadSignature() async throws {
        let engine = try await TestEngine(records: [Fixture.record([
            "channel_config": .map(["company_whatsapp_number": .string(Fixture.company), "whatsapp_credentials_id": .null]),
        ])])
        #expect(await engine.receive(1, "Hi").label == "forbidden")
        try await Self.expectNothingStored(engine)
    }

    @Test(arguments: [
        ["twilio_account_sid": Fixture.accountSid],
        ["twilio_account_sid": Fixture.accountSid, "twilio_auth_token": ""],
    ])
    func secretWithoutTokenIsRefusedLikeABadSignature(secret: [String: String]) async throws {
        let engine = try await TestEngine()
        await engine.secrets.set(Fixture.twilioSecret, secret)
        #expect(await engine.receive(1, "Hi").label == "forbidden")
        try await Self.expectNothingStored(engine)
    }

    @Test(arguments: [SecretError.notFound(Fixture.twilioSecret), SecretError.malformed(Fixture.twilioSecret)])
    func permanentSecretErrorsAreRefusedLikeABadSignature(error: SecretError) async throws {
        let engine = try await TestEngine()
        await engine.secrets.fail(with: error)
        #expect(await engine.receive(1, "Hi").label == "forbidden")
        try await Self.expectNothingStored(engine)
    }

    /// After authentication a broken tenant record may say so (500): the caller holds the token.
    @Test func aSecretWithoutAccountSidIsMisconfiguredOnceAuthenticated() async throws {
        let engine = try await TestEngine()
        await engine.secrets.set(Fixture.twilioSecret, ["twilio_auth_token": Fixture.authToken])
        #expect(await engine.receive(1, "Hi").label == "misconfigured")
        try await Self.expectNothingStored(engine)
    }

    @Test func unavailableSecretsAreUnavailable() async throws {
        let engine = try await TestEngine()
        await engine.secrets.fail(with: .unavailable("throttled"))
        #expect(await engine.receive(1, "Hi").label == "unavailable")
        try await Self.expectNothingStored(engine)
    }

    @Test func failingLookupIsUnavailable() async throws {
        let engine = try await TestEngine()
        engine.faults.inject(.find)
        #expect(await engine.receive(1, "Hi").label == "unavailable")
        try await Self.expectNothingStored(engine)
    }

    @Test(arguments: ["inactive", "", nil] as [String?])
    func inactiveProjectIsRejected(status: String?) async throws {
        let engine = try await TestEngine(records: [Fixture.record(["project_status": status.map(RecordValue.string) ?? .null])])
        #expect(await engine.receive(1, "Hi").label == "rejected")
        try await Self.expectNothingStored(engine)
    }

    @Test(arguments: [
        (RecordValue.number("1"), "project is not active (project_status is the number 1, not a string)"),
        (.bool(true), "project is not active (project_status is true, not a string)"),
        (.null, "project is not active (no project_status)"),
        (.string("paused"), "project is not active (paused)"),
    ])
    func inactiveProjectRefusalSaysWhatTheStatusWas(value: RecordValue, expected: String) async throws {
        let engine = try await TestEngine(records: [Fixture.record(["project_status": value])])
        #expect(await engine.receive(1, "Hi") == .rejected(expected))
        try await Self.expectNothingStored(engine)
    }

    @Test func channelNotAllowedIsRejected() async throws {
        let engine = try await TestEngine(records: [Fixture.record(["allowed_channels": .list([.string("email")])])])
        #expect(await engine.receive(1, "Hi").label == "rejected")
        try await Self.expectNothingStored(engine)
    }

    @Test func liveCompanyRecordOverridesTheSnapshot() async throws {
        // Snapshot says active; the company has since deactivated the project.
        let deactivated = try await TestEngine(useCompanyDirectory: true)
        try await deactivated.companies.put([
            "company_id": .string("ci-bbb-002"), "project_id": .string("pi-bbb-002"), "project_status": .string("inactive"),
            "allowed_channels": .list([.string("whatsapp")]),
        ])
        #expect(await deactivated.receive(1, "Hi").label == "rejected")
        try await Self.expectNothingStored(deactivated)

        // Snapshot says inactive and email only; the live record allows WhatsApp again.
        let reactivated = try await TestEngine(
            records: [Fixture.record(["project_status": .string("inactive"), "allowed_channels": .list([.string("email")])])],
            useCompanyDirectory: true)
        try await reactivated.companies.put([
            "company_id": .string("ci-bbb-002"), "project_id": .string("pi-bbb-002"), "project_status": .string("active"),
            "allowed_channels": .list([.string("whatsapp"), .string("sms")]),
        ])
        #expect(await reactivated.receive(1, "Hi") == .accepted)

        // The live record removes the channel.
        let narrowed = try await TestEngine(useCompanyDirectory: true)
        try await narrowed.companies.put([
            "company_id": .string("ci-bbb-002"), "project_id": .string("pi-bbb-002"), "project_status": .string("active"),
            "allowed_channels": .list([.string("sms")]),
        ])
        #expect(await narrowed.receive(1, "Hi").label == "rejected")
    }

    @Test func snapshotAppliesWhenTheCompanyIsUnknownToTheDirectory() async throws {
        let engine = try await TestEngine(useCompanyDirectory: true)
        #expect(await engine.receive(1, "Hi") == .accepted)
    }

    @Test func stageFailureIsUnavailableAndTakesNoLock() async throws {
        let engine = try await TestEngine()
        engine.faults.inject(.stage)
        #expect(await engine.receive(1, "Hi").label == "unavailable")
        try await Self.expectNothingStored(engine)
        // Twilio retries (or the fallback re-posts): now it is kept.
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(await engine.queue.enqueuedCount == 1)
    }

    @Test func queueFailureIsUnavailableAndReleasesTheLock() async throws {
        let engine = try await TestEngine()
        engine.faults.inject(.enqueue)
        #expect(await engine.receive(1, "Hi").label == "unavailable")
        #expect(!(await engine.locks.isHeld(Fixture.conversationId, at: engine.clock.now())))
        #expect(await engine.queue.enqueuedCount == 0)
        // The retry of the same webhook schedules: the fragment is pending, the lock free.
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(await engine.queue.enqueuedCount == 1)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
    }
}
