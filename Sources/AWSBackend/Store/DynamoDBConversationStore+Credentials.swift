import AWSCore
package import RepliesCore

extension DynamoDBConversationStore {
    /// One Query page on the channel's GSI by its hash key alone (the company number): the
    /// index is the template sender's, so no new index or table is needed.
    package func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        var builder = ExpressionBuilder()
        let condition = "\(builder.name(channel.companyNumberIndexAttribute)) = \(builder.value(.s(companyNumber)))"
        let output = try await dynamo.query(
            QueryInput(tableName: table, indexName: channel.lookupIndex, keyCondition: builder.expression(condition),
                       limit: CredentialsReferences.recordsRead))
        let conversations = output.items.compactMap { try? conversation(from: $0) }
        return CredentialsReferences.distinct(conversations, channel: channel, limit: limit)
    }
}
