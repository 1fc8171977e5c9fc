package import AWSCore
package import Foundation
import RepliesCore

/// ``ReplyBudgetCounters`` on the lock table (`LOCK_TABLE`), beside the trigger locks: item key
/// `conversation_id = "budget#" + counter` (a prefix no conversation id has), `used` (N) and
/// `expires_at` (N, epoch seconds: the table's TTL deletes spent windows).
///
/// One conditional `UpdateItem` (`ADD used 1` only while `used < limit`) counts atomically across
/// every worker. It is sent once (no transport retry): a lost answer is retried by the batch, and
/// may then count one call twice — never more calls than the limit.
///
/// ```swift
/// let budgets = DynamoDBReplyBudgets(dynamo: dynamo, table: "replies-trigger-locks")
/// let counted = try await budgets.consume("conversation:c1:hour:493921", limit: 20, expiresAt: windowEnd)
/// ```
package struct DynamoDBReplyBudgets: ReplyBudgetCounters {
    package static let keyPrefix = "budget#"

    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func consume(_ counter: String, limit: Int, expiresAt: Date) async throws -> Bool {
        guard limit > 0 else { return false }
        var builder = ExpressionBuilder()
        let used = builder.name("used")
        let expiry = builder.name("expires_at")
        let update = "SET \(expiry) = if_not_exists(\(expiry), \(builder.value(.n(String(EpochTime.secondsRoundedUp(expiresAt))))))"
            + " ADD \(used) \(builder.value(.n("1")))"
        let condition = "attribute_not_exists(\(used)) OR \(used) < \(builder.value(.n(String(limit))))"
        do {
            try await dynamo.updateItem(
                table: table, key: ["conversation_id": .s(Self.keyPrefix + counter)], update: builder.expression(update),
                condition: builder.expression(condition), idempotent: false)
            return true
        } catch DynamoDBError.conditionalCheckFailed {
            return false
        }
    }
}
