import Foundation
import RepliesCore
import TestFakes
import Testing

/// `simulate` says what the server did: its decision (with `DEBUG_OUTCOME_HEADER`), why a 403
/// happened, how the batch ended (`--wait`), and fails fast on a dead URL.
@Suite struct SimulateEndToEndTests {
    @Test("nothing listening: fails within two seconds asking whether serve runs there")
    func deadURLFailsFast() async throws {
        let url = "http://127.0.0.1:\(try freeLoopbackPort())"
        // What starting the binary costs on this machine right now, to be left out of the measure.
        let launch = ContinuousClock.now
        _ = try await EngineProcess.run(["--version"], environment: [:])
        let startup = ContinuousClock.now - launch
        let start = ContinuousClock.now
        let result = try await EngineProcess.finish(
            ["simulate", "--url", url, "--auth-token", "x", "--from", "+447700900123", "--to", "+447700900456", "--body", "hi"],
            environment: [:])
        let took = ContinuousClock.now - start
        #expect(result.status != 0)
        #expect(result.errors.contains("cannot reach \(url) (connection refused): is serve running at \(url)?"), "\(result.errors)")
        // The reachability check gives up after 1.5 s (before it: 20 s and an errno).
        #expect(took - startup < .seconds(3), "took \(took), of which \(startup) starting a process")
    }

    @Test("with the debug header: accepted and answered, duplicate, unknown pair, refused and why, 403 explained")
    func reportsTheServersDecision() async throws {
        let harness = try await FaultHarness.start(.embedded, settings: ["DEBUG_OUTCOME_HEADER": "true", "BATCH_WINDOW_SECONDS": "1"])
        defer { Task { await harness.stop() } }
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        let tenant = harness.tenant
        let url = "http://\(engine.address)"
        func simulate(_ extra: [String], environment: [String: String]? = nil) async throws -> (status: Int32, output: String, errors: String) {
            try await EngineProcess.finish(
                ["simulate", "--url", url, "--from", tenant.user, "--to", tenant.company] + extra, environment: environment ?? harness.environment)
        }

        let sid = "SM" + String(repeating: "5", count: 32)
        let answered = try await simulate(["--body", "Is parking included?", "--message-sid", sid, "--wait", "30"])
        #expect(answered.status == 0, "\(answered.errors)")
        #expect(answered.output.contains("outcome: accepted: stored and scheduled"))
        let reply = try #require(await harness.twilio.sentMessages().first?.body)
        #expect(answered.output.contains("answered:\n  \(reply.replacingOccurrences(of: "\n", with: "\n  "))"), "\(answered.output)")
        #expect(answered.output.contains("conversation_status reply_sent: the last batch was answered"))

        let duplicate = try await simulate(["--body", "Is parking included?", "--message-sid", sid])
        #expect(duplicate.output.contains("outcome: duplicate: this MessageSid was already answered"))

        let stranger = try await EngineProcess.finish(
            ["simulate", "--url", url, "--from", "+447700900999", "--to", tenant.company, "--body", "who is this", "--auth-token", tenant.authToken,
             "--account-sid", tenant.accountSid],
            environment: harness.environment)
        #expect(stranger.output.contains("outcome: unknown number pair"), "\(stranger.output)")

        // Deactivate the project through the live company record: a warning, then a refusal.
        let company: [String: RecordValue] = ["companies": .list([.map([
            "company_id": .string("ci-e2e-001"), "project_id": .string("pi-e2e-001"), "project_status": .string("inactive"),
            "allowed_channels": .list([.string("whatsapp")]),
        ])])]
        let file = harness.directory.appendingPathComponent("company.json")
        try JSONEncoder().encode(company).write(to: file)
        let seeded = try await EngineProcess.finish(["seed", file.path], environment: harness.environment)
        #expect(seeded.status == 0)
        #expect(seeded.errors.contains("warning: companies[0] (company_id/project_id \"ci-e2e-001/pi-e2e-001\"): project_status: is \"inactive\""))
        let refused = try await simulate(["--body", "Hello?"])
        #expect(refused.output.contains("outcome: refused by the project/channel rules: project is not active (inactive); nothing was stored"))

        // Signed for another URL than serve checks: 403, and both URLs are shown.
        var elsewhere = harness.environment
        elsewhere["PUBLIC_BASE_URL"] = "https://wrong.example.test"
        let forbidden = try await simulate(["--body", "Hi"], environment: elsewhere)
        #expect(forbidden.status != 0)
        #expect(forbidden.output.contains("outcome: 403, the server refused the signature"))
        #expect(forbidden.output.contains("simulate signed for: https://wrong.example.test/whatsapp (base from PUBLIC_BASE_URL)"))
        #expect(forbidden.output.contains("serve checked:       \(tenant.publicBaseURL)/whatsapp"))
        #expect(forbidden.output.contains("--signing-url"))
    }

    @Test("without the header: whether the message is stored comes from the backend; a 403 is still explained")
    func withoutTheHeaderReadsTheBackend() async throws {
        let harness = try await FaultHarness.start(.embedded, settings: ["BATCH_WINDOW_SECONDS": "30"])
        defer { Task { await harness.stop() } }
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        let tenant = harness.tenant
        let base = ["simulate", "--url", "http://\(engine.address)", "--from", tenant.user, "--to", tenant.company, "--body", "Hi"]
        let stored = try await EngineProcess.finish(base, environment: harness.environment)
        #expect(stored.status == 0)
        #expect(stored.output.contains("outcome: stored; the reply comes after the batch window"), "\(stored.output)")

        var unset = harness.environment
        unset["PUBLIC_BASE_URL"] = nil
        let forbidden = try await EngineProcess.finish(base, environment: unset)
        #expect(forbidden.status != 0)
        #expect(forbidden.output.contains("simulate signed for: http://\(engine.address)/whatsapp (base from --url)"))
        #expect(!forbidden.output.contains("serve checked:"))
    }
}
