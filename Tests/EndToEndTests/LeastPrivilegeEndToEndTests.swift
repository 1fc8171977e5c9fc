import AWSCore
import Foundation
import RepliesConfiguration
import RepliesCore
import TestFakes
import Testing
import Twilio

/// Each Lambda function run as Lambda runs it (the real `bootstrap` behind a Runtime API
/// emulator) with the credentials of a moto IAM user whose policy is exactly that function's
/// role in `template.yaml` (scripts/aws/role_user.py): an AWS call the role does not grant is
/// refused, so the flow's outcome, or its log, shows it.
@Suite struct LeastPrivilegeEndToEndTests {
    let tenant = SampleTenant()

    /// Every denial moto answers names one of these (`AccessDenied` for SQS, `AccessDeniedException` for JSON services).
    func expectNoDenials(_ process: EngineProcess, _ function: String, _ user: RoleUser) {
        let log = process.standardError
        #expect(!log.contains("AccessDenied") && !log.contains("not authorized"),
                "\(function) was refused an AWS call its role does not grant.\nPolicy: \(user.policy)\nLog:\n\(log)")
    }

    /// A pending stage item as the webhook writes it, received `age` ago.
    func staleFragment(conversationId: String, sid: String, age: TimeInterval) -> DynamoDBItem {
        let received = Date().addingTimeInterval(-age)
        return [
            "conversation_id": .s(conversationId), "message_sid": .s(sid), "state": .s("pending"), "pending_partition": .s("pending"),
            "primary_channel": .s(tenant.user), "channel": .s("whatsapp"), "body": .s("still there?"), "media": .l([]),
            "received_at": .s(Timestamp.format(received)), "received_at_ms": .n(String(Int64(received.timeIntervalSince1970 * 1000))),
        ]
    }

    @Test("webhook, worker (reply and dead-letter) and sweeper (re-schedule and give up) need nothing their template roles do not grant")
    func functionsWithTheirRolesOnly() async throws {
        var stack = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        stack.merge(fakes.environment) { $1 }
        stack["BATCH_WINDOW_SECONDS"] = "0"
        stack["QUEUE_VISIBILITY_TIMEOUT_SECONDS"] = "60"
        stack["SWEEP_MAX_ATTEMPTS"] = "1"
        // The worker's time budget as the template sets it (checked at start).
        let workerBudget = ["FUNCTION_TIMEOUT_SECONDS": "120", "OPENAI_TIMEOUT_SECONDS": "30"]
        let admin = try AWSClientConfiguration(environment: stack)
        let sqs = SQSClient(configuration: admin)
        let dynamo = DynamoDBClient(configuration: admin)

        // Webhook: signature (Twilio secret), conversation lookup, stage, lock, trigger.
        let webhookUser = try RoleUser.make(role: "WebhookRole", stack: stack, secrets: [tenant.twilioSecret])
        let webhookAPI = try await RuntimeAPIEmulator.start()
        var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: "Is parking included?", accountSid: tenant.accountSid)
        hook.messageSid = SimulatedWebhook.randomSid(prefix: "SM")
        let signed = hook.signed(url: tenant.publicBaseURL + "/whatsapp", authToken: tenant.authToken)
        await webhookAPI.enqueue(requestId: "hook", event: try LambdaInvocations.apiGatewayV1(signed))
        let webhook = try EngineProcess(
            arguments: [], environment: stack.merging(webhookUser.credentials) { $1 }.merging(webhookAPI.environment(handler: "webhook")) { $1 })
        defer { webhook.terminate() }
        let answer = try LambdaInvocations.json(await LambdaInvocations.outcome(webhookAPI, "hook", from: webhook))
        #expect(answer["statusCode"] as? Int == 200, "webhook: \(answer)\n\(webhook.standardError)")
        webhook.terminate()
        await webhookAPI.stop()
        expectNoDenials(webhook, "the webhook", webhookUser)

        // Worker: the trigger is answered; a message that is not a trigger is dead-lettered to
        // the DLQ the template passes (WHATSAPP_DLQ_URL).
        let queueURL = try #require(stack["WHATSAPP_QUEUE_URL"])
        let deadLetterURL = try #require(stack["WHATSAPP_DLQ_URL"], "setup-aws prints the dead-letter queue URLs")
        try await sqs.sendMessage(queueURL: queueURL, body: "not a trigger", delaySeconds: 0)
        var received: [SQSMessage] = []
        _ = try await poll(timeout: .seconds(20), "the trigger and the junk message on SQS") { () async throws -> Bool? in
            received += try await sqs.receiveMessages(queueURL: queueURL, max: 10, waitSeconds: 1, visibilityTimeout: 60)
            return received.count >= 2 ? true : nil
        }
        let records = LambdaInvocations.sqsRecords(received, from: queueURL)
        let workerUser = try RoleUser.make(role: "WorkerRole", stack: stack, secrets: [tenant.twilioSecret, tenant.openAISecret])
        let workerAPI = try await RuntimeAPIEmulator.start()
        await workerAPI.enqueue(requestId: "batch", event: try JSONSerialization.data(withJSONObject: ["Records": records]),
                                deadline: Date().addingTimeInterval(120))
        let worker = try EngineProcess(
            arguments: [], environment: stack.merging(workerUser.credentials) { $1 }.merging(workerBudget) { $1 }
                .merging(workerAPI.environment(handler: "worker")) { $1 })
        defer { worker.terminate() }
        let batch = try LambdaInvocations.json(await LambdaInvocations.outcome(workerAPI, "batch", from: worker))
        #expect((batch["batchItemFailures"] as? [Any])?.isEmpty == true, "worker: \(batch)\n\(worker.standardError)")
        #expect(await fakes.twilio.sentMessages().count == 1, "the reply was sent")
        let deadLettered = try await sqs.receiveMessages(queueURL: deadLetterURL, max: 10, waitSeconds: 1, visibilityTimeout: 30)
        #expect(deadLettered.map(\.body) == ["not a trigger"])
        worker.terminate()
        await workerAPI.stop()
        expectNoDenials(worker, "the worker", workerUser)

        // Sweeper: one stale conversation is re-scheduled (lock, trigger, sweep item); the
        // tenant's, already swept once with SWEEP_MAX_ATTEMPTS=1, is given up on (record read,
        // handoff notice, fragments parked).
        let stageTable = try #require(stack["STAGE_TABLE"])
        let lost = "ci-e2e-001#pi-e2e-001#lost-trigger#\(tenant.company.dropFirst())"
        try await dynamo.putItem(table: stageTable, item: staleFragment(conversationId: lost, sid: SimulatedWebhook.randomSid(prefix: "SM"), age: 600))
        let stuckSid = SimulatedWebhook.randomSid(prefix: "SM")
        try await dynamo.putItem(table: stageTable, item: staleFragment(conversationId: tenant.conversationId, sid: stuckSid, age: 600))
        try await dynamo.putItem(table: stageTable, item: [
            "conversation_id": .s(tenant.conversationId), "message_sid": .s("#sweep"), "state": .s("sweep"),
            "sweeps": .n("1"), "next_sweep_at_ms": .n("0"),
        ])
        let sweeperUser = try RoleUser.make(role: "SweeperRole", stack: stack, secrets: [])
        let sweeperAPI = try await RuntimeAPIEmulator.start()
        await sweeperAPI.enqueue(requestId: "sweep", event: Data(#"{"detail-type":"Scheduled Event","source":"aws.events"}"#.utf8))
        let sweeper = try EngineProcess(
            arguments: [], environment: stack.merging(sweeperUser.credentials) { $1 }.merging(sweeperAPI.environment(handler: "sweeper")) { $1 })
        defer { sweeper.terminate() }
        let swept = try LambdaInvocations.json(await LambdaInvocations.outcome(sweeperAPI, "sweep", from: sweeper))
        #expect(swept["rescheduled"] as? Int == 1, "sweeper: \(swept)\n\(sweeper.standardError)")
        let notices = try await sqs.receiveMessages(queueURL: try #require(stack["HANDOFF_QUEUE_URL"]), max: 10, waitSeconds: 1, visibilityTimeout: 30)
        let givenUp = notices.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
            .filter { ($0["message_sids"] as? [String]) == [stuckSid] }
        #expect(givenUp.count == 1, "one reply_failed notice for the stuck conversation: \(notices.map(\.body))")
        // The sweeper reads the record for the notice's company without failing on a refusal, so check it named it.
        #expect(givenUp.first?["company_id"] as? String == "ci-e2e-001")
        sweeper.terminate()
        await sweeperAPI.stop()
        expectNoDenials(sweeper, "the sweeper", sweeperUser)

        try await fakes.stop()
    }
}
