package import Foundation
package import RepliesCore

/// The sweeper's side of ``SQLiteFragmentStage``: which conversations are due for a re-schedule
/// (`sweep_schedule`, one row per conversation the sweeper touched) and the fragments it gave up
/// on (`fragments.parked`).
extension SQLiteFragmentStage {
    package func conversationsToSweep(receivedBefore: Date, now: Date, limit: Int) async throws -> [PendingConversation] {
        guard limit > 0 else { return [] }
        let rows = try await database.read { sql in
            try sql.rows(
                """
                SELECT f.conversation_id, f.primary_channel, f.channel, min(f.received_at_ms) AS oldest,
                       coalesce(max(s.sweeps), 0) AS sweeps
                FROM fragments f LEFT JOIN sweep_schedule s ON s.conversation_id = f.conversation_id
                WHERE f.state = 'pending' AND f.parked = 0 AND f.received_at_ms < ?
                  AND (s.next_sweep_at_ms IS NULL OR s.next_sweep_at_ms <= ?)
                GROUP BY f.conversation_id, f.primary_channel, f.channel
                ORDER BY oldest, f.conversation_id LIMIT ?
                """,
                [EpochMillis.sqlite(receivedBefore), EpochMillis.sqlite(now), .integer(limit)]
            )
        }
        return try rows.map { row in
            let channelName = try row.text("channel", table: Self.table)
            guard let channel = Channel(rawValue: channelName) else {
                throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "unknown channel '\(channelName)'")
            }
            let key = ConversationKey(
                primaryChannel: try row.text("primary_channel", table: Self.table),
                conversationId: try row.text("conversation_id", table: Self.table)
            )
            return PendingConversation(key: key, channel: channel, sweeps: Int(try row.int64("sweeps", table: Self.table)))
        }
    }

    package func oldestPendingReceivedAt() async throws -> Date? {
        let rows = try await database.read { sql in
            try sql.rows("SELECT min(received_at_ms) AS oldest FROM fragments WHERE state = 'pending' AND parked = 0")
        }
        // min() of no rows is NULL.
        guard let oldest = rows.first?.column("oldest")?.integer else { return nil }
        return EpochMillis.date(Int64(oldest))
    }

    package func recordSweep(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        try await database.transaction { try Self.writeSweep(conversationId, sweeps: sweeps, nextSweepAt: nextSweepAt, $0) }
    }

    package func parkPendingFragments(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        try await database.transaction { sql in
            try sql.run(Self.parkConversation, [.text(conversationId)])
            try Self.writeSweep(conversationId, sweeps: sweeps, nextSweepAt: nextSweepAt, sql)
        }
    }

    /// By the primary key, not `fragments_by_state` (see ``pendingOfConversation``).
    static let parkConversation = "UPDATE fragments SET parked = 1 WHERE conversation_id = ? AND +state = 'pending'"

    private static func writeSweep(_ conversationId: String, sweeps: Int, nextSweepAt: Date, _ sql: SQLSession) throws {
        try sql.run(
            """
            INSERT INTO sweep_schedule (conversation_id, sweeps, next_sweep_at_ms) VALUES (?, ?, ?)
            ON CONFLICT (conversation_id) DO UPDATE SET sweeps = excluded.sweeps, next_sweep_at_ms = excluded.next_sweep_at_ms
            """,
            [.text(conversationId), .integer(sweeps), EpochMillis.sqlite(nextSweepAt)]
        )
    }

    /// The conversation made progress: its sweeps count from zero again.
    static func clearSweeps(_ conversationId: String, _ sql: SQLSession) throws {
        try sql.run("DELETE FROM sweep_schedule WHERE conversation_id = ?", [.text(conversationId)])
    }
}
