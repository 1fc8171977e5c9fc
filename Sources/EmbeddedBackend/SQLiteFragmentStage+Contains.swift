import RepliesCore

extension SQLiteFragmentStage {
    package func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        guard !conversationIds.isEmpty else { return false }
        return try await database.read { try Self.contains(messageSid: messageSid, conversationIds: conversationIds, $0) }
    }

    /// The same check inside the caller's transaction or read.
    static func contains(messageSid: String, conversationIds: [String], _ sql: SQLSession) throws -> Bool {
        guard !conversationIds.isEmpty else { return false }
        let placeholders = Array(repeating: "?", count: conversationIds.count).joined(separator: ", ")
        return try !sql.rows(
            "SELECT 1 AS found FROM fragments WHERE message_sid = ? AND conversation_id IN (\(placeholders)) LIMIT 1",
            [.text(messageSid)] + conversationIds.map { .text($0) }
        ).isEmpty
    }
}
