import EmbeddedBackend
import Foundation
import Logging
import RepliesCore
import Testing

/// `dead-letters` lists what the embedded queue gave up on and puts it back; on AWS it says
/// where SQS keeps them.
@Suite struct DeadLettersEndToEndTests {
    @Test("list shows the dead letter and its reason; redrive puts it back, due at once; unknown ids fail")
    func listAndRedrive() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-dlq-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["REPLIES_DATA_DIR": directory]
        let key = ConversationKey(primaryChannel: "+447700900123", conversationId: "ci-e2e-001#pi-e2e-001#dlq#447700900456")

        let backend = try await EmbeddedBackend.open(directory: directory, logger: FaultHarness.quiet)
        try await backend.queue.enqueue(Trigger(key), channel: .whatsapp, delay: .zero)
        let delivery = try #require(try await backend.queue.receive(max: 1, wait: .seconds(1), visibility: .seconds(60)).first)
        try await backend.queue.deadLetter(delivery, reason: "the batch failed permanently: test")
        try await backend.close()

        let listed = try await EngineProcess.run(["dead-letters"], environment: environment)
        #expect(listed.contains(delivery.id))
        #expect(listed.contains("whatsapp  receives 1  conversation +44********23/\(key.conversationId)"))
        #expect(listed.contains("reason: the batch failed permanently: test"))

        let unknown = try await EngineProcess.finish(["dead-letters", "redrive", "no-such-id"], environment: environment)
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("1 of the given ids are not dead letters"))

        let redriven = try await EngineProcess.run(["dead-letters", "redrive", delivery.id], environment: environment)
        #expect(redriven.contains("redrove 1 trigger"))
        let reopened = try await EmbeddedBackend.open(directory: directory, logger: FaultHarness.quiet)
        #expect(try await reopened.queue.deadLetters().isEmpty)
        let again = try #require(try await reopened.queue.receive(max: 1, wait: .seconds(1), visibility: .seconds(60)).first)
        #expect(again.id == delivery.id && again.receiveCount == 1 && Trigger(body: again.body)?.key == key)
        try await reopened.close()
        #expect(try await EngineProcess.run(["dead-letters", "list"], environment: environment).contains("no dead letters"))
    }

    @Test("on the AWS backend it points to the SQS dead-letter queues")
    func awsPointsToSQS() async throws {
        let environment = try AWSStack.environment()
        let result = try await EngineProcess.finish(["dead-letters"], environment: environment)
        #expect(result.status != 0)
        #expect(result.errors.contains("aws sqs start-message-move-task --source-arn <DLQ ARN>"))
    }
}
