import Crypto
import Foundation
package import Logging

/// SQS over the JSON protocol: send (with per-message delay), long-poll receive, delete,
/// visibility changes and queue provisioning. Message bodies are checked against the MD5 SQS
/// reports, as the SDKs do.
///
/// ```swift
/// let sqs = SQSClient(configuration: configuration)
/// try await sqs.sendMessage(queueURL: url, body: "{}", delaySeconds: 10)
/// let messages = try await sqs.receiveMessages(queueURL: url, max: 1, waitSeconds: 20, visibilityTimeout: 120)
/// ```
package struct SQSClient: Sendable {
    package let transport: AWSJSONClient

    package init(transport: AWSJSONClient) {
        self.transport = transport
    }

    package init(
        configuration: AWSClientConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        retryPolicy: AWSRetryPolicy = .standard, timer: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "aws.sqs")
    ) {
        self.init(transport: AWSJSONClient(
            service: .sqs, configuration: configuration, executor: executor, retryPolicy: retryPolicy,
            timer: timer, logger: logger))
    }

    /// Largest per-message delay SQS accepts.
    package static let maxDelaySeconds = 900
    /// Largest visibility timeout SQS accepts (12 h).
    package static let maxVisibilitySeconds = 43_200

    /// Sends one message and returns its id. `delaySeconds` must be in 0…900.
    @discardableResult
    package func sendMessage(
        queueURL: String, body: String, delaySeconds: Int? = nil, attributes: [String: SQSMessageAttribute] = [:]
    ) async throws -> String {
        struct Input: Encodable {
            var queueUrl: String
            var messageBody: String
            var delaySeconds: Int?
            var messageAttributes: [String: SQSMessageAttribute]?
            enum CodingKeys: String, CodingKey {
                case queueUrl = "QueueUrl", messageBody = "MessageBody", delaySeconds = "DelaySeconds"
                case messageAttributes = "MessageAttributes"
            }
        }
        struct Output: Decodable {
            var messageId: String
            var md5: String?
            enum CodingKeys: String, CodingKey { case messageId = "MessageId", md5 = "MD5OfMessageBody" }
        }
        if let delaySeconds, !(0...Self.maxDelaySeconds).contains(delaySeconds) {
            throw AWSError(kind: .invalidRequest, service: "SQS", operation: "SendMessage", message: "DelaySeconds \(delaySeconds) is outside 0…900")
        }
        let output = try await transport.send(
            "SendMessage",
            Input(queueUrl: queueURL, messageBody: body, delaySeconds: delaySeconds, messageAttributes: attributes.isEmpty ? nil : attributes),
            as: Output.self)
        if let md5 = output.md5, md5 != Self.md5Hex(body) {
            throw AWSError(kind: .invalidResponse, service: "SQS", operation: "SendMessage", message: "MD5OfMessageBody does not match the body sent")
        }
        return output.messageId
    }

    /// Receives up to `max` (1…10) messages, waiting up to `waitSeconds` (0…20) for the first,
    /// hiding them for `visibilityTimeout` seconds. System attributes always include
    /// `ApproximateReceiveCount`.
    package func receiveMessages(
        queueURL: String, max: Int = 1, waitSeconds: Int = 20, visibilityTimeout: Int? = nil
    ) async throws -> [SQSMessage] {
        struct Input: Encodable {
            var queueUrl: String
            var maxNumberOfMessages: Int
            var waitTimeSeconds: Int
            var visibilityTimeout: Int?
            var systemAttributeNames = ["All"]
            var messageAttributeNames = ["All"]
            enum CodingKeys: String, CodingKey {
                case queueUrl = "QueueUrl", maxNumberOfMessages = "MaxNumberOfMessages", waitTimeSeconds = "WaitTimeSeconds"
                case visibilityTimeout = "VisibilityTimeout", systemAttributeNames = "MessageSystemAttributeNames"
                case messageAttributeNames = "MessageAttributeNames"
            }
        }
        struct Output: Decodable {
            var messages: [SQSMessage]?
            enum CodingKeys: String, CodingKey { case messages = "Messages" }
        }
        let wait = Swift.max(0, Swift.min(20, waitSeconds))
        let input = Input(
            queueUrl: queueURL, maxNumberOfMessages: Swift.max(1, Swift.min(10, max)), waitTimeSeconds: wait,
            visibilityTimeout: visibilityTimeout.map { Swift.max(0, Swift.min(Self.maxVisibilitySeconds, $0)) })
        // The answer may take the whole wait: give the HTTP exchange that much more time.
        let messages = try await transport.send("ReceiveMessage", input, as: Output.self, timeout: .seconds(wait + 15)).messages ?? []
        for message in messages {
            if let md5 = message.md5OfBody, md5 != Self.md5Hex(message.body) {
                throw AWSError(kind: .invalidResponse, service: "SQS", operation: "ReceiveMessage", message: "MD5OfBody does not match message \(message.messageId)")
            }
        }
        return messages
    }

    package func deleteMessage(queueURL: String, receiptHandle: String) async throws {
        try await sendWithoutResult("DeleteMessage", ["QueueUrl": queueURL, "ReceiptHandle": receiptHandle])
    }

    /// Hides (or, with 0, releases) a received message for `visibilityTimeout` seconds from now.
    package func changeMessageVisibility(queueURL: String, receiptHandle: String, visibilityTimeout: Int) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var receiptHandle: String
            var visibilityTimeout: Int
            enum CodingKeys: String, CodingKey {
                case queueUrl = "QueueUrl", receiptHandle = "ReceiptHandle", visibilityTimeout = "VisibilityTimeout"
            }
        }
        struct Output: Decodable {}
        let seconds = Swift.max(0, Swift.min(Self.maxVisibilitySeconds, visibilityTimeout))
        _ = try await transport.send(
            "ChangeMessageVisibility", Input(queueUrl: queueURL, receiptHandle: receiptHandle, visibilityTimeout: seconds), as: Output.self)
    }

    // MARK: - Queues

    /// Creates the queue (or returns the URL of an identical existing one).
    package func createQueue(name: String, attributes: [String: String] = [:]) async throws -> String {
        struct Input: Encodable {
            var queueName: String
            var attributes: [String: String]?
            enum CodingKeys: String, CodingKey { case queueName = "QueueName", attributes = "Attributes" }
        }
        return try await transport.send(
            "CreateQueue", Input(queueName: name, attributes: attributes.isEmpty ? nil : attributes), as: QueueURLOutput.self
        ).queueUrl
    }

    /// The URL of queue `name`, optionally owned by another account. Throws ``AWSError`` with
    /// code `QueueDoesNotExist` (query code `AWS.SimpleQueueService.NonExistentQueue`) when absent.
    package func getQueueURL(name: String, ownerAccountId: String? = nil) async throws -> String {
        struct Input: Encodable {
            var queueName: String
            var owner: String?
            enum CodingKeys: String, CodingKey { case queueName = "QueueName", owner = "QueueOwnerAWSAccountId" }
        }
        return try await transport.send("GetQueueUrl", Input(queueName: name, owner: ownerAccountId), as: QueueURLOutput.self).queueUrl
    }

    /// Queue attributes such as `QueueArn`, `RedrivePolicy`, `VisibilityTimeout`.
    package func getQueueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        struct Input: Encodable {
            var queueUrl: String
            var attributeNames: [String]
            enum CodingKeys: String, CodingKey { case queueUrl = "QueueUrl", attributeNames = "AttributeNames" }
        }
        struct Output: Decodable {
            var attributes: [String: String]?
            enum CodingKeys: String, CodingKey { case attributes = "Attributes" }
        }
        return try await transport.send("GetQueueAttributes", Input(queueUrl: queueURL, attributeNames: names), as: Output.self).attributes ?? [:]
    }

    package func setQueueAttributes(queueURL: String, attributes: [String: String]) async throws {
        struct Input: Encodable {
            var queueUrl: String
            var attributes: [String: String]
            enum CodingKeys: String, CodingKey { case queueUrl = "QueueUrl", attributes = "Attributes" }
        }
        struct Output: Decodable {}
        _ = try await transport.send("SetQueueAttributes", Input(queueUrl: queueURL, attributes: attributes), as: Output.self)
    }

    package func deleteQueue(queueURL: String) async throws {
        try await sendWithoutResult("DeleteQueue", ["QueueUrl": queueURL])
    }

    // MARK: - Plumbing

    private struct QueueURLOutput: Decodable {
        var queueUrl: String
        enum CodingKeys: String, CodingKey { case queueUrl = "QueueUrl" }
    }

    private func sendWithoutResult(_ operation: String, _ input: [String: String]) async throws {
        struct Output: Decodable {}
        _ = try await transport.send(operation, input, as: Output.self)
    }

    static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
