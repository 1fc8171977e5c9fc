/// A received e-mail as the engine uses it, whichever provider delivered it: addresses without
/// display names and lower-cased, the subject and bodies as text, the header block, and
/// descriptions of the attachments.
///
/// The conversation is found from ``sender`` and ``recipients`` (the SMTP envelope when the
/// provider gave one, the headers otherwise); ``identity`` (the `Message-ID`) makes a retried
/// delivery of the same message a no-op.
package struct InboundEmail: Sendable, Hashable {
    /// The SMTP envelope, when the provider passed it.
    package var envelope: Envelope?
    /// The `From` header's addresses (one, in practice).
    package var from: [EmailAddress]
    package var to: [EmailAddress]
    package var cc: [EmailAddress]
    package var subject: String
    /// The `text/plain` body, if the message had one.
    package var text: String?
    /// The `text/html` body, if the message had one.
    package var html: String?
    package var headers: MessageHeaders
    package var attachments: [AttachmentDescription]
    /// What could not be read exactly (a charset decoded with replacement characters, an
    /// unreadable `envelope`…); empty for a clean message. For logs and operators.
    package var notes: [String]

    package init(
        envelope: Envelope? = nil, from: [EmailAddress] = [], to: [EmailAddress] = [], cc: [EmailAddress] = [],
        subject: String = "", text: String? = nil, html: String? = nil, headers: MessageHeaders = MessageHeaders(),
        attachments: [AttachmentDescription] = [], notes: [String] = []
    ) {
        self.envelope = envelope
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
        self.attachments = attachments
        self.notes = notes
    }

    /// Who sent it: the envelope's reverse-path, else the `From` header. Nil for a bounce
    /// (null reverse-path) without a usable `From`.
    package var sender: EmailAddress? { envelope?.from ?? from.first }

    /// Where it was delivered: the envelope recipients, else `To` and `Cc`.
    package var recipients: [EmailAddress] {
        if let envelope, !envelope.to.isEmpty { return envelope.to }
        var all = to
        for address in cc where !all.contains(address) { all.append(address) }
        return all
    }

    /// The `Message-ID` header's identifier, with its angle brackets.
    package var messageID: String? { headers["Message-ID"].flatMap { MessageIDList.parse($0).first } }

    /// `In-Reply-To` identifiers (normally one).
    package var inReplyTo: [String] { headers.values("In-Reply-To").flatMap(MessageIDList.parse) }

    /// `References` identifiers, oldest first.
    package var references: [String] { headers.values("References").flatMap(MessageIDList.parse) }

    /// `Auto-Submitted` (RFC 3834), lower-cased without parameters; nil when absent.
    package var autoSubmitted: String? { headers["Auto-Submitted"].map(Self.token) }

    /// `Precedence` (`bulk`, `list`, `junk`…), lower-cased; nil when absent.
    package var precedence: String? { headers["Precedence"].map(Self.token) }

    /// The first token of a structured header value: `Auto-Replied; x=1` → `auto-replied`.
    static func token(_ value: String) -> String {
        let head = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(head.trimmingWhitespace()).lowercased()
    }
}
