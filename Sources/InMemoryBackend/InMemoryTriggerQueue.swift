package import Foundation
package import RepliesCore

/// A delay queue in memory, driven by a ``WallClock``: `receive` returns what is due *now* and
/// never waits, so tests advance a ``ManualClock`` instead of sleeping.
///
/// ```swift
/// let queue = InMemoryTriggerQueue(clock: clock)
/// clock.advance(by: .seconds(10))
/// let due = try await queue.receive(max: 10, wait: .zero, visibility: .seconds(60))
/// ```
package actor InMemoryTriggerQueue: TriggerQueue, TriggerSource {
    package struct Message: Sendable, Hashable {
        package var id: String
        package var trigger: Trigger
        package var body: String
        package var channel: Channel
        package var visibleAt: Date
        package var receiveCount: Int
    }

    private let clock: any WallClock
    private var messages: [String: Message] = [:]
    private var order: [String] = []
    package private(set) var deadLetters: [(body: String, reason: String)] = []
    package private(set) var enqueuedCount = 0

    package init(clock: any WallClock) {
        self.clock = clock
    }

    package func enqueue(_ trigger: Trigger, channel: Channel, delay: Duration) async throws {
        let id = UUID().uuidString
        messages[id] = Message(
            id: id, trigger: trigger, body: trigger.encodedBody(), channel: channel,
            visibleAt: clock.now().adding(delay), receiveCount: 0)
        order.append(id)
        enqueuedCount += 1
    }

    /// Adds a raw body, e.g. a malformed message.
    package func enqueueRaw(_ body: String, channel: Channel) {
        let id = UUID().uuidString
        messages[id] = Message(
            id: id, trigger: Trigger(conversationId: "", primaryChannel: ""), body: body, channel: channel,
            visibleAt: clock.now(), receiveCount: 0)
        order.append(id)
    }

    package func receive(max: Int, wait: Duration, visibility: Duration) async throws -> [TriggerDelivery] {
        let now = clock.now()
        var deliveries: [TriggerDelivery] = []
        for id in order where deliveries.count < max {
            guard var message = messages[id], message.visibleAt <= now else { continue }
            message.receiveCount += 1
            message.visibleAt = now.adding(visibility)
            messages[id] = message
            deliveries.append(
                TriggerDelivery(id: id, receipt: id, body: message.body, channel: message.channel, receiveCount: message.receiveCount))
        }
        return deliveries
    }

    package func complete(_ delivery: TriggerDelivery) async throws {
        messages.removeValue(forKey: delivery.receipt)
        order.removeAll { $0 == delivery.receipt }
    }

    package func retry(_ delivery: TriggerDelivery, after delay: Duration) async throws {
        messages[delivery.receipt]?.visibleAt = clock.now().adding(delay)
    }

    package func extend(_ delivery: TriggerDelivery, by visibility: Duration) async throws {
        messages[delivery.receipt]?.visibleAt = clock.now().adding(visibility)
    }

    package func deadLetter(_ delivery: TriggerDelivery, reason: String) async throws {
        deadLetters.append((delivery.body, reason))
        try await complete(delivery)
    }

    /// Messages still queued (visible or not).
    package var pending: [Message] { order.compactMap { messages[$0] } }
}
