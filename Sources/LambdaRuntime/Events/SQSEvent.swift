/// The event Lambda's SQS event source mapping delivers. Fields are optional so that one odd
/// record never makes the whole batch undecodable; the trigger adapter checks each record.
///
/// ```swift
/// let event = try JSONDecoder().decode(SQSEvent.self, from: data)
/// event.records.first?.receiveCount   // 1 on first delivery
/// ```
public struct SQSEvent: Decodable, Sendable, Hashable {
    public struct Record: Decodable, Sendable, Hashable {
        public struct Attributes: Decodable, Sendable, Hashable {
            /// Delivery count as SQS reports it (a string of digits).
            public var approximateReceiveCount: String?
            public var sentTimestamp: String?

            public init(approximateReceiveCount: String? = nil, sentTimestamp: String? = nil) {
                self.approximateReceiveCount = approximateReceiveCount
                self.sentTimestamp = sentTimestamp
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                approximateReceiveCount = container.lenient(String.self, .approximateReceiveCount)
                sentTimestamp = container.lenient(String.self, .sentTimestamp)
            }

            enum CodingKeys: String, CodingKey {
                case approximateReceiveCount = "ApproximateReceiveCount"
                case sentTimestamp = "SentTimestamp"
            }
        }

        public var messageId: String?
        public var receiptHandle: String?
        public var body: String?
        public var attributes: Attributes?
        public var eventSourceARN: String?
        public var awsRegion: String?

        public init(
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

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageId = container.lenient(String.self, .messageId)
            receiptHandle = container.lenient(String.self, .receiptHandle)
            body = container.lenient(String.self, .body)
            attributes = container.lenient(Attributes.self, .attributes)
            eventSourceARN = container.lenient(String.self, .eventSourceARN)
            awsRegion = container.lenient(String.self, .awsRegion)
        }

        /// `ApproximateReceiveCount` as a number, at least 1.
        public var receiveCount: Int {
            max(1, attributes?.approximateReceiveCount.flatMap { Int($0) } ?? 1)
        }

        enum CodingKeys: String, CodingKey { case messageId, receiptHandle, body, attributes, eventSourceARN, awsRegion }
    }

    public var records: [Record]

    public init(records: [Record]) {
        self.records = records
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // `Records` is what makes this an SQS event: a missing or non-array value is an error.
        records = try container.decode([Record].self, forKey: .records)
    }

    enum CodingKeys: String, CodingKey { case records = "Records" }
}
