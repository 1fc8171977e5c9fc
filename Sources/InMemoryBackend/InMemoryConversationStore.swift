package import Foundation
package import RepliesCore

/// ``ConversationStore`` in memory: the reference semantics every other backend must match.
///
/// ```swift
/// let store = InMemoryConversationStore()
/// try await store.put(record)
/// ```
package actor InMemoryConversationStore: ConversationStore {
    private var records: [ConversationKey: Record] = [:]

    package init() {}

    package func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation] {
        records.values
            .filter { $0.string(channel.companyNumberIndexAttribute) == companyNumber && $0.string(channel.userIndexAttribute) == userNumber }
            .compactMap { try? Conversation(record: $0) }
            .sorted { $0.key.conversationId < $1.key.conversationId }
    }

    package func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        // In the lookup index's order (user, then the key), as DynamoDB's GSI and SQLite's index read it.
        let matches = records
            .filter { $0.value.string(channel.companyNumberIndexAttribute) == companyNumber }
            .sorted { a, b in
                let users = (a.value.string(channel.userIndexAttribute) ?? "", b.value.string(channel.userIndexAttribute) ?? "")
                if users.0 != users.1 { return users.0 < users.1 }
                return (a.key.primaryChannel, a.key.conversationId) < (b.key.primaryChannel, b.key.conversationId)
            }
            .prefix(CredentialsReferences.recordsRead)
            .compactMap { try? Conversation(record: $0.value) }
        return CredentialsReferences.distinct(matches, channel: channel, limit: limit)
    }

    package func conversation(_ key: ConversationKey) async throws -> Conversation? {
        try records[key].map { try Conversation(record: $0) }
    }

    package func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        guard let record = records[key] else { return .missing }
        let previous = try Conversation(record: record)
        if let lease = previous.lease, lease.owner != owner, lease.expiresAt > now {
            return .busy(until: lease.expiresAt)
        }
        var updated = record
        updated[ConversationAttribute.leaseOwner] = .string(owner)
        updated[ConversationAttribute.leaseExpiresAt] = .number(String(Timestamp.epochMilliseconds(until)))
        updated[ConversationAttribute.status] = .string(ConversationStatus.processingReply)
        records[key] = updated
        return .acquired(previous: previous)
    }

    package func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool {
        guard var record = records[key], record.string(ConversationAttribute.leaseOwner) == owner else { return false }
        record[ConversationAttribute.leaseExpiresAt] = .number(String(Timestamp.epochMilliseconds(until)))
        records[key] = record
        return true
    }

    package func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try update.validate(releasing: false)
        return apply(update, to: key, owner: owner)
    }

    package func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try update.validate(releasing: true)
        var releasing = update
        releasing.remove = Array(Set(update.remove + ConversationUpdate.leaseAttributes)).sorted()
        return apply(releasing, to: key, owner: owner)
    }

    package func put(_ record: Record) async throws {
        let conversation = try Conversation(record: record)
        records[conversation.key] = record
    }

    package func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite {
        try update.validateForOperator()
        guard var record = records[key] else { return .missing }
        if let recordingSid {
            guard !ConversationUpdate.hasOperatorSid(recordingSid, in: record) else { return .alreadyRecorded }
            record = ConversationUpdate.recordingOperatorSid(recordingSid, in: record)
        }
        record.merge(update.set) { _, new in new }
        if !update.appendMessages.isEmpty {
            record[ConversationAttribute.messages] = .list((record.list(ConversationAttribute.messages) ?? []) + update.appendMessages.map(\.recordValue))
        }
        for name in update.remove { record.removeValue(forKey: name) }
        records[key] = record
        return .written
    }

    package func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult {
        try Self.validateCompareAndSet(attribute: attribute, set: set)
        guard var record = records[key] else { return .missing }
        guard Self.revisionMatches(record, attribute: attribute, expected: expectedRevision) else { return .conflict }
        record.merge(set) { _, new in new }
        records[key] = record
        return .written
    }

    /// `seed`'s write (``SeedWriter``): checks every record for engine history and replaces
    /// them all, or none, in one step.
    package func replace(_ incoming: [Record], replacingHistory: Bool) throws -> [ConversationKey: SeedReport.Change] {
        var changes: [ConversationKey: SeedReport.Change] = [:]
        var conflicts: [SeedConflict] = []
        for record in incoming {
            let key = try Conversation(record: record).key
            let change = SeedReport.change(existing: records[key], incoming: record)
            if case .replacedHistory(let losses) = change, !replacingHistory { conflicts.append(SeedConflict(key: key, losses: losses)) }
            changes[key] = change
        }
        guard conflicts.isEmpty else { throw SeedWriteError.history(conflicts) }
        for record in incoming {
            records[try Conversation(record: record).key] = record
        }
        return changes
    }

    private func apply(_ update: ConversationUpdate, to key: ConversationKey, owner: String) -> Bool {
        guard var record = records[key], record.string(ConversationAttribute.leaseOwner) == owner else { return false }
        if let trim = update.trim {
            guard let rest = trim.apply(to: record) else { return false }
            record[ConversationAttribute.messages] = .list(rest)
            record[ConversationAttribute.archivedMessageCount] = .int(trim.archivedBefore + trim.count)
        }
        record.merge(update.set) { _, new in new }
        if !update.appendMessages.isEmpty {
            let existing = record.list(ConversationAttribute.messages) ?? []
            record[ConversationAttribute.messages] = .list(existing + update.appendMessages.map(\.recordValue))
        }
        for name in update.remove { record.removeValue(forKey: name) }
        records[key] = record
        return true
    }
}
