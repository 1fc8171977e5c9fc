import Foundation
import RepliesCore
import Testing

/// The operator API's stores: tokens by hash and company, one claim per idempotency key, the
/// inbox newest handoff first with a cursor.
@Suite struct OperatorStoresContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start

    @Test(arguments: Backend.allCases)
    func tokensAreFoundByHashListedByCompanyAndRevokedByName(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let tokens = fixture.operatorTokens
            let ann = OperatorToken(tokenHash: String(repeating: "a", count: 64), companyId: "c1", name: "ann", createdAt: now)
            let bob = OperatorToken(tokenHash: String(repeating: "b", count: 64), companyId: "c1", name: "bob", createdAt: now.addingTimeInterval(1))
            let eve = OperatorToken(tokenHash: String(repeating: "e", count: 64), companyId: "c2", name: "ann", createdAt: now)
            for token in [ann, bob, eve] { #expect(try await tokens.create(token)) }
            #expect(try await tokens.create(ann) == false, "a hash is stored once")
            #expect(try await tokens.token(hash: ann.tokenHash) == ann)
            #expect(try await tokens.token(hash: String(repeating: "f", count: 64)) == nil)
            #expect(try await tokens.tokens(companyId: "c1").map(\.name) == ["ann", "bob"])

            #expect(try await tokens.revoke(companyId: "c1", name: "ann", at: now.addingTimeInterval(5)) == 1)
            #expect(try await tokens.revoke(companyId: "c1", name: "ann", at: now.addingTimeInterval(6)) == 0)
            #expect(try await tokens.token(hash: ann.tokenHash)?.revokedAt == now.addingTimeInterval(5))
            #expect(try await tokens.token(hash: eve.tokenHash)?.isRevoked == false, "another company's token of the same name stays")
        }
    }

    @Test(arguments: Backend.allCases)
    func oneAttemptPerKeyAndATakeOverAfterItExpires(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let sends = fixture.operatorSends
            var send = OperatorSend(
                companyId: "c1", idempotencyKey: "k-1", conversation: R.key("r1"), fingerprint: "text:hi", content: "hi",
                operatorName: "ann", createdAt: now, attemptExpiresAt: now.addingTimeInterval(60))
            #expect(try await sends.claim(send, now: now) == .claimed)
            #expect(try await sends.claim(send, now: now.addingTimeInterval(1)) == .busy(send))
            var other = send
            other.companyId = "c2"
            #expect(try await sends.claim(other, now: now) == .claimed, "keys are scoped to the company")

            var renewed = send
            renewed.attemptExpiresAt = now.addingTimeInterval(200)
            #expect(try await sends.claim(renewed, now: now.addingTimeInterval(61)) == .resumed(send))
            #expect(try await sends.claim(renewed, now: now.addingTimeInterval(62)) == .busy(renewed), "the take-over renewed the attempt")

            send.state = .sent
            send.sid = "SM" + String(repeating: "9", count: 32)
            try await sends.save(send)
            #expect(try await sends.claim(renewed, now: now.addingTimeInterval(500)) == .finished(send))
            try await sends.delete(companyId: "c1", idempotencyKey: "k-1")
            #expect(try await sends.claim(renewed, now: now.addingTimeInterval(500)) == .claimed)
        }
    }

    @Test(arguments: Backend.allCases)
    func theInboxPagesNewestHandoffFirst(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let inbox = fixture.operatorInbox
            for index in 0..<5 {
                try await inbox.upsert(InboxEntry(
                    companyId: "c1", conversation: R.key("r\(index)"), handedOff: index != 2,
                    handedOffAt: now.addingTimeInterval(Double(index)), updatedAt: now))
            }
            try await inbox.upsert(InboxEntry(companyId: "c2", conversation: R.key("x"), handedOff: true, handedOffAt: now, updatedAt: now))
            // Replacing an entry moves it.
            try await inbox.upsert(InboxEntry(companyId: "c1", conversation: R.key("r0"), handedOff: true, handedOffAt: now.addingTimeInterval(10), updatedAt: now))

            let first = try await inbox.page(companyId: "c1", handedOffOnly: true, after: nil, limit: 2)
            #expect(first.entries.map(\.conversation) == [R.key("r0"), R.key("r4")])
            let second = try await inbox.page(companyId: "c1", handedOffOnly: true, after: first.next, limit: 2)
            #expect(second.entries.map(\.conversation) == [R.key("r3"), R.key("r1")])
            #expect(second.next == nil)
            let all = try await inbox.page(companyId: "c1", handedOffOnly: false, after: nil, limit: 10)
            #expect(all.entries.map(\.conversation) == [R.key("r0"), R.key("r4"), R.key("r3"), R.key("r2"), R.key("r1")])
            #expect(all.entries.map(\.handedOff) == [true, true, true, false, true])
            #expect(all.next == nil)
            #expect(try await inbox.page(companyId: "c3", handedOffOnly: false, after: nil, limit: 10).entries.isEmpty)
        }
    }
}
