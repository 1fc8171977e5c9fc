package import Foundation

/// One operator message, keyed by (company, `Idempotency-Key`): stored as `pending` before the
/// provider is called, `sent` with the provider's id after, `recorded` once the operator turn is
/// in the conversation record. A retry finds it and never sends twice.
package struct OperatorSend: Sendable, Hashable {
    package enum State: String, Sendable { case pending, sent, recorded }

    package var companyId: String
    package var idempotencyKey: String
    package var conversation: ConversationKey
    /// The request as sent (canonical text): the same key with another request is refused.
    package var fingerprint: String
    /// What the person receives: the text, or the template's description.
    package var content: String
    package var operatorName: String
    package var state: State
    /// The provider's message id (Twilio SID), once known.
    package var sid: String?
    package var createdAt: Date
    /// While this is in the future, another request with the key is told the first is still
    /// running; after it (a crashed or stuck attempt), a retry takes over and reconciles.
    package var attemptExpiresAt: Date

    package init(
        companyId: String, idempotencyKey: String, conversation: ConversationKey, fingerprint: String, content: String,
        operatorName: String, state: State = .pending, sid: String? = nil, createdAt: Date, attemptExpiresAt: Date
    ) {
        self.companyId = companyId
        self.idempotencyKey = idempotencyKey
        self.conversation = conversation
        self.fingerprint = fingerprint
        self.content = content
        self.operatorName = operatorName
        self.state = state
        self.sid = sid
        self.createdAt = createdAt
        self.attemptExpiresAt = attemptExpiresAt
    }

    /// How long sends are remembered (the store's TTL): a retry later than this is a new message.
    package static let retention: TimeInterval = 30 * 24 * 3600
}

/// What ``OperatorSendLog/claim(_:now:)`` found.
package enum OperatorSendClaim: Sendable, Hashable {
    /// No send with this key existed: the caller's is stored and the caller sends.
    case claimed
    /// A pending send whose attempt expired (a crash or a stuck process): the caller now owns
    /// it (its attempt renewed) and must reconcile before sending.
    case resumed(OperatorSend)
    /// Another attempt is running.
    case busy(OperatorSend)
    /// Sent already (``OperatorSend/State/sent`` or ``OperatorSend/State/recorded``).
    case finished(OperatorSend)
}
