import AWSCore
import Foundation
import TestFakes
import Testing

/// The real `serve` binary on the AWS backend over moto under hostile webhooks (fewer random
/// cases than on the embedded backend: moto is slower), a conversation item the engine cannot
/// read (a binary attribute) next to the good one, and garbage messages on the SQS queue.
@Suite(.serialized)
struct AWSHostileInputEndToEndTests {
    let tenants = HostileTenants()
    static let seed: UInt64 = 0xA775_F022
    static let randomCases = 300

    @Test("hostile webhooks, an unreadable item and garbage SQS messages on moto: defined answers, no crash, no partial write")
    func hostileInputOnMoto() async throws {
        let good = tenants.good
        var environment = try AWSStack.environment()
        for line in try await EngineProcess.run(["setup-aws"], environment: environment).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { environment[parts[0]] = parts[1] }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-hostile-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try await EngineProcess.run(["seed", try tenants.seedFile(in: directory)], environment: environment)
        #expect(seeded.contains("6 conversations, 3 secrets"))

        let configuration = try AWSClientConfiguration(environment: environment)
        let dynamo = DynamoDBClient(configuration: configuration)
        let sqs = SQSClient(configuration: configuration)
        let table = try #require(environment["CONVERSATIONS_TABLE"])
        // Newer than the good record and on the same number pair: chosen if it were readable.
        try await dynamo.putItem(table: table, item: [
            "primary_channel": .s(good.user), "conversation_id": .s("ci-e2e-binary#pi-e2e-001#unreadable"),
            "gsi_company_whatsapp_number": .s(good.company), "gsi_recipient_tel": .s(good.user),
            "created_at": .s("2027-01-01T00:00:00.000000+00:00Z"), "conversation_status": .s("initial_message_sent"),
            "channel_config": .m(["whatsapp_credentials_id": .s(good.twilioSecret), "company_whatsapp_number": .s(good.company)]),
            "attachment": .b(Data([0xDE, 0xAD, 0xBE, 0xEF])),
        ])

        let openAI = try await FakeOpenAI.start(apiKey: good.openAIKey)
        let twilio = try await FakeTwilio.start(accountSid: good.accountSid, authToken: good.authToken)
        environment["OPENAI_BASE_URL"] = openAI.baseURL
        environment["TWILIO_API_BASE_URL"] = twilio.baseURL
        environment["PUBLIC_BASE_URL"] = good.publicBaseURL
        environment["BATCH_WINDOW_SECONDS"] = "1"
        environment["LOG_LEVEL"] = "info"
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()

        var corpus = HostileCorpus(tenants: tenants, seed: Self.seed)
        let fixed = corpus.fixed()
        var problems = try await HostileRun.fire(fixed, at: address, parallel: 4)
        let queue = try #require(environment["WHATSAPP_QUEUE_URL"])
        let garbage = [
            "not json {", #"{"conversation_id": 5, "primary_channel": null}"#, "[]",
            #"{"conversation_id":"ghost","primary_channel":"+447700900123"}"#,
            #"{"conversation_id":"\#(good.conversationId)","primary_channel":"+447700900999"}"#,
        ]
        for body in garbage { try await sqs.sendMessage(queueURL: queue, body: body) }
        let random = (0..<Self.randomCases).map { _ in corpus.randomRequest() }
        problems += try await HostileRun.fire(random, at: address, parallel: 6)
        #expect(problems.isEmpty, "\(problems.count) wrong answers, first: \(problems.prefix(8).joined(separator: "\n"))")
        #expect(engine.process.isRunning, "serve died under hostile input: \(engine.standardError.suffix(2000))")

        let expected = Set((fixed + random).filter { $0.kind == .valid && $0.conversationId == good.conversationId }.compactMap(\.token))
        let record = try await poll(timeout: .seconds(75), "every valid message to be answered on moto") {
            // Each inspect is a process with two pipes: poll gently so a slow run cannot pile up descriptors.
            try await Task.sleep(for: .milliseconds(750))
            let record = try await HostileRun.inspect(good.user, good.conversationId, environment: environment)
            let settled = record["reply_lease_owner"] == nil && record["conversation_status"] as? String == "reply_sent"
            return settled && HostileRun.answeredTokens(record).isSuperset(of: expected) ? record : nil
        }
        try await Task.sleep(for: .seconds(2))
        let final = try await HostileRun.inspect(good.user, good.conversationId, environment: environment)
        #expect(HostileRun.checkRecord(final, expectedTokens: expected, seededEntries: 1) == [])
        #expect((final["messages"] as? [Any])?.count == (record["messages"] as? [Any])?.count)
        let sentToGood = await twilio.sentMessages().filter { $0.to == "whatsapp:" + good.user }
        let assistantTurns = (final["messages"] as? [[String: Any]] ?? []).dropFirst().filter { $0["role"] as? String == "assistant" }
        #expect(sentToGood.count == assistantTurns.count, "one send per batch")
        for party in [tenants.other, tenants.noAIConfig, tenants.wrongTypes] {
            let stored = try await HostileRun.inspect(party.user, party.conversationId, environment: environment)
            #expect("\(stored["messages"] ?? "")".range(of: #"bad\d+ "#, options: .regularExpression) == nil)
        }

        // Every garbage message ends on the dead-letter queue; none stays on the channel queue.
        let deadLetterQueue = try await Self.deadLetterQueue(of: queue, sqs: sqs)
        var deadLettered: [String] = []
        _ = try await poll(timeout: .seconds(30), "the garbage on the dead-letter queue") {
            for message in try await sqs.receiveMessages(queueURL: deadLetterQueue, max: 10, waitSeconds: 1, visibilityTimeout: 300) {
                deadLettered.append(message.body)
            }
            return Set(garbage).isSubset(of: Set(deadLettered)) ? true : nil
        }
        #expect(engine.process.isRunning)
        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        let logs = engine.standardError
        #expect(logs.contains("dropping a malformed trigger to the dead-letter queue"))
        #expect(logs.contains("skipping an unreadable conversation record"))
        #expect(!logs.contains("Fatal error"))
        for secret in [good.authToken, tenants.otherToken, good.openAIKey, good.user] {
            #expect(!logs.contains(secret), "the log contains '\(secret)'")
        }
        try await openAI.stop()
        try await twilio.stop()
    }

    static func deadLetterQueue(of queue: String, sqs: SQSClient) async throws -> String {
        let policy = try #require(try await sqs.getQueueAttributes(queueURL: queue, names: ["RedrivePolicy"])["RedrivePolicy"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        let arn = try #require(json["deadLetterTargetArn"] as? String)
        return try await sqs.getQueueURL(name: String(arn.split(separator: ":").last ?? ""))
    }
}
