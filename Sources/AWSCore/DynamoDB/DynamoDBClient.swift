import Foundation
package import Logging

/// DynamoDB's item operations over the JSON protocol.
///
/// Conditional writes throw ``DynamoDBError/conditionalCheckFailed(item:)`` carrying the item
/// that blocked them when asked to; every other failure is an ``AWSError``.
///
/// ```swift
/// let dynamo = DynamoDBClient(configuration: try AWSClientConfiguration(environment: env))
/// try await dynamo.putItem(table: "locks", item: ["conversation_id": .s("c1")],
///                          condition: DynamoDBExpression("attribute_not_exists(conversation_id)"))
/// let item = try await dynamo.getItem(table: "locks", key: ["conversation_id": .s("c1")])
/// ```
package struct DynamoDBClient: Sendable {
    package let transport: AWSJSONClient

    package init(transport: AWSJSONClient) {
        self.transport = transport
    }

    /// More attempts and shorter delays than the SDKs' standard mode: DynamoDB throttles in bursts.
    package static let defaultRetryPolicy = AWSRetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(50), maxDelay: .seconds(5))

    package init(
        configuration: AWSClientConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        retryPolicy: AWSRetryPolicy = DynamoDBClient.defaultRetryPolicy,
        timer: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "aws.dynamodb")
    ) {
        self.init(transport: AWSJSONClient(
            service: .dynamoDB, configuration: configuration, executor: executor, retryPolicy: retryPolicy,
            timer: timer, logger: logger))
    }

    /// The item at `key`, nil when absent. Strongly consistent unless asked otherwise.
    package func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = true) async throws -> DynamoDBItem? {
        try await transport.send(
            "GetItem", GetItemInput(tableName: table, key: key, consistentRead: consistentRead), as: GetItemOutput.self
        ).item
    }

    /// Writes a whole item. Returns the replaced item when `returnValues` is `.allOld`.
    @discardableResult
    package func putItem(
        table: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil,
        returnValues: DynamoDBReturnValues? = nil, returnOldItemOnConditionFailure: Bool = false
    ) async throws -> DynamoDBItem? {
        var input = try writeInput("PutItem", table: table, [condition])
        input.item = item
        input.conditionExpression = condition?.text
        input.returnValues = returnValues
        input.returnValuesOnConditionCheckFailure = returnOldItemOnConditionFailure ? .allOld : nil
        return try await write("PutItem", input, idempotent: true)
    }

    /// Applies `update` (an UpdateExpression) to the item at `key`.
    /// - Parameter idempotent: false when applying the update twice would differ from once (for
    ///   example a `list_append` without a guarding condition); such calls are not retried after
    ///   ambiguous failures.
    @discardableResult
    package func updateItem(
        table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: DynamoDBExpression? = nil,
        returnValues: DynamoDBReturnValues? = nil, returnOldItemOnConditionFailure: Bool = false, idempotent: Bool = true
    ) async throws -> DynamoDBItem? {
        var input = try writeInput("UpdateItem", table: table, [update, condition])
        input.key = key
        input.updateExpression = update.text
        input.conditionExpression = condition?.text
        input.returnValues = returnValues
        input.returnValuesOnConditionCheckFailure = returnOldItemOnConditionFailure ? .allOld : nil
        return try await write("UpdateItem", input, idempotent: idempotent)
    }

    @discardableResult
    package func deleteItem(
        table: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil,
        returnValues: DynamoDBReturnValues? = nil, returnOldItemOnConditionFailure: Bool = false
    ) async throws -> DynamoDBItem? {
        var input = try writeInput("DeleteItem", table: table, [condition])
        input.key = key
        input.conditionExpression = condition?.text
        input.returnValues = returnValues
        input.returnValuesOnConditionCheckFailure = returnOldItemOnConditionFailure ? .allOld : nil
        return try await write("DeleteItem", input, idempotent: true)
    }

    /// One page of a Query.
    package func query(_ input: QueryInput) async throws -> QueryOutput {
        try await transport.send("Query", input, as: QueryOutput.self)
    }

    /// Every page of a Query (following `LastEvaluatedKey`), stopping once `maxItems` are collected.
    package func queryAll(_ input: QueryInput, maxItems: Int? = nil) async throws -> [DynamoDBItem] {
        var page = input
        var items: [DynamoDBItem] = []
        while true {
            let output = try await query(page)
            items.append(contentsOf: output.items)
            if let maxItems, items.count >= maxItems { return Array(items.prefix(maxItems)) }
            guard let next = output.lastEvaluatedKey, !next.isEmpty else { return items }
            page.exclusiveStartKey = next
        }
    }

    /// Writes `requests` in batches of 25, re-sending `UnprocessedItems` with backoff until done.
    /// Throws ``DynamoDBError/unprocessedItems(table:remaining:rounds:)`` when they never drain.
    package func batchWrite(table: String, requests: [DynamoDBWriteRequest], maxRounds: Int = 8) async throws {
        try await drain(requests, chunk: 25, table: table, maxRounds: maxRounds) { pending in
            try await transport.send(
                "BatchWriteItem", BatchWriteItemInput(requestItems: [table: pending]), as: BatchWriteItemOutput.self
            ).unprocessedItems?[table] ?? []
        }
    }

    /// Sends `requests` in chunks of `size` through `send`, which answers what the call left
    /// unprocessed; that is sent again with backoff, at most `maxRounds` times per chunk.
    func drain<Request>(
        _ requests: [Request], chunk size: Int, table: String, maxRounds: Int, _ send: ([Request]) async throws -> [Request]
    ) async throws {
        var start = 0
        while start < requests.count {
            var pending = Array(requests[start..<min(start + size, requests.count)])
            start += size
            var round = 0
            while !pending.isEmpty {
                round += 1
                pending = try await send(pending)
                guard !pending.isEmpty else { break }
                guard round < maxRounds else {
                    throw DynamoDBError.unprocessedItems(table: table, remaining: pending.count, rounds: round)
                }
                transport.logger.debug("retrying unprocessed batch items", metadata: ["count": "\(pending.count)", "round": "\(round)"])
                try await transport.timer.sleep(for: transport.retryPolicy.delay(beforeRetry: round))
            }
        }
    }

    // MARK: - Plumbing

    private func writeInput(_ operation: String, table: String, _ expressions: [DynamoDBExpression?]) throws -> WriteItemInput {
        do {
            return try WriteItemInput(tableName: table, expressions: expressions)
        } catch {
            throw AWSError(
                kind: .invalidRequest, service: "DynamoDB", operation: operation,
                message: "placeholder \(error.placeholder) is used with two meanings in one request")
        }
    }

    private func write(_ operation: String, _ input: WriteItemInput, idempotent: Bool) async throws -> DynamoDBItem? {
        do {
            return try await transport.send(operation, input, as: WriteItemOutput.self, idempotent: idempotent).attributes
        } catch let error as AWSError where error.code == "ConditionalCheckFailedException" {
            throw DynamoDBError.conditionalCheckFailed(item: Self.itemInError(error))
        }
    }

    /// The `Item` DynamoDB puts into a ConditionalCheckFailedException body on request.
    static func itemInError(_ error: AWSError) -> DynamoDBItem? {
        struct Body: Decodable {
            var item: DynamoDBItem?
            enum CodingKeys: String, CodingKey { case item = "Item" }
        }
        guard let body = error.errorBody, let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else { return nil }
        return decoded.item
    }
}
