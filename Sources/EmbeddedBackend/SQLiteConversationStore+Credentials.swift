package import RepliesCore
import SQLiteNIO

extension SQLiteConversationStore {
    /// The first records on the company-number column's index (the same sparse lookup as
    /// ``findConversations(channel:companyNumber:userNumber:)``, without the user number).
    package func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        // The column name comes from a closed enum, never from input.
        let column = channel.companyNumberIndexAttribute
        let rows = try await database.transaction { sql in
            try await sql.rows(
                "SELECT record FROM conversations WHERE \(column) = ? ORDER BY conversation_id, primary_channel LIMIT ?",
                [.text(companyNumber), .integer(CredentialsReferences.recordsRead)]
            )
        }
        let conversations = try rows.map { try Conversation(record: try StoredConversation.decode($0)) }
        return CredentialsReferences.distinct(conversations, channel: channel, limit: limit)
    }
}
