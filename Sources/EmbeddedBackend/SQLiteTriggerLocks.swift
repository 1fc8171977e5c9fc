package import Foundation
import RepliesCore

/// ``TriggerLocks`` on the embedded database's `trigger_locks` table.
///
/// An expired lock is free even while its row is still there (unlike the original's
/// `attribute_not_exists` condition, bug 6.B.11); expired rows are purged periodically.
///
/// ```swift
/// if try await backend.locks.acquire(conversationId: id, now: now, expiresAt: now.addingTimeInterval(130)) {
///     try await backend.queue.enqueue(trigger, channel: .whatsapp, delay: .seconds(10))
/// }
/// ```
package struct SQLiteTriggerLocks: TriggerLocks {
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    package func acquire(conversationId: String, now: Date, expiresAt: Date) async throws -> Bool {
        try await database.transaction { try Self.acquire(conversationId: conversationId, now: now, expiresAt: expiresAt, $0) }
    }

    /// The lock's conditional upsert inside the caller's transaction.
    static func acquire(conversationId: String, now: Date, expiresAt: Date, _ sql: SQLSession) throws -> Bool {
        // A row changes only when the lock was inserted or an expired one taken over (the change
        // count is cheaper than `RETURNING`, which fills a temporary table).
        try sql.run(
            """
            INSERT INTO trigger_locks (conversation_id, expires_at_ms) VALUES (?, ?)
            ON CONFLICT (conversation_id) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
            WHERE trigger_locks.expires_at_ms <= ?
            """,
            [.text(conversationId), EpochMillis.sqlite(expiresAt), EpochMillis.sqlite(now)]
        )
        return sql.changes() == 1
    }

    package func release(conversationId: String) async throws {
        try await database.transaction { try Self.release(conversationId: conversationId, $0) }
    }

    /// The release inside the caller's transaction.
    static func release(conversationId: String, _ sql: SQLSession) throws {
        try sql.run("DELETE FROM trigger_locks WHERE conversation_id = ?", [.text(conversationId)])
    }

    /// Removes locks that expired at or before `now`; returns how many.
    static func purge(before now: Date, _ sql: SQLSession) throws -> Int {
        try sql.run("DELETE FROM trigger_locks WHERE expires_at_ms <= ?", [EpochMillis.sqlite(now)])
        return sql.changes()
    }
}
