/// The user turn the model sees for one received e-mail: the new text (``ReplyText``), the
/// subject when it changed from the one the conversation was using, and a line per attachment,
/// in the bracket style the WhatsApp path uses for media (`[Attachment: …]`).
///
/// ```swift
/// EmailUserTurn.content(of: email, previousSubject: "Move-in date")
/// // "[Subject: Keys for flat 2]\nCan I collect the keys at 9am?\n[Attachment: id.pdf (application/pdf, 120 KB)]"
/// ```
package enum EmailUserTurn {
    /// `previousSubject`: the subject of the conversation so far (our last reply's or the
    /// template sender's); nil when unknown, and then the subject is included if not empty.
    package static func content(of email: InboundEmail, previousSubject: String?) -> String {
        var lines: [String] = []
        let subject = ReplySubject.base(of: email.subject)
        if !subject.isEmpty, previousSubject.map({ ReplySubject.changed(from: $0, to: subject) }) ?? true {
            lines.append("[Subject: \(subject)]")
        }
        let text = ReplyText.newText(of: email)
        if !text.isEmpty { lines.append(text) }
        for attachment in email.attachments where !isInlineImage(attachment, in: email) {
            lines.append("[Attachment: \(attachment.summary)]")
        }
        return lines.joined(separator: "\n")
    }

    /// Images referenced from the HTML body (`cid:`) are signatures and logos, not attachments
    /// the person chose to send.
    static func isInlineImage(_ attachment: AttachmentDescription, in email: InboundEmail) -> Bool {
        guard let contentID = attachment.contentID, !contentID.isEmpty, let html = email.html else { return false }
        let bare = contentID.filter { $0 != "<" && $0 != ">" }
        return html.contains("cid:\(bare)")
    }
}
