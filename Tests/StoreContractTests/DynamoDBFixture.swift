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
        let client = try MotoClient.configuration()
        let dynamo = DynamoDBClient(configuration: client)
        // No cache: the contract reads back what seed just wrote.
        let secretsManager = SecretsManagerClient(configuration: client, cacheTTL: nil)
        let id = "contract-\(UUID().uuidString.prefix(8).lowercased())"
        let tables = (conversations: "\(id)-conversations", stage: "\(id)-stage", locks: "\(id)-locks", history: "\(id)-history", companies: "\(id)-companies", operatorTable: "\(id)-operator")
        try await dynamo.createTable(TableLayouts.conversations(name: tables.conversations))
        try await dynamo.createTable(TableLayouts.history(name: tables.history))
        try await dynamo.createTable(TableLayouts.stage(name: tables.stage))
        try await dynamo.createTable(TableLayouts.locks(name: tables.locks))
        try await dynamo.createTable(TableLayouts.companyData(name: tables.companies))
        try await dynamo.createTable(TableLayouts.operatorTable(name: tables.operatorTable))
        for table in [tables.stage, tables.locks] {
            try await dynamo.updateTimeToLive(table: table, attribute: TableLayouts.ttlAttribute)
        }
        return StoreFixture(
            conversations: DynamoDBConversationStore(dynamo: dynamo, table: tables.conversations),
            archive: DynamoDBTurnArchive(dynamo: dynamo, table: tables.history),
            stage: DynamoDBFragmentStage(dynamo: dynamo, table: tables.stage),
            locks: DynamoDBTriggerLocks(dynamo: dynamo, table: tables.locks),
            seed: DynamoDBSeedWriter(seeder: AWSSeeder(
                dynamo: dynamo, secretsManager: secretsManager, conversationsTable: tables.conversations,
                companyDataTable: tables.companies)),
            secrets: SecretsManagerSecretSource(client: secretsManager),
            companies: DynamoDBCompanyDirectory(dynamo: dynamo, table: tables.companies),
            budgets: DynamoDBReplyBudgets(dynamo: dynamo, table: tables.locks),
            operatorTokens: DynamoDBOperatorTokens(dynamo: dynamo, table: tables.operatorTable),
            operatorSends: DynamoDBOperatorSends(dynamo: dynamo, table: tables.operatorTable),
            operatorInbox: DynamoDBOperatorInbox(dynamo: dynamo, table: tables.operatorTable),
            tearDown: {
                for table in [tables.conversations, tables.stage, tables.locks, tables.history, tables.companies, tables.operatorTable] { try await dynamo.deleteTable(table) }
            })
    }
}
