/// Sends an e-mail reply through the provider (SendGrid Mail Send).
///
/// There is no list of sent messages to reconcile with after a crash: a reply whose send may
/// have happened is never sent again (``BatchRun`` hands the conversation to a human instead).
package protocol EmailSender: Sendable {
    /// Sends one reply; the result's ``SentMessage/sid`` is the provider's message id.
    /// Errors conform to ``RetryClassifying``; one that may have been sent conforms to
    /// ``SendOutcomeReporting`` too.
    func send(_ email: EmailReply) async throws -> SentMessage
}

/// An error that can say whether the message may have been sent anyway (a timeout after the
/// request was taken). Errors that do not conform were certainly not sent.
package protocol SendOutcomeReporting {
    var mayHaveBeenSent: Bool { get }
}

/// One e-mail reply, as the core decides it.
package struct EmailReply: Sendable, Hashable {
    /// The company's address (`sendgrid_from_email`, else the conversation's `company_email`).
    package var from: String
    package var fromName: String?
    /// The person's address.
    package var to: String
    /// Where answers should go when it is not ``from``: the address the person wrote to.
    package var replyTo: String?
    /// The subject of the message answered (the adapter adds `Re: `).
    package var subject: String
    package var text: String
    /// The `Message-ID` answered and the thread before it, for `In-Reply-To`/`References`.
    package var inReplyTo: String?
    package var references: [String]
    /// The batch id, the same on every attempt: a human can find the send by it.
    package var batchId: String
    /// `sendgrid_auth_value` of the tenant's secret.
    package var apiKey: String

    package init(
        from: String, fromName: String?, to: String, replyTo: String?, subject: String, text: String,
        inReplyTo: String?, references: [String], batchId: String, apiKey: String
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.inReplyTo = inReplyTo
        self.references = references
        self.batchId = batchId
        self.apiKey = apiKey
    }
}
