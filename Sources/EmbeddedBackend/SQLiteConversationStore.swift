package import Foundation
package import RepliesCore

/// ``ConversationStore`` on the embedded database's `conversations` table.
///
/// Records are stored as lossless typed JSON; every conditional operation reads, checks and
/// writes inside one transaction on the writer, so two workers can never both hold a lease.
/// Plain lookups run on a read-only connection, beside the writer.
///
/// ```swift
/// let backend = try await EmbeddedBackend.open(directory: dataDirectory, logger: logger)
/// switch try await backend.conversations.acquireLease(key, owner: "worker-1", now: now, until: now.addingTimeInterval(300)) {
/// case .acquired(let previous): …
/// case .busy(let until): …
/// case .missing: …
/// }
/// ```
package struct SQLiteConversationStore: ConversationStore {
    let database: EmbeddedDatabase
    /// Lookups reuse the decoded record while its row's text is unchanged (``DecodedRecords``).
    let decoded = DecodedRecords<ConversationKey, Conversation>()
    /// The webhook's lookup by company and user, per channel (each its own index), and by key.
    private let byNumbers: [Channel: LookupStatement]
    private let byKey: LookupStatement

    init(database: EmbeddedDatabase) {
        self.database = database
        var byNumbers: [Channel: LookupStatement] = [:]
        for channel in Channel.allCases {
            // The column names come from a closed enum, never from input. No `ORDER BY`: SQLite
            // would copy every row, record and all, into a temporary B-tree to sort what is
            // nearly always one row (sorted below instead).
            byNumbers[channel] = database.lookupStatement(
                """
                SELECT primary_channel, conversation_id, record FROM conversations
                WHERE \(channel.companyNumberIndexAttribute) = ? AND \(channel.userIndexAttribute) = ?
                """,
                table: StoredConversation.table)
        }
        self.byNumbers = byNumbers
        self.byKey = database.lookupStatement(
            "SELECT record FROM conversations WHERE primary_channel = ? AND conversation_id = ?", table: StoredConversation.table)
    }

    package func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation] {
        guard let statement = byNumbers[channel] else { return [] }
        return Self.inKeyOrder(try await database.lookup(statement, [.text(companyNumber), .text(userNumber)], conversation(in:)))
    }

    /// The same lookup inside a transaction body, on the writer (``SQLiteBatchCommits``),
    /// answered from memory while no row it could return has changed (``ConversationLookupMemo``).
    func findConversations(channel: Channel, companyNumber: String, userNumber: String, _ sql: SQLSession) throws -> [Conversation] {
        guard let statement = byNumbers[channel] else { return [] }
        let memo = database.conversationLookups
        let key = ConversationLookupMemo.Key(channel: channel, companyNumber: companyNumber, userNumber: userNumber)
        let version = try database.dataVersion(on: sql)
        if let known = memo.conversations(for: key, dataVersion: version) { return known }
        let found = Self.inKeyOrder(try database.lookup(statement, [.text(companyNumber), .text(userNumber)], on: sql, conversation(in:)))
        memo.remember(found, for: key, dataVersion: version)
        return found
    }

    private func conversation(in row: LookupRow) throws -> Conversation {
        let key = ConversationKey(primaryChannel: try row.text(0), conversationId: try row.text(1))
        return try row.bytes(2) { try decode($0, key: key) }
    }

    /// The order of the key (SQLite's BINARY collation: UTF-8 bytes), as the other stores give it.
    private static func inKeyOrder(_ found: [Conversation]) -> [Conversation] {
        guard found.count > 1 else { return found }
        return found.sorted { a, b in
            if a.key.conversationId != b.key.conversationId {
                return a.key.conversationId.utf8.lexicographicallyPrecedes(b.key.conversationId.utf8)
            }
            return a.key.primaryChannel.utf8.lexicographicallyPrecedes(b.key.primaryChannel.utf8)
        }
    }

    package func conversation(_ key: ConversationKey) async throws -> Conversation? {
        try await database.lookup(byKey, [.text(key.primaryChannel), .text(key.conversationId)]) { row in
            try row.bytes(0) { try decode($0, key: key) }
        }.first
    }

    /// Decoded only when the row changed since this key was last decoded.
    private func decode(_ bytes: UnsafeRawBufferPointer, key: ConversationKey) throws -> Conversation {
        try decoded.value(key: key, bytes: bytes) { try Conversation(record: try StoredConversation.decode($0)) }
    }

    package func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        try await database.transaction { try Self.acquireLease(key, owner: owner, now: now, until: until, $0) }
    }

    /// The lease's read, check and write, inside the caller's transaction.
    static func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date, _ sql: SQLSession) throws -> LeaseAcquisition {
        // Never create a stub for an unknown key (the original's bug 6.B.9).
        guard let record = try StoredConversation.read(key, sql) else { return .missing }
        let previous = try Conversation(record: record)
        if let lease = previous.lease, lease.owner != owner, lease.expiresAt > now {
            return .busy(until: lease.expiresAt)
        }
        var updated = record
        updated.merge(StoredConversation.leaseAttributes(owner: owner, until: until)) { $1 }
        updated[ConversationAttribute.status] = .string(ConversationStatus.processingReply)
        try StoredConversation.write(try StoredConversation.Columns(updated), sql)
        return .acquired(previous: previous)
    }

    package func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool {
        try await conditionalWrite(key, owner: owner) { record in
            record.merging(StoredConversation.leaseAttributes(owner: owner, until: until)) { $1 }
        }
    }

    package func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try update.validate(releasing: false)
        return try await conditionalWrite(key, owner: owner) { try StoredConversation.apply(update, to: $0) }
    }

    package func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        let change = try Self.releasing(update)
        return try await conditionalWrite(key, owner: owner) { try StoredConversation.apply(change, to: $0) }
    }

    /// `update` checked for a release, and removing the lease attributes.
    static func releasing(_ update: ConversationUpdate) throws -> ConversationUpdate {
        try update.validate(releasing: true)
        var releasing = update
        releasing.remove += ConversationUpdate.leaseAttributes.filter { !update.remove.contains($0) }
        for name in ConversationUpdate.leaseAttributes { releasing.set.removeValue(forKey: name) }
        return releasing
    }

    package func put(_ record: Record) async throws {
        let columns = try StoredConversation.Columns(record)
        try await database.transaction { try StoredConversation.write(columns, $0) }
    }

    package func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite {
        try update.validateForOperator()
        return try await database.transaction { sql in
            guard var record = try StoredConversation.read(key, sql) else { return .missing }
            if let recordingSid {
                guard !ConversationUpdate.hasOperatorSid(recordingSid, in: record) else { return .alreadyRecorded }
                record = ConversationUpdate.recordingOperatorSid(recordingSid, in: record)
            }
            guard let changed = try StoredConversation.apply(update, to: record) else { return .missing }
            try StoredConversation.write(try StoredConversation.Columns(changed), sql)
            return .written
        }
    }

    package func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult {
        try Self.validateCompareAndSet(attribute: attribute, set: set)
        return try await database.transaction { sql in
            guard let record = try StoredConversation.read(key, sql) else { return .missing }
            guard Self.revisionMatches(record, attribute: attribute, expected: expectedRevision) else { return .conflict }
            try StoredConversation.write(try StoredConversation.Columns(record.merging(set) { $1 }), sql)
            return .written
        }
    }

    /// Writes `change(record)` only when `owner` holds the lease (`reply_lease_owner = owner`)
    /// and `change` accepts the record, like DynamoDB's `ConditionExpression`; false (nothing
    /// written) otherwise.
    private func conditionalWrite(
        _ key: ConversationKey, owner: String, _ change: @escaping @Sendable (Record) throws -> Record?
    ) async throws -> Bool {
        try await database.transaction { try Self.conditionalWrite(key, owner: owner, change, $0) }
    }

    /// The conditional write inside the caller's transaction.
    static func conditionalWrite(_ key: ConversationKey, owner: String, _ change: (Record) throws -> Record?, _ sql: SQLSession) throws -> Bool {
        guard let record = try StoredConversation.read(key, sql),
              record.string(ConversationAttribute.leaseOwner) == owner,
              let changed = try change(record)
        else { return false }
        try StoredConversation.write(try StoredConversation.Columns(changed), sql)
        return true
    }
}
