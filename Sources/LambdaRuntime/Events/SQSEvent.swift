/// The event Lambda's SQS event source mapping delivers. Fields are optional so that one odd
/// record never makes the whole batch undecodable; the trigger adapter checks each record.
///
/// ```swift
/// let event = try JSONDecoder().decode(SQSEvent.self, from: data)
/// event.records.first?.receiveCount   // 1 on first delivery
/// ```
package struct SQSEvent: Decodable, Sendable, Hashable {
    package struct Record: Decodable, Sendable, Hashable {
        package struct Attributes: Decodable, Sendable, Hashable {
            /// Delivery count as SQS reports it (a string of digits).
            package var approximateReceiveCount: String?
            package var sentTimestamp: String?

            package init(approximateReceiveCount: String? = nil, sentTimestamp: String? = nil) {
                self.approximateReceiveCount = approximateReceiveCount
                self.sentTimestamp = sentTimestamp
            }

            package init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                approximateReceiveCount = container.lenient(String.self, .approximateReceiveCount)
                sentTimestamp = container.lenient(String.self, .sentTimestamp)
            }

            enum CodingKeys: String, CodingKey {
                case approximateReceiveCount = "ApproximateReceiveCount"
                case sentTimestamp = "SentTimestamp"
            }
        }

        package var messageId: String?
        package var receiptHandle: String?
        package var body: String?
        package var attributes: Attributes?
        package var eventSourceARN: String?
        package var awsRegion: String?

        package init(
            messageId: String?, receiptHandle: String?, body: String?, attributes: Attributes? = nil,
            eventSourceARN: String? = nil, awsRegion: String? = nil
        ) {
            self.messageId = messageId
            self.receiptHandle = receiptHandle
            self.body = body
            self.attributes = attributes
            self.eventSourceARN = eventSourceARN
            self.awsRegion = awsRegion
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageId = container.lenient(String.self, .messageId)
            receiptHandle = container.lenient(String.self, .receiptHandle)
            body = container.lenient(String.self, .body)
            attributes = container.lenient(Attributes.self, .attributes)
            eventSourceARN = container.lenient(String.self, .eventSourceARN)
            awsRegion = container.lenient(String.self, .awsRegion)
        }

        /// `ApproximateReceiveCount` as a number, at least 1.
        package var receiveCount: Int {
            max(1, attributes?.approximateReceiveCount.flatMap { Int($0) } ?? 1)
        }

        enum CodingKeys: String, CodingKey { case messageId, receiptHandle, body, attributes, eventSourceARN, awsRegion }
    }

    package var records: [Record]

    package init(records: [Record]) {
        self.records = records
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // `Records` is what makes this an SQS event: a missing or non-array value is an error.
        records = try container.decode([Record].self, forKey: .records)
    }

    enum CodingKeys: String, CodingKey { case records = "Records" }
}
