import Foundation
import RepliesCore
import Testing

/// The e-mail channel on every store: the lookup on `company-email-recipient-email-index` and
/// e-mail fragments keeping their thread until done.
@Suite struct EmailStoreContractTests {
    typealias R = ContractRecords

    static let company = "lettings@example.com"
    static let person = "sam.okafor@example.com"

    static func emailRecord(_ suffix: String, person: String = person, company: String = company) -> Record {
        var record = R.whatsappRecord(suffix, user: person)
        record["conversation_id"] = .string("ci-aaa-001#pi-aaa-001#\(suffix)#\(company)")
        record["channel_method"] = .string("email")
        record["channel_config"] = .map(["company_email": .string(company), "email_credentials_id": .string("sendgrid-\(suffix)")])
        record.removeValue(forKey: "gsi_company_whatsapp_number")
        record.removeValue(forKey: "gsi_recipient_tel")
        record["gsi_company_email"] = .string(company)
        record["gsi_recipient_email"] = .string(person)
        return record
    }

    @Test(arguments: Backend.allCases)
    func emailConversationsAreFoundByCompanyAndPersonAddress(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await store.put(Self.emailRecord("e1"))
            try await store.put(Self.emailRecord("e2", person: "someone@example.net"))
            try await store.put(Self.emailRecord("e3", company: "sales@example.com"))
            // A WhatsApp record of the same person (its gsi_recipient_email is set too, as the
            // template sender writes it) is not on the e-mail index: no gsi_company_email.
            try await store.put(R.whatsappRecord("w1"))

            let found = try await store.findConversations(channel: .email, companyNumber: Self.company, userNumber: Self.person)
            #expect(found.map(\.key.conversationId) == ["ci-aaa-001#pi-aaa-001#e1#\(Self.company)"])
            #expect(try await store.findConversations(channel: .email, companyNumber: "sales@example.com", userNumber: Self.person).count == 1)
            #expect(try await store.findConversations(channel: .email, companyNumber: Self.company, userNumber: "nobody@example.org").isEmpty)
            // The e-mail index never answers a phone lookup, nor the reverse.
            #expect(try await store.findConversations(channel: .whatsapp, companyNumber: Self.company, userNumber: Self.person).isEmpty)
            #expect(try await store.credentialsReferences(channel: .email, companyNumber: Self.company, limit: 3) == ["sendgrid-e1", "sendgrid-e2"])
            #expect(try await store.credentialsReferences(channel: .email, companyNumber: "nobody@example.org", limit: 3).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func anEmailFragmentKeepsItsThreadUntilDone(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            var fragment = R.fragment("<a1@mail.example.com>", at: 0, body: "Can I collect the keys at 9am?")
            fragment.channel = .email
            fragment.media = []
            fragment.email = EmailThread(
                subject: "Re: Keys", messageID: "<a1@mail.example.com>", references: ["<t0@larkspur.example>", "<t1@larkspur.example>"],
                automatic: ["Auto-Submitted: auto-replied"])
            var unthreaded = R.fragment("sha256:9f86d0", at: 1)
            unthreaded.channel = .email
            unthreaded.media = []
            unthreaded.email = EmailThread(subject: "", messageID: nil)
            #expect(try await stage.stage(fragment) == .staged)
            #expect(try await stage.stage(unthreaded) == .staged)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId) == [fragment, unthreaded])

            try await stage.markDone(
                conversationId: fragment.conversationId, messageSids: [fragment.messageSid, unthreaded.messageSid], outcome: .recorded,
                retainUntil: R.start.addingTimeInterval(3600))
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId).isEmpty)
            #expect(try await stage.stage(fragment) == .alreadyDone)
        }
    }
}
