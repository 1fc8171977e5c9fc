/// Twilio's status of a message we sent, ordered so a callback can only move it forward.
///
/// Twilio posts one callback per change, but not necessarily in order and sometimes twice
/// (docs/DATA.md, `delivery_status`): `sent` may arrive after `delivered`. Ranks make every
/// late or repeated callback a no-op: `queued`/`accepted`/`scheduled` < `sending` < `sent` <
/// `delivered` < `read`; `failed`, `undelivered` and `canceled` are final and win over
/// everything but another final status.
package enum DeliveryStatus: String, Sendable, Hashable, CaseIterable {
    case accepted, scheduled, queued, sending, sent, delivered, read
    case failed, undelivered, canceled

    /// Statuses of inbound messages or of Twilio's bookkeeping that a status callback of ours
    /// never carries meaningfully; parsed so they are acknowledged, never recorded.
    package static let ignored: Set<String> = ["receiving", "received", "partially_delivered"]

    var rank: Int {
        switch self {
        case .accepted, .scheduled, .queued: 0
        case .sending: 1
        case .sent: 2
        case .delivered: 3
        case .read: 4
        case .failed, .undelivered, .canceled: 10
        }
    }

    /// `failed` or `undelivered` (or `canceled`): the person did not get the message.
    package var isFailure: Bool { rank == 10 }

    /// Whether a message now in `self` moves to `next`: only forward, and never out of a final status.
    package func advances(to next: DeliveryStatus) -> Bool {
        !isFailure && next.rank > rank
    }
}

/// Who wrote the message a status is about: carried in the callback URL (docs/DATA.md).
package enum DeliverySender: String, Sendable, Hashable, CaseIterable {
    /// The AI's reply (a batch).
    case ai
    /// A staff member's message from the operator desk.
    case staff
}
