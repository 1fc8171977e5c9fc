import Foundation
import RepliesCore
import Testing

/// Lookup by (company number, user number) and lossless storage of shared-table records.
@Suite struct ConversationLookupContractTests {
    typealias R = ContractRecords

    @Test(arguments: Backend.allCases)
    func lookupReturnsEveryRecordOfThePairOnThatChannelOnly(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(R.whatsappRecord("r1"))
            try await store.put(R.whatsappRecord("r2", status: "failed_unknown"))
            try await store.put(R.whatsappRecord("r3", company: "+447700900999"))
            try await store.put(R.whatsappRecord("r4", user: "+447700900777"))
            try await store.put(R.smsRecord("r5"))
            var sparse = R.whatsappRecord("r6")
            // The template sender leaves sparse index keys out (DynamoDB refuses NULL index keys).
            sparse.removeValue(forKey: "gsi_company_whatsapp_number")
            try await store.put(sparse)

            let whatsapp = try await store.findConversations(channel: .whatsapp, companyNumber: R.companyNumber, userNumber: R.userNumber)
            #expect(Set(whatsapp.map(\.key)) == [R.key("r1"), R.key("r2")])

            let sms = try await store.findConversations(channel: .sms, companyNumber: R.companyNumber, userNumber: R.userNumber)
            #expect(sms.map(\.key) == [R.key("r5")])

            let otherCompany = try await store.findConversations(channel: .whatsapp, companyNumber: "+447700900999", userNumber: R.userNumber)
            #expect(otherCompany.map(\.key.conversationId) == [R.conversationId("r3", companyNumber: "+447700900999")])

            let otherUser = try await store.findConversations(channel: .whatsapp, companyNumber: R.companyNumber, userNumber: "+447700900777")
            #expect(otherUser.map(\.key) == [R.key("r4", user: "+447700900777")])

            #expect(try await store.findConversations(channel: .whatsapp, companyNumber: R.companyNumber, userNumber: "+15005550006").isEmpty)
            #expect(try await store.findConversations(channel: .sms, companyNumber: "+447700900999", userNumber: R.userNumber).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func recordRoundTripKeepsEveryType(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let record = R.whatsappRecord("r1")
            try await fixture.conversations.put(record)

            let read = try #require(try await fixture.conversations.conversation(R.key("r1")))
            #expect(R.normalized(read.record) == R.normalized(record))
            // Spot checks on the load-bearing types.
            #expect(read.record["task_complete"] == .number("0"))
            #expect(read.record["thread_id"] == .null)
            #expect(read.record["hand_off_to_human"] == .bool(false))
            #expect(read.record.map("project_data")?["deposit"] == .number("950.5"))
            #expect(read.createdAt != nil)

            let found = try await fixture.conversations.findConversations(
                channel: .whatsapp, companyNumber: R.companyNumber, userNumber: R.userNumber)
            #expect(found.map { R.normalized($0.record) } == [R.normalized(record)])
        }
    }

    @Test(arguments: Backend.allCases)
    func putReplacesTheWholeRecordAndUnknownKeysAreAbsent(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            var record = R.whatsappRecord("r1")
            try await fixture.conversations.put(record)
            record.removeValue(forKey: "project_data")
            record["conversation_status"] = .string("reply_sent")
            try await fixture.conversations.put(record)

            let read = try #require(try await fixture.conversations.conversation(R.key("r1")))
            #expect(read.record["project_data"] == nil)
            #expect(read.status == "reply_sent")
            #expect(try await fixture.conversations.conversation(R.key("unknown")) == nil)
        }
    }
}
