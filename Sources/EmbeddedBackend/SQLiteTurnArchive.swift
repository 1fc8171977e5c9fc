package import RepliesCore

/// ``TurnArchive`` on the embedded database's `archived_turns` table (the history table).
///
/// ```swift
/// try await backend.archive.archive(key, [ArchivedTurn(position: 0, entry: entry)])
/// let newest = try await backend.archive.turns(key, before: 100, limit: 20)
/// ```
package struct SQLiteTurnArchive: TurnArchive {
    static let table = "archived_turns"
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    package func archive(_ key: ConversationKey, _ turns: [ArchivedTurn]) async throws {
        guard !turns.isEmpty else { return }
        let encoded = turns.map { ($0.position, TypedRecordJSON.encode(["entry": $0.entry])) }
        try await database.transaction { sql in
            for (position, entry) in encoded {
                try sql.run(
                    """
                    INSERT INTO archived_turns (conversation_id, position, primary_channel, entry) VALUES (?, ?, ?, ?)
                    ON CONFLICT (conversation_id, position) DO UPDATE SET primary_channel = excluded.primary_channel, entry = excluded.entry
                    """,
                    [.text(key.conversationId), .integer(position), .text(key.primaryChannel), .text(entry)]
                )
            }
        }
    }

    package func turns(_ key: ConversationKey, before position: Int, limit: Int) async throws -> [ArchivedTurn] {
        guard limit > 0 else { return [] }
        let rows = try await database.read { sql in
            try sql.rows(
                """
                SELECT position, entry FROM archived_turns
                WHERE conversation_id = ? AND primary_channel = ? AND position < ?
                ORDER BY position DESC LIMIT ?
                """,
                [.text(key.conversationId), .text(key.primaryChannel), .integer(position), .integer(limit)]
            )
        }
        return try rows.map { row in
            let text = try row.text("entry", table: Self.table)
            let entry: RecordValue?
            do {
                entry = try TypedRecordJSON.decode(text)["entry"]
            } catch {
                throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "\(error)")
            }
            guard let entry else { throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "no entry") }
            return ArchivedTurn(position: Int(try row.int64("position", table: Self.table)), entry: entry)
        }
    }
}
