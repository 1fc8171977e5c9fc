import Foundation
import RepliesCore
import Testing

/// The store operations behind webhook authentication, replay detection and reply budgets
/// (issue 13 points 4–6), identical on every backend.
@Suite struct GuardsContractTests {
    typealias R = ContractRecords

    static func withSecret(_ record: Record, _ name: String?) -> Record {
        var record = record
        var config = record.map("channel_config") ?? [:]
        config["whatsapp_credentials_id"] = name.map(RecordValue.string) ?? .null
        record["channel_config"] = .map(config)
        return record
    }

    @Test(arguments: Backend.allCases)
    func credentialsReferencesComeFromTheCompanyNumberAlone(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(Self.withSecret(R.whatsappRecord("r1"), "secret-a"))
            try await store.put(Self.withSecret(R.whatsappRecord("r2", user: "+447700900777"), "secret-a"))
            try await store.put(Self.withSecret(R.whatsappRecord("r3", user: "+447700900778"), "secret-b"))
            try await store.put(Self.withSecret(R.whatsappRecord("r4", user: "+447700900779"), nil))
            try await store.put(Self.withSecret(R.whatsappRecord("r5", company: "+447700900999"), "secret-other"))
            try await store.put(R.smsRecord("r6"))

            let names = try await store.credentialsReferences(channel: .whatsapp, companyNumber: R.companyNumber, limit: 3)
            #expect(Set(names) == ["secret-a", "secret-b"])
            #expect(names.count == 2, "distinct: \(names)")
            #expect(try await store.credentialsReferences(channel: .whatsapp, companyNumber: R.companyNumber, limit: 1).count == 1)
            #expect(try await store.credentialsReferences(channel: .whatsapp, companyNumber: "+447700900999", limit: 3) == ["secret-other"])
            #expect(try await store.credentialsReferences(channel: .whatsapp, companyNumber: "+15005550006", limit: 3).isEmpty)
            // The SMS record has no credentials reference and is not on the WhatsApp index.
            #expect(try await store.credentialsReferences(channel: .sms, companyNumber: R.companyNumber, limit: 3).isEmpty)
        }
    }

    /// A number with many conversations: the records read are the first `recordsRead` in the
    /// lookup index's order (user number, then the key), as a DynamoDB Query on the GSI returns
    /// them — so SQLite walks its index and stops, instead of sorting every conversation of the
    /// number by id first (what made a cold start's first webhook slow).
    @Test(arguments: Backend.allCases)
    func credentialsReferencesReadTheFirstRecordsInTheIndexOrder(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            for index in 0..<CredentialsReferences.recordsRead {
                let user = "+4477009010" + String(format: "%02d", index)
                try await store.put(Self.withSecret(R.whatsappRecord("z\(index)", user: user), "secret-a"))
            }
            // First by conversation id, last by user number: beyond the records read.
            try await store.put(Self.withSecret(R.whatsappRecord("a-late", user: "+447700909999"), "secret-b"))

            #expect(try await store.credentialsReferences(channel: .whatsapp, companyNumber: R.companyNumber, limit: 3) == ["secret-a"])
        }
    }

    @Test(arguments: Backend.allCases)
    func containsSeesPendingAndDoneSidsOfTheNamedConversationsOnly(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let first = R.conversationId("r1")
            let second = R.conversationId("r2")
            #expect(try await stage.stage(R.fragment("SMa", conversation: first, at: 0)) == .staged)
            #expect(try await stage.contains(messageSid: "SMa", conversationIds: [first]))
            #expect(try await stage.contains(messageSid: "SMa", conversationIds: [second, first]))
            #expect(try await stage.contains(messageSid: "SMa", conversationIds: [second]) == false)
            #expect(try await stage.contains(messageSid: "SMb", conversationIds: [first]) == false)
            #expect(try await stage.contains(messageSid: "SMa", conversationIds: []) == false)
            // Remembered for good once answered (no retention: the year-4001 "forever").
            try await stage.markDone(conversationId: first, messageSids: ["SMa"], outcome: .answered, retainUntil: .distantFuture)
            #expect(try await stage.contains(messageSid: "SMa", conversationIds: [second, first]))
            #expect(try await stage.stage(R.fragment("SMa", conversation: first, at: 5)) == .alreadyDone)
        }
    }

    @Test(arguments: Backend.allCases)
    func aBudgetCountsUpToItsLimitPerCounter(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let budgets = fixture.budgets
            let end = R.start.addingTimeInterval(3600)
            for _ in 0..<3 { #expect(try await budgets.consume("conversation:r1:hour:1", limit: 3, expiresAt: end)) }
            #expect(try await budgets.consume("conversation:r1:hour:1", limit: 3, expiresAt: end) == false)
            #expect(try await budgets.consume("conversation:r1:hour:1", limit: 3, expiresAt: end) == false, "a refusal counts nothing")
            // A raised limit admits again; other counters are independent; 0 is always spent.
            #expect(try await budgets.consume("conversation:r1:hour:1", limit: 4, expiresAt: end))
            #expect(try await budgets.consume("conversation:r1:hour:2", limit: 1, expiresAt: end))
            #expect(try await budgets.consume("company:c:day:1", limit: 1, expiresAt: end))
            #expect(try await budgets.consume("company:c:day:1", limit: 1, expiresAt: end) == false)
            #expect(try await budgets.consume("company:c:day:9", limit: 0, expiresAt: end) == false)
        }
    }

    /// Concurrent workers never over-admit. On DynamoDB the guarantee is the service's (one
    /// conditional `UpdateItem` is atomic); moto's server does not serialise concurrent
    /// conditional updates of one item (observed here: 8 admitted for a limit of 7 under load),
    /// so there the 24 consumers run one after another and only the counting is checked.
    @Test(arguments: Backend.allCases)
    func concurrentConsumersAdmitExactlyTheLimit(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let budgets = fixture.budgets
            let end = R.start.addingTimeInterval(3600)
            let consume: @Sendable () async throws -> Bool = { try await budgets.consume("company:race:hour:1", limit: 7, expiresAt: end) }
            var admitted = 0
            if backend == .dynamoDB {
                for _ in 0..<24 where try await consume() { admitted += 1 }
            } else {
                admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<24 { group.addTask { try await consume() } }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
            }
            #expect(admitted == 7)
        }
    }
}
