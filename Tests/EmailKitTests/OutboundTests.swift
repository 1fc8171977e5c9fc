import EmailKit
import Testing

@Suite struct OutboundTests {
    @Test(arguments: [
        ("Move-in date", "Re: Move-in date"), ("Re: Move-in date", "Re: Move-in date"), ("RE: AW: re:Move-in", "Re: Move-in"),
        ("Re[2]: Move-in", "Re: Move-in"), ("RE (3): Move-in", "Re: Move-in"), ("Réf : Visite", "Re: Visite"), ("SV: Nøkler", "Re: Nøkler"),
        ("Fwd: Lease", "Re: Fwd: Lease"), ("Re: Re:", "Re:"), ("", "Re:"), ("Line\r\nbreak", "Re: Line break"), ("Reply: x", "Re: Reply: x"),
    ])
    func replySubjectsAreNotDoubled(_ subject: String, _ expected: String) {
        #expect(ReplySubject.reply(to: subject) == expected)
    }

    @Test func subjectChangesIgnorePrefixesCaseAndSpacing() {
        #expect(!ReplySubject.changed(from: "Move-in date", to: "RE:  move-in   DATE"))
        #expect(ReplySubject.changed(from: "Move-in date", to: "Re: Keys"))
    }

    @Test func threadingHeadersAppendTheAnsweredMessage() throws {
        let email = InboundEmail(headers: MessageHeaders(raw: "Message-ID: <m3@x>\nIn-Reply-To: <m2@x>\nReferences: <m1@x> <m2@x>"))
        let threading = try #require(ThreadingHeaders(replyingTo: email))
        #expect(threading.inReplyTo == "<m3@x>")
        #expect(threading.references == "<m1@x> <m2@x> <m3@x>")

        let first = InboundEmail(headers: MessageHeaders(raw: "Message-ID: <m2@x>\nIn-Reply-To: <m1@x>"))
        #expect(ThreadingHeaders(replyingTo: first)?.references == "<m1@x> <m2@x>")
        #expect(ThreadingHeaders(replyingTo: InboundEmail()) == nil)
    }

    @Test func longReferenceChainsKeepTheFirstAndTheLatest() throws {
        let chain = (1...40).map { "<m\($0)@x>" }
        let threading = try #require(ThreadingHeaders(messageID: "<m41@x>", earlier: chain))
        let kept = threading.references.split(separator: " ").map(String.init)
        #expect(kept.count == ThreadingHeaders.maxReferences)
        #expect(kept.first == "<m1@x>")
        #expect(kept.last == "<m41@x>")
        #expect(kept[1] == "<m23@x>")
    }

    @Test func theHTMLPartEscapesAndKeepsParagraphs() {
        #expect(PlainTextHTML.render("Hi Sam,\r\n\r\n9am <or> 11am?\nP&S \"quoted\" 'x'\n\n\n")
            == "<!DOCTYPE html><html><body><p>Hi Sam,</p><p>9am &lt;or&gt; 11am?<br>P&amp;S &quot;quoted&quot; &#39;x&#39;</p></body></html>")
    }
}
