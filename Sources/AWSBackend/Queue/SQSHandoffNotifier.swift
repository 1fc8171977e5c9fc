import AWSCore
import RepliesCore

/// ``HandoffNotifier`` on the handoff queue (`HANDOFF_QUEUE_URL`); the body is exactly
/// ``HandoffNotice/jsonBody()``.
///
/// ```swift
/// try await SQSHandoffNotifier(sqs: sqs, queueURL: handoffURL).notify(notice)
/// ```
public struct SQSHandoffNotifier: HandoffNotifier {
    public let sqs: SQSClient
    public let queueURL: String

    public init(sqs: SQSClient, queueURL: String) {
        self.sqs = sqs
        self.queueURL = queueURL
    }

    public func notify(_ notice: HandoffNotice) async throws {
        try await sqs.sendMessage(queueURL: queueURL, body: notice.jsonBody())
    }
}
