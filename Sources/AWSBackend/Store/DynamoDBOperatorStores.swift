package import AWSCore
package import Foundation
package import RepliesCore

/// ``OperatorTokenStore`` on the operator table (``OperatorItems``).
package struct DynamoDBOperatorTokens: OperatorTokenStore {
    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func create(_ token: OperatorToken) async throws -> Bool {
        var builder = ExpressionBuilder()
        // Each text is built before `expression` is called: the builder must hold its names by then.
        let text = "attribute_not_exists(\(builder.name(OperatorItems.pk)))"
        let condition = builder.expression(text)
        do {
            try await dynamo.putItem(table: table, item: OperatorItems.item(token), condition: condition)
            return true
        } catch DynamoDBError.conditionalCheckFailed {
            return false
        }
    }

    package func token(hash: String) async throws -> OperatorToken? {
        try await dynamo.getItem(table: table, key: OperatorItems.tokenKey(hash)).map(OperatorItems.token)
    }

    package func tokens(companyId: String) async throws -> [OperatorToken] {
        var builder = ExpressionBuilder()
        let condition = "\(builder.name(OperatorItems.gsiPk)) = \(builder.value(.s("tokens#" + companyId)))"
        let items = try await dynamo.queryAll(QueryInput(
            tableName: table, indexName: OperatorItems.companyIndex, keyCondition: builder.expression(condition), scanIndexForward: true))
        return try items.map(OperatorItems.token).sorted { ($0.createdAt, $0.tokenHash) < ($1.createdAt, $1.tokenHash) }
    }

    package func revoke(companyId: String, name: String, at: Date) async throws -> Int {
        var count = 0
        for token in try await tokens(companyId: companyId) where token.name == name && token.revokedAt == nil {
            var builder = ExpressionBuilder()
            let updateText = "SET \(builder.name("revoked_at_ms")) = \(builder.value(OperatorItems.ms(at)))"
            let conditionText = "attribute_exists(\(builder.name(OperatorItems.pk)))"
            let update = builder.expression(updateText)
            let condition = builder.expression(conditionText)
            _ = try await dynamo.updateItem(table: table, key: OperatorItems.tokenKey(token.tokenHash), update: update, condition: condition)
            count += 1
        }
        return count
    }
}

/// ``OperatorSendLog`` on the operator table: a claim is one conditional PutItem (new key) or
/// UpdateItem (taking over an expired pending attempt).
package struct DynamoDBOperatorSends: OperatorSendLog {
    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func claim(_ send: OperatorSend, now: Date) async throws -> OperatorSendClaim {
        var builder = ExpressionBuilder()
        let absentText = "attribute_not_exists(\(builder.name(OperatorItems.pk)))"
        let absent = builder.expression(absentText)
        let existing: OperatorSend
        do {
            try await dynamo.putItem(table: table, item: OperatorItems.item(send), condition: absent, returnOldItemOnConditionFailure: true)
            return .claimed
        } catch DynamoDBError.conditionalCheckFailed(let item) {
            guard let item else { return try await claim(send, now: now) }
            existing = try OperatorItems.send(item)
        }
        switch existing.state {
        case .sent, .recorded: return .finished(existing)
        case .pending:
            guard existing.attemptExpiresAt <= now else { return .busy(existing) }
            var takeover = ExpressionBuilder()
            let expires = takeover.name("attempt_expires_at_ms")
            let updateText = "SET \(expires) = \(takeover.value(OperatorItems.ms(send.attemptExpiresAt)))"
            let conditionText = "\(takeover.name("state")) = \(takeover.value(.s("pending"))) AND \(expires) <= \(takeover.value(OperatorItems.ms(now)))"
            let update = takeover.expression(updateText)
            let condition = takeover.expression(conditionText)
            do {
                _ = try await dynamo.updateItem(
                    table: table, key: OperatorItems.sendKey(send.companyId, send.idempotencyKey), update: update, condition: condition,
                    idempotent: false)
                return .resumed(existing)
            } catch DynamoDBError.conditionalCheckFailed {
                return .busy(existing)
            }
        }
    }

    package func save(_ send: OperatorSend) async throws {
        try await dynamo.putItem(table: table, item: OperatorItems.item(send))
    }

    package func delete(companyId: String, idempotencyKey: String) async throws {
        try await dynamo.deleteItem(table: table, key: OperatorItems.sendKey(companyId, idempotencyKey))
    }
}

/// ``OperatorInbox`` on the operator table, read newest first through `company-index`.
package struct DynamoDBOperatorInbox: OperatorInbox {
    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func upsert(_ entry: InboxEntry) async throws {
        try await dynamo.putItem(table: table, item: OperatorItems.item(entry))
    }

    package func page(companyId: String, handedOffOnly: Bool, after cursor: InboxCursor?, limit: Int) async throws -> InboxPage {
        let size = max(1, limit)
        var builder = ExpressionBuilder()
        // One builder for both (their placeholders must not clash), texts built first.
        let conditionText = "\(builder.name(OperatorItems.gsiPk)) = \(builder.value(.s("inbox#" + companyId)))"
        let filterText = handedOffOnly ? "\(builder.name("handed_off")) = \(builder.value(.bool(true)))" : nil
        let condition = builder.expression(conditionText)
        let filter = filterText.map { builder.expression($0) }
        var start: DynamoDBItem? = cursor.map { cursor in
            var key = OperatorItems.inboxKey(companyId, cursor.conversation)
            key[OperatorItems.gsiPk] = .s("inbox#" + companyId)
            key[OperatorItems.gsiSk] = .n(String(cursor.handedOffAtMs))
            return key
        }
        var found: [InboxEntry] = []
        repeat {
            let input = QueryInput(
                tableName: table, indexName: OperatorItems.companyIndex, keyCondition: condition, filter: filter,
                limit: size + 1 - found.count, scanIndexForward: false, exclusiveStartKey: start)
            let output = try await dynamo.query(input)
            found += try output.items.map(OperatorItems.inbox)
            start = output.lastEvaluatedKey
        } while found.count <= size && start != nil
        let page = Array(found.prefix(size))
        let next = found.count > size ? page.last.map {
            InboxCursor(handedOffAtMs: EpochTime.milliseconds($0.handedOffAt), conversation: $0.conversation)
        } : nil
        return InboxPage(entries: page, next: next)
    }
}
