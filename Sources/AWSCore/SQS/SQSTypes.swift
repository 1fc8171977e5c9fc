import Foundation

/// Shapes of the SQS JSON API (AmazonSQS.*), only the fields this project uses.

/// A received message.
package struct SQSMessage: Sendable, Hashable, Decodable {
    package var messageId: String
    package var receiptHandle: String
    package var body: String
    package var md5OfBody: String?
    /// System attributes such as `ApproximateReceiveCount`, `SentTimestamp`.
    package var attributes: [String: String]
    package var messageAttributes: [String: SQSMessageAttribute]

    /// `ApproximateReceiveCount` (1 on first delivery); nil when it was not requested.
    package var receiveCount: Int? { attributes["ApproximateReceiveCount"].flatMap { Int($0) } }

    enum CodingKeys: String, CodingKey {
        case messageId = "MessageId", receiptHandle = "ReceiptHandle", body = "Body", md5OfBody = "MD5OfBody"
        case attributes = "Attributes", messageAttributes = "MessageAttributes"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageId = try container.decode(String.self, forKey: .messageId)
        receiptHandle = try container.decode(String.self, forKey: .receiptHandle)
        body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        md5OfBody = try container.decodeIfPresent(String.self, forKey: .md5OfBody)
        attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        messageAttributes = try container.decodeIfPresent([String: SQSMessageAttribute].self, forKey: .messageAttributes) ?? [:]
    }
}

/// A string message attribute (the only kind this project sends).
package struct SQSMessageAttribute: Sendable, Hashable, Codable {
    package var dataType: String
    package var stringValue: String?

    package init(string: String) {
        self.dataType = "String"
        self.stringValue = string
    }

    enum CodingKeys: String, CodingKey { case dataType = "DataType", stringValue = "StringValue" }
}

/// A queue's `RedrivePolicy` attribute (JSON text inside the attribute map).
package struct SQSRedrivePolicy: Sendable, Hashable, Codable {
    package var deadLetterTargetArn: String
    package var maxReceiveCount: Int

    package init(deadLetterTargetArn: String, maxReceiveCount: Int) {
        self.deadLetterTargetArn = deadLetterTargetArn
        self.maxReceiveCount = maxReceiveCount
    }

    /// Parses the attribute; SQS has sent `maxReceiveCount` both as a number and as a string.
    package init?(attribute: String) {
        guard let data = attribute.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let arn = object["deadLetterTargetArn"] as? String
        else { return nil }
        let count = (object["maxReceiveCount"] as? Int) ?? (object["maxReceiveCount"] as? String).flatMap { Int($0) }
        guard let count else { return nil }
        self.init(deadLetterTargetArn: arn, maxReceiveCount: count)
    }

    /// The attribute text SQS expects.
    package var attributeValue: String {
        "{\"deadLetterTargetArn\":\"\(deadLetterTargetArn)\",\"maxReceiveCount\":\"\(maxReceiveCount)\"}"
    }
}

/// The parts of a queue ARN (`arn:aws:sqs:eu-north-1:123456789012:name`).
package struct SQSQueueARN: Sendable, Hashable {
    package var region: String
    package var accountId: String
    package var queueName: String

    package init?(_ arn: String) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sqs", !parts[5].isEmpty else { return nil }
        region = String(parts[3])
        accountId = String(parts[4])
        queueName = String(parts[5])
    }
}
