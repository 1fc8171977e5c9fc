package import Foundation
import AWSCore
package import RepliesCore

/// The sweeper's side of ``DynamoDBFragmentStage``: pending fragments come from the sparse
/// `pending-fragments-index`, oldest first; each conversation's sweep item (``StageItem/sweepSid``)
/// says whether it is backing off. Parked fragments are out of the index.
extension DynamoDBFragmentStage {
    package func conversationsToSweep(receivedBefore: Date, now: Date, limit: Int) async throws -> [PendingConversation] {
        guard limit > 0 else { return [] }
        var builder = ExpressionBuilder()
        let condition = "\(builder.name(StageItem.pendingPartition)) = \(builder.value(.s(StageItem.pendingState)))"
            + " AND \(builder.name(StageItem.receivedAtMs)) < \(builder.value(.n(String(EpochTime.milliseconds(receivedBefore)))))"
        var page = QueryInput(tableName: table, indexName: StageItem.pendingIndex, keyCondition: builder.expression(condition))
        var found: [PendingConversation] = []
        var seen = Set<String>()
        let nowMs = EpochTime.milliseconds(now)
        // Every page is read until `limit` conversations are due: conversations backing off are
        // skipped, so they never take the places of the others.
        while true {
            let output = try await dynamo.query(page)
            var candidates: [PendingConversation] = []
            for item in output.items {
                guard let id = item[StageItem.conversationId]?.stringValue, !seen.contains(id),
                      let primary = item["primary_channel"]?.stringValue,
                      let channel = item["channel"]?.stringValue.flatMap(Channel.init(rawValue:))
                else { continue }
                seen.insert(id)
                candidates.append(PendingConversation(key: ConversationKey(primaryChannel: primary, conversationId: id), channel: channel))
            }
            let sweeps = try await sweepItems(candidates.map(\.key.conversationId))
            for var candidate in candidates {
                if let sweep = sweeps[candidate.key.conversationId] {
                    if (sweep[StageItem.nextSweepAtMs]?.int64Value ?? 0) > nowMs { continue }
                    candidate.sweeps = Int(sweep[StageItem.sweeps]?.int64Value ?? 0)
                }
                found.append(candidate)
                if found.count == limit { return found }
            }
            guard let next = output.lastEvaluatedKey, !next.isEmpty else { return found }
            page.exclusiveStartKey = next
        }
    }

    /// The first entry of the sparse pending index (parked fragments are out of it).
    package func oldestPendingReceivedAt() async throws -> Date? {
        var builder = ExpressionBuilder()
        let condition = "\(builder.name(StageItem.pendingPartition)) = \(builder.value(.s(StageItem.pendingState)))"
        let output = try await dynamo.query(QueryInput(
            tableName: table, indexName: StageItem.pendingIndex, keyCondition: builder.expression(condition), limit: 1, scanIndexForward: true))
        return output.items.first?[StageItem.receivedAtMs]?.int64Value.map(EpochTime.date(milliseconds:))
    }

    package func recordSweep(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        var builder = ExpressionBuilder()
        let state = builder.name(StageItem.state)
        let sweepState = builder.value(.s(StageItem.sweepState))
        let update = "SET \(state) = \(sweepState), \(builder.name(StageItem.sweeps)) = \(builder.value(.n(String(sweeps)))), "
            + "\(builder.name(StageItem.nextSweepAtMs)) = \(builder.value(.n(String(EpochTime.milliseconds(nextSweepAt))))), "
            // Kept a week past its due time; a conversation still stuck then starts counting again.
            + "\(builder.name(StageItem.expiresAt)) = \(builder.value(.n(String(EpochTime.secondsRoundedUp(nextSweepAt.addingTimeInterval(7 * 86_400))))))"
        // Never over a fragment that happens to carry the same SID.
        let condition = "attribute_not_exists(\(builder.name(StageItem.messageSid))) OR \(state) = \(sweepState)"
        try await dynamo.updateItem(
            table: table, key: StageItem.key(conversationId, StageItem.sweepSid),
            update: builder.expression(update), condition: builder.expression(condition))
    }

    package func parkPendingFragments(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        var builder = ExpressionBuilder()
        let text = "\(builder.name(StageItem.conversationId)) = \(builder.value(.s(conversationId)))"
        let items = try await dynamo.queryAll(QueryInput(tableName: table, keyCondition: builder.expression(text), consistentRead: true))
        for item in items where StageItem.isPending(item) && item[StageItem.pendingPartition] != nil {
            guard let sid = item[StageItem.messageSid]?.stringValue else { continue }
            var park = ExpressionBuilder()
            let update = "REMOVE \(park.name(StageItem.pendingPartition))"
            let condition = "\(park.name(StageItem.state)) = \(park.value(.s(StageItem.pendingState)))"
            do {
                try await dynamo.updateItem(
                    table: table, key: StageItem.key(conversationId, sid), update: park.expression(update), condition: park.expression(condition))
            } catch DynamoDBError.conditionalCheckFailed {
                // Answered meanwhile: nothing to park.
            }
        }
        try await recordSweep(conversationId: conversationId, sweeps: sweeps, nextSweepAt: nextSweepAt)
    }

    /// The sweep items of `conversationIds`, by conversation.
    private func sweepItems(_ conversationIds: [String]) async throws -> [String: DynamoDBItem] {
        guard !conversationIds.isEmpty else { return [:] }
        let items = try await dynamo.batchGetItems(table: table, keys: conversationIds.map { StageItem.key($0, StageItem.sweepSid) })
        var byConversation: [String: DynamoDBItem] = [:]
        for item in items where item[StageItem.state]?.stringValue == StageItem.sweepState {
            if let id = item[StageItem.conversationId]?.stringValue { byConversation[id] = item }
        }
        return byConversation
    }
}
