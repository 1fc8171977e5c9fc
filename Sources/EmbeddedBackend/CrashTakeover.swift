import Foundation
import RepliesCore

/// What a `serve` that owns its data directory (``DataDirectoryLock``) takes over at start from a
/// predecessor that stopped without finishing (crash, `kill -9`): every reply lease still held
/// on a conversation with work waiting is expired, and every trigger still hidden by a receive is
/// made visible, so the new worker answers at once instead of after `REPLY_LEASE_SECONDS` and
/// `QUEUE_VISIBILITY_TIMEOUT_SECONDS`. Only the lock makes this safe: no other process can be
/// holding those leases. The batches then resume through the normal path (a persisted reply is
/// reconciled, never sent twice).
///
/// ```swift
/// let report = try await CrashTakeover.run(database, now: clock.now())
/// ```
enum CrashTakeover {
    static func run(_ database: EmbeddedDatabase, now: Date) async throws -> TakeoverReport {
        try await database.transaction { sql in
            // A lease is only held while a worker handles a received trigger, for a conversation
            // with pending fragments: both lists are small and indexed, unlike the records.
            var keys: Set<ConversationKey> = []
            for row in try sql.rows("SELECT body FROM triggers WHERE receipt IS NOT NULL") {
                if let trigger = row.column("body")?.string.flatMap(Trigger.init(body:)) { keys.insert(trigger.key) }
            }
            for row in try sql.rows("SELECT DISTINCT primary_channel, conversation_id FROM fragments WHERE state = 'pending'") {
                if let primary = row.column("primary_channel")?.string, let id = row.column("conversation_id")?.string {
                    keys.insert(ConversationKey(primaryChannel: primary, conversationId: id))
                }
            }
            var leases = 0
            for key in keys.sorted(by: { $0.conversationId < $1.conversationId }) {
                guard var record = try StoredConversation.read(key, sql),
                      let lease = try Conversation(record: record).lease, lease.expiresAt > now
                else { continue }
                // Expired, not removed: the record still shows who held it, and the next
                // acquisition treats it as free, exactly as if the time had passed.
                record[ConversationAttribute.leaseExpiresAt] = .number(String(Timestamp.epochMilliseconds(now)))
                try StoredConversation.write(try StoredConversation.Columns(record), sql)
                leases += 1
            }
            try sql.run(
                "UPDATE triggers SET visible_at_ms = ?, receipt = NULL WHERE receipt IS NOT NULL AND visible_at_ms > ?",
                [EpochMillis.sqlite(now), EpochMillis.sqlite(now)])
            let triggers = sql.changes()
            // An operator send the dead process was making: its retry reconciles at once.
            try sql.run(
                "UPDATE operator_sends SET attempt_expires_at_ms = ? WHERE state = 'pending' AND attempt_expires_at_ms > ?",
                [EpochMillis.sqlite(now), EpochMillis.sqlite(now)])
            return TakeoverReport(leases: leases, triggers: triggers)
        }
    }
}

/// What ``CrashTakeover`` took over.
package struct TakeoverReport: Sendable, Hashable {
    package var leases: Int
    package var triggers: Int

    package init(leases: Int, triggers: Int) {
        self.leases = leases
        self.triggers = triggers
    }
}
