import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The real binary on the AWS backend over moto's server: `setup-aws` creates the tables and
/// queues, `seed` writes DynamoDB and Secrets Manager, `serve` runs the webhook and the SQS worker.
@Suite struct AWSServeEndToEndTests {
    let tenant = SampleTenant()

    @Test("signed webhooks → DynamoDB stage + lock → delayed SQS trigger → worker → fakes → final record")
    func serveOnMoto() async throws {
        var environment = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        let (openAI, twilio) = (fakes.openAI, fakes.twilio)
        environment.merge(fakes.environment) { _, new in new }
        // Long enough that three posts land in one window on a loaded machine.
        environment["BATCH_WINDOW_SECONDS"] = "3"
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()

        let bodies = ["Is the viewing still on?", "I might be 5 minutes late"]
        let first = SimulatedWebhook.randomSid(prefix: "SM")
        #expect(try await postSigned(bodies[0], sid: first, tenant: tenant, to: address).status == 200)
        #expect(try await postSigned(bodies[1], tenant: tenant, to: address).status == 200)
        // A webhook retry of the first message changes nothing.
        #expect(try await postSigned(bodies[0], sid: first, tenant: tenant, to: address).status == 200)

        let sent = try await poll(timeout: .seconds(40), "the reply on the AWS backend") {
            let messages = await twilio.sentMessages()
            return messages.isEmpty ? nil : messages
        }
        _ = try await poll(timeout: .seconds(20), "the reply to be recorded in DynamoDB") {
            let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return (record["messages"] as? [Any])?.count == 3 ? record : nil
        }
        // No trigger left that could come back, and the fakes are quiet: the counts and the record
        // are final (a batch started by a late webhook retry may still have been running above).
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
            await openAI.requests().count + twilio.requests().count
        }
        let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(await twilio.sentMessages().count == 1)
        #expect(await openAI.requests().count == 1)
        #expect(await openAI.requests().first?.newestUserTurn == bodies.joined(separator: "\n"))

        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages[1]["message_id"] as? String == first)
        #expect(messages[1]["content"] as? String == bodies.joined(separator: "\n"))
        #expect(Set(messages[1].keys) == ["message_id", "timestamp", "role", "content"])
        #expect(messages[2]["message_id"] as? String == sent.first?.sid)
        #expect(messages[2]["total_tokens"] is NSNumber)
        #expect(record["conversation_status"] as? String == "reply_sent")
        #expect(record["task_complete"] as? NSNumber == 0)
        #expect(record["thread_id"] is NSNull)
        #expect(record["created_at"] as? String == "2026-11-24T09:30:12.345678+00:00Z")
        #expect(record["initial_processing_time_ms"] as? NSNumber == 14873)

        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        try await openAI.stop()
        try await twilio.stop()
    }
}
