package import AWSCore
package import Foundation
package import Logging
package import RepliesCore

/// ``ConversationStore`` on the shared ConversationsTable.
///
/// Lookups page through the channel's GSI (never `Limit=1`); the reply lease is a conditional
/// UpdateItem that refuses missing records (no upsert) and treats an expired lease as free even
/// while its attributes are still present; every later write is conditional on the lease owner.
///
/// ```swift
/// let store = DynamoDBConversationStore(dynamo: dynamo, table: "ai-multi-comms-conversations-dev")
/// let matches = try await store.findConversations(channel: .whatsapp, companyNumber: "+447700900456", userNumber: "+447700900123")
/// ```
package struct DynamoDBConversationStore: ConversationStore {
    package let dynamo: DynamoDBClient
    package let table: String
    let logger: Logger

    package init(dynamo: DynamoDBClient, table: String, logger: Logger = Logger(label: "replies.aws.conversations")) {
        self.dynamo = dynamo
        self.table = table
        self.logger = logger
    }

    package func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation] {
        var builder = ExpressionBuilder()
        let condition = "\(builder.name(channel.companyNumberIndexAttribute)) = \(builder.value(.s(companyNumber)))"
            + " AND \(builder.name(channel.userIndexAttribute)) = \(builder.value(.s(userNumber)))"
        let items = try await dynamo.queryAll(
            QueryInput(tableName: table, indexName: channel.lookupIndex, keyCondition: builder.expression(condition)))
        return items.compactMap { item in
            do {
                return try conversation(from: item)
            } catch {
                // One unreadable record must not hide the others of the same number pair.
                logger.error("skipping an unreadable conversation record", metadata: ["table": "\(table)", "error": "\(error)"])
                return nil
            }
        }
    }

    package func conversation(_ key: ConversationKey) async throws -> Conversation? {
        guard let item = try await dynamo.getItem(table: table, key: Self.item(key), consistentRead: true) else { return nil }
        return try conversation(from: item)
    }

    package func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        var builder = ExpressionBuilder()
        let ownerName = builder.name(ConversationAttribute.leaseOwner)
        let expiryName = builder.name(ConversationAttribute.leaseExpiresAt)
        let ownerValue = builder.value(.s(owner))
        let update = "SET \(ownerName) = \(ownerValue), \(expiryName) = \(builder.value(Self.milliseconds(until))), "
            + "\(builder.name(ConversationAttribute.status)) = \(builder.value(.s(ConversationStatus.processingReply)))"
        // attribute_exists stops the upsert of 6.B.9; a NULL expiry counts as no lease.
        let condition = "attribute_exists(\(builder.name("conversation_id"))) AND (attribute_not_exists(\(expiryName))"
            + " OR attribute_type(\(expiryName), \(builder.value(.s("NULL"))))"
            + " OR \(expiryName) <= \(builder.value(Self.milliseconds(now))) OR \(ownerName) = \(ownerValue))"
        do {
            let previous = try await dynamo.updateItem(
                table: table, key: Self.item(key), update: builder.expression(update), condition: builder.expression(condition),
                returnValues: .allOld, returnOldItemOnConditionFailure: true)
            if let previous { return .acquired(previous: try conversation(from: previous)) }
            guard let current = try await conversation(key) else { return .missing }
            return .acquired(previous: current)
        } catch DynamoDBError.conditionalCheckFailed(let item) {
            guard let item else { return .missing }
            let lease = try conversation(from: item).lease
            return .busy(until: lease?.expiresAt ?? now)
        }
    }

    package func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool {
        var builder = ExpressionBuilder()
        let update = "SET \(builder.name(ConversationAttribute.leaseExpiresAt)) = \(builder.value(Self.milliseconds(until)))"
        let condition = "\(builder.name(ConversationAttribute.leaseOwner)) = \(builder.value(.s(owner)))"
        do {
            try await dynamo.updateItem(
                table: table, key: Self.item(key), update: builder.expression(update), condition: builder.expression(condition))
            return true
        } catch DynamoDBError.conditionalCheckFailed {
            return false
        }
    }

    package func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try await apply(update, to: key, owner: owner, releasing: false)
    }

    package func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try await apply(update, to: key, owner: owner, releasing: true)
    }

    package func put(_ record: Record) async throws {
        _ = try Conversation(record: record)
        try await dynamo.putItem(table: table, item: DynamoDBItem(record: record))
    }

    package func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite {
        try update.validateForOperator()
        var builder = ExpressionBuilder()
        var assignments: [String] = []
        for name in update.set.keys.sorted() {
            guard let value = update.set[name] else { continue }
            assignments.append("\(builder.name(name)) = \(builder.value(AttributeValue(value)))")
        }
        if !update.appendMessages.isEmpty {
            let messages = builder.name(ConversationAttribute.messages)
            let new = builder.value(.l(update.appendMessages.map { AttributeValue($0.recordValue) }))
            assignments.append("\(messages) = list_append(if_not_exists(\(messages), \(builder.value(.l([])))), \(new))")
        }
        var condition = "attribute_exists(\(builder.name("conversation_id")))"
        if let recordingSid {
            let sids = builder.name(ConversationAttribute.operatorMessageSids)
            assignments.append("\(sids) = list_append(if_not_exists(\(sids), \(builder.value(.l([])))), \(builder.value(.l([.s(recordingSid)]))))")
            condition += " AND NOT contains(\(sids), \(builder.value(.s(recordingSid))))"
        }
        var text = "SET " + assignments.joined(separator: ", ")
        if !update.remove.isEmpty { text += " REMOVE " + update.remove.map { builder.name($0) }.joined(separator: ", ") }
        do {
            try await dynamo.updateItem(
                table: table, key: Self.item(key), update: builder.expression(text), condition: builder.expression(condition),
                returnOldItemOnConditionFailure: true)
            return .written
        } catch DynamoDBError.conditionalCheckFailed(let item) {
            // With the record present, only the SID condition can have failed.
            return item == nil ? .missing : .alreadyRecorded
        }
    }

    package func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult {
        try Self.validateCompareAndSet(attribute: attribute, set: set)
        var builder = ExpressionBuilder()
        var assignments: [String] = []
        for name in set.keys.sorted() {
            guard let value = set[name] else { continue }
            assignments.append("\(builder.name(name)) = \(builder.value(AttributeValue(value)))")
        }
        let target = builder.name(attribute)
        var condition = "attribute_exists(\(builder.name("conversation_id"))) AND "
        if let expectedRevision {
            condition += "\(target).\(builder.name("revision")) = \(builder.value(.n(String(expectedRevision))))"
        } else {
            condition += "attribute_not_exists(\(target))"
        }
        do {
            try await dynamo.updateItem(
                table: table, key: Self.item(key), update: builder.expression("SET " + assignments.joined(separator: ", ")),
                condition: builder.expression(condition), returnOldItemOnConditionFailure: true)
            return .written
        } catch DynamoDBError.conditionalCheckFailed(let item) {
            return item == nil ? .missing : .conflict
        }
    }

    // MARK: - Plumbing

    private func apply(_ update: ConversationUpdate, to key: ConversationKey, owner: String, releasing: Bool) async throws -> Bool {
        let plan = try ConversationUpdatePlan(update, owner: owner, releasing: releasing)
        do {
            try await dynamo.updateItem(
                table: table, key: Self.item(key), update: plan.update, condition: plan.condition,
                returnOldItemOnConditionFailure: true)
            return true
        } catch DynamoDBError.conditionalCheckFailed(let item) {
            return plan.wasApplied(item)
        }
    }

    func conversation(from item: DynamoDBItem) throws -> Conversation {
        do {
            return try Conversation(record: Record(item: item))
        } catch {
            throw AWSBackendError.malformedItem(table: table, detail: "\(error)")
        }
    }

    static func item(_ key: ConversationKey) -> DynamoDBItem {
        ["primary_channel": .s(key.primaryChannel), "conversation_id": .s(key.conversationId)]
    }

    static func milliseconds(_ date: Date) -> AttributeValue {
        .n(String(EpochTime.milliseconds(date)))
    }
}
