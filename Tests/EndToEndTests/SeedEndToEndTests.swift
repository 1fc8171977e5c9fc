import AWSCore
import Foundation
import RepliesCore
import TestFakes
import Testing

/// `seed` on the real binary: strict checks that name record and field and write nothing on an
/// error, never replacing a conversation the engine has answered unless `--force` (both
/// backends), and on AWS an exact report of what was written when a write fails midway.
@Suite struct SeedEndToEndTests {
    let tenant = SampleTenant()

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-seed-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func write(_ seed: [String: RecordValue], to directory: URL, name: String = "seed.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try JSONEncoder().encode(seed).write(to: url)
        return url.path
    }

    var secrets: RecordValue {
        .map([
            tenant.twilioSecret: .map(["twilio_account_sid": .string(tenant.accountSid), "twilio_auth_token": .string(tenant.authToken)]),
            tenant.openAISecret: .map(["ai_api_key": .string(tenant.openAIKey)]),
        ])
    }

    @Test("a typo, wrong types and unmatchable records: exit 1, every problem named, nothing written")
    func invalidFilesWriteNothing() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["REPLIES_DATA_DIR": directory.appendingPathComponent("data").path]

        // The issue's first try: a misspelt key used to seed nothing and exit 0.
        let typo = try write(["conversation": .list([.map(tenant.record)]), "secrets": secrets], to: directory, name: "typo.json")
        let refused = try await EngineProcess.finish(["seed", typo], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("error: the file: conversation: unknown top-level key (did you mean \"conversations\"?)"))

        var wrong = tenant.record
        wrong["allowed_channels"] = .string("whatsapp")
        wrong["project_status"] = .int(1)
        var unmatchable = tenant.record
        unmatchable["conversation_id"] = .string("ci-e2e-001#pi-e2e-001#unmatchable#447700900456")
        unmatchable["recipient_tel"] = nil
        unmatchable["gsi_recipient_tel"] = nil
        unmatchable["channel_config"] = .map(["company_whatsapp_number": .string(tenant.company)])
        let file = try write(["conversations": .list([.map(wrong), .map(unmatchable)]), "secrets": secrets], to: directory)
        let result = try await EngineProcess.finish(["seed", file], environment: environment)
        #expect(result.status == 1)
        let first = "conversations[0] (conversation_id \"\(tenant.conversationId)\")"
        let second = "conversations[1] (conversation_id \"ci-e2e-001#pi-e2e-001#unmatchable#447700900456\")"
        for line in [
            "error: \(first): allowed_channels: expected a list of strings such as [\"whatsapp\"], found the string \"whatsapp\"",
            "error: \(first): project_status: expected a string, found the number 1",
            "error: \(second): recipient_tel: is missing (and there is no gsi_recipient_tel)",
            "error: \(second): channel_config.whatsapp_credentials_id: is missing",
            "nothing was written",
        ] {
            #expect(result.errors.contains(line), "missing: \(line)\n\(result.errors)")
        }
        #expect(!result.errors.contains(tenant.user), "a phone number was printed")
        let inspect = try await EngineProcess.finish(["inspect", tenant.user, tenant.conversationId], environment: environment)
        #expect(inspect.status != 0)
        // Not even the secrets of the refused file.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/secrets.json").path))
    }

    @Test(
        "re-seeding an answered conversation is refused and keeps its history; --force replaces it and says what was lost",
        .timeLimit(.minutes(3)), arguments: EngineBackend.allCases)
    func reSeedingNeverDestroysHistory(backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend)
        do {
            try await reSeed(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    private func reSeed(_ harness: FaultHarness) async throws {
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        try await harness.postBurst(["Is the viewing still on?"], to: engine.address)
        let answered = try await harness.waitForRecord(timeout: .seconds(60), "the reply to be recorded") {
            ($0["messages"] as? [Any])?.count == 3 && $0["reply_lease_owner"] == nil
        }
        engine.process.terminate()
        _ = try await engine.process.waitForExit()

        let file = try tenant.seedFile(in: harness.directory)
        let refused = try await EngineProcess.finish(["seed", file], environment: harness.environment)
        #expect(refused.status == 1)
        #expect(refused.errors.contains(
            "error: conversations[0] (conversation_id \"\(tenant.conversationId)\"): has engine history: 2 messages written by the engine"))
        #expect(refused.errors.contains("conversation_status \"reply_sent\"; last_inbound_at; last_reply_batch; reply_processing_time_ms"))
        #expect(refused.errors.contains("--force"))
        let kept = try await harness.record()
        #expect((kept["messages"] as? [Any])?.count == 3)
        #expect(kept["last_reply_batch"] != nil && answered["last_reply_batch"] != nil)

        let forced = try await EngineProcess.run(["seed", "--force", file], environment: harness.environment)
        #expect(forced.contains("seeded 1 conversation (0 new, 1 replaced)"))
        #expect(forced.contains("replaced conversations[0] (conversation_id \"\(tenant.conversationId)\") and its engine history (--force): 2 messages written by the engine"))
        let replaced = try await harness.record()
        #expect((replaced["messages"] as? [Any])?.count == 1)
        #expect(replaced["last_reply_batch"] == nil)
    }

    @Test("AWS: a write failing midway stops the seed and says exactly what was written")
    func awsReportsAPartialSeed() async throws {
        var environment = try await AWSStack.provisioned()
        let proxy = try await FaultProxy.start(upstream: try #require(environment["AWS_ENDPOINT_URL"]))
        defer { Task { await proxy.stop() } }
        environment["AWS_ENDPOINT_URL"] = proxy.baseURL
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var second = tenant.record
        let secondId = "ci-e2e-001#pi-e2e-001#second#447700900456"
        second["conversation_id"] = .string(secondId)
        second["created_at"] = .string("2026-11-25T09:30:12.345678+00:00Z")
        let file = try write(["conversations": .list([.map(tenant.record), .map(second)]), "secrets": secrets], to: directory)
        // A permanent error (not retried) on the second conversation's PutItem.
        await proxy.inject(.error(status: 400, type: "ValidationException"), target: "DynamoDB_20120810.PutItem", bodyContains: "#second#")

        let result = try await EngineProcess.finish(["seed", file], environment: environment)
        #expect(result.status != 0)
        let secretNames = [tenant.openAISecret, tenant.twilioSecret].sorted()
        #expect(result.errors.contains("seeding stopped at conversation \(secondId)"), "\(result.errors)")
        #expect(result.errors.contains(
            "Written before it (3): secret \(secretNames[0]), secret \(secretNames[1]), conversation \(tenant.conversationId); not attempted: 0"))
        #expect(await proxy.injectedCount() == 1)
        // What it said it wrote is there; the failed one is not.
        environment["AWS_ENDPOINT_URL"] = ProcessInfo.processInfo.environment["MOTO_ENDPOINT"]
        #expect(try await EngineProcess.finish(["inspect", tenant.user, tenant.conversationId], environment: environment).status == 0)
        #expect(try await EngineProcess.finish(["inspect", tenant.user, secondId], environment: environment).status != 0)
    }
}
