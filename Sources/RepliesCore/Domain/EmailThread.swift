/// What an e-mail fragment keeps for the reply and the record: the subject and identifiers the
/// reply threads under, and why the message is automatic (an auto-reply, a bounce) — such a
/// message is recorded but never answered.
///
/// ```swift
/// let thread = EmailThread(subject: "Keys for flat 2", messageID: "<a1@mail.example>", references: ["<t0@example.com>"])
/// thread.isAutomatic   // false
/// ```
package struct EmailThread: Sendable, Hashable, Codable {
    /// The subject as received (reply prefixes included).
    package var subject: String
    /// The message's `Message-ID`; nil when it had none (the reply is then sent unthreaded).
    package var messageID: String?
    /// The thread before it (`References`, else `In-Reply-To`), oldest first.
    package var references: [String]
    /// Why the message is automatic; empty for a person's message.
    package var automatic: [String]

    package init(subject: String, messageID: String?, references: [String] = [], automatic: [String] = []) {
        self.subject = subject
        self.messageID = messageID
        self.references = references
        self.automatic = automatic
    }

    package var isAutomatic: Bool { !automatic.isEmpty }

    enum CodingKeys: String, CodingKey {
        case subject
        case messageID = "message_id"
        case references
        case automatic
    }
}
