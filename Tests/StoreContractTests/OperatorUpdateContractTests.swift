import Foundation
import RepliesCore
import Testing

/// `operatorUpdate`: an operator's write beside a worker's lease, once per recorded SID.
@Suite struct OperatorUpdateContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start

    @Test(arguments: Backend.allCases)
    func writesBesideAHeldLeaseAndRecordsEachSidOnce(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            guard case .acquired = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: now.addingTimeInterval(300)) else {
                throw ContractError.setup("lease not acquired")
            }
            let handoff = ConversationUpdate(
                set: [ConversationAttribute.handOffToHuman: .bool(true), ConversationAttribute.handedOffBy: .string("ann")],
                remove: [ConversationAttribute.handbackReplyDue])
            #expect(try await store.operatorUpdate(R.key("r1"), handoff, recordingSid: nil) == .written)

            var turn = R.message("SM" + String(repeating: "7", count: 32), .operator, "Ann here")
            turn.operatorName = "ann"
            let append = ConversationUpdate(set: [ConversationAttribute.updatedAt: .string("2026-01-01T00:00:01.000Z")], appendMessages: [turn])
            #expect(try await store.operatorUpdate(R.key("r1"), append, recordingSid: turn.messageId) == .written)
            #expect(try await store.operatorUpdate(R.key("r1"), append, recordingSid: turn.messageId) == .alreadyRecorded)

            let after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.handOffToHuman)
            #expect(after.messages.filter { $0.role == .operator } == [turn])
            #expect(after.record.strings(ConversationAttribute.operatorMessageSids) == [turn.messageId])
            #expect(after.lease?.owner == "worker-a", "the worker's lease is untouched")
            // The worker still holds it: its own writes go through.
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(set: [ConversationAttribute.status: .string("processing_reply")])))

            #expect(try await store.operatorUpdate(R.key("nobody"), handoff, recordingSid: nil) == .missing)
            await #expect(throws: ConversationUpdateError.self) {
                _ = try await store.operatorUpdate(R.key("r1"), ConversationUpdate(set: ["company_id": .string("x")]), recordingSid: nil)
            }
        }
    }
}
