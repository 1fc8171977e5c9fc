package import AWSCore
package import RepliesCore

/// ``HandoffNotifier`` on the handoff queue (`HANDOFF_QUEUE_URL`); the body is exactly
/// ``HandoffNotice/jsonBody()``.
///
/// ```swift
/// try await SQSHandoffNotifier(sqs: sqs, queueURL: handoffURL).notify(notice)
/// ```
package struct SQSHandoffNotifier: HandoffNotifier {
    package let sqs: SQSClient
    package let queueURL: String

    package init(sqs: SQSClient, queueURL: String) {
        self.sqs = sqs
        self.queueURL = queueURL
    }

    package func notify(_ notice: HandoffNotice) async throws {
        try await sqs.sendMessage(queueURL: queueURL, body: notice.jsonBody())
    }
}
