import Foundation
import RepliesCore
import TestFakes
import Testing

/// A fault in DynamoDB, SQS or Secrets Manager, injected by ``FaultProxy`` between the real
/// binary and moto for the next matching call(s).
enum AWSFault: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case stagePutThrottled = "dynamodb-putitem-throttled-x3"
    case updateServerError = "dynamodb-updateitem-500-x2"
    case leaseAnswerLost = "dynamodb-lease-update-response-lost"
    case finalWriteAnswerLost = "dynamodb-final-write-response-lost"
    case triggerSendThrottled = "sqs-sendmessage-throttled-x2"
    case receiveServerError = "sqs-receivemessage-500-x3"
    case triggerDeleteFails = "sqs-deletemessage-500-x4"
    case secretUnavailable = "secretsmanager-getsecretvalue-503-x2"

    var testDescription: String { rawValue }

    func inject(into proxy: FaultProxy) async {
        switch self {
        case .stagePutThrottled: await proxy.inject(.throttle, count: 3, target: "DynamoDB_20120810.PutItem")
        case .updateServerError: await proxy.inject(.internalServerError, count: 2, target: "DynamoDB_20120810.UpdateItem")
        case .leaseAnswerLost:
            await proxy.inject(.dropResponse, target: "DynamoDB_20120810.UpdateItem", bodyContains: "processing_reply")
        case .finalWriteAnswerLost:
            // The one write that appends both turns, sets reply_sent and releases the lease.
            await proxy.inject(.dropResponse, target: "DynamoDB_20120810.UpdateItem", bodyContains: "reply_sent")
        case .triggerSendThrottled: await proxy.inject(.throttle, count: 2, target: "AmazonSQS.SendMessage")
        case .receiveServerError: await proxy.inject(.internalServerError, count: 3, target: "AmazonSQS.ReceiveMessage")
        // Four: every attempt of the client's retries fails, so the trigger is not deleted.
        case .triggerDeleteFails: await proxy.inject(.internalServerError, count: 4, target: "AmazonSQS.DeleteMessage")
        case .secretUnavailable: await proxy.inject(.serviceUnavailable, count: 2, target: "secretsmanager.GetSecretValue")
        }
    }

    var injections: Int {
        switch self {
        case .stagePutThrottled, .receiveServerError: 3
        case .updateServerError, .triggerSendThrottled, .secretUnavailable: 2
        case .triggerDeleteFails: 4
        case .leaseAnswerLost, .finalWriteAnswerLost: 1
        }
    }
}

/// Faults in the store, queue and secrets on the AWS backend: the real binary talks to moto
/// through ``FaultProxy``. Whatever fails (and is retried, or redelivered), the burst is answered
/// exactly once and recorded exactly once.
@Suite struct AWSFaultTests {
    @Test("a DynamoDB/SQS/Secrets Manager fault between the engine and moto: retried, answered and recorded once",
          .timeLimit(.minutes(2)), arguments: AWSFault.allCases)
    func storeOrQueueFaultIsRetried(fault: AWSFault) async throws {
        let harness = try await FaultHarness.start(.aws)
        let proxy = try await FaultProxy.start(upstream: try #require(harness.environment["AWS_ENDPOINT_URL"]))
        do {
            try await run(fault, harness, proxy)
        } catch {
            await proxy.stop()
            await harness.stop()
            throw error
        }
        await proxy.stop()
        await harness.stop()
    }

    private func run(_ fault: AWSFault, _ harness: FaultHarness, _ proxy: FaultProxy) async throws {
        await fault.inject(into: proxy)
        let engine = try await harness.serve(extra: ["AWS_ENDPOINT_URL": proxy.baseURL])
        defer { engine.process.kill9() }
        let bodies = ["Is the flat still available?", "Could I see it on Friday?"]
        let sids = try await harness.postBurst(bodies, to: engine.address)

        _ = try await harness.waitForRecord(timeout: .seconds(45), "the burst to be answered and recorded") { record in
            record["conversation_status"] as? String == "reply_sent" && record["reply_lease_owner"] == nil
        }
        _ = try await poll(timeout: .seconds(20), "the fragments to be marked done") {
            try await harness.pendingFragments().isEmpty ? true : nil
        }
        // No trigger left that could come back, and the fakes are quiet: the counts are final.
        try await harness.waitForQuiescence()

        #expect(await proxy.injectedCount() == fault.injections, "the fault was not (fully) injected")
        #expect(await harness.sendAttempts() == 1)
        let sent = await harness.twilio.sentMessages()
        #expect(sent.count == 1)
        #expect(await harness.openAI.requests().count == 1)
        let record = try await harness.record()
        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages.count == 3, "exactly one user and one assistant turn appended")
        #expect(messages.dropFirst().first?["message_id"] as? String == sids[0])
        #expect(messages.dropFirst().first?["content"] as? String == bodies.joined(separator: "\n"))
        #expect(messages.last?["message_id"] as? String == sent.first?.sid)
        #expect(record["pending_reply"] == nil)
        #expect(record["reply_failure_reason"] == nil)

        engine.process.terminate()
        #expect(try await engine.process.waitForExit() == 0)
    }
}
