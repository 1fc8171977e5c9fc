import EmailKit
import Testing

/// Rules of the stripper that the corpus does not isolate.
@Suite struct ReplyTextTests {
    @Test func prefersThePlainTextBodyAndFallsBackToHTML() {
        var email = InboundEmail(text: "Plain answer", html: "<p>HTML answer</p>")
        #expect(ReplyText.newText(of: email) == "Plain answer")
        email.text = "  \r\n"
        #expect(ReplyText.newText(of: email) == "HTML answer")
        email.text = nil
        email.html = nil
        #expect(ReplyText.newText(of: email) == "")
    }

    @Test func keepsQuotesOnlyForTwoOrMoreAnsweredPassages() {
        let single = "> Is 9am ok?\n\nYes.\n\n> Thanks"
        #expect(ReplyText.newText(plain: single) == "Yes.")
        let double = "> Is 9am ok?\nYes.\n> And the parking?\nNo thanks."
        #expect(ReplyText.newText(plain: double) == "> Is 9am ok?\nYes.\n> And the parking?\nNo thanks.")
    }

    @Test func aWeakSignatureMarkerFarFromTheEndIsText() {
        let lines = (1...9).map { "line \($0)" }.joined(separator: "\n")
        #expect(ReplyText.newText(plain: "Hello\n--\n\(lines)") == "Hello\n--\n\(lines)")
        #expect(ReplyText.newText(plain: "Hello\n--\nSam") == "Hello")
        // The RFC 3676 delimiter always starts the signature.
        #expect(ReplyText.newText(plain: "Hello\n-- \n\(lines)") == "Hello")
    }

    @Test func normalisesLineBreaksAndInvisibleCharacters() {
        #expect(ReplyText.newText(plain: "a\r\nb\rc\u{00A0}d\u{200B}e\n\n\n\nf  ") == "a\nb\nc de\n\nf")
    }

    @Test func aHeaderWithoutADateIsText() {
        #expect(ReplyText.newText(plain: "Hi\nOn Monday Priya wrote:\n> something") == "Hi\nOn Monday Priya wrote:")
    }

    @Test func veryLongBodiesAreReadUpToTheLimit() {
        let body = String(repeating: "line\n", count: ReplyText.maxLines + 100)
        #expect(ReplyText.newText(plain: body).split(separator: "\n").count == ReplyText.maxLines)
    }
}
