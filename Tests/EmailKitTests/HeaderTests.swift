import EmailKit
import Testing

@Suite struct HeaderTests {
    @Test func unfoldsAndLooksUpCaseInsensitively() {
        let headers = MessageHeaders(raw: "Received: one\r\nreceived: two\r\nSubject: Hi\r\n  there\r\n\tagain\r\nBroken line\r\n: no name\r\n\r\nBody: not a header\r\n")
        #expect(headers["SUBJECT"] == "Hi there again")
        #expect(headers.values("Received") == ["one", "two"])
        #expect(headers["Body"] == nil)
        #expect(headers.fields.count == 3)
    }

    @Test func readsMessageIdentifiers() {
        #expect(MessageIDList.parse("<a@x> (comment) <b@y>\r\n <a@x>") == ["<a@x>", "<b@y>"])
        #expect(MessageIDList.parse("a@x, b@y") == ["<a@x>", "<b@y>"])
        #expect(MessageIDList.parse("<bad id@x> <ok@x>") == ["<ok@x>"])
        #expect(MessageIDList.parse("no identifiers here").isEmpty)
    }

    @Test func exposesTheThreadingAndLoopHeaders() {
        let email = InboundEmail(headers: MessageHeaders(raw: """
            Message-ID: <m@x>
            In-Reply-To: <p@x>
            References: <r1@x>
             <p@x>
            Auto-Submitted: Auto-Replied; owner-email="x@y"
            Precedence: BULK
            """))
        #expect(email.messageID == "<m@x>")
        #expect(email.inReplyTo == ["<p@x>"])
        #expect(email.references == ["<r1@x>", "<p@x>"])
        #expect(email.autoSubmitted == "auto-replied")
        #expect(email.precedence == "bulk")
    }

    @Test func senderAndRecipientsPreferTheEnvelope() throws {
        let person = try #require(EmailAddress("sam@example.com"))
        let alias = try #require(EmailAddress("sam+alias@example.com"))
        let company = try #require(EmailAddress("lettings@example.com"))
        let other = try #require(EmailAddress("other@example.com"))
        var email = InboundEmail(from: [alias], to: [company], cc: [other])
        #expect(email.sender == alias)
        #expect(email.recipients == [company, other])
        email.envelope = Envelope(from: person, to: [company])
        #expect(email.sender == person)
        #expect(email.recipients == [company])
        email.envelope = Envelope(from: nil, to: [])
        #expect(email.sender == alias)
        #expect(email.recipients == [company, other])
    }

    @Test func identityIsTheMessageIDOrAStableDigest() {
        let withID = InboundEmail(subject: "s", text: "t", headers: MessageHeaders(raw: "Message-ID: <id@x>"))
        #expect(withID.identity == "<id@x>")
        let without = InboundEmail(subject: "s", text: "t", headers: MessageHeaders(raw: "Date: Mon, 1 Jun 2025 10:00:00 +0000"))
        #expect(without.identity.hasPrefix("sha256:"))
        #expect(without.identity == InboundEmail(subject: "s", text: "t", headers: MessageHeaders(raw: "Date: Mon, 1 Jun 2025 10:00:00 +0000")).identity)
        #expect(without.identity != InboundEmail(subject: "st", text: "", headers: MessageHeaders(raw: "Date: Mon, 1 Jun 2025 10:00:00 +0000")).identity)
    }
}
