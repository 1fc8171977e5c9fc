import Foundation
import RepliesCore

/// A send failure with a chosen retry disposition, as the Twilio adapter would throw it.
struct SendFailure: Error, RetryClassifying, CustomStringConvertible {
    var retryDisposition: RetryDisposition
    var description: String { "scripted send failure (\(retryDisposition))" }
}

/// ``MessageSender`` that records what it sends, assigns Twilio-shaped SIDs and answers
/// ``sentMessages`` from its own record, like the provider's message list would.
///
/// Failures are planned per send attempt (1-based over the sender's life).
actor ScriptedMessageSender: MessageSender {
    enum Plan: Sendable {
        /// Nothing is sent; a retry may send.
        case transient(retryAfter: Duration?)
        /// Nothing is sent; the provider rejected the message.
        case permanent
        /// The message goes out but the response is lost: the caller sees a transient error.
        case sentButLost
    }

    struct Delivered: Sendable, Hashable {
        var message: OutboundMessage
        var sent: SentMessage
    }

    private let clock: any WallClock
    private var plans: [Int: Plan] = [:]
    private(set) var attempts = 0
    /// Messages that actually went out, in order.
    private(set) var delivered: [Delivered] = []
    private(set) var listCalls = 0
    private var listFailure: SendFailure?

    init(clock: any WallClock) {
        self.clock = clock
    }

    func plan(attempt: Int, _ plan: Plan) {
        plans[attempt] = plan
    }

    /// Makes ``sentMessages`` fail (nil to stop).
    func failListing(_ failure: SendFailure?) {
        listFailure = failure
    }

    var bodies: [String] { delivered.map(\.message.body) }
    var sids: [String] { delivered.map(\.sent.sid) }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        attempts += 1
        switch plans[attempts] {
        case .transient(let after)?:
            throw SendFailure(retryDisposition: .transient(retryAfter: after))
        case .permanent?:
            throw SendFailure(retryDisposition: .permanent)
        case .sentButLost?:
            _ = record(message)
            throw SendFailure(retryDisposition: .transient(retryAfter: nil))
        case nil:
            return record(message)
        }
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        listCalls += 1
        if let listFailure { throw listFailure }
        return delivered
            .filter {
                $0.message.channel == channel && $0.message.from == from && $0.message.to == to
                    && $0.message.credentials.accountSid == credentials.accountSid
                    && ($0.sent.dateCreated ?? .distantPast) >= since
            }
            .map(\.sent)
            .reversed()  // providers list newest first; the core must not rely on order
    }

    private func record(_ message: OutboundMessage) -> SentMessage {
        // Outbound SIDs start `SMa…`, so they never collide with the inbound ``Fixture/sid(_:)`` ones.
        let number = String(delivered.count + 1)
        let sid = "SMa" + String(repeating: "0", count: 31 - number.count) + number
        let sent = SentMessage(sid: sid, body: message.body, dateCreated: clock.now())
        delivered.append(Delivered(message: message, sent: sent))
        return sent
    }
}
