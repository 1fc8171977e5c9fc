import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing

/// The DynamoDB backend for the store contract suite: fresh, uniquely named conversations,
/// stage and lock tables (the production layouts) on the moto server started by
/// `scripts/with-moto.sh`; `tearDown` deletes them. Fails, never skips, without moto.
enum DynamoDBFixture {
    static func make() async throws -> StoreFixture {
        let dynamo = DynamoDBClient(configuration: try MotoClient.configuration())
        let id = "contract-\(UUID().uuidString.prefix(8).lowercased())"
        let tables = (conversations: "\(id)-conversations", stage: "\(id)-stage", locks: "\(id)-locks")
        try await dynamo.createTable(TableLayouts.conversations(name: tables.conversations))
        try await dynamo.createTable(TableLayouts.stage(name: tables.stage))
        try await dynamo.createTable(TableLayouts.locks(name: tables.locks))
        for table in [tables.stage, tables.locks] {
            try await dynamo.updateTimeToLive(table: table, attribute: TableLayouts.ttlAttribute)
        }
        return StoreFixture(
            conversations: DynamoDBConversationStore(dynamo: dynamo, table: tables.conversations),
            stage: DynamoDBFragmentStage(dynamo: dynamo, table: tables.stage),
            locks: DynamoDBTriggerLocks(dynamo: dynamo, table: tables.locks),
            tearDown: {
                for table in [tables.conversations, tables.stage, tables.locks] { try await dynamo.deleteTable(table) }
            })
    }
}
