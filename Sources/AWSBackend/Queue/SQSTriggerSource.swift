package import AWSCore
import Synchronization
package import RepliesCore

/// ``TriggerSource`` on the channel queues, for the long-running `serve` worker.
///
/// Each `receive` first short-polls every queue (so a single worker loop still sees all
/// channels), and when all are empty long-polls one queue, rotating between calls, for `wait`
/// divided by the number of queues: with the worker's several loops every queue always has a
/// long poll in flight, and a single loop still comes back to each queue within that share of
/// `wait`. Nothing is received that is not returned: no message sits hidden in a local buffer,
/// and `ApproximateReceiveCount` (which drives the redrive to the dead-letter queue) counts only
/// real attempts — the reason for not long-polling every queue at once and buffering the rest.
///
/// ```swift
/// let source = SQSTriggerSource(sqs: sqs, queueURLs: [.whatsapp: whatsappURL, .sms: smsURL])
/// let worker = TriggerWorker(source: source, processor: processor, logger: logger)
/// ```
package final class SQSTriggerSource: TriggerSource {
    package let sqs: SQSClient
    package let queueURLs: [Channel: String]
    private let channels: [Channel]
    private let rotation = Mutex(0)
    /// Dead-letter queue URL per channel: as configured (the template passes them), else read
    /// once from the queue's RedrivePolicy.
    private let deadLetterURLs: Mutex<[Channel: String]>

    package init(sqs: SQSClient, queueURLs: [Channel: String], deadLetterQueueURLs: [Channel: String] = [:]) {
        self.sqs = sqs
        self.queueURLs = queueURLs
        self.channels = Channel.allCases.filter { queueURLs[$0] != nil }
        self.deadLetterURLs = Mutex(deadLetterQueueURLs)
    }

    package func receive(max: Int, wait: Duration, visibility: Duration) async throws -> [TriggerDelivery] {
        guard !channels.isEmpty else { return [] }
        let visibilitySeconds = SQSTriggerQueue.seconds(visibility, max: SQSClient.maxVisibilitySeconds)
        let start = rotation.withLock { value in
            defer { value = (value + 1) % channels.count }
            return value
        }
        let order = (0..<channels.count).map { channels[(start + $0) % channels.count] }
        if channels.count > 1 {
            for channel in order {
                let found = try await poll(channel, max: max, waitSeconds: 0, visibilitySeconds: visibilitySeconds)
                if !found.isEmpty { return found }
            }
        }
        let share = SQSTriggerQueue.seconds(wait, max: 20)
        let waitSeconds = share == 0 ? 0 : Swift.max(1, (share + channels.count - 1) / channels.count)
        return try await poll(order[0], max: max, waitSeconds: waitSeconds, visibilitySeconds: visibilitySeconds)
    }

    package func complete(_ delivery: TriggerDelivery) async throws {
        try await sqs.deleteMessage(queueURL: try url(delivery.channel), receiptHandle: delivery.receipt)
    }

    package func retry(_ delivery: TriggerDelivery, after delay: Duration) async throws {
        try await sqs.changeMessageVisibility(
            queueURL: try url(delivery.channel), receiptHandle: delivery.receipt,
            visibilityTimeout: SQSTriggerQueue.seconds(delay, max: SQSClient.maxVisibilitySeconds))
    }

    package func extend(_ delivery: TriggerDelivery, by visibility: Duration) async throws {
        try await sqs.changeMessageVisibility(
            queueURL: try url(delivery.channel), receiptHandle: delivery.receipt,
            visibilityTimeout: SQSTriggerQueue.seconds(visibility, max: SQSClient.maxVisibilitySeconds))
    }

    /// Copies the body to the queue's dead-letter queue (with the reason as a message
    /// attribute), then deletes the original.
    package func deadLetter(_ delivery: TriggerDelivery, reason: String) async throws {
        let source = try url(delivery.channel)
        let target = try await deadLetterURL(delivery.channel, source: source)
        try await sqs.sendMessage(
            queueURL: target, body: delivery.body,
            attributes: [
                "dead_letter_reason": SQSMessageAttribute(string: String(reason.prefix(1000))),
                "source_message_id": SQSMessageAttribute(string: delivery.id),
            ])
        try await sqs.deleteMessage(queueURL: source, receiptHandle: delivery.receipt)
    }

    // MARK: - Plumbing

    private func poll(_ channel: Channel, max: Int, waitSeconds: Int, visibilitySeconds: Int) async throws -> [TriggerDelivery] {
        let messages = try await sqs.receiveMessages(
            queueURL: try url(channel), max: max, waitSeconds: waitSeconds, visibilityTimeout: visibilitySeconds)
        return messages.map {
            TriggerDelivery(id: $0.messageId, receipt: $0.receiptHandle, body: $0.body, channel: channel, receiveCount: $0.receiveCount ?? 1)
        }
    }

    private func url(_ channel: Channel) throws -> String {
        guard let url = queueURLs[channel] else {
            throw AWSBackendError.noQueue(channel: channel.rawValue, key: AWSBackendConfiguration.queueKey(channel))
        }
        return url
    }

    /// The configured URL, or the RedrivePolicy's target. Its URL is built from the source
    /// queue's (SQS requires a dead-letter queue in the same account and region, so only the
    /// name differs) instead of asking `GetQueueUrl`, which the worker's role does not grant.
    private func deadLetterURL(_ channel: Channel, source: String) async throws -> String {
        if let known = deadLetterURLs.withLock({ $0[channel] }) { return known }
        let attributes = try await sqs.getQueueAttributes(queueURL: source, names: ["RedrivePolicy"])
        guard let policy = attributes["RedrivePolicy"].flatMap(SQSRedrivePolicy.init(attribute:)),
              let arn = SQSQueueARN(policy.deadLetterTargetArn),
              let url = Self.sibling(of: source, named: arn.queueName)
        else { throw AWSBackendError.noDeadLetterQueue(queueURL: source) }
        deadLetterURLs.withLock { $0[channel] = url }
        return url
    }

    /// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` with `NAME` replaced; nil when the URL
    /// does not end in a queue name.
    static func sibling(of queueURL: String, named name: String) -> String? {
        guard let slash = queueURL.lastIndex(of: "/"), queueURL.index(after: slash) < queueURL.endIndex else { return nil }
        return queueURL[...slash] + name
    }
}
