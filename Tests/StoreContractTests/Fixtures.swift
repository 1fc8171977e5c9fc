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
            return StoreFixture(
                conversations: InMemoryConversationStore(),
                stage: InMemoryFragmentStage(),
                locks: InMemoryTriggerLocks()
            )
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("replies-contract-\(UUID().uuidString)").path
            let backend = try await EmbeddedBackend.open(directory: directory)
            return StoreFixture(
                conversations: backend.conversations,
                stage: backend.stage,
                locks: backend.locks,
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
