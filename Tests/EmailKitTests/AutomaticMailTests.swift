import EmailKit
import Testing

@Suite struct AutomaticMailTests {
    static let company = EmailAddress("lettings@example.com")!
    static let person = EmailAddress("sam@example.com")!

    static func email(headers: String = "", from: String = "sam@example.com", envelopeFrom: String?? = .some("sam@example.com"),
                      subject: String = "Re: Viewing", attachments: [AttachmentDescription] = []) -> InboundEmail {
        let envelope = envelopeFrom.map { Envelope(from: $0.flatMap(EmailAddress.init), to: [company]) }
        return InboundEmail(envelope: envelope, from: AddressList.parse(from), to: [company], subject: subject, text: "x",
                            headers: MessageHeaders(raw: headers), attachments: attachments)
    }

    @Test func aPersonsReplyIsNotAutomatic() {
        #expect(AutomaticMail.reasons(Self.email(), ownAddresses: [Self.company]).isEmpty)
        #expect(AutomaticMail.reasons(Self.email(headers: "Auto-Submitted: no\nX-Autoreply: no"), ownAddresses: [Self.company]).isEmpty)
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Precedence: bulk", "Precedence: bulk"), ("Precedence: junk", "Precedence: junk"), ("Precedence: list", "Precedence: list"),
        ("X-Autoreply: yes", "X-Autoreply header"), ("X-Autorespond: on", "X-Autorespond header"),
        ("Content-Type: multipart/report; report-type=delivery-status", "delivery report (multipart/report)"),
        ("Content-Type: multipart/report; report-type=disposition-notification", "delivery report (read receipt)"),
        ("X-Failed-Recipients: a@b.c", "delivery report (X-Failed-Recipients)"),
    ])
    func headersMarkAutomaticMail(_ header: String, _ reason: String) {
        let reasons = AutomaticMail.reasons(Self.email(headers: header), ownAddresses: [Self.company]).map(\.description)
        #expect(reasons == [reason])
    }

    @Test func nullReversePathSystemSendersAndOurOwnAddress() {
        #expect(AutomaticMail.reasons(Self.email(envelopeFrom: .some(nil)), ownAddresses: []) == [.nullReversePath])
        let daemon = Self.email(from: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>", envelopeFrom: .none)
        #expect(AutomaticMail.reasons(daemon, ownAddresses: []) == [.systemSender(EmailAddress("mailer-daemon@mx.example.net")!)])
        let noReply = Self.email(from: "no-reply@example.org", envelopeFrom: .none)
        #expect(AutomaticMail.isAutomatic(noReply, ownAddresses: []))
        let loop = Self.email(from: "Lettings@Example.com", envelopeFrom: .none)
        #expect(AutomaticMail.reasons(loop, ownAddresses: [Self.company]) == [.ownAddress(Self.company)])
    }

    @Test func outOfOfficeSubjectsAndDeliveryStatusAttachments() {
        for subject in ["Automatic reply: Re: Viewing", "Out of Office: Re: Viewing", "Abwesenheitsnotiz: Re: Besichtigung", "Réponse automatique : Re: Visite"] {
            #expect(AutomaticMail.isAutomatic(Self.email(subject: subject), ownAddresses: []), "\(subject)")
        }
        #expect(!AutomaticMail.isAutomatic(Self.email(subject: "Re: Out of office next week?"), ownAddresses: []))
        let report = AttachmentDescription(field: "attachment1", contentType: "message/delivery-status", size: 10)
        #expect(AutomaticMail.reasons(Self.email(attachments: [report]), ownAddresses: []) == [.deliveryReport("message/delivery-status")])
    }
}
