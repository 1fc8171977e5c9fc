import Foundation
import RepliesCore
import TestFakes
import Testing

/// The points where a debug build kills itself (`REPLIES_DEBUG_CRASH_AT`, see
/// `Sources/replies-engine/Configuration/CrashPoints.swift`), with what must already have
/// happened when it dies.
enum CrashPointCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case beforeModelCall = "before-model-call"
    case afterModelCall = "after-model-call"
    case afterSend = "after-send"
    case afterRecord = "after-record"

    var testDescription: String { rawValue }

    /// Model calls made before the process dies.
    var modelCallsBeforeCrash: Int { self == .beforeModelCall ? 0 : 1 }
    /// Model calls in all: only a reply lost before it was persisted is asked for again.
    var modelCallsInAll: Int { self == .afterModelCall ? 2 : 1 }
    /// Messages Twilio accepted before the process dies.
    var sendsBeforeCrash: Int { self == .afterSend || self == .afterRecord ? 1 : 0 }
}

/// Guarantee 2 against a real `kill -9`: the real binary dies at each crash point, on each
/// backend, and a restarted `serve` (without the crash point, on the same data) finishes the
/// batch: one send, one user turn with both messages, one assistant turn, nothing left staged.
@Suite struct CrashPointTests {
    @Test(
        "kill -9 at a crash point, restart: one send, both messages in one user turn, nothing pending",
        .timeLimit(.minutes(3)),
        arguments: CrashPointCase.allCases, EngineBackend.allCases)
    func recoversAfterKill9(point: CrashPointCase, backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend)
        do {
            try await crashAndRecover(harness, point: point)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    private func crashAndRecover(_ harness: FaultHarness, point: CrashPointCase) async throws {
        let bodies = ["Can we move the viewing to 11?", "Also, is there parking nearby?"]
        let crashing = try await harness.serve(extra: ["REPLIES_DEBUG_CRASH_AT": point.rawValue])
        defer { crashing.process.kill9() }
        let sids = try await harness.postBurst(bodies, to: crashing.address)
        _ = try await crashing.process.waitForExit(timeout: .seconds(40))
        #expect(crashing.process.process.terminationReason == .uncaughtSignal, "the engine exited instead of being killed")
        #expect(crashing.process.process.terminationStatus == SIGKILL)
        #expect(await harness.openAI.requests().count == point.modelCallsBeforeCrash)
        #expect(await harness.sendAttempts() == point.sendsBeforeCrash)

        // Same data, same fakes, no crash point. A lease the dead worker held expires after
        // REPLY_LEASE_SECONDS (30 s); its trigger comes back after the 2 s visibility.
        let restarted = try await harness.serve()
        defer { restarted.process.kill9() }
        _ = try await harness.waitForRecord(timeout: .seconds(90), "the batch to be recorded after the restart") { record in
            (record["messages"] as? [Any])?.count == 3 && record["pending_reply"] == nil && record["reply_lease_owner"] == nil
        }
        _ = try await poll(timeout: .seconds(30), "the answered fragments to be cleaned up") {
            try await harness.pendingFragments().isEmpty ? true : nil
        }
        // No trigger left that could come back, and the fakes are quiet: the counts are final.
        try await harness.waitForQuiescence()

        #expect(await harness.sendAttempts() == 1)
        let sent = await harness.twilio.sentMessages()
        #expect(sent.count == 1)
        #expect(await harness.openAI.requests().count == point.modelCallsInAll)
        if point == .afterSend {
            // The SID was never recorded: the restart must have asked Twilio, not guessed.
            #expect(await harness.twilio.requests().contains { $0.method == "GET" })
        }

        let record = try await harness.record()
        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages.count == 3)
        #expect(messages.filter { $0["role"] as? String == "user" }.count == 1)
        let user = try #require(messages.dropFirst().first)
        #expect(user["role"] as? String == "user")
        #expect(user["message_id"] as? String == sids[0])
        #expect(user["content"] as? String == bodies.joined(separator: "\n"))
        let assistant = try #require(messages.last)
        #expect(assistant["role"] as? String == "assistant")
        #expect(assistant["message_id"] as? String == sent.first?.sid)
        #expect(assistant["content"] as? String == sent.first?.body)
        #expect(record["conversation_status"] as? String == "reply_sent")
        #expect(record["pending_reply"] == nil)
        #expect(record["reply_lease_owner"] == nil)
        #expect(record["reply_failure_reason"] == nil)
        #expect(try await harness.pendingFragments().isEmpty)

        restarted.process.terminate()
        #expect(try await restarted.process.waitForExit() == 0)
    }
}
