/// The partial-batch answer for an SQS event source mapping with `ReportBatchItemFailures`:
/// `{"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}`. An empty list means every record
/// succeeded; listed records stay on the queue and are delivered again.
///
/// ```swift
/// let response = SQSBatchResponse(failedMessageIds: ["059f36b4-…"])
/// ```
public struct SQSBatchResponse: Codable, Sendable, Hashable {
    public struct Failure: Codable, Sendable, Hashable {
        public var itemIdentifier: String

        public init(itemIdentifier: String) {
            self.itemIdentifier = itemIdentifier
        }
    }

    public var batchItemFailures: [Failure]

    public init(failedMessageIds: [String]) {
        self.batchItemFailures = failedMessageIds.map(Failure.init(itemIdentifier:))
    }

    public var failedMessageIds: [String] { batchItemFailures.map(\.itemIdentifier) }
}
