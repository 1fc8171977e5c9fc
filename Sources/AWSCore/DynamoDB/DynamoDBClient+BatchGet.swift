extension DynamoDBClient {
    /// The items at `keys` (absent ones are simply missing from the result), in calls of 100
    /// keys, re-asking for `UnprocessedKeys` with backoff. Throws
    /// ``DynamoDBError/unprocessedItems(table:remaining:rounds:)`` when they never drain.
    package func batchGetItems(table: String, keys: [DynamoDBItem], consistentRead: Bool = true, maxRounds: Int = 8) async throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        try await drain(keys, chunk: 100, table: table, maxRounds: maxRounds) { pending in
            let input = BatchGetItemInput(requestItems: [table: .init(keys: pending, consistentRead: consistentRead)])
            let output = try await transport.send("BatchGetItem", input, as: BatchGetItemOutput.self)
            items += output.responses?[table] ?? []
            return output.unprocessedKeys?[table]?.keys ?? []
        }
        return items
    }
}

struct BatchGetItemInput: Encodable {
    struct KeysAndAttributes: Codable {
        var keys: [DynamoDBItem]
        var consistentRead: Bool?
        enum CodingKeys: String, CodingKey { case keys = "Keys", consistentRead = "ConsistentRead" }
    }

    var requestItems: [String: KeysAndAttributes]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

struct BatchGetItemOutput: Decodable {
    var responses: [String: [DynamoDBItem]]?
    var unprocessedKeys: [String: BatchGetItemInput.KeysAndAttributes]?
    enum CodingKeys: String, CodingKey { case responses = "Responses", unprocessedKeys = "UnprocessedKeys" }
}
