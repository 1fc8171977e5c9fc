import AWSCore
import Foundation
import RepliesConfiguration
import TestFakes
import Testing

/// The e-mail path as Lambda runs it — the real `bootstrap` behind the Runtime API emulator,
/// an API Gateway event with the post base64-encoded — with the credentials of moto IAM users
/// whose policies are exactly the webhook's and the worker's roles in `template.yaml`: the
/// e-mail index, the e-mail queue and the `email-credentials` secrets must be granted, nothing
/// more is needed.
@Suite struct LeastPrivilegeEmailEndToEndTests {
    @Test("the e-mail webhook and worker need nothing their template roles do not grant")
    func emailWithTheRolesOnly() async throws {
        let directory = try EmailEndToEndTests.temporaryDirectory("replies-email-iam")
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try EmailTenant(directory: directory)
        var stack = try await AWSStack.provisioned()
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: stack)
        let openAI = try await FakeOpenAI.start(apiKey: tenant.openAIKey)
        let sendGrid = try await FakeSendGrid.start(apiKey: tenant.sendGridKey)
        stack["OPENAI_BASE_URL"] = openAI.baseURL
        stack["SENDGRID_API_BASE_URL"] = sendGrid.baseURL
        stack["PUBLIC_BASE_URL"] = "https://hooks.example.test/prod"
        stack["EMAIL_BATCH_WINDOW_SECONDS"] = "0"
        stack["QUEUE_VISIBILITY_TIMEOUT_SECONDS"] = "60"
        let guards = LeastPrivilegeEndToEndTests()

        // Webhook: the verification key (e-mail secret), the e-mail index, stage, lock, trigger.
        let webhookUser = try RoleUser.make(role: "WebhookRole", stack: stack, secrets: [tenant.sendGridSecret])
        let webhookAPI = try await RuntimeAPIEmulator.start()
        let post = try tenant.post(messageID: "<iam-1@mail.example.com>", text: "Is parking available?")
        await webhookAPI.enqueue(requestId: "email", event: try LambdaInvocations.apiGatewayV1(email: post))
        let webhook = try EngineProcess(
            arguments: [], environment: stack.merging(webhookUser.credentials) { $1 }.merging(webhookAPI.environment(handler: "webhook")) { $1 })
        defer { webhook.terminate() }
        let answer = try LambdaInvocations.json(await LambdaInvocations.outcome(webhookAPI, "email", from: webhook))
        #expect(answer["statusCode"] as? Int == 200, "webhook: \(answer)\n\(webhook.standardError)")
        webhook.terminate()
        await webhookAPI.stop()
        guards.expectNoDenials(webhook, "the webhook", webhookUser)

        // Worker: the trigger from the e-mail queue is answered through SendGrid.
        let sqs = SQSClient(configuration: try AWSClientConfiguration(environment: stack))
        let queueURL = try #require(stack["EMAIL_QUEUE_URL"])
        let received = try await poll(timeout: .seconds(20), "the trigger on the e-mail queue") { () async throws -> [SQSMessage]? in
            let messages = try await sqs.receiveMessages(queueURL: queueURL, max: 10, waitSeconds: 1, visibilityTimeout: 60)
            return messages.isEmpty ? nil : messages
        }
        let records = LambdaInvocations.sqsRecords(received, from: queueURL)
        let workerUser = try RoleUser.make(role: "WorkerRole", stack: stack, secrets: [tenant.sendGridSecret, tenant.openAISecret])
        let workerAPI = try await RuntimeAPIEmulator.start()
        await workerAPI.enqueue(requestId: "batch", event: try JSONSerialization.data(withJSONObject: ["Records": records]),
                                deadline: Date().addingTimeInterval(120))
        let worker = try EngineProcess(
            arguments: [], environment: stack.merging(workerUser.credentials) { $1 }
                .merging(["FUNCTION_TIMEOUT_SECONDS": "120", "OPENAI_TIMEOUT_SECONDS": "30"]) { $1 }
                .merging(workerAPI.environment(handler: "worker")) { $1 })
        defer { worker.terminate() }
        let batch = try LambdaInvocations.json(await LambdaInvocations.outcome(workerAPI, "batch", from: worker))
        #expect((batch["batchItemFailures"] as? [Any])?.isEmpty == true, "worker: \(batch)\n\(worker.standardError)")
        #expect(await sendGrid.sentMail().map(\.headers["In-Reply-To"]) == ["<iam-1@mail.example.com>"], "the reply was sent, threaded")
        worker.terminate()
        await workerAPI.stop()
        guards.expectNoDenials(worker, "the worker", workerUser)

        try await openAI.stop()
        try await sendGrid.stop()
    }
}
