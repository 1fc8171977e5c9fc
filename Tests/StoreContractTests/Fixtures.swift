import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore

extension Backend {
    /// A fresh, empty set of storage ports of this backend. The only place that names backends:
    /// a new backend adds one case here (and in `Backend`).
    func makeFixture() async throws -> StoreFixture {
        switch self {
        case .inMemory:
            let conversations = InMemoryConversationStore()
            let secrets = InMemorySecrets()
            let companies = InMemoryCompanyDirectory()
            return StoreFixture(
                conversations: conversations,
                archive: InMemoryTurnArchive(),
                stage: InMemoryFragmentStage(),
                locks: InMemoryTriggerLocks(),
                seed: InMemorySeedWriter(conversations: conversations, companies: companies, secrets: secrets),
                secrets: secrets,
                companies: companies,
                budgets: InMemoryReplyBudgets(),
                operatorTokens: InMemoryOperatorTokens(), operatorSends: InMemoryOperatorSends(), operatorInbox: InMemoryOperatorInbox()
            )
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("replies-contract-\(UUID().uuidString)").path
            let backend = try await EmbeddedBackend.open(directory: directory)
            return StoreFixture(
                conversations: backend.conversations,
                archive: backend.archive,
                stage: backend.stage,
                locks: backend.locks,
                seed: backend.seedWriter,
                secrets: backend.secrets,
                companies: backend.companies,
                budgets: backend.budgets,
                operatorTokens: backend.operatorTokens, operatorSends: backend.operatorSends, operatorInbox: backend.operatorInbox,
                batchCommits: backend.batchCommits,
                tearDown: {
                    try await backend.close()
                    try FileManager.default.removeItem(atPath: directory)
                }
            )
        case .dynamoDB:
            return try await DynamoDBFixture.make()
        }
    }

    /// Runs `body` on a fresh fixture and tears it down afterwards, also when `body` throws.
    func withFixture(_ body: (StoreFixture) async throws -> Void) async throws {
        try await withTearDown(try await makeFixture(), tearDown: { try await $0.tearDown() }, body)
    }
}
