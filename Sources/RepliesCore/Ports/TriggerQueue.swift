/// Sends batch triggers with a delay (SQS `DelaySeconds`, or the embedded delay queue).
package protocol TriggerQueue: Sendable {
    func enqueue(_ trigger: Trigger, channel: Channel, delay: Duration) async throws
}

/// Pull-style consumption of triggers, for the long-running `serve` worker.
package protocol TriggerSource: Sendable {
    /// Waits up to `wait` for at most `max` due deliveries, hiding them for `visibility`.
    func receive(max: Int, wait: Duration, visibility: Duration) async throws -> [TriggerDelivery]
    /// Done: the trigger is removed.
    func complete(_ delivery: TriggerDelivery) async throws
    /// Makes the trigger visible again after `delay`.
    func retry(_ delivery: TriggerDelivery, after delay: Duration) async throws
    /// Keeps a trigger hidden while its batch is still being processed (heartbeat).
    func extend(_ delivery: TriggerDelivery, by visibility: Duration) async throws
    /// Moves a trigger that can never succeed out of the way, keeping it for inspection.
    func deadLetter(_ delivery: TriggerDelivery, reason: String) async throws
}

/// One received trigger message.
package struct TriggerDelivery: Sendable, Hashable {
    package var id: String
    /// Opaque handle for complete/retry/extend (SQS receipt handle, embedded row id).
    package var receipt: String
    package var body: String
    package var channel: Channel
    /// 1 on first delivery.
    package var receiveCount: Int

    package init(id: String, receipt: String, body: String, channel: Channel, receiveCount: Int) {
        self.id = id
        self.receipt = receipt
        self.body = body
        self.channel = channel
        self.receiveCount = receiveCount
    }
}
