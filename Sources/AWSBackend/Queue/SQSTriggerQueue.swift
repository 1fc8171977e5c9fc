package import AWSCore
package import RepliesCore

/// ``TriggerQueue`` on the channel queues (`WHATSAPP_QUEUE_URL`, `SMS_QUEUE_URL`): the body is
/// exactly ``Trigger/encodedBody()``, delayed with SQS's per-message `DelaySeconds`.
///
/// ```swift
/// let queue = SQSTriggerQueue(sqs: sqs, queueURLs: [.whatsapp: whatsappURL])
/// try await queue.enqueue(Trigger(key), channel: .whatsapp, delay: .seconds(10))
/// ```
package struct SQSTriggerQueue: TriggerQueue {
    package let sqs: SQSClient
    package let queueURLs: [Channel: String]

    package init(sqs: SQSClient, queueURLs: [Channel: String]) {
        self.sqs = sqs
        self.queueURLs = queueURLs
    }

    /// Delays are rounded up to whole seconds and capped at SQS's 900 s.
    package func enqueue(_ trigger: Trigger, channel: Channel, delay: Duration) async throws {
        guard let url = queueURLs[channel] else {
            throw AWSBackendError.noQueue(channel: channel.rawValue, key: AWSBackendConfiguration.queueKey(channel))
        }
        try await sqs.sendMessage(queueURL: url, body: trigger.encodedBody(), delaySeconds: Self.seconds(delay, max: SQSClient.maxDelaySeconds))
    }

    /// Whole seconds, rounded up, within `0...max`.
    static func seconds(_ duration: Duration, max: Int) -> Int {
        let parts = duration.components
        guard parts.seconds >= 0 else { return 0 }
        let whole = parts.seconds + (parts.attoseconds > 0 ? 1 : 0)
        return Int(Swift.min(Int64(max), whole))
    }
}
