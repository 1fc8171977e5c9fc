/// DynamoDB outcomes that callers handle as data rather than as failures. Everything else is
/// thrown as ``AWSError``.
///
/// ```swift
/// do { try await dynamo.putItem(table: t, item: item, condition: .init("attribute_not_exists(pk)"), returnOldItemOnConditionFailure: true) }
/// catch DynamoDBError.conditionalCheckFailed(let old) { … }   // `old` is the item that blocked the write
/// ```
package enum DynamoDBError: Error, Sendable, CustomStringConvertible {
    /// The condition expression was false. `item` is the item as it was, when the request asked for
    /// it (`ReturnValuesOnConditionCheckFailure = ALL_OLD`) and an item existed.
    case conditionalCheckFailed(item: DynamoDBItem?)
    /// BatchWriteItem or BatchGetItem still had unprocessed requests after every retry round.
    case unprocessedItems(table: String, remaining: Int, rounds: Int)

    package var description: String {
        switch self {
        case .conditionalCheckFailed(let item):
            "DynamoDB condition failed (\(item == nil ? "no item returned" : "current item returned")); the write was not applied"
        case .unprocessedItems(let table, let remaining, let rounds):
            "a DynamoDB batch call left \(remaining) request(s) for \(table) unprocessed after \(rounds) rounds; the table is throttled, retry later"
        }
    }

    /// Conditional failures are answers, not faults; unprocessed items are throttling.
    package var isRetryable: Bool {
        if case .unprocessedItems = self { return true }
        return false
    }
}
