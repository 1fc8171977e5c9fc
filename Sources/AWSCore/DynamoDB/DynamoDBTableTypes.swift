/// Control-plane shapes: table definitions for CreateTable and what DescribeTable reports.

package struct AttributeDefinition: Sendable, Hashable, Codable {
    package enum ScalarType: String, Sendable, Codable { case s = "S", n = "N", b = "B" }
    package var name: String
    package var type: ScalarType

    package init(_ name: String, _ type: ScalarType) {
        self.name = name
        self.type = type
    }

    enum CodingKeys: String, CodingKey { case name = "AttributeName", type = "AttributeType" }
}

package struct KeySchemaElement: Sendable, Hashable, Codable {
    package enum KeyType: String, Sendable, Codable { case hash = "HASH", range = "RANGE" }
    package var name: String
    package var keyType: KeyType

    package init(_ name: String, _ keyType: KeyType) {
        self.name = name
        self.keyType = keyType
    }

    package static func hash(_ name: String) -> KeySchemaElement { KeySchemaElement(name, .hash) }
    package static func range(_ name: String) -> KeySchemaElement { KeySchemaElement(name, .range) }

    enum CodingKeys: String, CodingKey { case name = "AttributeName", keyType = "KeyType" }
}

package struct Projection: Sendable, Hashable, Codable {
    package enum ProjectionType: String, Sendable, Codable { case all = "ALL", keysOnly = "KEYS_ONLY", include = "INCLUDE" }
    package var type: ProjectionType
    package var nonKeyAttributes: [String]?

    package init(_ type: ProjectionType, nonKeyAttributes: [String]? = nil) {
        self.type = type
        self.nonKeyAttributes = nonKeyAttributes
    }

    package static let all = Projection(.all)

    enum CodingKeys: String, CodingKey { case type = "ProjectionType", nonKeyAttributes = "NonKeyAttributes" }
}

/// A GSI or LSI definition (LSIs use the table's hash key).
package struct SecondaryIndex: Sendable, Hashable, Codable {
    package var name: String
    package var keySchema: [KeySchemaElement]
    package var projection: Projection
    /// Reported by DescribeTable for GSIs (`ACTIVE`, `CREATING`, …).
    package var status: String?

    package init(name: String, keySchema: [KeySchemaElement], projection: Projection = .all) {
        self.name = name
        self.keySchema = keySchema
        self.projection = projection
    }

    enum CodingKeys: String, CodingKey {
        case name = "IndexName", keySchema = "KeySchema", projection = "Projection", status = "IndexStatus"
    }
}

/// Everything CreateTable needs; billing is always PAY_PER_REQUEST here.
///
/// ```swift
/// let locks = TableDefinition(name: "locks", attributes: [.init("conversation_id", .s)], keySchema: [.hash("conversation_id")])
/// ```
package struct TableDefinition: Sendable, Hashable, Encodable {
    package var name: String
    package var attributes: [AttributeDefinition]
    package var keySchema: [KeySchemaElement]
    package var globalSecondaryIndexes: [SecondaryIndex]
    package var localSecondaryIndexes: [SecondaryIndex]

    package init(
        name: String, attributes: [AttributeDefinition], keySchema: [KeySchemaElement],
        globalSecondaryIndexes: [SecondaryIndex] = [], localSecondaryIndexes: [SecondaryIndex] = []
    ) {
        self.name = name
        self.attributes = attributes
        self.keySchema = keySchema
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
    }

    enum CodingKeys: String, CodingKey {
        case name = "TableName", attributes = "AttributeDefinitions", keySchema = "KeySchema"
        case gsis = "GlobalSecondaryIndexes", lsis = "LocalSecondaryIndexes", billingMode = "BillingMode"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(keySchema, forKey: .keySchema)
        try container.encode("PAY_PER_REQUEST", forKey: .billingMode)
        if !globalSecondaryIndexes.isEmpty { try container.encode(globalSecondaryIndexes.map(IndexInput.init), forKey: .gsis) }
        if !localSecondaryIndexes.isEmpty { try container.encode(localSecondaryIndexes.map(IndexInput.init), forKey: .lsis) }
    }

    /// An index as CreateTable takes it (no status).
    private struct IndexInput: Encodable {
        var index: SecondaryIndex
        enum CodingKeys: String, CodingKey { case name = "IndexName", keySchema = "KeySchema", projection = "Projection" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index.name, forKey: .name)
            try container.encode(index.keySchema, forKey: .keySchema)
            try container.encode(index.projection, forKey: .projection)
        }
    }
}

/// What DescribeTable / CreateTable report about a table.
package struct TableDescription: Sendable, Hashable, Decodable {
    package var name: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    package var status: String
    package var keySchema: [KeySchemaElement]
    package var attributes: [AttributeDefinition]
    package var globalSecondaryIndexes: [SecondaryIndex]
    package var localSecondaryIndexes: [SecondaryIndex]
    package var billingMode: String?

    enum CodingKeys: String, CodingKey {
        case name = "TableName", status = "TableStatus", keySchema = "KeySchema", attributes = "AttributeDefinitions"
        case gsis = "GlobalSecondaryIndexes", lsis = "LocalSecondaryIndexes", billing = "BillingModeSummary"
    }
    enum BillingKeys: String, CodingKey { case mode = "BillingMode" }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? "UNKNOWN"
        keySchema = try container.decodeIfPresent([KeySchemaElement].self, forKey: .keySchema) ?? []
        attributes = try container.decodeIfPresent([AttributeDefinition].self, forKey: .attributes) ?? []
        globalSecondaryIndexes = try container.decodeIfPresent([SecondaryIndex].self, forKey: .gsis) ?? []
        localSecondaryIndexes = try container.decodeIfPresent([SecondaryIndex].self, forKey: .lsis) ?? []
        if container.contains(.billing) {
            billingMode = try container.nestedContainer(keyedBy: BillingKeys.self, forKey: .billing)
                .decodeIfPresent(String.self, forKey: .mode)
        }
    }
}

/// `DescribeTimeToLive`'s answer.
package struct TimeToLiveDescription: Sendable, Hashable, Decodable {
    /// `ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`.
    package var status: String
    package var attributeName: String?

    enum CodingKeys: String, CodingKey { case status = "TimeToLiveStatus", attributeName = "AttributeName" }
}
