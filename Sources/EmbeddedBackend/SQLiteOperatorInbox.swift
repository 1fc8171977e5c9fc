package import RepliesCore

/// ``OperatorInbox`` on the embedded database's `operator_inbox` table, read newest handoff
/// first through its index, with a keyset cursor.
package struct SQLiteOperatorInbox: OperatorInbox {
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    static let table = "operator_inbox"

    package func upsert(_ entry: InboxEntry) async throws {
        try await database.transaction { sql in
            try sql.run(
                """
                INSERT OR REPLACE INTO operator_inbox (company_id, primary_channel, conversation_id, handed_off, handed_off_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [.text(entry.companyId), .text(entry.conversation.primaryChannel), .text(entry.conversation.conversationId),
                 .integer(entry.handedOff ? 1 : 0), EpochMillis.sqlite(entry.handedOffAt), EpochMillis.sqlite(entry.updatedAt)])
        }
    }

    package func page(companyId: String, handedOffOnly: Bool, after cursor: InboxCursor?, limit: Int) async throws -> InboxPage {
        let size = max(1, limit)
        var conditions = ["company_id = ?"]
        var binds: [SQLValue] = [.text(companyId)]
        if handedOffOnly { conditions.append("handed_off = 1") }
        if let cursor {
            conditions.append("(handed_off_at_ms < ? OR (handed_off_at_ms = ? AND (primary_channel, conversation_id) > (?, ?)))")
            binds += [.integer(cursor.handedOffAtMs.sqlite), .integer(cursor.handedOffAtMs.sqlite),
                      .text(cursor.conversation.primaryChannel), .text(cursor.conversation.conversationId)]
        }
        binds.append(.integer(size + 1))
        let entries = try await database.read { sql in
            try sql.rows(
                "SELECT * FROM operator_inbox WHERE \(conditions.joined(separator: " AND ")) "
                    + "ORDER BY handed_off_at_ms DESC, primary_channel, conversation_id LIMIT ?",
                binds
            ).map { row in
                InboxEntry(
                    companyId: try row.text("company_id", table: Self.table),
                    conversation: ConversationKey(
                        primaryChannel: try row.text("primary_channel", table: Self.table),
                        conversationId: try row.text("conversation_id", table: Self.table)),
                    handedOff: (row.column("handed_off")?.integer ?? 0) == 1,
                    handedOffAt: EpochMillis.date(try row.int64("handed_off_at_ms", table: Self.table)),
                    updatedAt: EpochMillis.date(try row.int64("updated_at_ms", table: Self.table)))
            }
        }
        let page = Array(entries.prefix(size))
        let next = entries.count > size ? page.last.map {
            InboxCursor(handedOffAtMs: EpochMillis.of($0.handedOffAt), conversation: $0.conversation)
        } : nil
        return InboxPage(entries: page, next: next)
    }
}
