import Foundation
import RepliesCore
import Testing

/// `seed`'s writer on every backend: creates, replaces what has no engine history, refuses to
/// replace engine history (writing nothing of the whole seed), replaces it with `--force` and
/// says what was lost.
@Suite struct SeedWriterContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start

    /// Fresh secret names: Secrets Manager on moto is shared by every fixture of the run.
    static func secrets() -> [String: [String: String]] {
        ["contract/\(UUID().uuidString)": ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "t"]]
    }

    static let company: Record = [
        "company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("active"),
        "allowed_channels": .list([.string("whatsapp")]),
    ]

    /// Runs one batch's worth of engine writes on `key`: lease, both turns, last_reply_batch, release.
    func answer(_ key: ConversationKey, _ fixture: StoreFixture) async throws {
        guard case .acquired = try await fixture.conversations.acquireLease(key, owner: "w", now: now, until: now.addingTimeInterval(300)) else {
            throw ContractError.setup("lease not acquired")
        }
        let user = R.message("SM" + String(repeating: "1", count: 32), .user, "Is parking included?")
        let assistant = R.message("SM" + String(repeating: "2", count: 32), .assistant, "Yes, one space.")
        let written = try await fixture.conversations.updateAndRelease(key, owner: "w", ConversationUpdate(
            set: [ConversationAttribute.status: .string(ConversationStatus.replySent), ConversationAttribute.lastReplyBatch: .map(["batch_id": .string("b1")])],
            appendMessages: [user, assistant]))
        #expect(written)
    }

    @Test(arguments: Backend.allCases)
    func createsThenReplacesRecordsWithoutHistory(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let secrets = Self.secrets()
            let first = try await fixture.seed.write(
                SeedData(companies: [Self.company], conversations: [R.whatsappRecord("r1")], secrets: secrets), replacingHistory: false)
            #expect(first == SeedReport(conversations: [R.key("r1"): .created], companies: 1, secrets: 1))
            #expect(try await fixture.conversations.conversation(R.key("r1"))?.record == R.whatsappRecord("r1"))
            #expect(try await fixture.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001") == Self.company)
            let name = try #require(secrets.keys.first)
            #expect(try await fixture.secrets.secret(named: name) == secrets[name])

            var edited = R.whatsappRecord("r1")
            edited["project_data"] = .map(["property_ref": .string("LL-0002")])
            let second = try await fixture.seed.write(SeedData(conversations: [edited]), replacingHistory: false)
            #expect(second.conversations == [R.key("r1"): .replaced])
            #expect(try await fixture.conversations.conversation(R.key("r1"))?.record == edited)
        }
    }

    @Test(arguments: Backend.allCases)
    func refusesToReplaceEngineHistoryAndWritesNothing(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            try await fixture.conversations.put(R.whatsappRecord("r1"))
            try await answer(R.key("r1"), fixture)
            let answered = try #require(try await fixture.conversations.conversation(R.key("r1"))?.record)
            let secrets = Self.secrets()

            await #expect {
                try await fixture.seed.write(
                    SeedData(companies: [Self.company], conversations: [R.whatsappRecord("r2"), R.whatsappRecord("r1")], secrets: secrets),
                    replacingHistory: false)
            } throws: { error in
                guard case SeedWriteError.history(let conflicts) = error else { return false }
                return conflicts == [SeedConflict(key: R.key("r1"), losses: [
                    "2 messages written by the engine (the newest at 2026-01-01T00:01:00.000Z)", "conversation_status \"reply_sent\"", "last_reply_batch",
                ])]
            }
            // Nothing of the seed was written: not the history, not the other record, company or secret.
            #expect(try await fixture.conversations.conversation(R.key("r1"))?.record == answered)
            #expect(try await fixture.conversations.conversation(R.key("r2")) == nil)
            #expect(try await fixture.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001") == nil)
            await #expect(throws: SecretError.self) { try await fixture.secrets.secret(named: try #require(secrets.keys.first)) }

            // What inspect printed can be seeded again: it loses nothing.
            let again = try await fixture.seed.write(SeedData(conversations: [answered]), replacingHistory: false)
            #expect(again.conversations == [R.key("r1"): .replaced])
        }
    }

    @Test(arguments: Backend.allCases)
    func forceReplacesEngineHistoryAndSaysWhat(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            try await fixture.conversations.put(R.whatsappRecord("r1"))
            try await answer(R.key("r1"), fixture)
            let report = try await fixture.seed.write(SeedData(conversations: [R.whatsappRecord("r1")]), replacingHistory: true)
            guard case .replacedHistory(let losses)? = report.conversations[R.key("r1")] else {
                Issue.record("expected a replaced history, got \(report)")
                return
            }
            #expect(losses.contains("last_reply_batch"))
            #expect(try await fixture.conversations.conversation(R.key("r1"))?.record == R.whatsappRecord("r1"))
        }
    }
}
