package import Foundation
package import RepliesCore

/// ``ReplyBudgetCounters`` on the embedded database's `reply_budgets` table: one upsert that
/// only counts while under the limit, inside the writer's transaction, so concurrent workers
/// never admit more than the limit. Spent windows are purged with the other expired rows.
///
/// ```swift
/// let counted = try await backend.budgets.consume("conversation:c1:hour:493921", limit: 20, expiresAt: end)
/// ```
package struct SQLiteReplyBudgets: ReplyBudgetCounters {
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    package func consume(_ counter: String, limit: Int, expiresAt: Date) async throws -> Bool {
        try await consume(inOrder: [BudgetCount(counter: counter, limit: limit, expiresAt: expiresAt)]) == nil
    }

    /// All of a model call's budgets in one transaction. It does not wait for the disk
    /// (``Durability/withNextSyncedCommit``): the batch's next write (the pending reply, or its
    /// failure) syncs it, so only a power cut in between can lose a unit — one uncounted model
    /// call, where waiting would add a disk sync to every batch.
    package func consume(inOrder counts: [BudgetCount]) async throws -> Int? {
        guard !counts.isEmpty else { return nil }
        return try await database.transaction(durability: .withNextSyncedCommit) { sql in
            for (index, count) in counts.enumerated() {
                guard count.limit > 0 else { return index }
                try sql.run(
                    """
                    INSERT INTO reply_budgets (counter, used, expires_at_ms) VALUES (?, 1, ?)
                    ON CONFLICT (counter) DO UPDATE SET used = used + 1 WHERE reply_budgets.used < ?
                    """,
                    [.text(count.counter), EpochMillis.sqlite(count.expiresAt), .integer(count.limit)]
                )
                if sql.changes() != 1 { return index }
            }
            return nil
        }
    }

    /// Removes counters of windows that ended; returns how many.
    static func purge(before now: Date, _ sql: SQLSession) throws -> Int {
        try sql.run("DELETE FROM reply_budgets WHERE expires_at_ms <= ?", [EpochMillis.sqlite(now)])
        return sql.changes()
    }
}
