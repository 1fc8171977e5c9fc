import Foundation
import RepliesCore
import TestFakes
import Testing

/// `serve` as an operator sees it: the effective configuration at start and a line at stop,
/// debug logs of readable size, one process per data directory, and a restart after `kill -9`
/// that answers at once instead of waiting for the dead process's leases.
@Suite struct ServeLifecycleEndToEndTests {
    @Test("start logs the effective configuration (no secrets), stop logs a line, no debug line is huge")
    func startAndStopAreLogged() async throws {
        let harness = try await FaultHarness.start(.embedded, settings: ["LOG_LEVEL": "debug"])
        defer { Task { await harness.stop() } }
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        try await harness.postBurst(["Is parking included?"], to: engine.address)
        _ = try await harness.waitForRecord(timeout: .seconds(60), "the reply") { ($0["messages"] as? [Any])?.count == 3 }
        engine.process.terminate()
        #expect(try await engine.process.waitForExit() == 0)

        let logs = engine.process.standardError
        let start = try #require(logs.split(separator: "\n").first { $0.contains("serve starting") }, "no start line in:\n\(logs.prefix(4000))")
        for part in [
            "backend=embedded", "data_dir=\(try #require(harness.environment["REPLIES_DATA_DIR"]))",
            "public_base_url=\(harness.tenant.publicBaseURL)", "listen=\(engine.address)", "model=openai gpt-5-mini at http://127.0.0.1:",
            "sender=twilio at http://127.0.0.1:", "batch_window_s=5", "reply_lease_s=30", "queue_visibility_s=2", "workers=4",
        ] {
            #expect(start.contains(part), "start line lacks \(part): \(start)")
        }
        #expect(logs.contains("serve stopped"))
        let longest = logs.split(separator: "\n").map(\.count).max() ?? 0
        #expect(longest < 2_000, "a log line of \(longest) characters")
        for secret in [harness.tenant.authToken, harness.tenant.openAIKey] {
            #expect(!logs.contains(secret), "the log contains a secret")
        }
    }

    @Test("a second serve on the same data directory is refused, naming the first; after kill -9 one starts again")
    func oneServePerDataDirectory() async throws {
        let harness = try await FaultHarness.start(.embedded)
        defer { Task { await harness.stop() } }
        let first = try await harness.serve()
        defer { first.process.kill9() }

        let second = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { second.kill9() }
        #expect(try await second.waitForExit() != 0)
        let directory = try #require(harness.environment["REPLIES_DATA_DIR"])
        #expect(second.standardError.contains(
            "data directory '\(directory)' is in use by another replies-engine serve (pid \(first.process.process.processIdentifier), started"))
        #expect(!second.standardOutput.contains("listening on"))

        first.process.kill9()
        _ = try await first.process.waitForExit()
        let third = try await harness.serve()
        third.process.terminate()
        #expect(try await third.process.waitForExit() == 0)
    }

    @Test(
        "kill -9 mid-batch, restart: the restarted serve takes over the lease and the trigger and answers within seconds",
        .timeLimit(.minutes(2)))
    func restartTakesOverAtOnce() async throws {
        // Production timings: without the takeover the answer would wait 120 s for the trigger
        // and 300 s for the lease.
        let harness = try await FaultHarness.start(
            .embedded, settings: ["QUEUE_VISIBILITY_TIMEOUT_SECONDS": "120", "REPLY_LEASE_SECONDS": "300"])
        defer { Task { await harness.stop() } }
        let crashing = try await harness.serve(extra: ["REPLIES_DEBUG_CRASH_AT": "after-model-call"])
        defer { crashing.process.kill9() }
        try await harness.postBurst(["Can I move in a day early?"], to: crashing.address)
        _ = try await crashing.process.waitForExit(timeout: .seconds(40))
        #expect(crashing.process.process.terminationReason == .uncaughtSignal)
        let held = try await harness.record()
        #expect(held["reply_lease_owner"] != nil, "the crash should leave the lease held")

        let restarted = try await harness.serve()
        defer { restarted.process.kill9() }
        let start = ContinuousClock.now
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the answer after the restart") {
            ($0["messages"] as? [Any])?.count == 3 && $0["conversation_status"] as? String == "reply_sent"
        }
        let waited = ContinuousClock.now - start
        #expect(waited < .seconds(20), "answered after \(waited)")
        #expect(await harness.twilio.sentMessages().count == 1)
        #expect(restarted.process.standardError.contains("took over from a serve that stopped without finishing"))
        #expect(restarted.process.standardError.contains("reply_leases=1"))
        restarted.process.terminate()
        _ = try await restarted.process.waitForExit()
    }
}
