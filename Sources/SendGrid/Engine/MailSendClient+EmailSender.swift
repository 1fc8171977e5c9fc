import EmailKit
package import RepliesCore

/// The core's e-mail port on Mail Send: the reply becomes one ``OutboundEmail``, `Re: ` subject
/// and threading headers included; SendGrid's `X-Message-Id` becomes the assistant turn's id.
extension MailSendClient: EmailSender {
    package func send(_ reply: EmailReply) async throws -> SentMessage {
        guard let from = EmailAddress(reply.from) else { throw MailSendError.invalidEmail("the sender address '\(reply.from)' is not an e-mail address") }
        guard let to = EmailAddress(reply.to) else { throw MailSendError.invalidEmail("the conversation's address is not an e-mail address") }
        let email = OutboundEmail(
            from: from, fromName: reply.fromName, to: to, replyTo: reply.replyTo.flatMap(EmailAddress.init),
            subject: ReplySubject.reply(to: reply.subject), text: reply.text,
            threading: reply.inReplyTo.flatMap { ThreadingHeaders(messageID: $0, earlier: reply.references) },
            batchId: reply.batchId)
        let sent = try await send(email, apiKey: reply.apiKey)
        // SendGrid omits the id only in unusual cases; the batch id still finds the send.
        return SentMessage(sid: sent.messageId ?? "sendgrid:\(reply.batchId)", body: reply.text)
    }
}

extension MailSendError: SendOutcomeReporting {}
