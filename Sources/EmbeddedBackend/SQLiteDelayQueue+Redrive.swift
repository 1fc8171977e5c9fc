import Foundation
import RepliesCore

extension SQLiteDelayQueue {
    /// Moves dead-lettered triggers back into the queue, due at once and with their receive count
    /// reset (so the batch gets `MAX_ATTEMPTS` again): the embedded counterpart of an SQS DLQ
    /// redrive. `ids` nil means every dead letter. Returns how many were moved.
    ///
    /// Re-running a batch is safe: fragments already answered or reported failed are not pending
    /// any more (the batch then ends as "empty"), and pending ones are answered once.
    ///
    /// ```swift
    /// let moved = try await backend.queue.redrive(ids: ["8F1C…"])
    /// ```
    @discardableResult
    package func redrive(ids: [String]?) async throws -> Int {
        let now = EpochMillis.sqlite(clock.now())
        let moved = try await database.transaction { sql in
            let selected = try sql.rows(
                "SELECT id FROM dead_letters ORDER BY dead_lettered_at_ms, id").compactMap { $0.column("id")?.string }
                .filter { ids?.contains($0) ?? true }
            for id in selected {
                try sql.run(
                    """
                    INSERT OR IGNORE INTO triggers (id, channel, body, enqueued_at_ms, visible_at_ms, receive_count)
                    SELECT id, channel, body, enqueued_at_ms, ?, 0 FROM dead_letters WHERE id = ?
                    """,
                    [now, .text(id)])
                try sql.run("DELETE FROM dead_letters WHERE id = ?", [.text(id)])
            }
            return selected.count
        }
        if moved > 0 { await signal.notify() }
        return moved
    }
}
