import AWSCore
import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio
import RepliesConfiguration

/// The real binary as Lambda runs it (`bootstrap`, no arguments, `AWS_LAMBDA_RUNTIME_API` set),
/// driven through a local Runtime API emulator, on the AWS backend over moto, with the fakes.
@Suite struct LambdaBootstrapEndToEndTests {
    let tenant = SampleTenant()

    func signed(_ body: String, sid: String, token: String? = nil) -> SimulatedWebhook.Signed {
        var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: body, accountSid: tenant.accountSid)
        hook.messageSid = sid
        return hook.signed(url: tenant.publicBaseURL + "/whatsapp", authToken: token ?? tenant.authToken)
    }

    func v1Event(_ webhook: SimulatedWebhook.Signed) throws -> Data { try LambdaInvocations.apiGatewayV1(webhook) }

    func v2Event(_ webhook: SimulatedWebhook.Signed) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "version": "2.0", "routeKey": "POST /whatsapp", "rawPath": "/prod/whatsapp", "rawQueryString": "",
            "headers": ["content-type": "application/x-www-form-urlencoded", "x-twilio-signature": webhook.signature],
            "requestContext": ["http": ["method": "POST", "path": "/prod/whatsapp"], "stage": "prod"],
            "body": Data(webhook.body.utf8).base64EncodedString(), "isBase64Encoded": true,
        ] as [String: Any])
    }

    func outcome(_ emulator: RuntimeAPIEmulator, _ requestId: String, from process: EngineProcess) async throws -> RuntimeAPIState.Outcome {
        try await LambdaInvocations.outcome(emulator, requestId, from: process)
    }

    func json(_ outcome: RuntimeAPIState.Outcome) throws -> [String: Any] { try LambdaInvocations.json(outcome) }

    @Test("webhook events (v1, v2 base64, malformed, forged), SQS events with one failing record, a non-SQS event")
    func bootstrapOnMoto() async throws {
        var environment = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        let (openAI, twilio) = (fakes.openAI, fakes.twilio)
        environment.merge(fakes.environment) { _, new in new }
        // Triggers are visible at once: this test hands them to the worker function itself.
        environment["BATCH_WINDOW_SECONDS"] = "0"
        environment["QUEUE_VISIBILITY_TIMEOUT_SECONDS"] = "60"

        // The webhook function.
        let webhookAPI = try await RuntimeAPIEmulator.start()
        let first = SimulatedWebhook.randomSid(prefix: "SM")
        await webhookAPI.enqueue(requestId: "v1", event: try v1Event(signed("Hello from v1", sid: first)))
        let started = ContinuousClock.now
        let webhook = try EngineProcess(arguments: [], environment: environment.merging(webhookAPI.environment(handler: "webhook")) { $1 })
        defer { webhook.terminate() }
        let v1 = try json(await outcome(webhookAPI, "v1", from: webhook))
        let firstEvent = ContinuousClock.now - started
        let initialised = await webhookAPI.state.firstNextAt.map { $0 - started }
        // The figure docs/DEPLOY.md quotes (run with REPLIES_ENGINE_BINARY=the release bootstrap).
        print("bootstrap (webhook): process start → first GET /next \(initialised.map { "\($0)" } ?? "-"), → first handled event \(firstEvent)")
        #expect(v1["statusCode"] as? Int == 200)
        #expect((v1["body"] as? String)?.contains("<Response></Response>") == true)

        await webhookAPI.enqueue(requestId: "v2", event: try v2Event(signed("Hello from v2", sid: SimulatedWebhook.randomSid(prefix: "SM"))))
        #expect(try json(await outcome(webhookAPI, "v2", from: webhook))["statusCode"] as? Int == 200)
        await webhookAPI.enqueue(requestId: "broken", event: Data("{\"no\": \"event\"}".utf8))
        #expect(try json(await outcome(webhookAPI, "broken", from: webhook))["statusCode"] as? Int == 400)
        let forged = signed("forged", sid: SimulatedWebhook.randomSid(prefix: "SM"), token: "not-the-token")
        await webhookAPI.enqueue(requestId: "forged", event: try v1Event(forged))
        #expect(try json(await outcome(webhookAPI, "forged", from: webhook))["statusCode"] as? Int == 403)

        // One CloudWatch EMF line per invocation that recorded metrics (the malformed event never
        // reached ingest), on standard output, namespace RepliesEngine, dimension Function.
        let webhookLines = try await poll(timeout: .seconds(10), "the webhook function's EMF lines") { () -> [[String: Any]]? in
            let lines = try EMFLines.parse(webhook.standardOutput)
            return lines.count >= 3 ? lines : nil
        }
        #expect(webhookLines.count == 3)
        for line in webhookLines { try EMFLines.expectShape(line, function: "webhook") }
        #expect(webhookLines.map { $0["WebhooksTotal"] as? Double } == [1, 1, 1])
        #expect(webhookLines.map { $0["WebhooksTotal.whatsapp.accepted"] as? Double } == [1, 1, nil])
        #expect(webhookLines.last?["WebhooksTotal.whatsapp.forbidden"] as? Double == 1)

        // The worker function, on the real trigger plus a malformed message and a record whose
        // receipt handle SQS rejects (its dead-lettering fails: only that record is reported).
        let queueURL = try #require(environment["WHATSAPP_QUEUE_URL"])
        let sqs = SQSClient(configuration: try AWSClientConfiguration(environment: environment))
        try await sqs.sendMessage(queueURL: queueURL, body: "not a trigger", delaySeconds: 0)
        let received = try await poll(timeout: .seconds(20), "the triggers on SQS") { () async throws -> [SQSMessage]? in
            let messages = try await sqs.receiveMessages(queueURL: queueURL, max: 10, waitSeconds: 1, visibilityTimeout: 60)
            return messages.isEmpty ? nil : messages
        }
        #expect(received.contains { Trigger(body: $0.body)?.conversationId == tenant.conversationId })
        let arn = "arn:aws:sqs:us-east-1:000000000000:" + (queueURL.split(separator: "/").last.map(String.init) ?? "")
        var records = received.map {
            LambdaInvocations.sqsRecord(messageId: $0.messageId, receipt: $0.receiptHandle, body: $0.body, receiveCount: $0.receiveCount ?? 1, queueARN: arn)
        }
        records.append(LambdaInvocations.sqsRecord(
            messageId: "bad-receipt", receipt: "not-a-receipt-handle", body: "also not a trigger", receiveCount: 1, queueARN: arn))
        let workerAPI = try await RuntimeAPIEmulator.start()
        await workerAPI.enqueue(requestId: "w1", event: try JSONSerialization.data(withJSONObject: ["Records": records]),
                                deadline: Date().addingTimeInterval(120))
        let worker = try EngineProcess(arguments: [], environment: environment.merging(workerAPI.environment(handler: "worker")) { $1 })
        defer { worker.terminate() }
        let answer = try json(await outcome(workerAPI, "w1", from: worker))
        let failures = try #require(answer["batchItemFailures"] as? [[String: Any]])
        #expect(failures.map { $0["itemIdentifier"] as? String } == ["bad-receipt"])

        let workerLine = try await poll(timeout: .seconds(10), "the worker function's EMF line") { () -> [String: Any]? in
            try EMFLines.parse(worker.standardOutput).first
        }
        try EMFLines.expectShape(workerLine, function: "worker")
        #expect(workerLine["BatchesTotal.answered"] as? Double == 1)
        #expect(workerLine["DeadLettersTotal.malformed"] as? Double == 1)
        #expect(workerLine["TriggerRetriesTotal.unsettled"] as? Double == 1)
        #expect((workerLine["ModelLatencySeconds"] as? [Double])?.count == 1)
        #expect((workerLine["SendLatencySeconds"] as? [Double])?.count == 1)
        #expect((workerLine["ModelTokensTotal.input"] as? Double ?? 0) > 0)

        // An event that is not from SQS fails the invocation with Lambda's error report.
        await workerAPI.enqueue(requestId: "w2", event: Data(#"{"detail-type":"Scheduled Event"}"#.utf8))
        guard case .error(let errorType, let report) = try await outcome(workerAPI, "w2", from: worker) else {
            Issue.record("the worker answered an event that is not from SQS")
            return
        }
        #expect(errorType?.isEmpty == false)
        let reported = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        #expect((reported["errorMessage"] as? String)?.contains("not an SQS event") == true)

        #expect(await twilio.sentMessages().count == 1)
        #expect(await openAI.requests().first?.newestUserTurn == "Hello from v1\nHello from v2")
        let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages.count == 3)
        #expect(messages[1]["message_id"] as? String == first)
        #expect(record["conversation_status"] as? String == "reply_sent")

        // The sweeper function (EventBridge schedule): its line carries the oldest-pending gauge
        // the template's alarm watches; everything was answered, so it is 0.
        let sweeperAPI = try await RuntimeAPIEmulator.start()
        await sweeperAPI.enqueue(requestId: "s1", event: Data(#"{"detail-type":"Scheduled Event","source":"aws.events"}"#.utf8))
        let sweeper = try EngineProcess(arguments: [], environment: environment.merging(sweeperAPI.environment(handler: "sweeper")) { $1 })
        defer { sweeper.terminate() }
        guard case .response = try await outcome(sweeperAPI, "s1", from: sweeper) else {
            Issue.record("the sweeper did not answer its scheduled event")
            return
        }
        let sweeperLine = try await poll(timeout: .seconds(10), "the sweeper function's EMF line") { () -> [String: Any]? in
            try EMFLines.parse(sweeper.standardOutput).first
        }
        try EMFLines.expectShape(sweeperLine, function: "sweeper")
        #expect(sweeperLine["OldestPendingAgeSeconds"] as? Double == 0)
        sweeper.terminate()
        await sweeperAPI.stop()

        webhook.terminate()
        worker.terminate()
        await webhookAPI.stop()
        await workerAPI.stop()
        try await openAI.stop()
        try await twilio.stop()
    }

    @Test("a worker whose model retries do not fit its timeout refuses to start, naming the keys")
    func timeBudgetIsCheckedAtStart() async throws {
        let emulator = try await RuntimeAPIEmulator.start()
        let environment = emulator.environment(handler: "worker").merging([
            "REPLIES_BACKEND": "aws", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-secret",
            "CONVERSATIONS_TABLE": "conversations", "STAGE_TABLE": "stage", "LOCK_TABLE": "locks", "HISTORY_TABLE": "history",
            "WHATSAPP_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/000000000000/whatsapp",
            "HANDOFF_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/000000000000/handoff",
            "FUNCTION_TIMEOUT_SECONDS": "60", "OPENAI_TIMEOUT_SECONDS": "30",
        ]) { $1 }
        let bootstrap = try EngineProcess(arguments: [], environment: environment)
        defer { bootstrap.terminate() }
        #expect(try await bootstrap.waitForExit(timeout: .seconds(30)) != 0)
        let errors = await emulator.state.initErrors
        let report = try #require(try errors.first.map { try JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? nil)
        let message = try #require(report["errorMessage"] as? String)
        #expect(message.contains("OPENAI_TIMEOUT_SECONDS") && message.contains("FUNCTION_TIMEOUT_SECONDS"), "\(message)")
        #expect(await emulator.state.nextCalls == 0)
        await emulator.stop()
    }

    @Test("a configuration error at start is reported to /runtime/init/error and the process exits")
    func configurationErrorIsAnInitError() async throws {
        let emulator = try await RuntimeAPIEmulator.start()
        // No PUBLIC_BASE_URL, tables or queues: the webhook function cannot initialise.
        let environment = emulator.environment(handler: "webhook").merging(["REPLIES_BACKEND": "aws", "AWS_REGION": "us-east-1"]) { $1 }
        let bootstrap = try EngineProcess(arguments: [], environment: environment)
        defer { bootstrap.terminate() }
        let status = try await bootstrap.waitForExit(timeout: .seconds(30))
        #expect(status != 0)
        let errors = await emulator.state.initErrors
        #expect(errors.count == 1)
        let report = try #require(try errors.first.map { try JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? nil)
        #expect((report["errorMessage"] as? String)?.isEmpty == false)
        #expect(errors.first?.errorType?.isEmpty == false)
        #expect(await emulator.state.nextCalls == 0)
        await emulator.stop()
    }
}

/// The CloudWatch Embedded Metric Format lines in a function's standard output.
enum EMFLines {
    static func parse(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.contains("\"_aws\"") }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
    }

    /// The specification's structure: `_aws.Timestamp` (epoch ms), directives with the
    /// namespace, the `Function` dimension and metric names each present in the root.
    static func expectShape(_ line: [String: Any], function: String) throws {
        let aws = try #require(line["_aws"] as? [String: Any])
        let timestamp = try #require(aws["Timestamp"] as? Double)
        #expect(abs(timestamp / 1000 - Date().timeIntervalSince1970) < 600)
        let directives = try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
        #expect(!directives.isEmpty)
        for directive in directives {
            #expect(directive["Namespace"] as? String == "RepliesEngine")
            #expect(directive["Dimensions"] as? [[String]] == [["Function"]])
            let metrics = try #require(directive["Metrics"] as? [[String: Any]])
            for metric in metrics {
                let name = try #require(metric["Name"] as? String)
                #expect(line[name] is Double || line[name] is [Double], "\(name) has no value")
            }
        }
        #expect(line["Function"] as? String == function)
    }
}
