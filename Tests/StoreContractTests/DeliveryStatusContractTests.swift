import Foundation
import RepliesCore
import Testing

/// `compareAndSet`: the delivery status callbacks' write, beside a worker's lease, on a revision.
@Suite struct DeliveryStatusContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start

    func callback(_ sid: String, _ status: String, error: String? = nil) throws -> StatusCallback {
        var fields = [FormField("MessageSid", sid), FormField("MessageStatus", status), FormField("From", "whatsapp:+447700900456")]
        if let error { fields.append(FormField("ErrorCode", error)) }
        return try StatusCallback(fields: fields, query: "primary_channel=%2B447700900123&conversation_id=r1&sender=ai")
    }

    @Test(arguments: Backend.allCases)
    func writesOnlyOnTheExpectedRevision(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            let attribute = ConversationAttribute.deliveryStatus
            try await store.put(R.whatsappRecord("r1"))
            guard case .acquired = try await store.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: now.addingTimeInterval(300)) else {
                throw ContractError.setup("lease not acquired")
            }
            let sid = "SM" + String(repeating: "a", count: 32)
            let first = try #require(DeliveryLog(nil).applying(try callback(sid, "sent"), status: .sent, at: now))
            #expect(try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: nil, set: [attribute: first.recordValue]) == .written)
            // A second writer that read the record before the first write loses, and writes nothing.
            let stale = try #require(DeliveryLog(nil).applying(try callback(sid, "delivered"), status: .delivered, at: now))
            #expect(try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: nil, set: [attribute: stale.recordValue]) == .conflict)

            let read = try #require(try await store.conversation(R.key("r1")))
            let log = DeliveryLog(read.record[attribute])
            #expect(log.revision == 1)
            #expect(log.messages[sid]?.status == .sent)
            let failed = try #require(log.applying(try callback(sid, "undelivered", error: "63016"), status: .undelivered, at: now.addingTimeInterval(1)))
            let mark: Record = [attribute: failed.recordValue, ConversationAttribute.handOffToHuman: .bool(true)]
            #expect(try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: 1, set: mark) == .written)
            #expect(try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: 1, set: mark) == .conflict, "applied once")

            let after = try #require(try await store.conversation(R.key("r1")))
            let final = DeliveryLog(after.record[attribute])
            #expect(final.revision == 2)
            #expect(final.messages[sid]?.status == .undelivered)
            #expect(final.messages[sid]?.errorCode == "63016")
            #expect(final.lastFailure?.string("error_code") == "63016")
            #expect(after.handOffToHuman)
            #expect(after.lease?.owner == "worker-a", "the worker's lease is untouched")
            #expect(after.messages == read.messages, "messages stay as they were")

            #expect(try await store.compareAndSet(R.key("nobody"), attribute: attribute, expectedRevision: nil, set: [attribute: first.recordValue]) == .missing)
            await #expect(throws: ConversationUpdateError.self) {
                _ = try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: 2, set: [attribute: first.recordValue, "company_id": .string("x")])
            }
            await #expect(throws: ConversationUpdateError.self) {
                _ = try await store.compareAndSet(R.key("r1"), attribute: attribute, expectedRevision: 2, set: [ConversationAttribute.leaseOwner: .string("x"), attribute: first.recordValue])
            }
        }
    }
}
