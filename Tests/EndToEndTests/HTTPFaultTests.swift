import Foundation
import RepliesCore
import TestFakes
import Testing

/// Faults at the model and the sender, through the real binary: FakeOpenAI and FakeTwilio
/// answer the engine's next request(s) with a scripted fault. Transient faults are retried and
/// the burst is answered exactly once; permanent ones end in `reply_failed` with the reason
/// recorded and a human notified: never silence, never a second message.
@Suite struct HTTPFaultTests {
    static let cases: [(HTTPFault, EngineBackend)] =
        HTTPFault.allCases.map { ($0, .embedded) } + [(.twilioResponseDropped, .aws), (.twilioOutsideWindow, .aws)]

    @Test("a scripted OpenAI or Twilio fault: transient → answered once, permanent → reply_failed and a human told",
          .timeLimit(.minutes(2)), arguments: cases)
    func faultIsRetriedOrReported(fault: HTTPFault, backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend, settings: fault.settings)
        do {
            try await run(fault, harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    private func run(_ fault: HTTPFault, _ harness: FaultHarness) async throws {
        await fault.script(openAI: harness.openAI, twilio: harness.twilio)
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        let bodies = ["Is the flat still available?", "Could I see it on Friday?"]
        let sids = try await harness.postBurst(bodies, to: engine.address)

        let expectedStatus = fault.outcome == .answered ? "reply_sent" : "reply_failed"
        _ = try await harness.waitForRecord(timeout: .seconds(45), "the batch to end in \(expectedStatus)") { record in
            record["conversation_status"] as? String == expectedStatus && record["reply_lease_owner"] == nil
        }
        _ = try await poll(timeout: .seconds(20), "the batch's fragments to be settled") {
            try await harness.pendingFragments().isEmpty ? true : nil
        }
        // No trigger left that could come back, and the fakes are quiet: the counts are final.
        try await harness.waitForQuiescence()

        #expect(await harness.openAI.requests().count == fault.modelCalls)
        #expect(await harness.sendAttempts() == fault.sendAttempts)
        let sent = await harness.twilio.sentMessages()
        let record = try await harness.record()
        let messages = try #require(record["messages"] as? [[String: Any]])
        let user = try #require(messages.dropFirst().first)
        #expect(user["role"] as? String == "user")
        #expect(user["message_id"] as? String == sids[0])
        #expect(user["content"] as? String == bodies.joined(separator: "\n"))
        #expect(record["pending_reply"] == nil)
        #expect(try await harness.pendingFragments().isEmpty)

        switch fault.outcome {
        case .answered:
            #expect(sent.count == 1)
            #expect(messages.count == 3)
            #expect(messages.last?["role"] as? String == "assistant")
            #expect(messages.last?["message_id"] as? String == sent.first?.sid)
            #expect(messages.last?["content"] as? String == sent.first?.body)
            #expect(record["reply_failure_reason"] == nil)
        case .replyFailed(let reason):
            #expect(sent.isEmpty)
            #expect(messages.count == 2, "the user turn is kept, no assistant turn is invented")
            let recorded = try #require(record["reply_failure_reason"] as? String)
            #expect(recorded.contains(reason), "reply_failure_reason: \(recorded)")
            let notices = try await harness.handoffNotices()
            let notice = try #require(notices.first { $0.reason == .replyFailed }, "no reply_failed notice among \(notices)")
            #expect(notice.messageSids == sids)
            #expect(notice.detail?.contains(reason) == true)
        }

        engine.process.terminate()
        #expect(try await engine.process.waitForExit() == 0)
    }
}
