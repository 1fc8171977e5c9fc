package import AWSCore
package import Foundation
import RepliesCore

/// ``TriggerLocks`` on the lock table (`LOCK_TABLE`: PK `conversation_id`).
///
/// Item: `expires_at` (N, epoch seconds, rounded up: the TTL attribute), `expires_at_ms` (N,
/// exact) and a per-call `lock_token`. Acquiring succeeds when no item exists or the item has
/// expired, even though TTL has not deleted it yet (6.B.11); the token lets a retried call
/// recognise the lock its own first attempt took.
///
/// ```swift
/// let locks = DynamoDBTriggerLocks(dynamo: dynamo, table: "replies-trigger-locks")
/// if try await locks.acquire(conversationId: id, now: now, expiresAt: now.addingTimeInterval(130)) { … }
/// ```
package struct DynamoDBTriggerLocks: TriggerLocks {
    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func acquire(conversationId: String, now: Date, expiresAt: Date) async throws -> Bool {
        let token = UUID().uuidString
        let item: DynamoDBItem = [
            "conversation_id": .s(conversationId),
            "expires_at": .n(String(EpochTime.secondsRoundedUp(expiresAt))),
            "expires_at_ms": .n(String(EpochTime.milliseconds(expiresAt))),
            "lock_token": .s(token),
        ]
        var builder = ExpressionBuilder()
        let millis = builder.name("expires_at_ms")
        let condition = "attribute_not_exists(\(builder.name("conversation_id")))"
            + " OR \(millis) <= \(builder.value(.n(String(EpochTime.milliseconds(now)))))"
            + " OR (attribute_not_exists(\(millis)) AND \(builder.name("expires_at")) <= \(builder.value(.n(String(Int64(now.timeIntervalSince1970.rounded(.down)))))))"
            + " OR \(builder.name("lock_token")) = \(builder.value(.s(token)))"
        do {
            try await dynamo.putItem(table: table, item: item, condition: builder.expression(condition), returnOldItemOnConditionFailure: true)
            return true
        } catch DynamoDBError.conditionalCheckFailed(let old) {
            return old?["lock_token"]?.stringValue == token
        }
    }

    package func release(conversationId: String) async throws {
        try await dynamo.deleteItem(table: table, key: ["conversation_id": .s(conversationId)])
    }
}
