/// Table provisioning: create, describe, delete, TTL.
extension DynamoDBClient {
    private struct TableName: Encodable {
        var tableName: String
        enum CodingKeys: String, CodingKey { case tableName = "TableName" }
    }

    private struct TableOutput: Decodable {
        var table: TableDescription?
        var tableDescription: TableDescription?
        enum CodingKeys: String, CodingKey { case table = "Table", tableDescription = "TableDescription" }
    }

    /// Creates a PAY_PER_REQUEST table. Throws ``AWSError`` with code `ResourceInUseException`
    /// when it exists.
    @discardableResult
    package func createTable(_ definition: TableDefinition) async throws -> TableDescription? {
        try await transport.send("CreateTable", definition, as: TableOutput.self, idempotent: false).tableDescription
    }

    /// The table's description, nil when it does not exist.
    package func describeTable(_ name: String) async throws -> TableDescription? {
        do {
            return try await transport.send("DescribeTable", TableName(tableName: name), as: TableOutput.self).table
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// Deletes the table; absent tables are fine.
    package func deleteTable(_ name: String) async throws {
        do {
            _ = try await transport.send("DeleteTable", TableName(tableName: name), as: TableOutput.self)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return
        }
    }

    package func describeTimeToLive(table: String) async throws -> TimeToLiveDescription? {
        struct Output: Decodable {
            var description: TimeToLiveDescription?
            enum CodingKeys: String, CodingKey { case description = "TimeToLiveDescription" }
        }
        return try await transport.send("DescribeTimeToLive", TableName(tableName: table), as: Output.self).description
    }

    /// Enables (or disables) TTL on `attribute`.
    package func updateTimeToLive(table: String, attribute: String, enabled: Bool = true) async throws {
        struct Specification: Encodable {
            var attributeName: String
            var enabled: Bool
            enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", enabled = "Enabled" }
        }
        struct Input: Encodable {
            var tableName: String
            var specification: Specification
            enum CodingKeys: String, CodingKey { case tableName = "TableName", specification = "TimeToLiveSpecification" }
        }
        struct Output: Decodable {}
        _ = try await transport.send(
            "UpdateTimeToLive",
            Input(tableName: table, specification: Specification(attributeName: attribute, enabled: enabled)),
            as: Output.self)
    }
}
