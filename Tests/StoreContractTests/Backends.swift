import RepliesCore
import Testing

/// Every store implementation the contract suite runs against. A behaviour only one backend
/// has is a bug: each contract test is parameterised over all of them.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case sqlite
    /// DynamoDB on moto's server (`scripts/with-moto.sh` provides it).
    case dynamoDB

    var testDescription: String { rawValue }
}

/// The storage ports of one backend, fresh and empty for each test.
struct StoreFixture: Sendable {
    var conversations: any ConversationStore
    var archive: any TurnArchive
    var stage: any FragmentStage
    var locks: any TriggerLocks
    /// `seed`'s writer, and where what it writes can be read back.
    var seed: any SeedWriter
    var secrets: any SecretSource
    var companies: any CompanyDirectory
    var budgets: any ReplyBudgetCounters
    /// The operator API's stores.
    var operatorTokens: any OperatorTokenStore
    var operatorSends: any OperatorSendLog
    var operatorInbox: any OperatorInbox
    /// The backend's combined batch commits, where it has them (the worker's ports use them).
    var batchCommits: (any BatchCommits)? = nil
    /// Releases files, connections and tables the fixture created.
    var tearDown: @Sendable () async throws -> Void = {}
}
