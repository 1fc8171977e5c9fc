/// The history table: turns moved out of a conversation record's `messages` so that the record
/// stays far below DynamoDB's 400 KB item limit however long the conversation grows.
///
/// Turns are keyed by (conversation, position). Writing a position again replaces it with the
/// same turn (a position's turn never changes), so copying is idempotent and a copy interrupted
/// by a crash is simply done again. Only positions below the record's `archived_message_count`
/// are part of the transcript; readers ignore the rest (see ``TranscriptReader``).
package protocol TurnArchive: Sendable {
    /// Stores `turns` for the conversation, each at its position.
    func archive(_ key: ConversationKey, _ turns: [ArchivedTurn]) async throws

    /// Up to `limit` archived turns with a position below `position`, newest (highest) first.
    func turns(_ key: ConversationKey, before position: Int, limit: Int) async throws -> [ArchivedTurn]
}
