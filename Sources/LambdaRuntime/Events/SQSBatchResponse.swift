/// The partial-batch answer for an SQS event source mapping with `ReportBatchItemFailures`:
/// `{"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}`. An empty list means every record
/// succeeded; listed records stay on the queue and are delivered again.
///
/// ```swift
/// let response = SQSBatchResponse(failedMessageIds: ["059f36b4-…"])
/// ```
package struct SQSBatchResponse: Codable, Sendable, Hashable {
    package struct Failure: Codable, Sendable, Hashable {
        package var itemIdentifier: String

        package init(itemIdentifier: String) {
            self.itemIdentifier = itemIdentifier
        }
    }

    package var batchItemFailures: [Failure]

    package init(failedMessageIds: [String]) {
        self.batchItemFailures = failedMessageIds.map(Failure.init(itemIdentifier:))
    }

    package var failedMessageIds: [String] { batchItemFailures.map(\.itemIdentifier) }
}
