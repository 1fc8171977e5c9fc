import Foundation
import Testing

@testable import AWSCore

@Suite("SQS client on moto")
struct SQSMotoTests {
    let sqs: SQSClient

    init() throws {
        sqs = SQSClient(configuration: try Moto.configuration())
    }

    func withQueue(attributes: [String: String] = [:], _ body: (String) async throws -> Void) async throws {
        let url = try await sqs.createQueue(name: Moto.unique("q"), attributes: attributes)
        do {
            try await body(url)
        } catch {
            try? await sqs.deleteQueue(queueURL: url)
            throw error
        }
        try await sqs.deleteQueue(queueURL: url)
    }

    @Test("delay, visibility, receive count, delete")
    func lifecycle() async throws {
        try await withQueue { url in
            // moto is shared by the whole parallel suite and can answer slowly: a message seen
            // early is a failure only if it came back before its delay had passed.
            let sent = ContinuousClock.now
            try await sqs.sendMessage(queueURL: url, body: #"{"conversation_id":"c","primary_channel":"+15005550006"}"#, delaySeconds: 2)
            let earlyLook = ContinuousClock.now
            let early = try await sqs.receiveMessages(queueURL: url, max: 1, waitSeconds: 0, visibilityTimeout: 3)
            #expect(early.isEmpty || ContinuousClock.now - sent >= .seconds(2), "delayed message is not visible yet")
            // The long poll, not the test, waits for the delay to pass.
            let poll = ContinuousClock.now
            let polled = early.isEmpty ? try await sqs.receiveMessages(queueURL: url, max: 1, waitSeconds: 10, visibilityTimeout: 3) : early
            let first = try #require(polled.first)
            // The earliest moto can have received it (its 3 s start then): a slow answer must not
            // make the hidden check below stricter than SQS.
            let received = early.isEmpty ? max(poll, sent + .seconds(2)) : earlyLook
            #expect(first.body == #"{"conversation_id":"c","primary_channel":"+15005550006"}"#)
            #expect(first.receiveCount == 1)
            #expect(first.attributes["SentTimestamp"] != nil)
            let hidden = try await sqs.receiveMessages(queueURL: url, max: 1, waitSeconds: 0)
            #expect(hidden.isEmpty || ContinuousClock.now - received >= .seconds(3), "hidden while visible timeout runs")

            // On a slow machine the look above may already have come after the 3 s: then it is
            // the second receive (and hid the message again for the queue's default 30 s).
            let second = try #require(
                hidden.isEmpty ? try await sqs.receiveMessages(queueURL: url, max: 1, waitSeconds: 10, visibilityTimeout: 30).first : hidden.first)
            #expect(second.messageId == first.messageId)
            #expect(second.receiveCount == 2)
            try await sqs.changeMessageVisibility(queueURL: url, receiptHandle: second.receiptHandle, visibilityTimeout: 0)
            let third = try #require(try await sqs.receiveMessages(queueURL: url, max: 10, waitSeconds: 5, visibilityTimeout: 30).first)
            #expect(third.receiveCount == 3)
            try await sqs.deleteMessage(queueURL: url, receiptHandle: third.receiptHandle)
            #expect(try await sqs.receiveMessages(queueURL: url, max: 10, waitSeconds: 1).isEmpty)
        }
    }

    @Test("message attributes, queue attributes and redrive after maxReceiveCount")
    func redrive() async throws {
        try await withQueue { dlq in
            let arn = try #require(try await sqs.getQueueAttributes(queueURL: dlq, names: ["QueueArn"])["QueueArn"])
            let policy = SQSRedrivePolicy(deadLetterTargetArn: arn, maxReceiveCount: 1)
            try await withQueue(attributes: ["RedrivePolicy": policy.attributeValue, "VisibilityTimeout": "900"]) { url in
                let attributes = try await sqs.getQueueAttributes(queueURL: url)
                #expect(attributes["VisibilityTimeout"] == "900")
                #expect(attributes["RedrivePolicy"].flatMap(SQSRedrivePolicy.init(attribute:)) == policy)
                #expect(SQSQueueARN(arn)?.queueName == URL(string: dlq)?.lastPathComponent)

                try await sqs.sendMessage(queueURL: url, body: "poison", attributes: ["why": SQSMessageAttribute(string: "test")])
                let received = try #require(try await sqs.receiveMessages(queueURL: url, waitSeconds: 5, visibilityTimeout: 0).first)
                #expect(received.messageAttributes["why"]?.stringValue == "test")
                // Past maxReceiveCount, SQS moves the message to the dead-letter queue.
                _ = try await sqs.receiveMessages(queueURL: url, waitSeconds: 1, visibilityTimeout: 0)
                let dead = try #require(try await sqs.receiveMessages(queueURL: dlq, waitSeconds: 5).first)
                #expect(dead.body == "poison")
            }
        }
    }

    @Test("errors: missing queue, out-of-range delay")
    func errors() async throws {
        let error = try await #require(throws: AWSError.self) {
            try await sqs.getQueueURL(name: Moto.unique("absent"))
        }
        #expect(error.hasCode("QueueDoesNotExist") || error.hasCode("AWS.SimpleQueueService.NonExistentQueue"))
        #expect(!error.isRetryable)
        await #expect(throws: AWSError.self) {
            try await sqs.sendMessage(queueURL: "http://127.0.0.1/1/q", body: "x", delaySeconds: 901)
        }
    }
}
