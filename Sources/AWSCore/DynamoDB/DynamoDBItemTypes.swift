/// Inputs and outputs of DynamoDB's item operations, in the wire field names of the
/// DynamoDB_20120810 JSON API. Only the fields this project uses are modelled.

/// What an update/put/delete returns (`ReturnValues`).
package enum DynamoDBReturnValues: String, Sendable, Codable {
    case none = "NONE", allOld = "ALL_OLD", updatedOld = "UPDATED_OLD", allNew = "ALL_NEW", updatedNew = "UPDATED_NEW"
}

/// A condition (or update/key/filter) expression with its `#name` and `:value` placeholders.
///
/// ```swift
/// let condition = DynamoDBExpression("attribute_not_exists(#sid)", names: ["#sid": "message_sid"])
/// ```
package struct DynamoDBExpression: Sendable, Hashable {
    package var text: String
    package var names: [String: String]
    package var values: DynamoDBItem

    package init(_ text: String, names: [String: String] = [:], values: DynamoDBItem = [:]) {
        self.text = text
        self.names = names
        self.values = values
    }
}

package struct GetItemInput: Sendable, Encodable {
    package var tableName: String
    package var key: DynamoDBItem
    package var consistentRead: Bool?

    package init(tableName: String, key: DynamoDBItem, consistentRead: Bool? = nil) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey { case tableName = "TableName", key = "Key", consistentRead = "ConsistentRead" }
}

struct GetItemOutput: Decodable {
    var item: DynamoDBItem?
    enum CodingKeys: String, CodingKey { case item = "Item" }
}

/// PutItem / UpdateItem / DeleteItem share this shape of conditional write.
struct WriteItemInput: Encodable {
    var tableName: String
    var item: DynamoDBItem?
    var key: DynamoDBItem?
    var updateExpression: String?
    var conditionExpression: String?
    var expressionAttributeNames: [String: String]?
    var expressionAttributeValues: DynamoDBItem?
    var returnValues: DynamoDBReturnValues?
    var returnValuesOnConditionCheckFailure: DynamoDBReturnValues?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", item = "Item", key = "Key", updateExpression = "UpdateExpression"
        case conditionExpression = "ConditionExpression", expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues", returnValues = "ReturnValues"
        case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }

    /// Merges the placeholders of all expressions; the same placeholder may not mean two things.
    init(tableName: String, expressions: [DynamoDBExpression?]) throws(DynamoDBExpressionConflict) {
        self.tableName = tableName
        var names: [String: String] = [:]
        var values: DynamoDBItem = [:]
        for expression in expressions.compactMap({ $0 }) {
            for (placeholder, name) in expression.names {
                if let existing = names[placeholder], existing != name { throw DynamoDBExpressionConflict(placeholder: placeholder) }
                names[placeholder] = name
            }
            for (placeholder, value) in expression.values {
                if let existing = values[placeholder], existing != value { throw DynamoDBExpressionConflict(placeholder: placeholder) }
                values[placeholder] = value
            }
        }
        self.expressionAttributeNames = names.isEmpty ? nil : names
        self.expressionAttributeValues = values.isEmpty ? nil : values
    }
}

struct DynamoDBExpressionConflict: Error {
    var placeholder: String
}

struct WriteItemOutput: Decodable {
    var attributes: DynamoDBItem?
    enum CodingKeys: String, CodingKey { case attributes = "Attributes" }
}

/// One page of a Query.
package struct QueryInput: Sendable, Encodable {
    package var tableName: String
    package var indexName: String?
    package var keyCondition: DynamoDBExpression
    package var filter: DynamoDBExpression?
    package var consistentRead: Bool?
    package var limit: Int?
    package var scanIndexForward: Bool?
    package var exclusiveStartKey: DynamoDBItem?

    package init(
        tableName: String, indexName: String? = nil, keyCondition: DynamoDBExpression, filter: DynamoDBExpression? = nil,
        consistentRead: Bool? = nil, limit: Int? = nil, scanIndexForward: Bool? = nil, exclusiveStartKey: DynamoDBItem? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyCondition = keyCondition
        self.filter = filter
        self.consistentRead = consistentRead
        self.limit = limit
        self.scanIndexForward = scanIndexForward
        self.exclusiveStartKey = exclusiveStartKey
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", indexName = "IndexName", keyConditionExpression = "KeyConditionExpression"
        case filterExpression = "FilterExpression", names = "ExpressionAttributeNames", values = "ExpressionAttributeValues"
        case consistentRead = "ConsistentRead", limit = "Limit", scanIndexForward = "ScanIndexForward"
        case exclusiveStartKey = "ExclusiveStartKey"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tableName, forKey: .tableName)
        try container.encodeIfPresent(indexName, forKey: .indexName)
        try container.encode(keyCondition.text, forKey: .keyConditionExpression)
        try container.encodeIfPresent(filter?.text, forKey: .filterExpression)
        let names = keyCondition.names.merging(filter?.names ?? [:]) { first, _ in first }
        let values = keyCondition.values.merging(filter?.values ?? [:]) { first, _ in first }
        if !names.isEmpty { try container.encode(names, forKey: .names) }
        if !values.isEmpty { try container.encode(values, forKey: .values) }
        try container.encodeIfPresent(consistentRead, forKey: .consistentRead)
        try container.encodeIfPresent(limit, forKey: .limit)
        try container.encodeIfPresent(scanIndexForward, forKey: .scanIndexForward)
        try container.encodeIfPresent(exclusiveStartKey, forKey: .exclusiveStartKey)
    }
}

package struct QueryOutput: Sendable, Decodable {
    package var items: [DynamoDBItem]
    package var lastEvaluatedKey: DynamoDBItem?

    enum CodingKeys: String, CodingKey { case items = "Items", lastEvaluatedKey = "LastEvaluatedKey" }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([DynamoDBItem].self, forKey: .items) ?? []
        lastEvaluatedKey = try container.decodeIfPresent(DynamoDBItem.self, forKey: .lastEvaluatedKey)
    }
}

/// One entry of a BatchWriteItem.
package enum DynamoDBWriteRequest: Sendable, Hashable, Codable {
    case put(item: DynamoDBItem)
    case delete(key: DynamoDBItem)

    enum CodingKeys: String, CodingKey { case put = "PutRequest", delete = "DeleteRequest" }
    enum PutKeys: String, CodingKey { case item = "Item" }
    enum DeleteKeys: String, CodingKey { case key = "Key" }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.put) {
            let put = try container.nestedContainer(keyedBy: PutKeys.self, forKey: .put)
            self = .put(item: try put.decode(DynamoDBItem.self, forKey: .item))
        } else {
            let delete = try container.nestedContainer(keyedBy: DeleteKeys.self, forKey: .delete)
            self = .delete(key: try delete.decode(DynamoDBItem.self, forKey: .key))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .put(let item):
            var put = container.nestedContainer(keyedBy: PutKeys.self, forKey: .put)
            try put.encode(item, forKey: .item)
        case .delete(let key):
            var delete = container.nestedContainer(keyedBy: DeleteKeys.self, forKey: .delete)
            try delete.encode(key, forKey: .key)
        }
    }
}

struct BatchWriteItemInput: Encodable {
    var requestItems: [String: [DynamoDBWriteRequest]]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

struct BatchWriteItemOutput: Decodable {
    var unprocessedItems: [String: [DynamoDBWriteRequest]]?
    enum CodingKeys: String, CodingKey { case unprocessedItems = "UnprocessedItems" }
}
