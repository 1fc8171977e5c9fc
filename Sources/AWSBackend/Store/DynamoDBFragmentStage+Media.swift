package import RepliesCore
import AWSCore

extension DynamoDBFragmentStage {
    /// One conditional update of `media`: only a pending fragment is changed, so an answered one
    /// (whose body and media are gone) never gets them back.
    package func updateMedia(conversationId: String, messageSid: String, media: [MediaItem]) async throws {
        var builder = ExpressionBuilder()
        let update = "SET \(builder.name(StageItem.media)) = \(builder.value(StageItem.mediaValue(media)))"
        let condition = "\(builder.name(StageItem.state)) = \(builder.value(.s(StageItem.pendingState)))"
        do {
            try await dynamo.updateItem(
                table: table, key: StageItem.key(conversationId, messageSid),
                update: builder.expression(update), condition: builder.expression(condition))
        } catch DynamoDBError.conditionalCheckFailed {
            // Answered meanwhile, or never staged: nothing to keep.
        }
    }
}
