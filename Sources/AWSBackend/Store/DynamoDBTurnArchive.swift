package import AWSCore
import Foundation
package import Logging
package import RepliesCore

/// ``TurnArchive`` on the history table (`HISTORY_TABLE`: PK `conversation_id`, SK `position`
/// (N); attributes `primary_channel` and `message`, the `messages` entry exactly as the record
/// held it).
///
/// Copies are plain puts (BatchWriteItem): writing a position again writes the same turn.
///
/// ```swift
/// let archive = DynamoDBTurnArchive(dynamo: dynamo, table: "replies-history")
/// let newest = try await archive.turns(key, before: 120, limit: 20)
/// ```
package struct DynamoDBTurnArchive: TurnArchive {
    package let dynamo: DynamoDBClient
    package let table: String
    let logger: Logger

    static let conversationId = "conversation_id"
    static let position = "position"
    static let message = "message"

    package init(dynamo: DynamoDBClient, table: String, logger: Logger = Logger(label: "replies.aws.history")) {
        self.dynamo = dynamo
        self.table = table
        self.logger = logger
    }

    package func archive(_ key: ConversationKey, _ turns: [ArchivedTurn]) async throws {
        // BatchWriteItem refuses two requests for one key in a call.
        var seen = Set<Int>()
        let requests = turns.filter { seen.insert($0.position).inserted }.map { turn in
            DynamoDBWriteRequest.put(item: [
                Self.conversationId: .s(key.conversationId),
                Self.position: .n(String(turn.position)),
                "primary_channel": .s(key.primaryChannel),
                Self.message: AttributeValue(turn.entry),
            ])
        }
        try await dynamo.batchWrite(table: table, requests: requests)
    }

    package func turns(_ key: ConversationKey, before position: Int, limit: Int) async throws -> [ArchivedTurn] {
        guard limit > 0, position > 0 else { return [] }
        var builder = ExpressionBuilder()
        let text = "\(builder.name(Self.conversationId)) = \(builder.value(.s(key.conversationId)))"
            + " AND \(builder.name(Self.position)) < \(builder.value(.n(String(position))))"
        let items = try await dynamo.queryAll(
            QueryInput(tableName: table, keyCondition: builder.expression(text), consistentRead: true, limit: limit, scanIndexForward: false),
            maxItems: limit)
        return try items.compactMap { item in
            guard let found = item[Self.position]?.int64Value, let value = item[Self.message] else {
                throw AWSBackendError.malformedItem(table: table, detail: "a history item without position or message")
            }
            // conversation_id is unique across number pairs; a mismatch is another record's turn.
            guard item["primary_channel"]?.stringValue == key.primaryChannel else { return nil }
            do {
                return ArchivedTurn(position: Int(found), entry: try RecordValue(value))
            } catch {
                throw AWSBackendError.malformedItem(table: table, detail: "\(error)")
            }
        }
    }
}
