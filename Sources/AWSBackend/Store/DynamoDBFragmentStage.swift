package import AWSCore
package import Foundation
package import Logging
package import RepliesCore

/// ``FragmentStage`` on the stage table (layout: ``StageItem``).
///
/// Staging is one conditional put (`attribute_not_exists(message_sid)`); on conflict the old
/// item, returned with the failure, tells a pending duplicate from an answered one.
///
/// ```swift
/// let stage = DynamoDBFragmentStage(dynamo: dynamo, table: "replies-stage")
/// switch try await stage.stage(fragment) { case .staged: …; case .alreadyPending, .alreadyDone: … }
/// ```
package struct DynamoDBFragmentStage: FragmentStage {
    package let dynamo: DynamoDBClient
    package let table: String
    let logger: Logger

    package init(dynamo: DynamoDBClient, table: String, logger: Logger = Logger(label: "replies.aws.stage")) {
        self.dynamo = dynamo
        self.table = table
        self.logger = logger
    }

    package func stage(_ fragment: Fragment) async throws -> StageResult {
        for _ in 0..<3 {
            do {
                try await dynamo.putItem(
                    table: table, item: StageItem.pending(fragment),
                    condition: DynamoDBExpression("attribute_not_exists(#sid)", names: ["#sid": StageItem.messageSid]),
                    returnOldItemOnConditionFailure: true)
                return .staged
            } catch DynamoDBError.conditionalCheckFailed(let old) {
                let existing: DynamoDBItem?
                if let old {
                    existing = old
                } else {
                    existing = try await dynamo.getItem(table: table, key: StageItem.key(fragment.conversationId, fragment.messageSid))
                }
                // Gone between the two calls (a TTL deletion): stage it again.
                guard let existing else { continue }
                return StageItem.isPending(existing) ? .alreadyPending : .alreadyDone
            }
        }
        // Never report a fragment as kept when it is not: the webhook must fail and be retried.
        throw AWSBackendError.unsettled("fragment \(fragment.messageSid) kept disappearing while being staged")
    }

    package func pendingFragments(conversationId: String) async throws -> [Fragment] {
        var builder = ExpressionBuilder()
        // Text first: the builder must hold the placeholders before the expression is taken.
        let text = "\(builder.name(StageItem.conversationId)) = \(builder.value(.s(conversationId)))"
        let key = builder.expression(text)
        let items = try await dynamo.queryAll(QueryInput(tableName: table, keyCondition: key, consistentRead: true))
        var fragments: [Fragment] = []
        for item in items where StageItem.isPending(item) {
            if let fragment = StageItem.fragment(item) {
                fragments.append(fragment)
            } else {
                logger.error("unreadable pending fragment left in the stage table", metadata: [
                    "table": "\(table)", "conversation_id": "\(conversationId)",
                    "message_sid": "\(item[StageItem.messageSid]?.stringValue ?? "?")",
                ])
            }
        }
        return fragments.sorted(by: Fragment.receiveOrder)
    }

    package func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws {
        // BatchWriteItem refuses two requests for one key in a batch.
        var seen = Set<String>()
        let requests = messageSids.filter { $0 != StageItem.sweepSid && seen.insert($0).inserted }.map {
            DynamoDBWriteRequest.put(item: StageItem.done(conversationId, $0, outcome: outcome, retainUntil: retainUntil))
        }
        // The conversation made progress: its sweeps count from zero again.
        try await dynamo.batchWrite(table: table, requests: requests + [.delete(key: StageItem.key(conversationId, StageItem.sweepSid))])
    }
}
