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

    /// An operator's change (take-over, hand-back, an operator turn), written without the reply
    /// lease, beside a worker that may hold it: sets, appends and removes (never trims, never
    /// lease attributes) when the record exists. With `recordingSid`, only when that SID is not
    /// yet in `operator_message_sids`, to which the same write appends it: a retried operator
    /// turn is never recorded twice.
    func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite

    /// Compare-and-set without the reply lease (beside a worker that may hold it): sets the
    /// attributes of `set` when the record exists and the map `attribute` has
    /// `revision` = `expectedRevision` (nil: `attribute` is absent). `set` must hold `attribute`
    /// with the next revision, and never a lease attribute. For delivery status callbacks.
    func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult
}

/// Outcome of ``ConversationStore/compareAndSet(_:attribute:expectedRevision:set:)``.
package enum CompareAndSetResult: Sendable, Hashable {
    case written
    /// The attribute's revision was not the expected one: nothing written; read again.
    case conflict
    case missing
}

extension ConversationStore {
    /// Whether `record` holds `attribute` at `expectedRevision` (nil: absent), as every store checks it.
    package static func revisionMatches(_ record: Record, attribute: String, expected: Int?) -> Bool {
        guard let value = record[attribute] else { return expected == nil }
        guard let expected else { return false }
        return value.mapValue?.int("revision") == expected
    }

    /// Refuses a compare-and-set that would touch the lease or lacks its own attribute.
    package static func validateCompareAndSet(attribute: String, set: Record) throws(ConversationUpdateError) {
        // The operator's checks: no key, no template-sender attribute, no messages, no lease.
        try ConversationUpdate(set: set).validateForOperator()
        guard set[attribute] != nil else { throw .compareAndSetWithoutAttribute(attribute) }
    }
}

/// Outcome of ``ConversationStore/operatorUpdate(_:_:recordingSid:)``.
package enum OperatorWrite: Sendable, Hashable {
    case written
    /// `recordingSid` was already recorded: nothing written.
    case alreadyRecorded
    case missing
}

extension ConversationUpdate {
    /// The checks of an operator's write on top of ``validate(releasing:)``: no trim, no lease.
    package func validateForOperator() throws(ConversationUpdateError) {
        try validate(releasing: true)
        if trim != nil { throw .trimWithAppend }
        if let name = (Self.leaseAttributes + [ConversationAttribute.operatorMessageSids]).first(where: { set[$0] != nil || remove.contains($0) }) {
            throw .leaseSetWhileReleasing(name)
        }
    }

    /// Appends `sid` to the record's `operator_message_sids` (as every store does for `recordingSid`).
    package static func recordingOperatorSid(_ sid: String, in record: Record) -> Record {
        var record = record
        record[ConversationAttribute.operatorMessageSids] = .list((record.list(ConversationAttribute.operatorMessageSids) ?? []) + [.string(sid)])
        return record
    }

    /// Whether `record` already lists `sid` in `operator_message_sids`.
    package static func hasOperatorSid(_ sid: String, in record: Record) -> Bool {
        (record.list(ConversationAttribute.operatorMessageSids) ?? []).contains(.string(sid))
    }
}

/// Outcome of ``ConversationStore/acquireLease(_:owner:now:until:)``.
package enum LeaseAcquisition: Sendable {
    case acquired(previous: Conversation)
    case busy(until: Date)
    case missing
}

/// One conditional change to a conversation record: attributes to set, entries appended to
/// `messages` (`list_append(if_not_exists(messages, []), …)`), attributes to remove, or the
/// oldest entries of `messages` trimmed after they were copied to the history table.
package struct ConversationUpdate: Sendable, Hashable {
    package var set: Record
    package var appendMessages: [MessageEntry]
    package var remove: [String]
    /// Removes the first entries of `messages`; cannot be combined with ``appendMessages``.
    package var trim: MessageTrim?

    package init(set: Record = [:], appendMessages: [MessageEntry] = [], remove: [String] = [], trim: MessageTrim? = nil) {
        self.set = set
        self.appendMessages = appendMessages
        self.remove = remove
        self.trim = trim
    }

    /// The attributes a lease release removes, in every backend.
    package static let leaseAttributes = [ConversationAttribute.leaseOwner, ConversationAttribute.leaseExpiresAt]
}

/// Removes the first ``count`` entries of `messages` (already copied to the history table) and
/// raises `archived_message_count` from ``archivedBefore`` to `archivedBefore + count`.
///
/// Besides the lease, the write is conditional on the record's `archived_message_count` (absent
/// counts as 0) being ``archivedBefore`` and on `messages` holding at least ``count`` entries, so a
/// trim computed from a stale read, or applied twice, writes nothing (the store answers false).
package struct MessageTrim: Sendable, Hashable {
    package var count: Int
    package var archivedBefore: Int

    /// Most entries one write removes (DynamoDB limits an expression to 4 KB).
    package static let maxCount = 100

    package init(count: Int, archivedBefore: Int) {
        self.count = count
        self.archivedBefore = archivedBefore
    }

    /// `messages` after the trim, or nil when the trim's condition does not hold for `record`.
    package func apply(to record: Record) -> [RecordValue]? {
        let messages = record.list(ConversationAttribute.messages) ?? []
        guard (record.int(ConversationAttribute.archivedMessageCount) ?? 0) == archivedBefore, messages.count >= count else { return nil }
        return Array(messages.dropFirst(count))
    }
}
