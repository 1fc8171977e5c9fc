package import RepliesCore

extension SQLiteConversationStore {
    /// The first records on the company-number column's index (the same sparse lookup as
    /// ``findConversations(channel:companyNumber:userNumber:)``, without the user number).
    package func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        // The column names come from a closed enum, never from input. In the lookup index's own
        // order (company, user, then the key), like DynamoDB's Query on the GSI: the first
        // `recordsRead` rows are read, not every conversation of the number sorted first. Only
        // the secret's name is taken out of each record (TypedRecordJSON: `channel_config` is a
        // map of strings), not the whole record decoded: ≈ 3 ms of a cold start's first webhook.
        let column = channel.companyNumberIndexAttribute, user = channel.userIndexAttribute
        let path = "$.channel_config.M.\(channel.credentialsConfigKey).S"
        let names = try await database.read { sql in
            try sql.rows(
                "SELECT json_extract(record, ?) AS name FROM conversations WHERE \(column) = ? ORDER BY \(user), primary_channel, conversation_id LIMIT ?",
                [.text(path), .text(companyNumber), .integer(CredentialsReferences.recordsRead)]
            ).map { $0.column("name")?.string }
        }
        return CredentialsReferences.distinct(names: names, limit: limit)
    }
}
