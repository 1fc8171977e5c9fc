import AWSCore
import RepliesCore

extension DynamoDBFragmentStage {
    /// One strongly consistent GetItem per conversation (a number pair has a handful).
    package func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        for id in conversationIds where try await dynamo.getItem(table: table, key: StageItem.key(id, messageSid)) != nil {
            return true
        }
        return false
    }
}
