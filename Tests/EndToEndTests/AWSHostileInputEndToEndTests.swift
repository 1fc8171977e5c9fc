import AWSCore
import Foundation
import TestFakes
import Testing
import RepliesConfiguration

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
        var environment = try await AWSStack.provisioned()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-hostile-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try await EngineProcess.run(["seed", "--lenient", try tenants.seedFile(in: directory)], environment: environment)
        // Broken on purpose: --lenient writes what the strict checks would refuse.
        #expect(seeded.contains("seeded 6 conversations (6 new, 0 replaced), 0 companies, 3 secrets"))

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

        let fakes = try await TenantFakes.start(for: good)
        let twilio = fakes.twilio
        environment.merge(fakes.environment) { _, new in new }
        environment["BATCH_WINDOW_SECONDS"] = "1"
        environment["LOG_LEVEL"] = "info"
        // Many batches for one conversation: this suite is about input, not cost.
        environment["REPLY_BUDGET_CONVERSATION_PER_HOUR"] = "0"
        environment["REPLY_BUDGET_CONVERSATION_PER_DAY"] = "0"
        environment["MAX_FRAGMENTS_PER_BATCH"] = "500"
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

        try await HostileRun.expectValidMessagesAnsweredOnce(
            fixed + random, tenants: tenants, twilio: twilio, environment: environment, timeout: .seconds(75))

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
        #expect(logs.contains("malformed trigger; moving it to the dead-letter queue"))
        #expect(logs.contains("skipping an unreadable conversation record"))
        #expect(!logs.contains("Fatal error"))
        for secret in [good.authToken, tenants.otherToken, good.openAIKey, good.user] {
            #expect(!logs.contains(secret), "the log contains '\(secret)'")
        }
        try await fakes.stop()
    }

    static func deadLetterQueue(of queue: String, sqs: SQSClient) async throws -> String {
        let policy = try #require(try await sqs.getQueueAttributes(queueURL: queue, names: ["RedrivePolicy"])["RedrivePolicy"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        let arn = try #require(json["deadLetterTargetArn"] as? String)
        return try await sqs.getQueueURL(name: String(arn.split(separator: ":").last ?? ""))
    }
}
