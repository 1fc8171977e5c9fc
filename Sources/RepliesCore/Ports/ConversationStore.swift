package import Foundation

/// The shared ConversationsTable, seen through the operations the engine needs.
///
/// Every write is conditional on the caller holding the reply lease, so a worker whose lease
/// expired and was taken over can never write. Implementations must treat an expired lease as
/// free even when its attributes are still present.
package protocol ConversationStore: Sendable {
    /// All records for (company number, user number) on the channel's lookup index.
    func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation]

    /// The distinct Twilio secret names (`channel_config.<channel>_credentials_id`) of records on
    /// the channel's company-number index, for authenticating a webhook from the company number
    /// alone, before the (company, user) pair is looked up. At most `limit` names, in a stable
    /// order; records without a name are skipped; an unknown number gives `[]`.
    func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String]

    /// Strongly consistent read of one record; nil when absent.
    func conversation(_ key: ConversationKey) async throws -> Conversation?

    /// Takes the reply lease when the record exists and no lease is held, the held lease has
    /// expired (`expiresAt` ≤ `now`), or `owner` already holds it. Sets `conversation_status`
    /// to `processing_reply`. Returns the record as it was *before* the update.
    func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition

    /// Moves the lease expiry forward; false when `owner` no longer holds the lease.
    func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool

    /// Applies `update` and keeps the lease. False when `owner` no longer holds it.
    func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool

    /// Applies `update` and releases the lease, in one conditional write. False when `owner`
    /// no longer holds it (nothing is written then).
    func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool

    /// Creates or replaces a whole record: for `seed` and tests, never for the engine's flows.
    func put(_ record: Record) async throws
}

/// Outcome of ``ConversationStore/acquireLease(_:owner:now:until:)``.
package enum LeaseAcquisition: Sendable {
    case acquired(previous: Conversation)
    case busy(until: Date)
    case missing
}

/// One conditional change to a conversation record: attributes to set, entries appended to
/// `messages` (`list_append(if_not_exists(messages, []), …)`), attributes to remove.
package struct ConversationUpdate: Sendable, Hashable {
    package var set: Record
    package var appendMessages: [MessageEntry]
    package var remove: [String]

    package init(set: Record = [:], appendMessages: [MessageEntry] = [], remove: [String] = []) {
        self.set = set
        self.appendMessages = appendMessages
        self.remove = remove
    }

    /// The attributes a lease release removes, in every backend.
    package static let leaseAttributes = [ConversationAttribute.leaseOwner, ConversationAttribute.leaseExpiresAt]
}
