import RepliesCore

extension SQLiteFragmentStage {
    package func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        guard !conversationIds.isEmpty else { return false }
        let placeholders = Array(repeating: "?", count: conversationIds.count).joined(separator: ", ")
        let rows = try await database.read { sql in
            try sql.rows(
                "SELECT 1 AS found FROM fragments WHERE message_sid = ? AND conversation_id IN (\(placeholders)) LIMIT 1",
                [.text(messageSid)] + conversationIds.map { .text($0) }
            )
        }
        return !rows.isEmpty
    }
}
