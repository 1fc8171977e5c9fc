import EmailKit
import Testing

@Suite struct EmailUserTurnTests {
    static let email = InboundEmail(
        subject: "Re: Keys for flat 2",
        text: "Can I collect the keys at 9am?\n\nOn Mon, 1 Jun 2025 at 10:00, Priya <p@example.com> wrote:\n> Hi",
        html: #"<p>Can I collect the keys at 9am?</p><img src="cid:logo1">"#,
        attachments: [
            AttachmentDescription(field: "attachment1", filename: "id.pdf", contentType: "application/pdf", size: 122_880),
            AttachmentDescription(field: "attachment2", filename: "logo.png", contentType: "image/png", size: 900, contentID: "<logo1>"),
            AttachmentDescription(field: "attachment3", size: 3 * 1024 * 1024 + 200_000),
        ])

    @Test func includesAChangedSubjectTheNewTextAndRealAttachments() {
        #expect(EmailUserTurn.content(of: Self.email, previousSubject: "Move-in date") == """
            [Subject: Keys for flat 2]
            Can I collect the keys at 9am?
            [Attachment: id.pdf (application/pdf, 120 KB)]
            [Attachment: unnamed file (unknown type, 3.2 MB)]
            """)
    }

    @Test func leavesOutAnUnchangedSubject() {
        #expect(EmailUserTurn.content(of: Self.email, previousSubject: "keys for FLAT 2").hasPrefix("Can I collect"))
    }
}
