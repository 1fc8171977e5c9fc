package import EmailKit

/// One reply to send through Mail Send.
///
/// ```swift
/// let email = OutboundEmail(
///     from: company, fromName: "Larkspur Lettings", to: person,
///     subject: ReplySubject.reply(to: inbound.subject), text: reply,
///     threading: ThreadingHeaders(replyingTo: inbound), batchId: batchId)
/// ```
package struct OutboundEmail: Sendable, Hashable {
    package var from: EmailAddress
    package var fromName: String?
    package var to: EmailAddress
    /// Where the person's answer should go when it is not ``from`` (the Inbound Parse address
    /// when the verified sender differs from it).
    package var replyTo: EmailAddress?
    package var subject: String
    /// The plain-text body; the HTML part is rendered from it (``EmailKit/PlainTextHTML``).
    package var text: String
    /// `In-Reply-To`/`References`; nil sends an unthreaded message.
    package var threading: ThreadingHeaders?
    /// The engine's batch id: sent as the `X-Replies-Batch-Id` header and the
    /// `replies_batch_id` custom argument, the same on every attempt, so that a human can find a
    /// send in SendGrid's activity feed and spot a duplicate.
    package var batchId: String

    package init(
        from: EmailAddress, fromName: String? = nil, to: EmailAddress, replyTo: EmailAddress? = nil,
        subject: String, text: String, threading: ThreadingHeaders? = nil, batchId: String
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.threading = threading
        self.batchId = batchId
    }
}

/// A send SendGrid accepted (`202 Accepted`: queued for delivery).
package struct SentEmail: Sendable, Hashable {
    /// The `X-Message-Id` response header: SendGrid's id of the send, recorded as the assistant
    /// turn's `message_id` and searchable in the activity feed. Nil if SendGrid omitted it.
    package var messageId: String?

    package init(messageId: String?) {
        self.messageId = messageId
    }
}
