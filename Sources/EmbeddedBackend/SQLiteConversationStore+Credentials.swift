package import RepliesCore

extension SQLiteConversationStore {
    /// The first records on the company-number column's index (the same sparse lookup as
    /// ``findConversations(channel:companyNumber:userNumber:)``, without the user number).
    package func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        // The column name comes from a closed enum, never from input.
        let column = channel.companyNumberIndexAttribute
        let texts = try await database.read { sql in
            try sql.rows(
                "SELECT record FROM conversations WHERE \(column) = ? ORDER BY conversation_id, primary_channel LIMIT ?",
                [.text(companyNumber), .integer(CredentialsReferences.recordsRead)]
            ).map { try $0.text("record", table: StoredConversation.table) }
        }
        let conversations = try texts.map { try Conversation(record: try StoredConversation.decode($0)) }
        return CredentialsReferences.distinct(conversations, channel: channel, limit: limit)
    }
}
