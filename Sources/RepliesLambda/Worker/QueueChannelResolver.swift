package import RepliesCore

/// Finds the channel of an SQS record from its queue: an explicit ARN → channel map first, then
/// a channel name as a whole word of the queue name (`ai-multi-comms-replies-whatsapp-queue-dev`).
///
/// ```swift
/// let resolver = QueueChannelResolver()
/// resolver.channel(forQueueARN: "arn:aws:sqs:eu-north-1:000000000000:replies-sms-queue-dev")   // .sms
/// ```
package struct QueueChannelResolver: Sendable, Hashable {
    package var byARN: [String: Channel]

    package init(byARN: [String: Channel] = [:]) {
        self.byARN = byARN
    }

    /// nil when neither the map nor the queue name says; the caller then uses a default (the
    /// conversation record's `channel_method` decides in the end anyway).
    package func channel(forQueueARN arn: String?) -> Channel? {
        guard let arn, !arn.isEmpty else { return nil }
        if let channel = byARN[arn] { return channel }
        let queueName = arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
        let words = queueName.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
        return words.lazy.compactMap { Channel(rawValue: $0.lowercased()) }.first
    }
}
